"""The interface strings the templates and the code need (templates/i18n/{lang}.yaml).

The keys are collected from the templates (`t.name` or `t[...]` with a quoted name) and from
sitegen's own code (the same subscript), and the placeholders from the `.format(...)` calls
that fill them; a key no language has, a placeholder the code does not fill, or one a
translation adds, is an error with its line, before anything is rendered.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitegen.content.yamlload import Document
from sitegen.errors import Diagnostics
from sitegen.incremental.hashing import PACKAGE

TEMPLATE_KEY = re.compile(r"""\bt(?:\.([a-z0-9_]+)|\[\s*['"]([a-z0-9_]+)['"]\s*\])""")
CODE_KEY = re.compile(r"""\b(?:t|strings)\[\s*"([a-z0-9_]+)"\s*\]""")
FILLED = re.compile(r"""\b(?:t\.([a-z0-9_]+)|(?:t|strings)\[\s*['"]([a-z0-9_]+)['"]\s*\])"""
                    r"""\.format\(([^()]*(?:\([^()]*\)[^()]*)*)\)""")
ARGUMENT = re.compile(r"(?:^|,)\s*([a-z_][a-z0-9_]*)\s*=")
OUTSIDE = re.compile(r"(?s)(?:^|(?<=\}\})|(?<=%\})).*?(?=\{\{|\{%|$)")
PLACEHOLDER = re.compile(r"(?<!\{)\{([a-z_][a-z0-9_]*)\}(?!\})")


def _blank(match: re.Match[str]) -> str:
    """Text outside Jinja's tags, as spaces (newlines kept, so lines and columns stay)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def needed(root: Path) -> tuple[dict[str, tuple[str, int, int]], dict[str, set[str]]]:
    """Every key the templates and the code use, with where it is first used, and the
    placeholders each `.format` call fills, by key."""
    used: dict[str, tuple[str, int, int]] = {}
    filled: dict[str, set[str]] = {}
    unknown: set[str] = set()
    sources = [(p, f"templates/{p.name}", TEMPLATE_KEY)
               for p in sorted((root / "templates").glob("*.html"))]
    sources += [(p, f"sitegen/{p.relative_to(PACKAGE).as_posix()}", CODE_KEY)
                for p in sorted(PACKAGE.rglob("*.py"))]
    for path, name, pattern in sources:
        text = path.read_text("utf-8")
        if path.suffix == ".html":  # only what Jinja evaluates: {{ … }} and {% … %}
            text = OUTSIDE.sub(_blank, text)
        for match in pattern.finditer(text):
            key = next(g for g in match.groups() if g)
            line = text.count("\n", 0, match.start()) + 1
            used.setdefault(key, (name, line, match.start() - text.rfind("\n", 0, match.start())))
        for match in FILLED.finditer(text):
            key = match.group(1) or match.group(2)
            if "**" in match.group(3):  # fills names only known when it runs
                unknown.add(key)
            filled.setdefault(key, set()).update(ARGUMENT.findall(match.group(3)))
    for key in unknown:
        filled.pop(key, None)
    return used, filled


def check_strings(root: Path, docs: dict[str, Document], default: str,
                  diags: Diagnostics) -> None:
    """Report every missing interface string and every placeholder nothing fills."""
    base = docs.get(default)
    if base is None or not isinstance(base.data, dict):
        return
    used, filled = needed(root)
    for key, (name, line, col) in sorted(used.items()):
        if key not in base.data and key != "format":
            diags.error(name, line, col, f"no interface string '{key}' in any language",
                        f"add `{key}: …` to templates/i18n/{default}.yaml and every other "
                        "language")
    for tag, doc in docs.items():
        if not isinstance(doc.data, dict):
            continue
        for key, value in doc.data.items():
            if key in filled:  # the code's .format() call says which placeholders it fills
                allowed = filled[key]
            elif tag != default:  # filled by a script: a translation uses the default's
                allowed = set(PLACEHOLDER.findall(str(base.data.get(key, ""))))
            else:
                continue
            for extra in sorted(set(PLACEHOLDER.findall(str(value))) - allowed):
                line, col = doc.marks.at((key,))
                diags.error(doc.marks.path, line, col,
                            f"'{key}' has the placeholder {{{extra}}}, which nothing fills",
                            "the placeholders this text may use: "
                            + (", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none"))
