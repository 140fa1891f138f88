"""PDF handouts: one page, A4 and A5, for every guide, procedure and tool page (the finder's
pages for a group in a province, the calculator, the scenarios) in every language, and a
booklet of all procedures per province and language, for offices that print them.

This module says what each handout shows (a `Sheet` per page) and where it is published.
`handout_jobs` renders them to HTML (templates/handout.html and templates/handout.css) and has
them printed by `handout_pdf`; a PDF whose input (HTML, CSS, paper, font sizes, font files) is
unchanged comes from the cache in .cache/handouts/ of the site root, so a build prints only the
handouts that changed. `handout_index` lists them on the handouts page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import nh3
from markupsafe import Markup

from sitegen.pages import tools
from sitegen.render.markdown import Converter
from sitegen.site import Language, Page, Site, local

SIZES = ("a4", "a5")
HANDOUT_KINDS = ("guide", "procedure", "finder-pair", "calculator", "scenarios")
# Font sizes (pt) to try, largest first; the last is the floor below which print is too small.
FONT_SIZES = {"a4": (11.0, 10.5, 10.0, 9.5, 9.0), "a5": (9.0, 8.5, 8.0)}
PACK_FONT_SIZE = (10.5,)
CACHE = Path(".cache") / "handouts"
NOT_A_PARAGRAPH = re.compile(r"\s*([-*+]\s|\d+[.)]\s|\||>|#|```|~~~|\[\[chart:)")


def handout_url(page: Page, size: str) -> str:
    """The URL of the `size` ("a4", "a5") handout of a page (a kind of HANDOUT_KINDS)."""
    return f"/{page.lang.prefix}/handouts/{page.key.replace('/', '-')}-{size}.pdf"


def pack_url(lang: Language, code: str) -> str:
    """The URL of the booklet of every procedure of province `code`."""
    return f"/{lang.prefix}/handouts/{code}-pack.pdf"


def page_handouts(page: Page) -> list[tuple[str, str]]:
    """(label, URL) of each handout of a page; none for pages that have no handout."""
    if page.kind not in HANDOUT_KINDS:
        return []
    return [(size.upper(), handout_url(page, size)) for size in SIZES]


@dataclass(frozen=True)
class Step:
    """A numbered step: its title, and for a guide the first paragraph of the step (for a
    finder page, why it comes first)."""

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
        self.groups = {g.id: g.name for g in site.content.groups.groups}

    def sheet(self, page: Page) -> Sheet:
        """The sheet of a page of one of HANDOUT_KINDS."""
        makers = {"guide": self._guide, "procedure": self._procedure, "finder-pair": self._pair,
                  "calculator": self._calculator, "scenarios": self._scenarios}
        return makers[page.kind](page)

    def _guide(self, page: Page) -> Sheet:
        tag, t = page.lang.tag, self.strings(page)
        guide = self.site.guides[page.ref[0]]
        text = guide.texts.get(tag, guide.default)
        steps = tuple(Step(s.title, self.first_paragraph(s.markdown)) for s in text.sections)
        url = self.canonical(page)
        return Sheet(
            kind="guide", anchor=page.key.replace("/", "-"), content_lang=page.content_lang,
            kicker=self.site_title(tag), title=text.meta.title, summary=text.meta.summary,
            audience=tuple(self.tr(self.groups[a], tag) for a in text.meta.audiences),
            steps_title=t["steps_label" if text.meta.type == "steps" else "handout_points_title"],
            steps=steps, bring=tuple(text.meta.you_need), url=url, qr=self.qr(url, t),
            reviewed=format_date(text.meta.last_reviewed, t), reviewed_on=text.meta.last_reviewed,
            sources=tuple((s.name, s.url) for s in text.meta.sources))

    def _procedure(self, page: Page) -> Sheet:
        tag, t = page.lang.tag, self.strings(page)
        code, proc_id = page.ref
        province = self.site.provinces[code].spec
        proc = self.site.procedure(code, proc_id)
        channels = {c.id: c for c in province.channels}
        url = self.canonical(page)
        return Sheet(
            kind="procedure", anchor=proc.id, content_lang=page.content_lang,
            kicker=self.tr(province.name, tag), title=self.tr(proc.title, tag),
            summary=self.tr(proc.summary, tag),
            audience=tuple(self.tr(e, tag) for e in proc.eligible),
            steps_title=t["procedure_steps_title"],
            steps=tuple(Step(self.tr(s, tag), Markup("")) for s in proc.steps),
            bring=tuple(self.tr(d, tag) for d in proc.documents),
            hotlines=self.hotlines(code, tag),
            channels=tuple((self.tr(channels[c].name, tag), channels[c].url)
                           for c in proc.channels),
            url=url, qr=self.qr(url, t), reviewed=format_date(proc.last_reviewed, t),
            reviewed_on=proc.last_reviewed,
            sources=tuple((self.tr(s.name, tag), s.url) for s in proc.sources))

    def _pair(self, page: Page) -> Sheet:
        """A finder page: what a group does first in a province, each step with why."""
        tag, t = page.lang.tag, self.strings(page)
        pair = tools.finder_pair(self.site, page)
        province = pair["province"]
        steps = tuple(Step(s["title"], _text(s["why"], s["why_lang"])) for s in pair["steps"])
        sources: dict[str, str] = {}  # name by URL: steps often share a source
        for step in pair["steps"]:
            name, href = self.first_source(step["key"], tag)
            sources.setdefault(href, name)
        url = self.canonical(page)
        return Sheet(
            kind="finder-pair", anchor=page.key.replace("/", "-"),
            content_lang=page.content_lang, kicker=pair["province_name"], title=page.title,
            summary=page.description, steps_title=t["finder_steps_title"], steps=steps,
            hotlines=self.hotlines(pair["province_code"], tag), url=url, qr=self.qr(url, t),
            reviewed=format_date(province.last_reviewed, t), reviewed_on=province.last_reviewed,
            sources=tuple((name, href) for href, name in sources.items()))

    def _calculator(self, page: Page) -> Sheet:
        """The calculator: its rule and its table of common bases, as the page shows them."""
        t, data = self.strings(page), tools.calculator_page(self.site, page)
        calc, percent = data["calc"], data["percent"]
        rule = t["calculator_rule"].format(
            min=calc.BASE_MIN, max=calc.BASE_MAX, total=calc.TOTAL_RATE,
            pooled=calc.POOLED_RATE, personal=calc.PERSONAL_RATE)
        head = (t["calculator_base_col"], *(t[f"period_{p}"] for p in calc.PERIODS),
                t["calculator_split_col"])
        rows = tuple((f"{row['month'].base}%", *(percent(row[p].total) for p in calc.PERIODS),
                      t["calculator_split"].format(pooled=percent(row["month"].pooled),
                                                   personal=percent(row["month"].personal)))
                     for row in data["calc_rows"])
        guide = self.site.guides[data["pension_guide"].removeprefix("guide/")]
        url = self.canonical(page)
        return Sheet(
            kind="calculator", anchor="calculator", content_lang=page.content_lang,
            kicker=self.site_title(page.lang.tag), title=page.title, summary=page.description,
            url=url, qr=self.qr(url, t), reviewed="",
            reviewed_on=guide.default.meta.last_reviewed, costs=Costs(rule, head, rows),
            ask=t["calculator_confirm"])

    def _scenarios(self, page: Page) -> Sheet:
        """The scenarios: each story's title, insured and uninsured, and the guides to read."""
        tag, t = page.lang.tag, self.strings(page)
        listed = tools.scenarios_page(self.site, page)["scenarios"]

        def guide(key: str, title: str) -> tuple[str, str]:
            texts = self.site.guides[key.removeprefix("guide/")].texts
            return title, "" if tag in texts else next(iter(texts))

        stories = tuple(
            Story(self.tr(s.title, tag), self.tr(s.insured.title, tag),
                  self.tr(s.uninsured.title, tag), tuple(guide(*g) for g in guides))
            for s, guides in listed)
        reviewed_on = max(self.site.guides[key.removeprefix("guide/")].default.meta.last_reviewed
                          for _, guides in listed for key, _ in guides)
        url = self.canonical(page)
        return Sheet(
            kind="scenarios", anchor="scenarios", content_lang=page.content_lang,
            kicker=self.site_title(tag), title=page.title, summary=page.description, url=url,
            qr=self.qr(url, t), reviewed="", reviewed_on=reviewed_on, stories=stories,
            ask=t["scenarios_confirm"])

    def pack(self, lang: Language, code: str, sheets: list[Sheet]) -> Pack:
        """The cover of the booklet of province `code` in `lang`."""
        site, tag, t = self.site, lang.tag, self.site.content.i18n[lang.tag]
        spec = site.provinces[code].spec
        page = next(p for p in site.pages if p.key == f"province/{code}" and p.lang == lang)
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
        kind, _, ref = key.partition("/")
        if kind == "procedure":
            code, _, proc_id = ref.partition("/")
            source = self.site.procedure(code, proc_id).sources[0]
            return self.tr(source.name, tag), source.url
        guide = self.site.guides[ref]
        first = guide.texts.get(tag, guide.default).meta.sources[0]
        return first.name, first.url

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


def _text(text: str, lang: str) -> Markup:
    """Plain text as a step's text, marked with its language when it is a fallback's."""
    if lang:
        return Markup('<span lang="{}">{}</span>').format(lang, text)
    return Markup.escape(text)


def format_date(value: dt.date, t: dict[str, str]) -> str:
    """A date in the words of a language (its `date_format` and `months`)."""
    months = t["months"].split(",")
    return t["date_format"].format(year=value.year, month=value.month, day=value.day,
                                   month_name=months[value.month - 1])
