"""How a source reads on a page and on a handout: issuer and title, its number (文号) and
date, and what kind of source it is; the sources of a page with those of the policy facts it
shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.content.dated import GuideSource, LocalSource
from sitegen.handouts.sheets import format_date
from sitegen.pages.base import GuideRef, Page, ProcedureRef, local

if TYPE_CHECKING:
    from sitegen.site import Site

Source = GuideSource | LocalSource
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]+〔\d{4}〕\d+号")


@dataclass(frozen=True)
class SourceView:
    """A source in the words of one language: the link's text, its address, and the number,
    date and kind after it."""

    name: str
    url: str
    detail: str

    @property
    def full(self) -> str:
        """Name and detail in one line (handouts)."""
        return f"{self.name} ({self.detail})" if self.detail else self.name


def source_view(source: Source, tag: str, default: str, t: dict[str, str]) -> SourceView:
    """A source in language `tag` (the default language's words where it has none)."""

    def words(value: str | dict[str, str] | None) -> str:
        if value is None:
            return ""
        return value if isinstance(value, str) else str(local(value, tag, default))

    if source.name is not None:
        name = words(source.name)
    else:
        name = t["source_name"].format(issuer=words(source.issuer), title=words(source.title))
    detail = [source.number or "", format_date(source.date, t) if source.date else ""]
    if source.kind != "official":
        detail.append(t[f"source_kind_{source.kind}"])
    return SourceView(name, source.url, t["source_separator"].join(d for d in detail if d))


def page_sources(site: Site, page: Page) -> list[SourceView]:
    """The sources of a guide or procedure page, then those of the policy facts it shows,
    each once."""
    tag, default = page.content_lang, site.default.tag
    t = site.strings(page.lang.tag)
    if isinstance(page.ref, ProcedureRef):
        own: list[Source] = list(site.procedure(page.ref).sources)
        uses = site.fact_uses.get(page.ref.key, frozenset())
    elif isinstance(page.ref, GuideRef):
        text = site.guides[page.ref.slug].text(page.lang.tag)
        own = list(text.meta.sources)
        uses = site.fact_uses.get(str(text.path), frozenset())
    else:
        return []
    sources = own + [s for fact in sorted(uses) for s in site.facts.by_id[fact].sources]
    views: dict[str, SourceView] = {}
    for source in sources:
        view = source_view(source, tag, default, t)
        views.setdefault(_identity(source, view), view)
    return list(views.values())


def _identity(source: Source, view: SourceView) -> str:
    """What makes two sources the same document: its number (文号), written in its field or
    in an older source's name, or else its name and address."""
    if source.number:
        return source.number
    found = DOCUMENT_NUMBER.search(view.name)
    return found.group() if found else f"{view.name}\0{view.url}"
