"""A page per worker group (`/{lang}/groups/{id}/`): the guides written for that group (their
`audiences`; those its `guides` in data/groups.yaml name first), and the booklet of their flyers
for outreach teams. The home page leads to them with one row of buttons, so it need not list
every guide of every group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sitegen.handouts.sheets import group_pack_url
from sitegen.pages.base import (
    Context,
    Crumbs,
    Draft,
    GroupRef,
    Guide,
    GuideRef,
    Kind,
    Language,
    Page,
    local,
    ref_of,
)

if TYPE_CHECKING:
    from sitegen.content.models import Group
    from sitegen.render.engine import Renderer


def group_guides(guides: Mapping[str, Guide], group: Group) -> list[str]:
    """The slugs of the guides for worker group `group`: those it needs first (its `guides` in
    data/groups.yaml), then the others written for it, in site order."""
    first = [slug for slug in group.guides if slug in guides]
    return first + [slug for slug, g in guides.items()
                    if group.id in g.default.meta.audiences and slug not in first]


def _pages(draft: Draft, lang: Language) -> list[Page]:
    t, pages = draft.content.i18n[lang.tag], []
    for group in draft.content.groups.groups:
        if not group_guides(draft.guides, group):
            continue
        name = local(group.name, lang.tag, draft.default)
        pages.append(Page(GroupRef(group.id), "group", lang,
                          f"/{lang.prefix}/groups/{group.id}/",
                          t["group_title"].format(group=name),
                          t["group_description"].format(group=name), lang.tag))
    return pages


def _context(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    group = site.groups[ref_of(page, GroupRef).id]
    guides = [site.page(GuideRef(slug), tag) for slug in group_guides(site.guides, group)]
    return {"group_name": site.local(group.name, tag),
            "group_guides": [(p.key, p.title, p.description, p.content_lang if p.fallback
                              else "") for p in guides],
            "group_pack": group_pack_url(page.lang, group.id) if r.pdf else ""}


def _crumbs(r: Renderer, page: Page) -> Crumbs:
    return [r.crumb("home", page)]


KINDS = (Kind("group", _pages, _context, crumbs=_crumbs, indexed=True),)
