"""The lists of each language: every guide (`/guides/`), every province (`/provinces/`), and
guides and procedures by topic (`/topics/`, the index that works without JavaScript)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.pages.base import (
    Context,
    GuideRef,
    Page,
    ProcedureRef,
    ProvinceRef,
    named_kind,
    ref_of,
)

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _guides(r: Renderer, page: Page) -> Context:
    guides = r.site.pages_of("guide", page.lang)
    return {"guides": [(p.key, p.title, p.description) for p in guides]}


def _provinces(r: Renderer, page: Page) -> Context:
    return {"provinces": [(code, p.spec) for code, p in r.site.provinces.items()]}


def _topics(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    procedures = [(p, ref_of(p, ProcedureRef)) for p in site.pages_of("procedure", page.lang)]
    topics = []
    for topic in site.content.topics.topics:
        guides = [(GuideRef(slug).key, r.title(GuideRef(slug), tag))
                  for slug, g in site.guides.items() if topic.id in g.default.meta.topics]
        listed = [(p.key, f"{r.title(ProvinceRef(ref.code), tag)}: {p.title}")
                  for p, ref in procedures if site.procedure_kinds[ref.id].topic == topic.id]
        if guides or listed:
            topics.append((topic, guides, listed))
    return {"topics": topics}


KINDS = (
    named_kind("guides", "guides/", context=_guides),
    named_kind("provinces", "provinces/", context=_provinces),
    named_kind("topics", "topics/", context=_topics),
)
