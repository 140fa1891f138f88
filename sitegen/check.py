"""What `check` adds to the build's own checks: review dates, a table of missing translations,
and GitHub Actions annotations.

The build's checks (schema, links, anchors, glossary references) run unchanged through
`build.analyse`; this module only adds what matters to editors and not to a build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen import build as builder
from sitegen.content.files import read_text
from sitegen.content.guided import MAX_NODES
from sitegen.content.load import FRONT_MATTER_END, load_config, read_yaml
from sitegen.content.sources import is_homepage
from sitegen.content.translation import translation
from sitegen.content.yamlload import Document, YamlPath, load_yaml
from sitegen.errors import BuildFailed, ContentError, Sorted
from sitegen.site import Site

# The wording used by schema.check_languages and site._pair_guides for a missing translation.
UNTRANSLATED = re.compile(r"not translated into '([^']+)'")
OUTDATED = re.compile(r"the '([^']+)' translation is older than its original")
REVIEW_KEY = "last_reviewed"
INTERVAL_KEY = "review_interval_days"


@dataclass(frozen=True)
class Untranslated:
    """One file with texts missing in one language."""

    path: str
    count: int


@dataclass(frozen=True)
class CheckReport(Sorted):
    """Every problem `check` found, and the missing translations by language tag."""

    problems: tuple[ContentError, ...]
    missing: dict[str, tuple[Untranslated, ...]]
    homepages: dict[str, int] = field(default_factory=dict)  # older-form sources, by file
    outdated: dict[str, tuple[Untranslated, ...]] = field(default_factory=dict)
    guided: tuple[int, int, int] = (0, 0, 0)  # the check's questions, plans, PDFs per language


def check(root: Path, *, today: dt.date) -> CheckReport:
    """Run every check of the build, plus review dates; summarise missing translations."""
    site, diags, _ = builder.analyse(root, write_cache=False)
    problems = [*diags.problems, *review_warnings(root, today=today),
                *fact_warnings(root, today=today),
                *(outdated_warnings(site) if site is not None else [])]
    return CheckReport(tuple(problems), missing_translations(problems), homepage_sources(root),
                       missing_translations(problems, OUTDATED), guided_counts(site))


def guided_counts(site: Site | None) -> tuple[int, int, int]:
    """The guided check's question pages, plans and plan handouts in the default language."""
    if site is None:
        return (0, 0, 0)
    plans = site.pages_of("check-plan", site.default)
    questions = len(site.pages_of("check", site.default) + site.pages_of("check-question",
                                                                         site.default))
    return (questions, len(plans), len({page.handout for page in plans}))


def guided_line(counts: tuple[int, int, int]) -> list[str]:
    """What the check says of the guided check's size, if the site has one."""
    questions, plans, handouts = counts
    if not questions:
        return []
    return [f"Guided check: {questions} question pages and {plans} plans per language "
            f"({handouts} plan handouts; at most {MAX_NODES} pages)."]


def missing_translations(problems: list[ContentError], pattern: re.Pattern[str] = UNTRANSLATED,
                         ) -> dict[str, tuple[Untranslated, ...]]:
    """The 'not translated' warnings (or others matching `pattern`) counted by language, then
    by file."""
    counts: dict[str, dict[str, int]] = {}
    for problem in problems:
        match = pattern.search(problem.message)
        if problem.severity == "warning" and match:
            files = counts.setdefault(match.group(1), {})
            files[str(problem.path)] = files.get(str(problem.path), 0) + 1
    return {tag: tuple(Untranslated(path, n) for path, n in sorted(files.items()))
            for tag, files in sorted(counts.items())}


def review_warnings(root: Path, *, today: dt.date) -> list[ContentError]:
    """A warning for each page due for review: `last_reviewed` plus its review interval
    (`review_interval_days` of the page, else of its province, else of site.yaml) is past."""
    try:
        default = load_config(root).review_days
    except (BuildFailed, ContentError):
        return []  # analyse has already reported why site.yaml cannot be read
    found: list[ContentError] = []
    for doc in _reviewed_documents(root):
        for where, value, interval in _review_dates(doc.data, (), default):
            line, col = doc.marks.at(where)
            age = (today - value).days
            if age > interval:
                due = value + dt.timedelta(days=interval)
                found.append(ContentError(
                    doc.marks.path, line, col,
                    f"last reviewed on {value} ({age} days ago; the limit is {interval}): "
                    f"the next check was due by {due}",
                    "check the text against its sources, then set last_reviewed to that day",
                    "warning"))
            elif age < 0:
                found.append(ContentError(
                    doc.marks.path, line, col, f"last_reviewed {value} is in the future",
                    "write the day a person last checked the text, as YYYY-MM-DD", "warning"))
    return found


def fact_warnings(root: Path, *, today: dt.date) -> list[ContentError]:
    """A warning for each policy fact whose `review_by` day has passed."""
    path = root / "data" / "policies.yaml"
    try:
        doc = read_yaml(path, root) if path.is_file() else None
    except ContentError:
        return []
    facts = doc.data.get("facts") if doc is not None and isinstance(doc.data, dict) else None
    found = []
    for i, fact in enumerate(facts if isinstance(facts, list) else []):
        due = fact.get("review_by") if isinstance(fact, dict) else None
        if isinstance(due, dt.date) and due < today:
            assert doc is not None
            line, col = doc.marks.at(("facts", i, "review_by"))
            found.append(ContentError(
                doc.marks.path, line, col,
                f"policy fact '{fact.get('id')}' was due for review by {due} "
                f"({(today - due).days} days ago)",
                "check the fact against its sources (and whether a newer rule applies), "
                "then set review_by to the next day it must be checked", "warning"))
    return found


