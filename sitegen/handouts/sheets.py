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
# Font sizes (pt) to try, largest first; the last is the floor below which print is too small.
FONT_SIZES = {"a4": (11.0, 10.5, 10.0, 9.5, 9.0), "a5": (9.0, 8.5, 8.0)}
PACK_FONT_SIZE = (10.5,)
CACHE = Path(".cache") / "handouts"
NOT_A_PARAGRAPH = re.compile(r"\s*([-*+]\s|\d+[.)]\s|\||>|#|```|~~~|\[\[chart:)")


def handout_url(page: Page, size: str) -> str:
    """The URL of the `size` ("a4", "a5") handout of a page (of a kind that has a sheet)."""
    name = page.handout or page.key.replace("/", "-")
    return f"/{page.lang.prefix}/handouts/{name}-{size}.pdf"


def pack_url(lang: Language, code: str) -> str:
    """The URL of the booklet of every procedure of province `code`."""
    return f"/{lang.prefix}/handouts/{code}-pack.pdf"


def page_handouts(site: Site, page: Page) -> list[tuple[str, str]]:
    """(label, URL) of each handout of a page; none for pages that have no handout."""
    kind = site.kinds[page.kind]
    if kind.sheet is None:
        return []
    return [(size.upper(), handout_url(page, size)) for size in kind.sizes]


@dataclass(frozen=True)
class Step:
    """A numbered step: its title, and for a guide the first paragraph of the step (for a
    plan of the guided check, why it comes there)."""

    title: str
    text: Markup


@dataclass(frozen=True)
class Costs:
    """The calculator's rule and its table of common bases, as the page shows them."""

    rule: str
    head: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


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
        """The first paragraph of a guide section, as text with emphasis kept and links dropped."""
        for block in re.split(r"\n[ \t]*\n", markdown_text.strip()):
            if block and not NOT_A_PARAGRAPH.match(block):
                html = self.converter.convert(block, lambda href: "", None, lambda name: "")
                return Markup(nh3.clean(html, tags={"strong", "em", "code"}, attributes={}).strip())
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
