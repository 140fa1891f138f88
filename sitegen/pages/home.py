"""The language chooser at `/` and each language's home page `/{lang}/`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.pages.base import (
    Context,
    Draft,
    GroupRef,
    Kind,
    Language,
    Named,
    Page,
    named_page,
    no_crumbs,
)

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _chooser(draft: Draft, lang: Language) -> list[Page]:
    if lang != draft.languages[0]:
        return []
    return [Page(Named("chooser"), "chooser", lang, "/", "", "", lang.tag)]


def _home(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    groups = [(GroupRef(group.id).key, group) for group in site.content.groups.groups
              if (GroupRef(group.id).key, tag) in site.by_key]
    return {"tasks": site.content.tasks.tasks, "groups": groups,
            "provinces": [(code, p.spec) for code, p in site.provinces.items()]}


KINDS = (
    Kind("chooser", _chooser, crumbs=no_crumbs, sitemap=False),
    Kind("home", lambda draft, lang: [named_page(draft, lang, "home", "")], _home,
         crumbs=no_crumbs),
)
