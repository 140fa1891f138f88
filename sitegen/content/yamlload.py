"""One YAML loader for all content: keeps marks, rejects duplicate keys, strict scalars.

PyYAML's own constructors follow YAML 1.1, which reads `no`, `on` and `off` as booleans and
`012` as an octal number. Editors write Chinese place names and codes, so we compose the node
tree with PyYAML (the C parser when available) and build plain Python values ourselves:
only `true`/`false` are booleans, and every value's position is kept for error messages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.errors import ContentError

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _PLAIN = "tag:yaml.org,2002:str", "tag:sitegen:plain"


class Loader(_Base):  # type: ignore[misc]
    """PyYAML's parser without its YAML 1.1 guessing of scalar types (`_scalar` decides):
    quoted text is a string, plain text is left to `_scalar`."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"


YamlPath = tuple[str | int, ...]

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "false": False}
# Bounds, checked while values are built (before any is expanded further): an alias may stand
# for a large part of the document, so a small file could otherwise expand without end.
MAX_VALUES = 200_000  # values in one document, aliases counted each time they are used
MAX_DEPTH = 40  # maps and lists inside each other
MAX_NUMBER_DIGITS = 30


@dataclass(frozen=True)
class Marks:
    """Where each value (and each mapping key) of a document starts: 1-based line and column."""

    path: Path
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def at(self, where: YamlPath, *, key: bool = False) -> tuple[int, int]:
        """The position of `where`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        probe = tuple(where)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


@dataclass(frozen=True)
class Document:
    """A parsed YAML document and the marks of its values."""

    data: Any
    marks: Marks


def load_yaml(text: str, path: Path, *, line_offset: int = 0) -> Document:
    """Parse one YAML document; raise ContentError with the position of the first fault."""
    marks = Marks(path)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path, line_offset) from None
    except yaml.YAMLError as exc:
        raise ContentError(path, 1 + line_offset, 1, f"cannot read YAML: {exc}") from None
    except RecursionError:
        raise ContentError(path, 1 + line_offset, 1, "this YAML is nested too deeply",
                           f"keep maps and lists at most {MAX_DEPTH} levels deep") from None
    if node is None:
        return Document(None, marks)
    data = _Builder(marks, line_offset).build(node, ())
    return Document(data, marks)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: Path, offset: int) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
    problem = exc.problem or "YAML syntax error"
    lines = text.split("\n")
    bad_line = lines[mark.line] if mark and mark.line < len(lines) else ""
    hint = "check the indentation and quotes on this line and the one before it"
    if "\t" in bad_line[: col + 1]:
        hint = "indent with spaces, never with a tab character"
    elif ": [[" in bad_line:  # a value that starts with a fact reference reads as a list
        hint = "put a text that starts with [[fact:…]] in quotes: \"[[fact:…]] …\""
    elif "quoted scalar" in problem or "quote" in (exc.context or ""):
        hint = "a quoted text must end with the same quote mark it started with"
    elif "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' in quotes, or fix the indentation of this line"
    elif "expected <block end>" in problem:
        hint = "this line is indented differently from the lines around it"
    return ContentError(path, line, col, f"YAML syntax error: {problem}", hint)


class _Builder:
    """Builds plain values from the node tree, within the bounds above."""

    def __init__(self, marks: Marks, offset: int) -> None:
        self.marks, self.offset = marks, offset
        self.count = 0
        self.open: set[int] = set()  # the nodes being built: one met again is a loop of aliases

    def fail(self, node: yaml.Node, message: str, hint: str) -> ContentError:
        return ContentError(self.marks.path, node.start_mark.line + 1 + self.offset,
                            node.start_mark.column + 1, message, hint)

    def build(self, node: yaml.Node, where: YamlPath) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.fail(node, f"this file has more than {MAX_VALUES:,} values",
                            "an alias (*name) used many times expands to that many copies: "
                            "write the values out, or split the file")
        if len(where) > MAX_DEPTH:
            raise self.fail(node, "this YAML is nested too deeply",
                            f"keep maps and lists at most {MAX_DEPTH} levels deep")
        marks = self.marks
        marks.values[where] = (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)
        if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            return _scalar(node, marks.path, self.offset)
        if id(node) in self.open:
            raise self.fail(node, "an alias refers to a value that contains it",
                            "an alias (*name) must not be used inside its own anchor (&name)")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*where, i)) for i, item in enumerate(node.value)]
            return self.mapping(node, where)
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, where: YamlPath) -> dict[str, Any]:
        marks, offset = self.marks, self.offset
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _key(key_node, marks.path, offset)
            if key in result:
                first = marks.keys[(*where, key)][0]
                raise self.fail(key_node, f"duplicate key '{key}'",
                                f"'{key}' is already set on line {first}; keep one of them")
            marks.keys[(*where, key)] = (
                key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1,
            )
            result[key] = self.build(value_node, (*where, key))
        return result


def _key(node: yaml.Node, path: Path, offset: int) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ContentError(
            path, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
            "a key must be a plain word", "write keys like `title:`, not lists or maps",
        )
    return str(node.value)


# Invisible characters that no title, name or address needs: controls (but tab and newline),
# bidi controls (they reverse the text after them) and zero-width characters (look-alike URLs).
HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                    r"\u2060-\u2064\u2066-\u2069\ufeff]")


def _scalar(node: yaml.Node, path: Path, offset: int) -> Any:
    text = str(node.value)
    if (hidden := HIDDEN.search(text)) is not None:
        before = text[: hidden.start()]
        line = node.start_mark.line + 1 + offset + before.count("\n")
        col = (node.start_mark.column + 1 + len(before)) if "\n" not in before else 1
        raise ContentError(path, line, col,
                           f"invisible character U+{ord(hidden.group()):04X} in this value",
                           "delete it: it cannot be seen, and can reverse or disguise the text "
                           "around it")
    if getattr(node, "style", None) or node.tag != _PLAIN:
        return text  # quoted or block text: always a string
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text) or _FLOAT.fullmatch(text):
        if len(text) > MAX_NUMBER_DIGITS:
            raise ContentError(
                path, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
                f"this number has {len(text)} characters", "write a number of at most "
                f"{MAX_NUMBER_DIGITS} digits, or put it in quotes if it is text")
        return int(text) if _INT.fullmatch(text) else float(text)
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ContentError(
                path, node.start_mark.line + 1 + offset, node.start_mark.column + 1,
                f"'{text}' is not a real date", "write a date that exists, as YYYY-MM-DD",
            ) from None
    return text
