"""The guided check's flow (data/check.yaml): its schema, every path through it, and the
rules a schema cannot say (every question reached, every path ending in an outcome, every
outcome naming pages that exist).

A path is the answers given so far, in order; it is also the page's URL below `/check/`, so
the back button, a bookmark and a shared link all keep the state without JavaScript. The walk
here is the one place paths are made: the pages and the checks both use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import Field

from sitegen.content.base import LocalText, NonEmpty, Schema, Slug
from sitegen.content.dated import LocalSource
from sitegen.content.yamlload import YamlPath

if TYPE_CHECKING:
    from sitegen.content.load import Content

MAX_STEPS = 6  # steps of one plan, after its conditions: what fits a printed page
MAX_NODES = 2500  # pages per language: each path is a page, so a flow must stay this small
RESERVED = frozenset({"flow"})  # /check/flow/ is the editors' drawing of the flow


class CheckAnswer(Schema):
    """One answer: a link to the next question or to an outcome."""

    id: Slug
    label: LocalText | None = None
    group: Slug | None = None  # a worker group of data/groups.yaml: its name is the label
    next: Slug | None = None
    outcome: Slug | None = None


class CheckQuestion(Schema):
    """A question and its answers; `provinces: true` answers with every province, each going
    to `next`."""

    id: Slug
    ask: LocalText
    hint: LocalText | None = None
    answers: list[CheckAnswer] = []
    provinces: bool = False
    next: Slug | None = None


class PlanStep(Schema):
    """One step of a plan: a procedure (in the reader's province) or a national guide. `when`:
    shown only after one of these answers; `unless`: not after any of these."""

    procedure: Slug | None = None
    guide: Slug | None = None
    why: LocalText
    bring: list[LocalText] = []  # besides a procedure's own documents
    time: LocalText | None = None  # a procedure's own time and cost otherwise
    when: list[Slug] = []
    unless: list[Slug] = []


class CheckOutcome(Schema):
    """A personal plan: ordered steps, with the sources its rules come from."""

    id: Slug
    title: LocalText
    summary: LocalText
    steps: list[PlanStep] = Field(min_length=1, max_length=12)
    sources: list[LocalSource] = Field(min_length=1)
    last_reviewed: dt.date
    review_interval_days: int | None = Field(default=None, gt=0)


class CheckFile(Schema):
    """data/check.yaml: where the check starts, its questions and its outcomes."""

    start: Slug | None = None
    questions: list[CheckQuestion] = []
    outcomes: list[CheckOutcome] = []
    note: NonEmpty | None = None


@dataclass(frozen=True)
class Answer:
    """An answer as a page shows it; `province`: the province it names, if it is one."""

    id: str
    label: LocalText
    next: str | None
    outcome: str | None
    where: YamlPath
    province: str = ""


@dataclass(frozen=True)
class Node:
    """One page of the check: the answers that lead to it and its question or outcome."""

    path: tuple[str, ...]
    question: CheckQuestion | None = None
    outcome: CheckOutcome | None = None
    province: str = ""  # the province answered on the way, if any

    @property
    def slug(self) -> str:
        """The page's place below /check/: its answers joined by "/"."""
        return "/".join(self.path)


@dataclass(frozen=True)
class Problem:
    """A fault of the flow, at a place in data/check.yaml."""

    where: YamlPath
    message: str
    hint: str


@dataclass(frozen=True)
class Flow:
    """The check's questions and outcomes by id, and the province names its answers use."""

    spec: CheckFile
    provinces: Mapping[str, LocalText]
    groups: Mapping[str, LocalText] = field(default_factory=dict)

    @property
    def questions(self) -> dict[str, tuple[int, CheckQuestion]]:
        """Each question and its place in the file, by id."""
        return {q.id: (i, q) for i, q in enumerate(self.spec.questions)}

    @property
    def outcomes(self) -> dict[str, tuple[int, CheckOutcome]]:
        """Each outcome and its place in the file, by id."""
        return {o.id: (i, o) for i, o in enumerate(self.spec.outcomes)}

    def answers(self, index: int, question: CheckQuestion) -> list[Answer]:
        """The answers of a question: its own, or one per province."""
        if question.provinces:
            return [Answer(code, name, question.next, None, ("questions", index, "provinces"),
                           code) for code, name in self.provinces.items()]
        return [Answer(a.id, a.label or self.groups.get(a.group or "", {}), a.next, a.outcome,
                       ("questions", index, "answers", j))
                for j, a in enumerate(question.answers)]


def flow_of(content: Content) -> Flow:
    """The guided check's flow, its province answers in the order of the province files."""
    return Flow(content.check, {p.spec.code: p.spec.name for p in content.provinces
                                if not p.spec.draft},
                {g.id: g.name for g in content.groups.groups})


def replay(flow: Flow, path: tuple[str, ...]) -> tuple[list[tuple[CheckQuestion, Answer]],
                                                         tuple[int, CheckQuestion] | None]:
    """The questions and answers along `path` (one the walk made), and the question it
    leads to (None when it leads to an outcome)."""
    questions, trail = flow.questions, []
    current: tuple[int, CheckQuestion] | None = questions[flow.spec.start or ""]
    for answer_id in path:
        assert current is not None, f"/check/{'/'.join(path)}/ goes on after an outcome"
        index, question = current
        answer = next(a for a in flow.answers(index, question) if a.id == answer_id)
        trail.append((question, answer))
        current = questions[answer.next] if answer.next else None
    return trail, current


def walk(flow: Flow) -> tuple[list[Node], list[Problem]]:
    """Every page of the check, in order (each question before what follows it), and the
    problems met on the way: a loop, an answer going nowhere, too many pages."""
    nodes: list[Node] = []
    problems: list[Problem] = []
    questions, outcomes = flow.questions, flow.outcomes
    if flow.spec.start is None:
        return nodes, problems
    todo: list[tuple[tuple[str, ...], str, str, tuple[str, ...]]] = [
        ((), flow.spec.start, "", ())]
    while todo:
        path, qid, province, asked = todo.pop()
        index, question = questions[qid]
        nodes.append(Node(path, question, province=province))
        if len(nodes) > MAX_NODES:
            return nodes, [Problem(("start",), f"the check would make more than {MAX_NODES} "
                                   "pages per language",
                                   "ask fewer questions, or send answers that change nothing "
                                   "to the same next question less often")]
        following = []
        for answer in flow.answers(index, question):
            here, place = (*path, answer.id), answer.province or province
            if answer.outcome in outcomes:
                nodes.append(Node(here, outcome=outcomes[answer.outcome][1], province=place))
            elif answer.next in questions and answer.next not in (*asked, qid):
                following.append((here, answer.next, place, (*asked, qid)))
            elif answer.next in questions:
                problems.append(Problem((*answer.where, "next"),
                                        f"answer '{answer.id}' leads back to question "
                                        f"'{answer.next}', asked before it on the way here",
                                        "a path must end in an outcome: send it on to a "
                                        "later question or an outcome"))
        todo.extend(reversed(following))
    return nodes, problems


def check_flow(flow: Flow, pages: set[str], answers_known: set[str] | None = None,
               ) -> Iterator[Problem]:
    """Every rule of the flow: references exist, every question and outcome is reached, every
    path ends in an outcome with at least one step. `pages`: the keys of the guides
    (`guide/SLUG`) and procedure kinds (`procedure/ID`) steps may name."""
    yield from _references(flow)
    nodes, problems = walk(flow)
    yield from problems
    ids = answers_known if answers_known is not None else _answer_ids(flow)
    yield from _steps(flow, pages, ids)
    reached_q = {n.question.id for n in nodes if n.question}
    reached_o = {n.outcome.id for n in nodes if n.outcome}
    for qid, (i, _) in flow.questions.items():
        if qid not in reached_q and flow.spec.start in flow.questions:
            yield Problem(("questions", i, "id"), f"question '{qid}' is never reached",
                          "no answer leads to it: name it in an answer's `next:` (or in "
                          "`start:`), or remove it")
    for oid, (i, _) in flow.outcomes.items():
        if oid not in reached_o and flow.spec.start in flow.questions:
            yield Problem(("outcomes", i, "id"), f"outcome '{oid}' is never reached",
                          "no answer leads to it: name it in an answer's `outcome:`")
    for node in nodes:
        steps = len(plan_steps(node.outcome, node.path)) if node.outcome else 1
        if node.outcome and not 0 < steps <= MAX_STEPS:
            i = flow.outcomes[node.outcome.id][0]
            yield Problem(("outcomes", i, "steps"), f"the plan at /check/{node.slug}/ has "
                          f"{steps} steps: a plan has 1 to {MAX_STEPS}",
                          "use `when:` and `unless:` so each path keeps only the steps that "
                          "apply to it")


def _answer_ids(flow: Flow) -> set[str]:
    return {a.id for i, q in enumerate(flow.spec.questions) for a in flow.answers(i, q)}


def _references(flow: Flow) -> Iterator[Problem]:
    """The start, every `next:` and `outcome:`, and answers that go nowhere or twice."""
    questions, outcomes = flow.questions, flow.outcomes
    if flow.spec.start is None:
        if flow.spec.questions:
            yield Problem((), "the check has questions but no `start:`",
                          "add `start: ID` naming the first question")
        return
    if flow.spec.start not in questions:
        yield Problem(("start",), f"no question '{flow.spec.start}' to start with",
                      "questions: " + ", ".join(questions))
    seen: dict[str, str] = {}
    ids = [q.id for q in flow.spec.questions]
    for i, question in enumerate(flow.spec.questions):
        if ids.index(question.id) != i:
            yield Problem(("questions", i, "id"), f"question '{question.id}' appears twice",
                          "give each question its own id")
        if not question.provinces and not question.answers:
            yield Problem(("questions", i), f"question '{question.id}' is a dead end: it has "
                          "no answers", "add `answers:`, or `provinces: true` and `next:`")
        if question.provinces and (question.answers or question.next is None):
            yield Problem(("questions", i), f"question '{question.id}' answers with the "
                          "provinces: it takes `next:` and no `answers:`",
                          "write `provinces: true` and `next: QUESTION`")
        for answer in flow.answers(i, question):
            yield from _answer(answer, question, questions, outcomes, seen)


def _answer(answer: Answer, question: CheckQuestion, questions: Mapping[str, object],
            outcomes: Mapping[str, object], seen: dict[str, str]) -> Iterator[Problem]:
    where = answer.where
    if answer.id in RESERVED or seen.get(answer.id, question.id) != question.id:
        yield Problem((*where, "id"), f"answer '{answer.id}' is used by question "
                      f"'{seen.get(answer.id, question.id)}' too (or is reserved)",
                      "answer ids are parts of the address: give each its own")
    seen.setdefault(answer.id, question.id)
    if not answer.province and not answer.label:
        yield Problem(where, f"answer '{answer.id}' has no label",
                      "add `label: {zh-CN: …, en: …}` or `group:` naming a worker group")
    if (answer.next is None) == (answer.outcome is None):
        yield Problem(where, f"answer '{answer.id}' is a dead end: it needs either `next:` "
                      "or `outcome:`", "write `next: QUESTION` or `outcome: OUTCOME`")
    elif answer.next is not None and answer.next not in questions:
        yield Problem((*where, "next"), f"no question '{answer.next}'",
                      "questions: " + ", ".join(questions))
    elif answer.outcome is not None and answer.outcome not in outcomes:
        yield Problem((*where, "outcome"), f"no outcome '{answer.outcome}'",
                      "outcomes: " + ", ".join(outcomes))


def _steps(flow: Flow, pages: set[str], answers: set[str]) -> Iterator[Problem]:
    """Each step names one page that exists; its conditions name answers that exist."""
    for i, outcome in enumerate(flow.spec.outcomes):
        for j, step in enumerate(outcome.steps):
            where = ("outcomes", i, "steps", j)
            if (step.procedure is None) == (step.guide is None):
                yield Problem(where, "a step names either a procedure or a guide",
                              "write `procedure: enroll-pension` or `guide: some-slug`")
            elif step.procedure is not None and f"procedure/{step.procedure}" not in pages:
                yield Problem((*where, "procedure"), f"unknown procedure '{step.procedure}'",
                              "use an id from data/procedures.yaml")
            elif step.guide is not None and f"guide/{step.guide}" not in pages:
                yield Problem((*where, "guide"), f"no guide '{step.guide}'",
                              "use the slug of a folder in content/guides/")
            for name in ("when", "unless"):
                for k, answer in enumerate(getattr(step, name)):
                    if answer not in answers:
                        yield Problem((*where, name, k), f"no answer '{answer}'",
                                      "name the id of an answer of a question")


def plan_steps(outcome: CheckOutcome, path: tuple[str, ...]) -> list[PlanStep]:
    """The steps of an outcome that apply after the answers of `path`, in order."""
    given = set(path)
    return [step for step in outcome.steps
            if (not step.when or given & set(step.when)) and not given & set(step.unless)]
