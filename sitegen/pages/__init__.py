"""Page kinds: one module per kind declares its pages, URL, template, context, what it
depends on, whether it is searched or in the sitemap, and its handout (see `base.Kind`).

Adding a kind: a module here with a `KINDS` tuple, its template `templates/{name}.html`, and
its name in `MODULES` below, in the order its pages come in each language.
"""

from __future__ import annotations

from sitegen.pages import (
    calculator,
    changes,
    glossary,
    group,
    guide,
    guided,
    handouts,
    home,
    lists,
    notfound,
    offline,
    province,
    scenarios,
    search,
    thanks,
    translations,
)
from sitegen.pages.base import Draft, Kind, Page

MODULES = (home, lists, glossary, search, handouts, changes, translations, notfound, offline,
           guide, group, province, calculator, scenarios, guided, thanks)
KINDS: dict[str, Kind] = {kind.name: kind for module in MODULES for kind in module.KINDS}


def declare(draft: Draft) -> tuple[Page, ...]:
    """Every page of the site: for each language, the pages of each kind in turn."""
    return tuple(page for lang in draft.languages for kind in KINDS.values()
                 for page in kind.pages(draft, lang))
