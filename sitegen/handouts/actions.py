"""The actions a flyer of "what to do first" prints under each of its steps: what to do, what
to bring and where, from the procedure or guide the step leads to, so that a printed flyer is
something to act on and not a list of titles (the hotlines follow in "where to ask").

The guided check's plans (`pages/guided.py`) say which steps a reader takes, in order, and why;
their flyers get their actions here, from the steps' pages, so the plan itself keeps only the
choice and order of steps.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from sitegen.pages.base import GuideRef, Page, ProcedureRef

if TYPE_CHECKING:
    from sitegen.handouts.sheets import Sheet, Sheets

# The name of a channel up to its explanation: "京通（北京政务服务应用…）" -> "京通".
EXPLANATION = re.compile(r"\s*[（(；;，,]")
MOST = 3  # actions and places per step: a flyer shows the first few, the QR code the rest
MOST_TO_BRING = 4


def short_name(name: str) -> str:
    """A channel's name without the explanation that follows it."""
    return EXPLANATION.split(name, maxsplit=1)[0].strip() or name


@dataclasses.dataclass(frozen=True)
class Actions:
    """What to do, what to bring and where, for one step of a flyer."""

    actions: tuple[str, ...] = ()
    bring: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    actions_lang: str = ""  # the language of actions and bring when it is a fallback's


def page_actions(maker: Sheets, page: Page) -> Actions:
    """The actions of a procedure page (its steps, documents and channels) or of a guide page
    (its steps' titles and what it says to have ready)."""
    site, tag = maker.site, page.lang.tag
    if isinstance(page.ref, ProcedureRef):
        proc = site.procedure(page.ref)
        channels = {c.id: c for c in site.provinces[page.ref.code].spec.channels}
        return Actions(tuple(maker.tr(step, tag) for step in proc.steps[:MOST]),
                       tuple(maker.tr(d, tag) for d in proc.documents[:MOST_TO_BRING]),
                       tuple(dict.fromkeys(short_name(maker.tr(channels[c].name, tag))
                                           for c in proc.channels))[:MOST])
    if isinstance(page.ref, GuideRef):
        text = site.guides[page.ref.slug].text(tag)
        return Actions(tuple(s.title for s in text.sections[:MOST]),
                       tuple(text.meta.you_need[:MOST_TO_BRING]),
                       actions_lang="" if text.lang == tag else text.lang)
    return Actions()


def with_actions(maker: Sheets, page: Page, sheet: Sheet, keys: list[str]) -> Sheet:
    """A flyer whose steps carry the actions of the pages they lead to (`keys`, in order)."""
    tag = page.lang.tag
    targets = [maker.site.page(key, tag) for key in keys]
    steps = tuple(dataclasses.replace(step, **dataclasses.asdict(page_actions(maker, target)))
                  for step, target in zip(sheet.steps, targets, strict=True))
    return dataclasses.replace(sheet, steps=steps)
