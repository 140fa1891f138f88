"""PDF handouts: one page, A4 and A5, for every guide and procedure in every language, and a
booklet of all procedures per province and language, for offices that print them.

Handouts are HTML (templates/handout.html and templates/handout.css) printed by `handout_pdf`.
A PDF whose input (HTML, CSS, paper, font sizes, font files) is unchanged comes from the cache
in .cache/handouts/ of the site root, so a build prints only the handouts that changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import nh3
from markupsafe import Markup

from .errors import BuildFailed, ContentError
from .handout_pdf import Job, PdfCache, Printed, font_files, print_all
from .markdown_html import Converter
from .site import Language, Page, Site, local
from .write import write_file

SIZES = ("a4", "a5")
HANDOUT_KINDS = ("guide", "procedure")
# Font sizes (pt) to try, largest first; the last is the floor below which print is too small.
FONT_SIZES = {"a4": (11.0, 10.5, 10.0, 9.5, 9.0), "a5": (9.0, 8.5, 8.0)}
PACK_FONT_SIZE = (10.5,)
CACHE = Path(".cache") / "handouts"
NOT_A_PARAGRAPH = re.compile(r"\s*([-*+]\s|\d+[.)]\s|\||>|#|```|~~~|\[\[chart:)")


def handout_url(page: Page, size: str) -> str:
    """The URL of the `size` ("a4", "a5") handout of a guide or procedure page."""
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
    """A numbered step: its title, and for a guide the first paragraph of the step."""

    title: str
    text: Markup


@dataclass(frozen=True)
class Sheet:
    """What one handout shows, in the words of its language."""

    kind: str
    anchor: str
    content_lang: str
    kicker: str
    title: str
    summary: str
    audience: tuple[str, ...]
    steps_title: str
    steps: tuple[Step, ...]
    bring: tuple[str, ...]
    hotlines: tuple[tuple[str, str], ...]
    channels: tuple[tuple[str, str], ...]
    url: str
    qr: Markup
    reviewed: str
    reviewed_on: dt.date
    sources: tuple[tuple[str, str], ...]


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
    """Turns guide and procedure pages into sheets (one Markdown converter for all)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.converter = Converter()
        self.groups = {g.id: g.name for g in site.content.groups.groups}

    def sheet(self, page: Page) -> Sheet:
        """The sheet of a guide or procedure page."""
        return self._guide(page) if page.kind == "guide" else self._procedure(page)

    def _guide(self, page: Page) -> Sheet:
        site, tag, t = self.site, page.lang.tag, self.strings(page)
        guide = site.guides[page.ref[0]]
        text = guide.texts.get(tag, guide.default)
        steps = tuple(Step(s.title, self.first_paragraph(s.markdown)) for s in text.sections)
        url = self.canonical(page)
        return Sheet(
            kind="guide", anchor=page.key.replace("/", "-"), content_lang=page.content_lang,
            kicker=self.site_title(tag), title=text.meta.title, summary=text.meta.summary,
            audience=tuple(local(self.groups[a], tag, site.default.tag)
                           for a in text.meta.audiences),
            steps_title=t["steps_label" if text.meta.type == "steps" else "handout_points_title"],
            steps=steps, bring=tuple(text.meta.you_need), hotlines=(), channels=(),
            url=url, qr=self.qr(url, t), reviewed=format_date(text.meta.last_reviewed, t),
            reviewed_on=text.meta.last_reviewed,
            sources=tuple((s.name, s.url) for s in text.meta.sources))

    def _procedure(self, page: Page) -> Sheet:
        site, tag, t = self.site, page.lang.tag, self.strings(page)
        code, proc_id = page.ref
        province = site.provinces[code].spec
        proc = site.procedure(code, proc_id)
        channels = {c.id: c for c in province.channels}

        def tr(value: dict[str, str]) -> str:
            return str(local(value, tag, site.default.tag))

        url = self.canonical(page)
        return Sheet(
            kind="procedure", anchor=proc.id, content_lang=page.content_lang,
            kicker=tr(province.name), title=tr(proc.title), summary=tr(proc.summary),
            audience=tuple(tr(e) for e in proc.eligible), steps_title=t["procedure_steps_title"],
            steps=tuple(Step(tr(s), Markup("")) for s in proc.steps),
            bring=tuple(tr(d) for d in proc.documents),
            hotlines=tuple((tr(h.name), h.number) for h in province.hotlines),
            channels=tuple((tr(channels[c].name), channels[c].url) for c in proc.channels),
            url=url, qr=self.qr(url, t), reviewed=format_date(proc.last_reviewed, t),
            reviewed_on=proc.last_reviewed,
            sources=tuple((tr(s.name), s.url) for s in proc.sources))

    def pack(self, lang: Language, code: str, sheets: list[Sheet]) -> Pack:
        """The cover of the booklet of province `code` in `lang`."""
        site, t = self.site, self.site.content.i18n[lang.tag]
        spec = site.provinces[code].spec

        def tr(value: dict[str, str]) -> str:
            return str(local(value, lang.tag, site.default.tag))

        page = next(p for p in site.pages if p.key == f"province/{code}" and p.lang == lang)
        url = self.canonical(page)
        reviewed = max([spec.last_reviewed, *(s.reviewed_on for s in sheets)])
        return Pack(t["handout_pack_title"].format(province=tr(spec.name)), tr(spec.summary),
                    tuple((tr(h.name), h.number) for h in spec.hotlines),
                    tuple(tr(p) for p in spec.service_points), url, self.qr(url, t),
                    format_date(reviewed, t), reviewed)

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


