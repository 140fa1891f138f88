"""Check a guide's Markdown source and split it into introduction and `## ` sections.

Each problem has a line and column. Raw HTML is refused (an editor's pull request must never
put a script into the site) and so are control characters. Links and images are checked on
the tokens of the same parser that renders the page (`render.markdown.parser`), reference
definitions included, so every form of link that parser accepts is checked: links may only use
safe schemes, and images may not come from other hosts (the site requests nothing from them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import mdurl
from markdown_it import MarkdownIt

from sitegen.content.models import Link, Section
from sitegen.errors import Diagnostics
from sitegen.render.charts import CHARTS
from sitegen.render.markdown import parser

FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`+[^`\n]*`+")
RAW_HTML = re.compile(r"<(?!https?://|mailto:)(/?[A-Za-z][A-Za-z0-9-]*|!--)")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
INTERNAL = ("guide:", "procedure:", "glossary:")
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
        if (control := CONTROL.search(line)) is not None:
            diags.error(path, number, control.start() + 1,
                        f"control character U+{ord(control.group()):04X} in the text",
                        "delete it: it is invisible, and can reorder or hide the text around it")
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            _check_line(line, path, number, diags)
            if line.startswith("## "):
                sections.append((line[3:].strip().rstrip("#").strip(), number, []))
                continue
        (sections[-1][2] if sections else intro).append(line)
    md = parser()
    links += check_links(md, "\n".join(intro), path, first_line, diags)
    for _, number, lines in sections:
        links += check_links(md, "\n".join(lines), path, number + 1, diags)
    if len(diags.errors) > before:
        return None
    return Source(
        "\n".join(intro).strip() + "\n",
        tuple(Section(title, "\n".join(lines).strip() + "\n", n) for title, n, lines in sections),
        tuple(links),
    )


def _check_line(line: str, path: Path, number: int, diags: Diagnostics) -> None:
    if line.startswith("[[chart:"):
        name = chart_name(line)
        if name not in CHARTS:
            diags.error(path, number, 1, f"unknown chart '{line.strip()}'",
                        "charts: " + ", ".join(f"[[chart:{c}]]" for c in CHARTS))
        return
    text = CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
    for match in RAW_HTML.finditer(text):
        diags.error(path, number, match.start() + 1,
                    f"raw HTML is not allowed: '{match.group()}'",
                    "write Markdown instead; to show a '<' sign write \\<")


def check_links(md: MarkdownIt, text: str, path: Path, first_line: int,
                diags: Diagnostics) -> list[Link]:
    """Check every link and image the parser finds in `text` (which starts on `first_line`),
    and every reference definition; return the internal links, to be resolved later."""
    env: dict[str, Any] = {}
    tokens = md.parse(text, env)
    lines = text.split("\n")
    found: list[Link] = []
    for token in tokens:
        start = token.map[0] if token.map else 0
        for child in token.children or []:
            if child.type not in ("link_open", "image"):
                continue
            image = child.type == "image"
            target = str(child.attrs.get("src" if image else "href", ""))
            line, col = _locate(lines, target, start)
            if _allowed(target, image, path, first_line + line, col, diags):
                if target.startswith(INTERNAL):
                    found.append(Link(target, first_line + line, col))
    for reference in env.get("references", {}).values():
        target = str(reference.get("href", ""))
        line, col = _locate(lines, target, 0)
        _allowed(target, False, path, first_line + line, col, diags)
    return found


def _locate(lines: list[str], target: str, start: int) -> tuple[int, int]:
    """Line (from 0) and column (from 1) of `target` as written, searched from line `start`."""
    written = mdurl.decode(target)
    for i in range(start, len(lines)):
        for form in (target, written):
            col = lines[i].find(form) if form else -1
            if col >= 0:
                return i, col + 1
    return start, 1


def _allowed(target: str, image: bool, path: Path, line: int, col: int,
             diags: Diagnostics) -> bool:
    """Whether a link or image target may be published; an error for one that may not."""
    parts = urlsplit(unquote(target).replace("\\", "/"))  # as a browser would read it
    if image:
        if parts.scheme or parts.netloc:
            diags.error(path, line, col, f"image from another site: '{target}'",
                        "the site makes no request to other hosts; "
                        "add the image to the repository instead")
            return False
        return True
    web = parts.scheme in ("http", "https") and parts.netloc and "\\" not in target
    if target.startswith((*INTERNAL, "#")) or web or (
            parts.scheme in ("mailto", "tel") and parts.path and not parts.netloc):
        return True
    diags.error(path, line, col, f"link target '{target}' is not allowed",
                "link to guide:slug, procedure:province/id, glossary:term, "
                "#anchor or an https:// address")
    return False


def chart_name(paragraph: str) -> str | None:
    """The chart a paragraph asks for (`[[chart:participation]]`), if it is a chart marker."""
    match = CHART.match(paragraph.strip())
    return match.group(1) if match else None
