"""The guided check, "check what to do" (`/{lang}/check/`), from data/check.yaml: a page per
question reached, its answers plain links one level down (`/check/{answer}/{answer}/…/`), and
a plan per outcome reached, with a one-page handout. The answers are the URL, so the check
works with JavaScript off and a link to a plan is the plan. `/check/flow/` draws the flow for
editors. A site without data/check.yaml has no check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitegen.content.guided import Node, PlanStep, flow_of, plan_steps, replay, walk
from sitegen.handouts.actions import with_actions
from sitegen.handouts.sheets import Sheet, Sheets, Step, format_date, lang_text
from sitegen.pages.base import (
    CheckRef,
    Context,
    Crumbs,
    Draft,
    GuideRef,
    Kind,
    Language,
    Named,
    Page,
    ProcedureRef,
    local,
    ref_of,
)
from sitegen.render.flowchart import flow_svg
from sitegen.render.sources import source_view

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer
    from sitegen.site import Site

MAX_CHANNELS = 4  # where to do a step: its first channels; the procedure's page lists them all


def _pages(draft: Draft, lang: Language) -> list[Page]:
    """Every question and plan the walk reaches, in this language."""
    nodes, _ = walk(flow_of(draft.content))
    return [_page(draft, lang, node) for node in nodes]


def _page(draft: Draft, lang: Language, node: Node) -> Page:
    t, tag, default = draft.content.i18n[lang.tag], lang.tag, draft.default
    url = f"/{lang.prefix}/check/" + (f"{node.slug}/" if node.path else "")
    ref = CheckRef(node.slug)
    if node.question is not None:
        kind = "check" if not node.path else "check-question"
        title = (t["check_title"] if not node.path else
                 t["check_question_title"].format(question=local(node.question.ask, tag,
                                                                 default)))
        hint = node.question.hint
        return Page(ref, kind, lang, url, title, local(hint, tag, default)
                    if hint and node.path else t["check_description"], tag)
    outcome = node.outcome
    assert outcome is not None
    shown = "".join(chr(ord("a") + i) for i, step in enumerate(outcome.steps)
                    if step in plan_steps(outcome, node.path))
    return Page(ref, "check-plan", lang, url, local(outcome.title, tag, default),
                local(outcome.summary, tag, default), tag, outcome.last_reviewed,
                draft.review_by(outcome.last_reviewed, outcome.review_interval_days),
                handout=f"check-{outcome.id}-{node.province or 'china'}-{shown}")


def _path(page: Page) -> tuple[str, ...]:
    path = ref_of(page, CheckRef).path
    return tuple(path.split("/")) if path else ()


def _so_far(r: Renderer | Sheets, page: Page) -> tuple[list[dict[str, Any]], Any]:
    """The answers given on the way to `page`, each with the page to change it, and the
    question the page asks (None on a plan)."""
    site, tag, path = r.site, page.lang.tag, _path(page)
    trail, current = replay(flow_of(site.content), path)
    so_far = [{"question": site.local(q.ask, tag), "answer": site.local(a.label, tag),
               "change": CheckRef("/".join(path[:i]))} for i, (q, a) in enumerate(trail)]
    return so_far, current


def question(r: Renderer, page: Page) -> Context:
    """A question: the answers so far (each with "change"), the question and its answers."""
    site, tag, path = r.site, page.lang.tag, _path(page)
    so_far, current = _so_far(r, page)
    assert current is not None
    index, asked = current
    answers = [(site.local(a.label, tag), CheckRef("/".join((*path, a.id))))
               for a in flow_of(site.content).answers(index, asked)]
    return {"so_far": so_far, "question": asked, "answers": answers,
            "number": len(path) + 1}


def plan(r: Renderer | Sheets, page: Page) -> Context:
    """A plan: its steps in order, each with why, what to bring, where, how long and the page
    that explains it; and the province whose channels and hotlines it names."""
    site, tag, path = r.site, page.lang.tag, _path(page)
    flow = flow_of(site.content)
    trail, _ = replay(flow, path)
    outcome = flow.outcomes[trail[-1][1].outcome or ""][1]
    code = next((a.province for _, a in reversed(trail) if a.province), "")
    province = site.provinces[code].spec if code else None
    steps = [_step(site, tag, step, code) for step in plan_steps(outcome, path)]
    so_far, _ = _so_far(r, page)
    t = site.strings(tag)
    sources = [source_view(s, tag, site.default.tag, t) for s in outcome.sources]
    return {"so_far": so_far, "outcome": outcome, "steps": steps, "province": province,
            "province_code": code, "sources": sources}


def _step(site: Site, tag: str, step: PlanStep, code: str) -> dict[str, Any]:
    """One step of a plan, in the words of language `tag`."""
    proc = None
    if step.procedure is not None:
        guide = GuideRef(site.procedure_kinds[step.procedure].guide)
        key: ProcedureRef | GuideRef = guide
        if code and (code, step.procedure) in site.procedures:
            key = ProcedureRef(code, step.procedure)
            proc = site.procedures[(code, step.procedure)]
    else:
        key = guide = GuideRef(step.guide or "")
    bring = [site.local(item, tag) for item in (proc.documents if proc else [])]
    bring += [site.local(item, tag) for item in step.bring]
    if proc is None:
        bring += site.guides[guide.slug].text(tag).meta.you_need
    channels, more = [], False
    if proc is not None:
        more = len(proc.channels) > MAX_CHANNELS
        by_id = {c.id: c for c in site.provinces[code].spec.channels}
        channels = [by_id[c] for c in proc.channels[:MAX_CHANNELS]]
    time = step.time or (proc.time_and_cost if proc else None)
    return {"key": key.key, "title": site.page(key, tag).title, "why": site.local(step.why, tag),
            "why_lang": "" if tag in step.why else site.default.tag, "bring": bring,
            "channels": channels, "more_channels": more,
            "time": site.local(time, tag) if time else "",
            "guide_key": guide.key if guide != key else "",
            "guide_title": site.page(guide, tag).title}


def flow_page(r: Renderer, page: Page) -> Context:
    """The editors' drawing of the flow, and its numbers."""
    site, tag = r.site, page.lang.tag
    flow = flow_of(site.content)
    nodes = walk(flow)[0]
    return {"flow_svg": flow_svg(flow, site.strings(tag), lambda value: site.local(value, tag)),
            "flow_questions": sum(1 for n in nodes if n.question),
            "flow_plans": sum(1 for n in nodes if n.outcome),
            "flow_handouts": len({p.handout for p in site.pages_of("check-plan", page.lang)})}


