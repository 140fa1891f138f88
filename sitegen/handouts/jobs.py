"""Every handout of a site as a print job, printed (or taken from the PDF cache), returned as
output files; a handout that does not fit one page names the content file to shorten."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from sitegen.errors import BuildFailed, ContentError
from sitegen.handouts.pdf import Job, PdfCache, Printed, font_files, print_all
from sitegen.handouts.sheets import (
    CACHE,
    DETAILS,
    FONT_SIZES,
    PACK_FONT_SIZE,
    Pack,
    Sheet,
    Sheets,
    group_pack_url,
    handout_url,
    pack_url,
)
from sitegen.pages.base import GroupRef, GuideRef, Language, Page, ProcedureRef, local, ref_of
from sitegen.site import Site

# A booklet's sheets at the detail most A4 flyers fit one page with at the booklet's size, so
# that a sheet seldom runs over onto a page of its own.
PACK_DETAIL = "full"


@dataclass(frozen=True)
class Planned:
    """A print job and the content file that an error about it should name."""

    job: Job
    source: str


def plan(site: Site, env: jinja2.Environment) -> list[Planned]:
    """Every handout and booklet of the site as a print job (HTML rendered, nothing printed)."""
    template = env.get_template("handout.html")
    maker = Sheets(site)
    shared: set[str] = set()  # pages that print alike share one handout: the first prints it
    sheets = {}
    for page in site.pages:
        if site.kinds[page.kind].sheet is not None and handout_url(page, "") not in shared:
            shared.add(handout_url(page, ""))
            sheets[page] = maker.sheet(page)
    planned: list[Planned] = []
    for page, sheet in sheets.items():
        for size in site.kinds[page.kind].sizes:
            versions = tuple(dict.fromkeys(  # a sheet with nothing to drop has one version
                _html(template, site, page.lang, size, [sheet], None, detail)
                for detail in DETAILS))
            job = Job(handout_url(page, size), versions, size, FONT_SIZES[size], True)
            planned.append(Planned(job, site.kinds[page.kind].file(site, page)))
    for lang in site.languages:
        for code, province in site.provinces.items():
            procs = [sheet for page, sheet in sheets.items() if page.lang == lang
                     and isinstance(page.ref, ProcedureRef) and page.ref.code == code]
            html = _html(template, site, lang, "a4", procs, maker.pack(lang, code, procs),
                         PACK_DETAIL)
            job = Job(pack_url(lang, code), (html,), "a4", PACK_FONT_SIZE, False)
            planned.append(Planned(job, str(province.path)))
        planned += _group_packs(site, template, maker, lang, sheets)
    return planned


def _group_packs(site: Site, template: jinja2.Template, maker: Sheets, lang: Language,
                 sheets: dict[Page, Sheet]) -> list[Planned]:
    """A booklet per worker group with a page: the flyers of the guides for that group."""
    from sitegen.pages.group import group_guides

    planned = []
    for page in site.pages_of("group", lang):
        group = ref_of(page, GroupRef).id
        guides = [sheets[site.page(GuideRef(slug), lang.tag)]
                  for slug in group_guides(site.guides, site.groups[group])]
        html = _html(template, site, lang, "a4", guides, maker.group_pack(lang, group, guides),
                     PACK_DETAIL)
        job = Job(group_pack_url(lang, group), (html,), "a4", PACK_FONT_SIZE, False)
        planned.append(Planned(job, "data/groups.yaml"))
    return planned




def _html(template: jinja2.Template, site: Site, lang: Language, paper: str,
          sheets: list[Sheet], pack: Pack | None, detail: str = DETAILS[0]) -> str:
    """The HTML of one handout; its review date stands in for PDF creation dates (no clock)."""
    created = pack.reviewed_on if pack else sheets[0].reviewed_on
    return template.render(
        lang=lang, t=site.content.i18n[lang.tag], paper=paper, detail=detail, sheets=sheets,
        pack=pack,
        title=pack.title if pack else sheets[0].title,
        description=pack.summary if pack else sheets[0].summary, created=created.isoformat(),
        site_title=str(local(site.content.spec.title, lang.tag, site.default.tag)))


def print_handouts(site: Site, env: jinja2.Environment, *, jobs: int) -> dict[str, bytes]:
    """Every handout and booklet as {output path: PDF} (unchanged ones from the cache).

    Raise BuildFailed if the CJK font is missing, a handout does not fit one page at the
    smallest font size, or a PDF uses any font but the configured one.
    """
    family = site.content.spec.cjk_font
    root = site.content.root
    css = (root / "templates" / "handout.css").read_text("utf-8")
    # A folder per target: its QR codes differ, and each build keeps only its own PDFs.
    folder = root / CACHE.with_name(CACHE.name + site.target.suffix)
    cache = PdfCache(folder, css, family, font_files(family))
    planned = {p.job.url: p for p in plan(site, env)}
    pdfs = {url: cache.get(p.job) for url, p in planned.items()}
    todo = [planned[url].job for url, pdf in pdfs.items() if pdf is None]
    printed = print_all(todo, css, family, processes=jobs)
    for result in printed:
        if result.pdf is not None and not result.problems:
            cache.put(planned[result.url].job, result.pdf)
            pdfs[result.url] = result.pdf
    cache.keep_only([p.job for p in planned.values()])
    problems = _problems(printed, planned)
    if problems:
        raise BuildFailed(problems)
    return {url.lstrip("/"): pdf for url, pdf in pdfs.items() if pdf is not None}


def _problems(printed: list[Printed], planned: dict[str, Planned]) -> list[ContentError]:
    """Every handout that did not fit or used a wrong font, named by its content file."""
    problems = []
    for result in printed:
        job, source = planned[result.url].job, planned[result.url].source
        if result.pdf is None:
            problems.append(ContentError(
                source, 0, 0,
                f"the {job.paper.upper()} handout {result.url} does not fit on one page, even at "
                f"{job.font_sizes[-1]}pt with the least detail (it needs {result.pages} pages)",
                "shorten the summary, the first paragraph of each step, or the lists: "
                "the handout prints those, the title, where to ask and the sources"))
        problems += [ContentError(source, 0, 0, f"handout {result.url}: {problem}",
                                  "handouts use only site.yaml's cjk_font, which must have "
                                  "every character of the text")
                     for problem in result.problems]
    return problems
