"""PDF handouts: one page, A4 and A5, for every guide, procedure and tool page (the
calculator, the scenarios; a plan of the guided check on A4 only, plans that print alike
sharing one) in every language, and a booklet of all procedures per province and language,
for offices that print them.

This module says what each handout shows (a `Sheet` per page) and where it is published.
`handouts.jobs` renders them to HTML (templates/handout.html and templates/handout.css) and has
them printed by `handouts.pdf`; a PDF whose input (HTML, CSS, paper, font sizes, font files) is
unchanged comes from the cache in .cache/handouts/ of the site root, so a build prints only the
handouts that changed. `handouts.index` lists them on the handouts page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import nh3
from markupsafe import Markup

from sitegen.pages.base import Language, Page, ProvinceRef, local
from sitegen.render.markdown import Converter

if TYPE_CHECKING:
    from sitegen.site import Site

SIZES = ("a4", "a5")
# Font sizes (pt) of the body text to try, largest first; the last is the floor below which
# print is too small for the readers (11 pt on A4, 9 pt on A5). A sheet that does not fit at the
# floor drops detail instead (DETAILS), never size.
FONT_SIZES = {"a4": (12.5, 12.0, 11.5, 11.0), "a5": (10.5, 10.0, 9.5, 9.0)}
# How much a sheet shows, fullest first (templates/handout.html says what each drops): "more"
# has the longer text of the steps that have one (a guide's first paragraphs and list items),
# "some" a little less; "full" has every part; "lean" drops the list of channels and all
# sources but the first, and keeps the first sentence of each step's explanation; "short" drops
# the explanations; "actions" also what to bring and where for each step; "first" keeps each
# step's first action only; "titles" keeps the steps' titles only, runs what to bring on in one
# line, and drops who the sheet is for and the sources (the page its QR code opens has them).
# A sheet prints at the fullest detail that fits a page at a size no smaller than the floor,
# at the largest size at which it fits.
DETAILS = ("more", "some", "full", "lean", "short", "actions", "first", "titles")
PACK_FONT_SIZE = (11.0,)
CACHE = Path(".cache") / "handouts"
NOT_A_PARAGRAPH = re.compile(r"\s*([-*+]\s|\d+[.)]\s|\||>|#|```|~~~|\[\[chart:)")
LIST_ITEM = re.compile(r"(?:^|\n)\s*(?:[-*+]|\d+[.)])\s+")
SENTENCE_END = re.compile(r"</?(?:strong|em|code)>|[。！？]|[.!?](?=\s)")
LIST_ITEMS = 3  # a list's first items on a flyer: the QR code leads to the rest
MORE_PARAGRAPHS, MORE_ITEMS, SOME_ITEMS = 2, 6, 4  # a step's text on a flyer with room


def handout_url(page: Page, size: str) -> str:
    """The URL of the `size` ("a4", "a5") handout of a page (of a kind that has a sheet)."""
    name = page.handout or page.key.replace("/", "-")
    return f"/{page.lang.prefix}/handouts/{name}-{size}.pdf"


def pack_url(lang: Language, code: str) -> str:
    """The URL of the booklet of every procedure of province `code`."""
    return f"/{lang.prefix}/handouts/{code}-pack.pdf"


def group_pack_url(lang: Language, group: str) -> str:
    """The URL of the booklet of the flyers of every guide for worker group `group`."""
    return f"/{lang.prefix}/handouts/group-{group}-pack.pdf"


def page_handouts(site: Site, page: Page) -> list[tuple[str, str]]:
    """(label, URL) of each handout of a page; none for pages that have no handout."""
    kind = site.kinds[page.kind]
    if kind.sheet is None:
        return []
    return [(size.upper(), handout_url(page, size)) for size in kind.sizes]


@dataclass(frozen=True)
class Step:
    """A numbered step: its title, and for a guide the first paragraph of the step (for a
    plan of the guided check, why it comes there); on a flyer of what to do first, the step's
    actions: what to do, what to bring and where (from the procedure or guide it leads to)."""

    title: str
    text: Markup
    more: Markup = Markup("")  # a longer text, for a sheet with room for it
    some: Markup = Markup("")  # between `text` and `more`
    brief: Markup = Markup("")  # the first sentence of `text`, when it has more than one
    actions: tuple[str, ...] = ()
    bring: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    actions_lang: str = ""  # the language of actions and bring when it is a fallback's


@dataclass(frozen=True)
class Costs:
    """The calculator's rule and its table of common bases, as the page shows them (or the
    title, table and note of its pension estimates)."""

    rule: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Story:
    """A risk scenario in brief: insured and uninsured in a line each, and the guides to read."""

    title: str
    insured: str
    uninsured: str
    guides: tuple[tuple[str, str], ...]  # title, and its language when it is a fallback's


@dataclass(frozen=True)
class Sheet:
    """What one handout shows, in the words of its language; parts a kind has not stay empty.

    `reviewed` is empty when the content has no review date of its own (the calculator, the
    scenarios): `reviewed_on` then only dates the PDF, from the guides it relies on.
    """

    kind: str
    anchor: str
    content_lang: str
    kicker: str
    title: str
    summary: str
    url: str
    qr: Markup
    reviewed: str
    reviewed_on: dt.date
    review_by: str = ""  # the next check, for content with a review interval
    audience: tuple[str, ...] = ()
    steps_title: str = ""
    steps: tuple[Step, ...] = ()
    costs: Costs | None = None
    estimate: Costs | None = None  # the calculator's pension estimates, as the page's table
    today: tuple[str, ...] = ()  # a guide's "do this today" box
    stories: tuple[Story, ...] = ()
    bring: tuple[str, ...] = ()
    hotlines: tuple[tuple[str, str], ...] = ()
    ask: str = ""  # what "where to ask" says instead of the 12333 line
    channels: tuple[tuple[str, str], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Pack:
    """The cover of a province booklet."""

    title: str
    summary: str
    hotlines: tuple[tuple[str, str], ...]
    service_points: tuple[str, ...]
    url: str
    qr: Markup
    reviewed: str
    reviewed_on: dt.date


class Sheets:
    """Turns pages into sheets (one Markdown converter for all)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.converter = Converter()

    def sheet(self, page: Page) -> Sheet:
        """The sheet of a page whose kind has one (see `pages.base.Kind.sheet`)."""
        make = self.site.kinds[page.kind].sheet
        assert make is not None, f"{page.kind} pages have no handout"
        return make(self, page)

    def pack(self, lang: Language, code: str, sheets: list[Sheet]) -> Pack:
        """The cover of the booklet of province `code` in `lang`."""
        site, tag, t = self.site, lang.tag, self.site.content.i18n[lang.tag]
        spec = site.provinces[code].spec
        page = site.page(ProvinceRef(code), lang.tag)
        url = self.canonical(page)
        reviewed = max([spec.last_reviewed, *(s.reviewed_on for s in sheets)])
        return Pack(t["handout_pack_title"].format(province=self.tr(spec.name, tag)),
                    self.tr(spec.summary, tag), self.hotlines(code, tag),
                    tuple(self.tr(p, tag) for p in spec.service_points), url, self.qr(url, t),
                    format_date(reviewed, t), reviewed)

    def group_pack(self, lang: Language, group: str, sheets: list[Sheet]) -> Pack:
        """The cover of the booklet of the guides for worker group `group` in `lang`: what to
        ask 12333, and the QR code of the group's page."""
        from sitegen.pages.base import GroupRef

        tag, t = lang.tag, self.site.content.i18n[lang.tag]
        name = self.tr(self.site.groups[group].name, tag)
        page = self.site.page(GroupRef(group), tag)
        url = self.canonical(page)
        reviewed = max(s.reviewed_on for s in sheets)
        return Pack(t["handout_group_pack_title"].format(group=name),
                    t["handout_group_pack_summary"].format(group=name), (),
                    (), url, self.qr(url, t), format_date(reviewed, t), reviewed)

    def tr(self, value: dict[str, str], tag: str) -> str:
        """A translatable value in `tag`, or in the default language."""
        return str(local(value, tag, self.site.default.tag))

    def hotlines(self, code: str, tag: str) -> tuple[tuple[str, str], ...]:
        """(name, number) of each hotline of province `code`."""
        return tuple((self.tr(h.name, tag), h.number)
                     for h in self.site.provinces[code].spec.hotlines)

    def first_source(self, key: str, tag: str) -> tuple[str, str]:
        """(name, URL) of the first source of the guide or procedure page `key`."""
        from sitegen.render.sources import page_sources

        first = page_sources(self.site, self.site.page(key, tag))[0]
        return first.full, first.url

    def strings(self, page: Page) -> dict[str, str]:
        """The interface strings of the page's language."""
        return self.site.content.i18n[page.lang.tag]

    def site_title(self, tag: str) -> str:
        """The site's title in `tag`."""
        return str(local(self.site.content.spec.title, tag, self.site.default.tag))

    def canonical(self, page: Page) -> str:
        """The live page a handout's QR code opens: the original for a fallback page."""
        return self.site.absolute(self.site.url(page.key, page.content_lang))

    @staticmethod
    def qr(url: str, t: dict[str, str]) -> Markup:
        """A QR code of `url`, drawn when printed (`handout_pdf.QR_CODE`); its <title> is the
        PDF figure's alternate text."""
        title = t["handout_qr_title"].format(url=url)
        return Markup('<svg class="qr" data-qr="{}"><title>{}</title></svg>').format(url, title)

    def first_paragraph(self, markdown_text: str) -> Markup:
        """The first paragraph of a guide section, as text with emphasis kept and links dropped;
        when it leads into a list (it ends with a colon) or the section opens with a list, the
        list's first items follow on: on a flyer they are what to do."""
        blocks = [b for b in re.split(r"\n[ \t]*\n", markdown_text.strip()) if b]
        text, rest = Markup(""), blocks
        for i, block in enumerate(blocks):
            if not NOT_A_PARAGRAPH.match(block):
                text, rest = self._inline(block), blocks[i + 1:]
                break
            if LIST_ITEM.match(block):
                rest = blocks[i:]
                break
        if text and not text.striptags().rstrip().endswith(("：", ":")):
            return text
        items = next((LIST_ITEM.split(b)[1:] for b in rest[:1] if LIST_ITEM.match(b)), [])
        parts = [text, *(self._inline(item) for item in items[:LIST_ITEMS])]
        return Markup(" ").join(part for part in parts if part)

    def more_text(self, markdown_text: str, items: int = MORE_ITEMS) -> Markup:
        """More of a guide section for a flyer with room to spare: its first MORE_PARAGRAPHS
        paragraphs and the first `items` items of its first list, in their order."""
        parts, paragraphs, listed = [], 0, False
        for block in (b for b in re.split(r"\n[ \t]*\n", markdown_text.strip()) if b):
            if LIST_ITEM.match(block) and not listed:
                parts += [self._inline(item) for item in LIST_ITEM.split(block)[1:items + 1]]
                listed = True
            elif not NOT_A_PARAGRAPH.match(block) and paragraphs < MORE_PARAGRAPHS:
                parts.append(self._inline(block))
                paragraphs += 1
        return Markup(" ").join(part for part in parts if part)

    def _inline(self, markdown_text: str) -> Markup:
        html = self.converter.convert(" ".join(markdown_text.split()), lambda href: "", None,
                                      lambda name: "")
        return Markup(nh3.clean(html, tags={"strong", "em", "code"}, attributes={}).strip())


def first_sentence(text: Markup) -> Markup:
    """The first sentence of a step's text, or "" when it has only one (no tag is cut: a
    sentence ends outside <strong> and <em>)."""
    depth = 0
    for match in SENTENCE_END.finditer(str(text)):
        if match.group(0).startswith("<"):
            depth += -1 if match.group(0).startswith("</") else 1
        elif depth == 0 and match.end() < len(str(text).rstrip()):
            return Markup(str(text)[:match.end()].rstrip())
    return Markup("")


def lang_text(text: str, lang: str) -> Markup:
    """Plain text as a step's text, marked with its language when it is a fallback's."""
    if lang:
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return Markup.escape(text)


def format_date(value: dt.date, t: dict[str, str]) -> str:
    """A date in the words of a language (its `date_format` and `months`)."""
    months = t["months"].split(",")
    return t["date_format"].format(year=value.year, month=value.month, day=value.day,
                                   month_name=months[value.month - 1])
