"""The translation status page for editors, `/{lang}/translations/` (not in the sitemap, not
searched): for every guide and every translation language, whether the translation is up to
date, older than its original (and since when), not yet recorded, or missing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.content.translation import translation
from sitegen.handouts.sheets import format_date
from sitegen.incremental.hashing import digest
from sitegen.pages.base import Context, Draft, GuideRef, Kind, Language, Page, named_page

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _pages(draft: Draft, lang: Language) -> list[Page]:
    page = named_page(draft, lang, "translations", "translations/")
    # What the page shows depends on the guides' bodies too (their revisions), which the
    # page cache does not hash for a page that lists everything: the state says it.
    states = [f"{slug}:{tag}:{translation(guide, tag)}" for slug, guide in draft.guides.items()
              for tag in (lang.tag for lang in draft.languages[1:])]
    return [Page(page.ref, page.kind, lang, page.url, page.title, page.description,
                 page.content_lang, state=digest(s.encode() for s in states))]


def _context(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    t = site.strings(tag)
    languages = site.languages[1:]
    rows, counts = [], {lang.tag: {"outdated": 0, "missing": 0, "unrecorded": 0}
                        for lang in languages}
    for slug, guide in site.guides.items():
        cells = []
        for lang in languages:
            state = translation(guide, lang.tag)
            if state.state in counts[lang.tag]:
                counts[lang.tag][state.state] += 1
            label = t[f"translation_{state.state}"]
            if state.changed:
                label = label.format(date=format_date(state.changed, t))
            cells.append({"state": state.state, "label": label,
                          "url": site.url(GuideRef(slug), lang.tag)})
        rows.append({"title": r.title(GuideRef(slug), tag), "url": site.url(GuideRef(slug), tag),
                     "cells": cells})
    return {"languages": languages, "rows": rows, "counts": counts}


KINDS = (Kind("translations", _pages, _context, sitemap=False),)
