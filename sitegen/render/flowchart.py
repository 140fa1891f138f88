"""The guided check's flow drawn as an SVG for editors: layered boxes (a question or an
outcome each, in rows by their distance from the first question) and arrows labelled with
the answers that take them. Laid out here at build time: no script, no library."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from sitegen.content.guided import Flow

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 190, 64, 36, 96, 16
LINE = 15  # px between lines of a box's text
CHARS = {"wide": 11, "narrow": 24}  # characters per line of a box: CJK, Latin


@dataclass(frozen=True)
class Box:
    """A question or an outcome of the drawing, at its place."""

    id: str
    label: str
    outcome: bool
    x: int
    y: int


def _edges(flow: Flow, local: Callable[[Any], str], t: dict[str, str],
           ) -> dict[tuple[str, str], list[str]]:
    """(from, to) → the labels of the answers that lead there; outcomes as `outcome:ID`."""
    edges: dict[tuple[str, str], list[str]] = {}
    for index, question in enumerate(flow.spec.questions):
        answers = flow.answers(index, question)
        if question.provinces and question.next:
            edges[(question.id, question.next)] = [
                t["check_flow_provinces"].format(n=len(answers))]
            continue
        for answer in answers:
            target = answer.next or (f"outcome:{answer.outcome}" if answer.outcome else "")
            if target:
                edges.setdefault((question.id, target), []).append(local(answer.label))
    return edges


def _layers(flow: Flow, edges: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """Every node reached from the start, in rows: each one row below the lowest row of a
    node that leads to it (a loop, which check reports, does not push it further)."""
    depth = {flow.spec.start or "": 0}
    limit = len(flow.spec.questions) + len(flow.spec.outcomes)
    for _ in range(limit):
        for source, target in edges:
            if source in depth and depth.get(target, -1) < depth[source] + 1 <= limit:
                depth[target] = depth[source] + 1
    rows: list[list[str]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for node, row in depth.items():
        rows[row].append(node)
    return rows


def _wrap(text: str, width: int) -> list[str]:
    wide = any(ord(c) > 0x2E80 for c in text)
    size = CHARS["wide"] if wide else CHARS["narrow"]
    if wide:
        return [text[i:i + size] for i in range(0, len(text), size)][:3]
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > size:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line][:3]


def flow_svg(flow: Flow, t: dict[str, str], local: Callable[[Any], str]) -> Markup:
    """The flow as an inline SVG with a title and a description (the page lists it in words
    too)."""
    edges = _edges(flow, local, t)
    rows = _layers(flow, edges)
    questions = {q.id: local(q.ask) for q in flow.spec.questions}
    outcomes = {f"outcome:{o.id}": local(o.title) for o in flow.spec.outcomes}
    widest = max((len(row) for row in rows), default=1)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    boxes: dict[str, Box] = {}
    for r, row in enumerate(rows):
        offset = (width - len(row) * BOX_W - (len(row) - 1) * GAP_X) // 2
        for c, node in enumerate(row):
            label = questions.get(node) or outcomes.get(node, node)
            boxes[node] = Box(node, label, node.startswith("outcome:"),
                              offset + c * (BOX_W + GAP_X), MARGIN + r * (BOX_H + GAP_Y))
    height = MARGIN * 2 + len(rows) * BOX_H + (len(rows) - 1) * GAP_Y
    parts = [Markup('<svg class="flow" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
                    'role="img" aria-labelledby="flow-svg-title">').format(width, height),
             Markup('<title id="flow-svg-title">{}</title>').format(t["check_flow_title"]),
             Markup('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
                    'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
                    '<path d="M0,0 L10,5 L0,10 z"/></marker></defs>')]
    parts += [_arrow(boxes[a], boxes[b], labels) for (a, b), labels in edges.items()
              if a in boxes and b in boxes]
    parts += [_box(box) for box in boxes.values()]
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _box(box: Box) -> Markup:
    lines = _wrap(box.label, BOX_W)
    top = box.y + BOX_H // 2 - (len(lines) - 1) * LINE // 2 + 5
    text = Markup("").join(
        Markup('<tspan x="{}" y="{}">{}</tspan>').format(box.x + BOX_W // 2, top + i * LINE,
                                                         line)
        for i, line in enumerate(lines))
    return Markup('<g class="{}"><rect x="{}" y="{}" width="{}" height="{}" rx="{}"/>'
                  '<text text-anchor="middle">{}</text></g>').format(
        "flow-outcome" if box.outcome else "flow-question", box.x, box.y, BOX_W, BOX_H,
        14 if box.outcome else 4, text)


def _arrow(a: Box, b: Box, labels: list[str]) -> Markup:
    x1, y1 = a.x + BOX_W // 2, a.y + BOX_H
    x2, y2 = b.x + BOX_W // 2, b.y
    if b.y <= a.y:  # back up a row (a loop, which check reports): round the side
        y2 = b.y + BOX_H // 2
        x2 = b.x
    label = " · ".join(labels)
    if len(label) > 40:
        label = label[:39] + "…"
    mx, my = x1 + (x2 - x1) * 2 // 3, y1 + (y2 - y1) * 2 // 3  # nearer the target: apart
    return Markup('<g class="flow-edge"><path d="M{},{} L{},{}" marker-end="url(#arrow)"/>'
                  '<text x="{}" y="{}" text-anchor="middle">{}</text></g>').format(
        x1, y1, x2, y2, mx, my, escape(label))