def format_date(value: dt.date, t: dict[str, str]) -> str:
    """A date in the words of a language (its `date_format` and `months`)."""
    months = t["months"].split(",")
    return t["date_format"].format(year=value.year, month=value.month, day=value.day,
                                   month_name=months[value.month - 1])


@dataclass(frozen=True)
class Planned:
    """A print job and the content file that an error about it should name."""

    job: Job
    source: str


def plan(site: Site) -> list[Planned]:
    """Every handout and booklet of the site as a print job (HTML rendered, nothing printed)."""
    from .render import environment  # render imports this module for the handout URLs

    template = environment(site.content.root / "templates").get_template("handout.html")
    maker = Sheets(site)
    sheets = {page: maker.sheet(page) for page in site.pages if page.kind in HANDOUT_KINDS}
    planned: list[Planned] = []
    for page, sheet in sheets.items():
        for size in SIZES:
            html = _html(template, site, page.lang, size, [sheet], None)
            job = Job(handout_url(page, size), html, size, FONT_SIZES[size], True)
            planned.append(Planned(job, _source(site, page)))
    for lang in site.languages:
        for code, province in site.provinces.items():
            procs = [sheet for page, sheet in sheets.items()
                     if page.kind == "procedure" and page.lang == lang and page.ref[0] == code]
            html = _html(template, site, lang, "a4", procs, maker.pack(lang, code, procs))
            job = Job(pack_url(lang, code), html, "a4", PACK_FONT_SIZE, False)
            planned.append(Planned(job, str(province.path)))
    return planned


def _source(site: Site, page: Page) -> str:
    if page.kind == "guide":
        guide = site.guides[page.ref[0]]
        return str(guide.texts.get(page.content_lang, guide.default).path)
    return str(site.provinces[page.ref[0]].path)


def _html(template: jinja2.Template, site: Site, lang: Language, paper: str,
          sheets: list[Sheet], pack: Pack | None) -> str:
    """The HTML of one handout; its review date stands in for PDF creation dates (no clock)."""
    created = pack.reviewed_on if pack else sheets[0].reviewed_on
    return template.render(
        lang=lang, t=site.content.i18n[lang.tag], paper=paper, sheets=sheets, pack=pack,
        title=pack.title if pack else sheets[0].title,
        description=pack.summary if pack else sheets[0].summary, created=created.isoformat(),
        site_title=str(local(site.content.spec.title, lang.tag, site.default.tag)))


