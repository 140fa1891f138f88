"""The handouts page: every PDF handout of a language, by topic, by province (with each
province's booklet) and for the tools, with each file's size once the PDFs are printed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.handouts.sheets import group_pack_url, pack_url, page_handouts
from sitegen.pages.base import GroupRef, GuideRef, Page, ProcedureRef, local, ref_of

if TYPE_CHECKING:
    from sitegen.site import Site


def written_sizes(folder: Path) -> dict[str, int]:
    """The size in bytes of every handout written into `folder`, by URL."""
    return {"/" + path.relative_to(folder).as_posix(): path.stat().st_size
            for path in sorted(folder.glob("*/handouts/*.pdf"))}


@dataclass(frozen=True)
class Listed:
    """A line of the handouts page: a page and its PDFs (label, URL, size)."""

    key: str
    title: str
    lang: str  # the language of the title when it is not the page's (a fallback)
    files: tuple[tuple[str, str, str], ...]


def handout_index(site: Site, page: Page, *, pdf: bool,
                  sizes: Mapping[str, int] | None) -> dict[str, Any]:
    """The context of the handouts page: by topic, then by province with each booklet, the
    booklets for outreach (each province's, each worker group's), then the tools (the
    calculator, the scenarios). The guided check's plans are personal: each links its own
    handout."""
    lang, t = page.lang, site.content.i18n[page.lang.tag]
    pages = [p for p in site.pages if site.kinds[p.kind].sheet is not None and p.lang == lang]
    names = {code: str(local(p.spec.name, lang.tag, site.default.tag))
             for code, p in site.provinces.items()}
    groups = {g.id: str(local(g.name, lang.tag, site.default.tag))
              for g in site.content.groups.groups}

    def size(url: str) -> str:
        if not sizes or url not in sizes:
            return ""  # not printed yet: this page is rendered again once the PDFs exist
        return t["handout_size"].format(kb=max(1, round(sizes[url] / 1024)))

    def listed(p: Page, title: str = "") -> Listed:
        files = (tuple((label, url, size(url)) for label, url in page_handouts(site, p))
                 if pdf else ())
        return Listed(p.key, title or p.title, p.content_lang if p.fallback else "", files)

    def in_province(p: Page) -> str:
        if not isinstance(p.ref, ProcedureRef):
            return ""
        return f"{names[p.ref.code]}{t['handout_colon']}{p.title}"

    def topics_of(p: Page) -> list[str]:
        if isinstance(p.ref, GuideRef):
            return site.guides[p.ref.slug].default.meta.topics
        if isinstance(p.ref, ProcedureRef):
            return [site.procedure_kinds[p.ref.id].topic]
        return []

    topics = []
    for topic in site.content.topics.topics:
        items = [listed(p, in_province(p)) for p in pages if topic.id in topics_of(p)]
        if items:
            topics.append((topic, items))
    procedures = [(p, ref_of(p, ProcedureRef)) for p in pages if p.kind == "procedure"]
    provinces = [(code, names[code], (pack_url(lang, code), size(pack_url(lang, code))),
                  [listed(p) for p, ref in procedures if ref.code == code])
                 for code in site.provinces]
    group_packs = [(p.key, groups[ref_of(p, GroupRef).id],
                    (group_pack_url(lang, ref_of(p, GroupRef).id),
                     size(group_pack_url(lang, ref_of(p, GroupRef).id))))
                   for p in site.pages_of("group", lang)]
    return {"pdf": pdf, "topics": topics, "provinces_listed": provinces,
            "group_packs": group_packs,
            "tools_listed": [listed(p) for p in pages if p.kind in ("calculator", "scenarios")]}
