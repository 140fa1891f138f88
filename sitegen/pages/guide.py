"""Guide pages: `/{lang}/guides/{slug}/`, from content/guides/{slug}/{lang}.md."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitegen.content.models import GuideText
from sitegen.content.translation import translation
from sitegen.handouts.sheets import (
    SOME_ITEMS,
    Sheet,
    Sheets,
    Step,
    first_sentence,
    format_date,
)
from sitegen.pages.base import (
    Context,
    Crumbs,
    Draft,
    GroupRef,
    Guide,
    GuideRef,
    Kind,
    Language,
    Page,
    ref_of,
)
from sitegen.pages.changes import latest_major
from sitegen.render.sources import page_sources

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer
    from sitegen.site import Site


def guide_anchors(text: GuideText) -> list[str]:
    """The anchors a guide page has for its sections (#step-N or #section-N)."""
    prefix = "step" if text.meta.type == "steps" else "section"
    extra = (["today"] if text.meta.today else []) + (["you-need"] if text.meta.you_need else [])
    return extra + [f"{prefix}-{i}" for i in range(1, len(text.sections) + 1)]


def _pages(draft: Draft, lang: Language) -> list[Page]:
    pages = []
    for slug, guide in draft.guides.items():
        text = guide.text(lang.tag)
        meta = text.meta
        pages.append(Page(GuideRef(slug), "guide", lang, f"/{lang.prefix}/guides/{slug}/",
                          meta.title, meta.summary, text.lang, meta.last_reviewed,
                          draft.review_by(meta.last_reviewed, meta.review_interval_days)))
    return pages


def _context(r: Renderer, page: Page) -> Context:
    site, tag = r.site, page.lang.tag
    guide = site.guides[ref_of(page, GuideRef).slug]
    text = guide.text(tag)
    glossary = r.glossary(page)
    anchors = [a for a in guide_anchors(text) if a not in ("today", "you-need")]
    sections = [
        {"anchor": anchor, "title": s.title, "html": r.markdown(s.markdown, page, glossary)}
        for anchor, s in zip(anchors, text.sections, strict=True)
    ]
    procedures = [(ref.key, site.local(site.provinces[ref.code].spec.name, tag))
                  for ref in site.procedures_of.get(guide.slug, [])]
    related = [(GuideRef(s).key, r.title(GuideRef(s), tag))
               for s in text.meta.related if s in site.guides]
    return {"guide": text, "intro_html": r.markdown(text.intro, page, glossary),
            "sections": sections, "procedures": procedures, "related": related,
            "sources": page_sources(site, page), "latest_major": latest_major(site, page),
            "outdated": _outdated(r, page, guide),
            "audiences": [(GroupRef(a).key, site.local(site.groups[a].name, tag))
                          for a in text.meta.audiences]}


def _outdated(r: Renderer, page: Page, guide: Guide) -> str:
    """The notice of a translation older than its original, in the reader's language."""
    state = translation(guide, page.lang.tag)
    if state.state != "outdated" or state.changed is None or page.fallback:
        return ""
    t = r.site.strings(page.lang.tag)
    return t["outdated_notice"].format(language=r.site.default.name,
                                       date=format_date(state.changed, t))


def _crumbs(r: Renderer, page: Page) -> Crumbs:
    return [r.crumb("home", page), r.crumb("guides", page)]


def _sheet(s: Sheets, page: Page) -> Sheet:
    tag, t = page.lang.tag, s.strings(page)
    text = s.site.guides[ref_of(page, GuideRef).slug].text(tag)
    steps = []
    for section in text.sections:
        first = s.first_paragraph(section.markdown)
        steps.append(Step(section.title, first, more=s.more_text(section.markdown),
                          some=s.more_text(section.markdown, SOME_ITEMS),
                          brief=first_sentence(first)))
    url = s.canonical(page)
    return Sheet(
        kind="guide", anchor=page.key.replace("/", "-"), content_lang=page.content_lang,
        kicker=s.site_title(tag), title=text.meta.title, summary=text.meta.summary,
        audience=tuple(s.tr(s.site.groups[a].name, tag) for a in text.meta.audiences),
        steps_title=t["steps_label" if text.meta.type == "steps" else "handout_points_title"],
        steps=tuple(steps), bring=tuple(text.meta.you_need), today=tuple(text.meta.today),
        url=url, qr=s.qr(url, t),
        reviewed=format_date(text.meta.last_reviewed, t), reviewed_on=text.meta.last_reviewed,
        review_by=format_date(page.review_by, t) if page.review_by else "",
        sources=tuple((v.full, v.url) for v in page_sources(s.site, page)))


def _file(site: Site, page: Page) -> str:
    return str(site.guides[ref_of(page, GuideRef).slug].text(page.content_lang).path)


KINDS = (Kind("guide", _pages, _context, source=lambda page: page.key, crumbs=_crumbs,
              indexed=True, sheet=_sheet, file=_file),)