def _crumbs(r: Renderer, page: Page) -> Crumbs:
    return [r.crumb("home", page), r.crumb(CheckRef(), page)]


def _sheet(s: Sheets, page: Page) -> Sheet:
    """The plan on one page: each step with why, the province's hotlines and the sources."""
    tag, t = page.lang.tag, s.strings(page)
    context = plan(s, page)
    province = context["province"]
    steps = tuple(Step(step["title"], lang_text(step["why"], step["why_lang"]))
                  for step in context["steps"])
    sources = tuple((view.full, view.url) for view in context["sources"])
    url = s.canonical(page)
    assert page.last_reviewed is not None and page.review_by is not None
    sheet = Sheet(
        kind="check-plan", anchor=page.key.replace("/", "-"), content_lang=page.content_lang,
        kicker=s.tr(province.name, tag) if province else s.site_title(tag), title=page.title,
        summary=page.description, steps_title=t["check_steps_title"], steps=steps,
        hotlines=s.hotlines(context["province_code"], tag) if province else (),
        url=url, qr=s.qr(url, t), reviewed=format_date(page.last_reviewed, t),
        reviewed_on=page.last_reviewed, review_by=format_date(page.review_by, t),
        sources=sources)
    return with_actions(s, page, sheet, [step["key"] for step in context["steps"]])


def _file(site: Site, page: Page) -> str:
    return str(site.content.marks["check"].path)


def _flow_pages(draft: Draft, lang: Language) -> list[Page]:
    if draft.content.check.start is None:
        return []
    t = draft.content.i18n[lang.tag]
    return [Page(Named("check-flow"), "check-flow", lang, f"/{lang.prefix}/check/flow/",
                 t["check_flow_title"], t["check_flow_description"], lang.tag)]


KINDS = (
    Kind("check", lambda draft, lang: [p for p in _pages(draft, lang) if p.kind == "check"],
         question, indexed=True, file=_file),
    Kind("check-question",
         lambda draft, lang: [p for p in _pages(draft, lang) if p.kind == "check-question"],
         question, crumbs=_crumbs, sitemap=False, file=_file),
    Kind("check-plan",
         lambda draft, lang: [p for p in _pages(draft, lang) if p.kind == "check-plan"],
         plan, crumbs=_crumbs, sitemap=False, sheet=_sheet, sizes=("a4",), file=_file),
    Kind("check-flow", _flow_pages, flow_page, crumbs=_crumbs, sitemap=False, file=_file),
)
