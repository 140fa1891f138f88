"""Policy facts in the text: `[[fact:ID]]` and `[[fact:ID.PART]]`, found, checked, resolved.

Editors write a reference anywhere in a guide (front matter or Markdown) or in a YAML text
(a province, the glossary, the guided check, the scenarios). `scan` finds every reference in a
file's text with its line and column, so an unknown fact or part is a `path:line:col` error;
the site model replaces each reference with the fact's text in the language around it
(`resolve_*`), so pages, search, and PDF handouts all show the same words and one edit of
data/policies.yaml changes them all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from sitegen.content.dated import Fact, PoliciesFile
from sitegen.content.models import GuideText, Link
from sitegen.errors import Diagnostics

REFERENCE = re.compile(r"\[\[fact:([a-z0-9-]+)(?:\.([a-z0-9-]+))?\]\]")
OPENING = "[[fact:"
SYNTAX = "write [[fact:ID]] or [[fact:ID.PART]] on one line, with ids from data/policies.yaml"
M = TypeVar("M", bound=BaseModel)


def scan(text: str, path: Path, diags: Diagnostics, *, first_line: int = 1,
         yaml: bool = False) -> tuple[Link, ...]:
    """Every fact reference in `text`, as links `fact:ID` or `fact:ID.PART` with their places;
    a malformed one is an error. `yaml`: skip comment lines."""
    found: list[Link] = []
    for number, line in enumerate(text.split("\n"), first_line):
        if OPENING not in line or (yaml and line.lstrip().startswith("#")):
            continue
        start = 0
        while (at := line.find(OPENING, start)) >= 0:
            match = REFERENCE.match(line, at)
            if match is None:
                end = line.find("]]", at)
                shown = line[at: end + 2] if end >= 0 else line[at: at + 40]
                diags.error(path, number, at + 1, f"malformed fact reference '{shown}'", SYNTAX)
                start = at + len(OPENING)
                continue
            target = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
            found.append(Link(f"fact:{target}", number, at + 1))
            start = match.end()
    return tuple(found)


class Facts:
    """The facts of data/policies.yaml by id."""

    def __init__(self, policies: PoliciesFile) -> None:
        self.by_id: dict[str, Fact] = {fact.id: fact for fact in policies.facts}

    def problem(self, target: str) -> tuple[str, str] | None:
        """Why reference `fact:ID.PART` cannot be resolved (message, hint), or None."""
        fact_id, _, part = target.removeprefix("fact:").partition(".")
        fact = self.by_id.get(fact_id)
        if fact is None:
            close = difflib.get_close_matches(fact_id, self.by_id, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return (f"unknown policy fact '{fact_id}'",
                    hint + "facts in data/policies.yaml: " + (", ".join(sorted(self.by_id))
                                                             or "none yet"))
        parts = [p.id for p in fact.parts]
        if part and part not in parts:
            close = difflib.get_close_matches(part, parts, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return (f"policy fact '{fact_id}' has no part '{part}'",
                    hint + f"write [[fact:{fact_id}]] for its text"
                    + (", or one of its parts: " + ", ".join(parts) if parts else
                       " (it has no parts)"))
        return None

    def text(self, fact_id: str, part: str, tag: str, default: str) -> str:
        """The words of a reference in language `tag` (the default language's if missing)."""
        fact = self.by_id[fact_id]
        value = next(p.text for p in fact.parts if p.id == part) if part else fact.text
        return value.get(tag, value[default])

    def resolve(self, text: str, tag: str, default: str) -> str:
        """`text` with each reference replaced by the fact's words in language `tag`."""
        if OPENING not in text:
            return text
        return REFERENCE.sub(lambda m: self.text(m.group(1), m.group(2) or "", tag, default),
                             text)


def used(value: Any) -> set[str]:
    """The ids of the facts that a model, or any text inside it, refers to."""
    found: set[str] = set()

    def note(text: str, tag: str) -> str:
        found.update(m.group(1) for m in REFERENCE.finditer(text))
        return text

    if isinstance(value, GuideText):  # a dataclass: its front matter and its Markdown
        _walk([value.meta, value.intro, *(s.title + "\n" + s.markdown for s in value.sections)],
              "", note)
    else:
        _walk(value, "", note)
    return found


def resolve_model(model: M, facts: Facts, tag: str, default: str, tags: Iterable[str]) -> M:
    """A copy of `model` with every reference resolved: in a map by language, in that
    language; elsewhere in language `tag`."""
    languages = set(tags)

    def replace(text: str, lang: str) -> str:
        return facts.resolve(text, lang or tag, default)

    return _walk(model, "", replace, languages)  # type: ignore[no-any-return]


def _walk(value: Any, lang: str, replace: Callable[[str, str], str],
          languages: set[str] | None = None) -> Any:
    """`value` with `replace(text, language)` applied to every string in it that holds a
    reference; parts without one are the same objects, not copies."""
    if isinstance(value, str):
        return replace(value, lang) if OPENING in value else value
    if isinstance(value, BaseModel):
        changed = {}
        for name, item in value.__dict__.items():
            if (new := _walk(item, lang, replace, languages)) is not item:
                changed[name] = new
        return value.model_copy(update=changed) if changed else value
    if isinstance(value, dict):
        items = {key: _walk(item, key if languages and key in languages else lang, replace,
                            languages) for key, item in value.items()}
        return items if any(items[k] is not v for k, v in value.items()) else value
    if isinstance(value, list | tuple):
        walked = type(value)(_walk(item, lang, replace, languages) for item in value)
        return walked if any(a is not b for a, b in zip(walked, value, strict=True)) else value
    return value
