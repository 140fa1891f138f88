"""Check a guide's Markdown source and split it into introduction and `## ` sections.

Checks run on the source so each problem has a line and column: raw HTML is refused
(an editor's pull request must never put a script into the site), links may only use
safe schemes, and images may not come from other hosts (the site requests nothing from them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.models import Link, Section
from sitegen.errors import Diagnostics
from sitegen.render.charts import CHARTS

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`+[^`\n]*`+")
RAW_HTML = re.compile(r"<(?!https?://|mailto:)(/?[A-Za-z][A-Za-z0-9-]*|!--)")
LINK = re.compile(r"(!?)\[(?:[^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
INTERNAL = ("guide:", "procedure:", "glossary:")
EXTERNAL = ("https://", "http://", "mailto:", "tel:")
CHART = re.compile(r"^\[\[chart:([a-z_]+)\]\]$")


@dataclass(frozen=True)
class Source:
    """A checked Markdown body."""

    intro: str
    sections: tuple[Section, ...]
    links: tuple[Link, ...]


def parse(body: str, path: Path, first_line: int, diags: Diagnostics) -> Source | None:
    """Check the body and split it at `## ` headings; None if the source has errors."""
    before = len(diags.errors)
    intro: list[str] = []
    sections: list[tuple[str, int, list[str]]] = []
    links: list[Link] = []
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        number = first_line + offset
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            links.extend(_check_line(line, path, number, diags))
            if line.startswith("## "):
                sections.append((line[3:].strip().rstrip("#").strip(), number, []))
                continue
        (sections[-1][2] if sections else intro).append(line)
    if len(diags.errors) > before:
        return None
    return Source(
        "\n".join(intro).strip() + "\n",
        tuple(Section(title, "\n".join(lines).strip() + "\n", n) for title, n, lines in sections),
        tuple(links),
    )


def _check_line(line: str, path: Path, number: int, diags: Diagnostics) -> list[Link]:
    if line.startswith("[[chart:"):
        name = chart_name(line)
        if name not in CHARTS:
            diags.error(path, number, 1, f"unknown chart '{line.strip()}'",
                        "charts: " + ", ".join(f"[[chart:{c}]]" for c in CHARTS))
        return []
    text = CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
    found: list[Link] = []
    for match in RAW_HTML.finditer(text):
        diags.error(path, number, match.start() + 1,
                    f"raw HTML is not allowed: '{match.group()}'",
                    "write Markdown instead; to show a '<' sign write \\<")
    for match in LINK.finditer(text):
        image, target = match.group(1), match.group(2)
        col = match.start(2) + 1
        if image:
            if "://" in target or target.startswith("//"):
                diags.error(path, number, col, f"image from another site: '{target}'",
                            "the site makes no request to other hosts; "
                            "add the image to the repository instead")
            continue
        if target.startswith(INTERNAL):
            found.append(Link(target, number, col))
        elif not target.startswith((*EXTERNAL, "#")):
            diags.error(path, number, col, f"link target '{target}' is not allowed",
                        "link to guide:slug, procedure:province/id, glossary:term, "
                        "#anchor or an https:// address")
    return found


def chart_name(paragraph: str) -> str | None:
    """The chart a paragraph asks for (`[[chart:participation]]`), if it is a chart marker."""
    match = CHART.match(paragraph.strip())
    return match.group(1) if match else None
