"""The handouts page (`/{lang}/handouts/`): every PDF of a language with its size, so it is
rendered after the PDFs are printed (see sitegen/handouts/index.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.handouts.index import handout_index
from sitegen.pages.base import Context, Page, named_kind

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _context(r: Renderer, page: Page) -> Context:
    return handout_index(r.site, page, pdf=r.pdf, sizes=r.pdf_sizes)


KINDS = (named_kind("handouts", "handouts/", context=_context, late=True, indexed=True),)