def write_handouts(site: Site, folder: Path, *, jobs: int) -> int:
    """Print every handout and booklet into `folder` (unchanged ones from the cache).

    Raise BuildFailed, writing nothing, if the CJK font is missing, a handout does not fit
    one page at the smallest font size, or a PDF uses any font but the configured one.
    """
    family = site.content.spec.cjk_font
    root = site.content.root
    css = (root / "templates" / "handout.css").read_text("utf-8")
    cache = PdfCache(root / CACHE, css, family, font_files(family))
    planned = {p.job.url: p for p in plan(site)}
    todo = [p.job for p in planned.values() if not cache.has(p.job)]
    printed = print_all(todo, css, family, processes=jobs)
    for result in printed:
        if result.pdf is not None and not result.problems:
            cache.put(planned[result.url].job, result.pdf)
    cache.keep_only([p.job for p in planned.values()])
    problems = _problems(printed, planned)
    if problems:
        raise BuildFailed(problems)
    for url, p in planned.items():
        target = folder / url.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        write_file(target, cache.get(p.job))
    return len(planned)


def _problems(printed: list[Printed], planned: dict[str, Planned]) -> list[ContentError]:
    """Every handout that did not fit or used a wrong font, named by its content file."""
    problems = []
    for result in printed:
        job, source = planned[result.url].job, planned[result.url].source
        if result.pdf is None:
            problems.append(ContentError(
                source, 0, 0,
                f"the {job.paper.upper()} handout {result.url} does not fit on one page, even at "
                f"{job.font_sizes[-1]}pt (it needs {result.pages} pages)",
                "shorten the summary, the first paragraph of each step, or the lists: "
                "the handout prints those, the title, where to ask and the sources"))
        problems += [ContentError(source, 0, 0, f"handout {result.url}: {problem}",
                                  "handouts use only site.yaml's cjk_font, which must have "
                                  "every character of the text")
                     for problem in result.problems]
    return problems


def written_sizes(folder: Path) -> dict[str, int]:
    """The size in bytes of every handout written into `folder`, by URL."""
    return {"/" + path.relative_to(folder).as_posix(): path.stat().st_size
            for path in sorted(folder.glob("*/handouts/*.pdf"))}


@dataclass(frozen=True)
class Listed:
    """A line of the handouts page: a guide or procedure page and its PDFs (label, URL, size)."""

    key: str
    title: str
    lang: str  # the language of the title when it is not the page's (a fallback)
    files: tuple[tuple[str, str, str], ...]


def handout_index(site: Site, page: Page, *, pdf: bool,
                  sizes: Mapping[str, int] | None) -> dict[str, Any]:
    """The context of the handouts page: by topic, then by province with each booklet."""
    lang, t = page.lang, site.content.i18n[page.lang.tag]
    pages = [p for p in site.pages if p.kind in HANDOUT_KINDS and p.lang == lang]
    kinds = {k.id: k.topic for k in site.content.procedures.procedures}
    names = {code: str(local(p.spec.name, lang.tag, site.default.tag))
             for code, p in site.provinces.items()}

    def size(url: str) -> str:
        if not sizes or url not in sizes:
            return ""  # not printed yet: this page is rendered again once the PDFs exist
        return t["handout_size"].format(kb=max(1, round(sizes[url] / 1024)))

    def listed(p: Page, province: bool) -> Listed:
        title = p.title
        if province and p.kind == "procedure":
            title = f"{names[p.ref[0]]}{t['handout_colon']}{p.title}"
        files = tuple((label, url, size(url)) for label, url in page_handouts(p)) if pdf else ()
        return Listed(p.key, title, p.content_lang if p.fallback else "", files)

    topics = []
    for topic in site.content.topics.topics:
        items = [listed(p, True) for p in pages if topic.id in (
            site.guides[p.ref[0]].default.meta.topics if p.kind == "guide" else [kinds[p.ref[1]]])]
        if items:
            topics.append((topic, items))
    provinces = [(code, names[code], (pack_url(lang, code), size(pack_url(lang, code))),
                  [listed(p, False) for p in pages if p.kind == "procedure" and p.ref[0] == code])
                 for code in site.provinces]
    return {"pdf": pdf, "topics": topics, "provinces_listed": provinces}
