"""The finder, "what applies to me" (`/{lang}/for/`): its first page, a page per worker group
(`/for/{group}/`) and per group in each province (`/for/{group}/{code}/`), from
data/finder.yaml; a site without that file has no finder."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.handouts.sheets import Sheet, Sheets, Step, format_date, lang_text
from sitegen.pages.base import (
    Context,
    Crumbs,
    Draft,
    FinderRef,
    GuideRef,
    Kind,
    Language,
    Page,
    ProcedureRef,
    ProvinceRef,
    local,
    named_page,
    ref_of,
)

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer
    from sitegen.site import Site


def _index(draft: Draft, lang: Language) -> list[Page]:
    return [named_page(draft, lang, "finder", "for/")] if draft.content.finder.groups else []


def _groups(draft: Draft, lang: Language, *, pairs: bool = False) -> list[Page]:
    t, pages = draft.content.i18n[lang.tag], []
    groups = {g.id: g for g in draft.content.groups.groups}
    for entry in draft.content.finder.groups:
        name = local(groups[entry.group].name, lang.tag, draft.default)
        if not pairs:
            pages.append(Page(FinderRef(entry.group), "finder-group", lang,
                              f"/{lang.prefix}/for/{entry.group}/",
                              t["finder_group_title"].format(group=name),
                              t["finder_group_description"].format(group=name), lang.tag))
            continue
        for code, province in draft.provinces.items():
            place = local(province.spec.name, lang.tag, draft.default)
            pages.append(Page(FinderRef(entry.group, code), "finder-pair", lang,
                              f"/{lang.prefix}/for/{entry.group}/{code}/",
                              t["finder_pair_title"].format(group=name, province=place),
                              t["finder_pair_description"].format(group=name, province=place),
                              lang.tag))
    return pages


def _provinces(r: Renderer, page: Page) -> list[tuple[str, str]]:
    tag = page.lang.tag
    return [(code, r.site.local(p.spec.name, tag)) for code, p in r.site.provinces.items()]


def finder_index(r: Renderer, page: Page) -> Context:
    """The finder's first page: every group (links), and the province list for the selects."""
    site = r.site
    return {"finder_groups": [(entry.group, site.local(site.groups[entry.group].name,
                                                       page.lang.tag))
                              for entry in site.content.finder.groups],
            "finder_provinces": _provinces(r, page)}


def finder_group(r: Renderer, page: Page) -> Context:
    """A group's page: every province, each a link to the group's page for it."""
    return {"group_id": ref_of(page, FinderRef).group, "finder_provinces": _provinces(r, page)}


def finder_pair(r: Renderer | Sheets, page: Page) -> Context:
    """The steps for one group in one province, each with its link and why-text."""
    site, tag = r.site, page.lang.tag
    ref = ref_of(page, FinderRef)
    entry = next(e for e in site.content.finder.groups if e.group == ref.group)
    procs = {p.id for p in site.provinces[ref.code].spec.procedures}
    steps = []
    for step in entry.steps:
        if step.procedure is not None:
            guide = GuideRef(site.procedure_kinds[step.procedure].guide)
            key = (ProcedureRef(ref.code, step.procedure) if step.procedure in procs
                   else guide)
        else:
            key = guide = GuideRef(step.guide or "")
        steps.append({"key": key.key, "title": site.page(key, tag).title,
                      "why": site.local(step.why, tag),
                      "why_lang": "" if tag in step.why else site.default.tag,
                      "guide_key": guide.key if guide != key else "",
                      "guide_title": site.page(guide, tag).title})
    spec = site.provinces[ref.code].spec
    return {"steps": steps, "group_id": ref.group, "province_code": ref.code,
            "province": spec, "province_name": site.local(spec.name, tag)}


def _crumbs(r: Renderer, page: Page) -> Crumbs:
    crumbs = [r.crumb("home", page), r.crumb("finder", page)]
    if page.kind == "finder-pair":
        crumbs.append(r.crumb(FinderRef(ref_of(page, FinderRef).group), page))
    return crumbs


def _sheet(s: Sheets, page: Page) -> Sheet:
    """What a group does first in a province, each step with why."""
    tag, t = page.lang.tag, s.strings(page)
    pair = finder_pair(s, page)
    province = pair["province"]
    steps = tuple(Step(step["title"], lang_text(step["why"], step["why_lang"]))
                  for step in pair["steps"])
    sources: dict[str, str] = {}  # name by URL: steps often share a source
    for step in pair["steps"]:
        name, href = s.first_source(step["key"], tag)
        sources.setdefault(href, name)
    url = s.canonical(page)
    return Sheet(
        kind="finder-pair", anchor=page.key.replace("/", "-"),
        content_lang=page.content_lang, kicker=pair["province_name"], title=page.title,
        summary=page.description, steps_title=t["finder_steps_title"], steps=steps,
        hotlines=s.hotlines(pair["province_code"], tag), url=url, qr=s.qr(url, t),
        reviewed=format_date(province.last_reviewed, t), reviewed_on=province.last_reviewed,
        sources=tuple((name, href) for href, name in sources.items()))


def _file(site: Site, page: Page) -> str:
    return str(site.content.marks["finder"].path)


KINDS = (
    Kind("finder", _index, finder_index, indexed=True, file=_file),
    Kind("finder-group", _groups, finder_group, crumbs=_crumbs, indexed=True, file=_file),
    # What one group does in one province: the province's file and the finder's data.
    Kind("finder-pair", lambda draft, lang: _groups(draft, lang, pairs=True), finder_pair,
         source=lambda page: ProvinceRef(ref_of(page, FinderRef).code).key, crumbs=_crumbs,
         sheet=_sheet, file=_file),
)
