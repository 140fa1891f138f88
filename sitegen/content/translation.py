"""Translations that say when they are behind.

A guide's revision is a short hash of what a translator translates in its default-language
file: title, summary, keywords, "before you start" and the Markdown body, as written (fact
references unresolved, so a fact edited in data/policies.yaml does not make translations old;
the fact has its own translations). When a translation is done, `sitegen translated SLUG LANG`
writes the revision of the original into the translation as `translated_from:`. Once the
original changes, its revision no longer matches: the translation is outdated, `check` says so
and the page tells its readers, with the day the original changed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sitegen.content.models import GuideMeta, Section
from sitegen.errors import BuildFailed, ContentError, Diagnostics
from sitegen.incremental.hashing import digest

if TYPE_CHECKING:
    from sitegen.pages.base import Guide

KEY = "translated_from"
State = Literal["current", "outdated", "unrecorded", "missing"]


@dataclass(frozen=True)
class Translation:
    """How a translation stands against its original; `changed`: the day the original last
    changed (its newest `changes:` entry or `last_reviewed`), for an outdated one."""

    state: State
    changed: dt.date | None = None
    path: Path | None = None


def revision(meta: GuideMeta, intro: str, sections: Sequence[Section]) -> str:
    """The revision of one guide file: a hash of the words a translator translates."""
    parts = [meta.title, meta.summary, *meta.keywords, "\0", *meta.you_need, "\0", intro]
    if meta.today:  # only when there is a box, so guides without one keep their revision
        parts += ["\0", *meta.today]
    for section in sections:
        parts += [section.title, section.markdown]
    return digest(part.strip().encode("utf-8") for part in parts)[:12]


def translation(guide: Guide, tag: str) -> Translation:
    """The state of the `tag` translation of a guide (the default language is `current`)."""
    original = guide.default
    text = guide.texts.get(tag)
    if text is None:
        return Translation("missing")
    if text is original:
        return Translation("current", path=text.path)
    recorded = text.meta.translated_from
    if recorded is None:
        return Translation("unrecorded", path=text.path)
    if recorded == original.revision:
        return Translation("current", path=text.path)
    changed = max([original.meta.last_reviewed, *(c.date for c in original.meta.changes)])
    return Translation("outdated", changed, text.path)


TRANSLATED_LINE = re.compile(rf"^{KEY}:.*\n", re.M)


def mark_translated(root: Path, slug: str, lang: str) -> tuple[Path, str]:
    """Record in content/guides/SLUG/LANG.md that it translates the current original: write
    `translated_from: REVISION`; the file and the revision."""
    from sitegen.content.load import FRONT_MATTER_END, language_tags, load_config, read_guide

    tags = language_tags(load_config(root))
    folder = Path("content") / "guides" / slug
    if lang not in tags or lang == tags[0]:
        raise ContentError(folder, 0, 0, f"'{lang}' is not a translation language here",
                           "name one of: " + ", ".join(tags[1:]))
    target = folder / f"{lang}.md"
    for rel in (folder / f"{tags[0]}.md", target):
        if not (root / rel).is_file():
            raise ContentError(rel, 0, 0, "no such file",
                               f"a guide '{slug}' needs {tags[0]}.md and {lang}.md first")
    diags = Diagnostics()
    original = read_guide(root / folder / f"{tags[0]}.md", root, slug, tags[0], diags)
    if original is None or diags.errors:
        raise BuildFailed(diags.errors)
    text = (root / target).read_text("utf-8")
    line = f"{KEY}: {original.revision}\n"
    end = FRONT_MATTER_END.search(text, 4) if text.startswith("---\n") else None
    if end is None:
        raise ContentError(target, 1, 1, "the front matter never closes",
                           "add a line with only --- after the last front-matter key")
    front = text[: end.start()]
    front = TRANSLATED_LINE.sub(line, front) if TRANSLATED_LINE.search(front) else front + line
    (root / target).write_text(front + text[end.start():], "utf-8")
    return target, original.revision
