"""The risk scenarios (`/{lang}/scenarios/`): insured and uninsured side by side, from
data/scenarios.yaml; a site without stories has no such page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.handouts.sheets import Sheet, Sheets, Story
from sitegen.pages.base import Context, Draft, GuideRef, Kind, Language, Page, named_page

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer


def _pages(draft: Draft, lang: Language) -> list[Page]:
    if not draft.content.scenarios.scenarios:
        return []
    return [named_page(draft, lang, "scenarios", "scenarios/")]


def _context(r: Renderer | Sheets, page: Page) -> Context:
    """The stories, with the titles of the guides each one ends with."""
    tag = page.lang.tag
    return {"scenarios": [
        (s, [(GuideRef(slug).key, r.site.page(GuideRef(slug), tag).title) for slug in s.guides])
        for s in r.site.content.scenarios.scenarios]}


def _sheet(s: Sheets, page: Page) -> Sheet:
    """Each story's title, insured and uninsured, and the guides to read."""
    tag, t = page.lang.tag, s.strings(page)
    listed = _context(s, page)["scenarios"]

    def guide(key: str, title: str) -> tuple[str, str]:
        texts = s.site.guides[key.removeprefix("guide/")].texts
        return title, "" if tag in texts else next(iter(texts))

    stories = tuple(
        Story(s.tr(story.title, tag), s.tr(story.insured.title, tag),
              s.tr(story.uninsured.title, tag), tuple(guide(*g) for g in guides))
        for story, guides in listed)
    reviewed_on = max(s.site.guides[key.removeprefix("guide/")].default.meta.last_reviewed
                      for _, guides in listed for key, _ in guides)
    url = s.canonical(page)
    return Sheet(
        kind="scenarios", anchor="scenarios", content_lang=page.content_lang,
        kicker=s.site_title(tag), title=page.title, summary=page.description, url=url,
        qr=s.qr(url, t), reviewed="", reviewed_on=reviewed_on, stories=stories,
        ask=t["scenarios_confirm"])


KINDS = (Kind("scenarios", _pages, _context, indexed=True, sheet=_sheet,
              file=lambda site, page: str(site.content.marks["scenarios"].path)),)
