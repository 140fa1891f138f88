"""The search page (`/{lang}/search/`): the query box, the filter chips, and the data the
browser needs to understand a query (see sitegen/search/data.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.pages.base import Context, Page, named_kind
from sitegen.search.data import client_data, facets

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _context(r: Renderer, page: Page) -> Context:
    tag = page.lang.tag
    return {"search_data": client_data(r.site, tag), "facets": facets(r.site, tag)}


KINDS = (named_kind("search", "search/", context=_context, sitemap=False),)
