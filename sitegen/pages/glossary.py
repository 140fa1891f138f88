"""The glossary (`/{lang}/glossary/`): every term from data/glossary.yaml, with the words people
use for it and the guide that explains it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.pages.base import Context, GuideRef, Page, named_kind

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _context(r: Renderer, page: Page) -> Context:
    tag = page.lang.tag
    return {"terms": r.site.content.glossary.terms,
            "guide_titles": {slug: r.title(GuideRef(slug), tag) for slug in r.site.guides}}


KINDS = (named_kind("glossary", "glossary/", context=_context),)
