"""A province's page (`/{lang}/provinces/{code}/`) and a page per procedure
(`/{lang}/provinces/{code}/{procedure}/`), both from provinces/{code}.yaml."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from sitegen.handouts.sheets import Sheet, Sheets, Step, format_date
from sitegen.pages.base import (
    Context,
    Crumbs,
    Draft,
    GuideRef,
    Kind,
    Language,
    Page,
    ProcedureRef,
    ProvinceRef,
    local,
    ref_of,
)
from sitegen.pages.changes import latest_major
from sitegen.pages.offline import province_urls
from sitegen.render.sources import page_sources

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer
    from sitegen.site import Site


def _provinces(draft: Draft, lang: Language) -> list[Page]:
    pages = []
    for code, province in draft.provinces.items():
        spec = province.spec
        pages.append(Page(ProvinceRef(code), "province", lang, f"/{lang.prefix}/provinces/{code}/",
                          local(spec.name, lang.tag, draft.default),
                          local(spec.summary, lang.tag, draft.default),
                          lang.tag if lang.tag in spec.name else draft.default,
                          spec.last_reviewed,
                          draft.review_by(spec.last_reviewed, spec.review_interval_days)))
    return pages


def _procedures(draft: Draft, lang: Language) -> list[Page]:
    pages = []
    for code, province in draft.provinces.items():
        spec = province.spec
        for proc in spec.procedures:
            pages.append(Page(
                ProcedureRef(code, proc.id), "procedure", lang,
                f"/{lang.prefix}/provinces/{code}/{proc.id}/",
                local(proc.title, lang.tag, draft.default),
                local(proc.summary, lang.tag, draft.default),
                lang.tag if lang.tag in proc.title else draft.default, proc.last_reviewed,
                draft.review_by(proc.last_reviewed, proc.review_interval_days,
                                spec.review_interval_days)))
    return pages


def _code(page: Page) -> str:
    if isinstance(page.ref, ProvinceRef | ProcedureRef):
        return page.ref.code
    raise TypeError(f"{page.key} is not a province's page")


def _province(r: Renderer, page: Page) -> Context:
    return {"offline_urls": province_urls(r.site, page, pdf=r.pdf),
            "province": r.site.provinces[_code(page)].spec}


def _procedure(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    ref = ref_of(page, ProcedureRef)
    spec = site.provinces[ref.code].spec
    proc = site.procedure(ref)
    guide = GuideRef(site.procedure_kinds[ref.id].guide)
    channels = {c.id: c for c in spec.channels}
    return {"proc": proc, "channels": [channels[c] for c in proc.channels],
            "guide_key": guide.key, "guide_title": r.title(guide, tag), "province": spec,
            "sources": page_sources(site, page), "latest_major": latest_major(site, page)}


def _crumbs(r: Renderer, page: Page) -> Crumbs:
    crumbs = [r.crumb("home", page), r.crumb("provinces", page)]
    if page.kind == "procedure":
        crumbs.append(r.crumb(ProvinceRef(_code(page)), page))
    return crumbs


def _sheet(s: Sheets, page: Page) -> Sheet:
    tag, t = page.lang.tag, s.strings(page)
    ref = ref_of(page, ProcedureRef)
    province = s.site.provinces[ref.code].spec
    proc = s.site.procedure(ref)
    channels = {c.id: c for c in province.channels}
    url = s.canonical(page)
    return Sheet(
        kind="procedure", anchor=proc.id, content_lang=page.content_lang,
        kicker=s.tr(province.name, tag), title=s.tr(proc.title, tag),
        summary=s.tr(proc.summary, tag),
        audience=tuple(s.tr(e, tag) for e in proc.eligible),
        steps_title=t["procedure_steps_title"],
        steps=tuple(Step(s.tr(step, tag), Markup("")) for step in proc.steps),
        bring=tuple(s.tr(d, tag) for d in proc.documents),
        hotlines=s.hotlines(ref.code, tag),
        channels=tuple((s.tr(channels[c].name, tag), channels[c].url) for c in proc.channels),
        url=url, qr=s.qr(url, t), reviewed=format_date(proc.last_reviewed, t),
        reviewed_on=proc.last_reviewed,
        review_by=format_date(page.review_by, t) if page.review_by else "",
        sources=tuple((v.full, v.url) for v in page_sources(s.site, page)))


def _source(page: Page) -> str:
    return ProvinceRef(_code(page)).key


def _file(site: Site, page: Page) -> str:
    return str(site.provinces[_code(page)].path)


KINDS = (
    Kind("province", _provinces, _province, source=_source, crumbs=_crumbs, indexed=True,
         file=_file),
    Kind("procedure", _procedures, _procedure, source=_source, crumbs=_crumbs, indexed=True,
         sheet=_sheet, file=_file),
)
