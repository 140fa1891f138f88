"""Every handout of a site as a print job, printed (or taken from the PDF cache) and written
into the output; a handout that does not fit one page names the content file to shorten."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitegen.errors import BuildFailed, ContentError
from sitegen.handouts.pdf import Job, PdfCache, Printed, font_files, print_all
from sitegen.handouts.sheets import (
    CACHE,
    FONT_SIZES,
    HANDOUT_KINDS,
    PACK_FONT_SIZE,
    SIZES,
    Pack,
    Sheet,
    Sheets,
    handout_url,
    pack_url,
)
from sitegen.site import Language, Page, Site, local
from sitegen.write import write_file


@dataclass(frozen=True)
class Planned:
    """A print job and the content file that an error about it should name."""

    job: Job
    source: str


def plan(site: Site) -> list[Planned]:
    """Every handout and booklet of the site as a print job (HTML rendered, nothing printed)."""
    from sitegen.render.engine import environment  # render imports this module for the handout URLs

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
    """The file with most of the words of a page's handout, for errors to name."""
    if page.kind == "guide":
        guide = site.guides[page.ref[0]]
        return str(guide.texts.get(page.content_lang, guide.default).path)
    if page.kind == "procedure":
        return str(site.provinces[page.ref[0]].path)
    if page.kind in ("finder-pair", "scenarios"):
        return str(site.content.marks["finder" if page.kind == "finder-pair" else "scenarios"].path)
    return f"templates/i18n/{page.lang.tag}.yaml"  # the calculator's words are interface strings


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
