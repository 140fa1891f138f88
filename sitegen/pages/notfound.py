"""The "not found" pages: `/{lang}/404.html` per language and `/404.html` at the root (in the
default language), which the host serves for a URL that has no page."""

from __future__ import annotations

from sitegen.pages.base import Draft, Kind, Language, Named, Page


def _pages(draft: Draft, lang: Language) -> list[Page]:
    t = draft.content.i18n[lang.tag]
    pages = [Page(Named("404"), "404", lang, f"/{lang.prefix}/404.html", t["404_title"],
                  t["404_description"], lang.tag)]
    if lang == draft.languages[0]:
        pages.append(Page(Named("404-root"), "404", lang, "/404.html", t["404_title"],
                          t["404_description"], lang.tag))
    return pages


KINDS = (Kind("404", _pages, sitemap=False),)
