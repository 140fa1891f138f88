"""What the finder, the contribution calculator and the risk scenarios pages show."""

from __future__ import annotations

from typing import Any

from sitegen.pages import calculator
from sitegen.site import Page, Site, local


def finder_index(site: Site, page: Page) -> dict[str, Any]:
    """The finder's first page: every group (links), and the province list for the selects."""
    tag, default = page.lang.tag, site.default.tag
    groups = {g.id: g for g in site.content.groups.groups}
    return {
        "finder_groups": [(entry.group, local(groups[entry.group].name, tag, default))
                          for entry in site.content.finder.groups],
        "finder_provinces": [(code, local(p.spec.name, tag, default))
                             for code, p in site.provinces.items()],
    }


def finder_group(site: Site, page: Page) -> dict[str, Any]:
    """A group's page: every province, each a link to the group's page for it."""
    tag, default = page.lang.tag, site.default.tag
    return {"group_id": page.ref[0],
            "finder_provinces": [(code, local(p.spec.name, tag, default))
                                 for code, p in site.provinces.items()]}


def finder_pair(site: Site, page: Page) -> dict[str, Any]:
    """The steps for one group in one province, each with its link and why-text."""
    tag, default = page.lang.tag, site.default.tag
    group, code = page.ref
    entry = next(e for e in site.content.finder.groups if e.group == group)
    kinds = {k.id: k for k in site.content.procedures.procedures}
    procs = {p.id for p in site.provinces[code].spec.procedures}
    steps = []
    for step in entry.steps:
        if step.procedure is not None:
            kind = kinds[step.procedure]
            key = (f"procedure/{code}/{step.procedure}" if step.procedure in procs
                   else f"guide/{kind.guide}")
            guide_key = f"guide/{kind.guide}"
        else:
            key = guide_key = f"guide/{step.guide}"
        steps.append({"key": key, "title": site.page(key, tag).title,
                      "why": local(step.why, tag, default), "why_lang": _lang_of(step.why, tag,
                                                                                  default),
                      "guide_key": guide_key if guide_key != key else "",
                      "guide_title": site.page(guide_key, tag).title})
    return {"steps": steps, "group_id": group, "province_code": code,
            "province": site.provinces[code].spec,
            "province_name": local(site.provinces[code].spec.name, tag, default)}


def calculator_page(site: Site, page: Page) -> dict[str, Any]:
    """The pre-computed table and the rates, for the page and its script."""
    kind = next(k for k in site.content.procedures.procedures if k.id == "enroll-pension")
    return {"calc": calculator, "calc_rows": calculator.table(), "percent": calculator.percent,
            "pension_guide": f"guide/{kind.guide}"}


def scenarios_page(site: Site, page: Page) -> dict[str, Any]:
    """The stories, with the titles of the guides each one ends with."""
    tag = page.lang.tag
    return {"scenarios": [
        (s, [(f"guide/{slug}", site.page(f"guide/{slug}", tag).title) for slug in s.guides])
        for s in site.content.scenarios.scenarios]}


def _lang_of(value: dict[str, str], tag: str, default: str) -> str:
    return "" if tag in value else default


BUILDERS = {"finder": finder_index, "finder-group": finder_group, "finder-pair": finder_pair,
            "calculator": calculator_page, "scenarios": scenarios_page}