def outdated_warnings(site: Site) -> list[ContentError]:
    """A warning for each translation made from an older revision of its original."""
    found = []
    for slug, guide in site.guides.items():
        for lang in site.languages[1:]:
            state = translation(guide, lang.tag)
            if state.state != "outdated" or state.path is None:
                continue
            try:
                doc = _front_matter(site.root / state.path, site.root)
            except ContentError:
                continue
            line, col = doc.marks.at(("translated_from",)) if doc else (1, 1)
            found.append(ContentError(
                state.path, line, col,
                f"the '{lang.tag}' translation is older than its original "
                f"({guide.default.path}, changed on {state.changed})",
                f"bring it up to date with {guide.default.path.name}, then run "
                f"`sitegen translated {slug} {lang.tag}`", "warning"))
    return found


def _reviewed_documents(root: Path) -> Iterator[Document]:
    """Guides' front matter, province files and the guided check's plans; unreadable ones are
    skipped (analyse says why)."""
    for path in sorted((root / "content" / "guides").glob("*/*.md")):
        try:
            doc = _front_matter(path, root)
        except ContentError:
            continue
        if doc is not None:
            yield doc
    for path in [*sorted((root / "provinces").glob("*.yaml")), root / "data" / "check.yaml"]:
        if not path.is_file():
            continue
        try:
            yield read_yaml(path, root)
        except ContentError:
            continue


def _front_matter(path: Path, root: Path) -> Document | None:
    text = read_text(path, root)
    end = FRONT_MATTER_END.search(text, 4) if text.startswith("---\n") else None
    if end is None:
        return None
    return load_yaml(text[4: end.start()], path.relative_to(root), line_offset=1)


def _review_dates(data: Any, where: YamlPath,
                  interval: int) -> Iterator[tuple[YamlPath, dt.date, int]]:
    """Every `last_reviewed` date in a document, at any depth, with its review interval: the
    nearest `review_interval_days` around it, else `interval`."""
    if isinstance(data, dict):
        own = data.get(INTERVAL_KEY)
        interval = own if isinstance(own, int) and not isinstance(own, bool) and own > 0 \
            else interval
        for key, value in data.items():
            if key == REVIEW_KEY and isinstance(value, dt.date):
                yield (*where, key), value, interval
            else:
                yield from _review_dates(value, (*where, key), interval)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _review_dates(item, (*where, i), interval)


def homepage_sources(root: Path) -> dict[str, int]:
    """Sources in the older form (`name`, `url`) whose address is only a homepage, counted by
    file: what is left to rewrite in the full form (issuer, title, number, date, url)."""
    found: dict[str, int] = {}
    policies = root / "data" / "policies.yaml"
    documents = list(_reviewed_documents(root))
    if policies.is_file():
        with contextlib.suppress(ContentError):
            documents.append(read_yaml(policies, root))
    for doc in documents:
        count = sum(1 for item in _source_items(doc.data)
                    if "name" in item and is_homepage(str(item.get("url", ""))))
        if count:
            found[str(doc.marks.path)] = count
    return found


def _source_items(data: Any) -> Iterator[dict[str, Any]]:
    """Every entry of every `sources:` list in a document, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list):
                yield from (item for item in value if isinstance(item, dict))
            else:
                yield from _source_items(value)
    elif isinstance(data, list):
        for item in data:
            yield from _source_items(item)


def homepage_lines(found: dict[str, int], *, full: bool) -> list[str]:
    """A line counting the older-form homepage sources, or (`full`) a table of them."""
    if not found:
        return []
    total = sum(found.values())
    head = (f"Sources in the older form that cite only a homepage: {total} in {len(found)} "
            "files (rewrite them with issuer, title, number, date and the document's url)")
    if not full:
        return [head + "; `sitegen check --sources` lists them."]
    return [head + ":", *(f"  {n:>5}  {path}" for path, n in sorted(found.items()))]


def translation_table(missing: dict[str, tuple[Untranslated, ...]],
                      title: str = "Missing translations:") -> list[str]:
    """Lines of the table of missing (or outdated) translations (none when there are none)."""
    if not missing:
        return []
    lines = [title, f"  {'language':<10} {'count':>5}  where"]
    for tag, files in missing.items():
        where = ", ".join(f.path if f.count == 1 else f"{f.path} ({f.count})" for f in files)
        lines.append(f"  {tag:<10} {sum(f.count for f in files):>5}  {where}")
    return lines


def github_annotation(problem: ContentError) -> str:
    """The problem as a GitHub Actions workflow command, shown on the pull request's line."""
    props = [f"file={_escape_property(str(problem.path))}"]
    if problem.line:
        props.append(f"line={problem.line}")
        if problem.col:
            props.append(f"col={problem.col}")
    props.append(f"title={_escape_property('sitegen check')}")
    message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    command = "error" if problem.severity == "error" else "warning"
    return f"::{command} {','.join(props)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
