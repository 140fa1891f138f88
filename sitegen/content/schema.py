"""Validate parsed YAML against a schema and turn every problem into a `path:line:col` error."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitegen.content.yamlload import Document, YamlPath
from sitegen.errors import ContentError, Diagnostics

M = TypeVar("M", bound=BaseModel)

EXAMPLE_DATE = "2026-11-23"


def validate(
    schema: type[M], doc: Document, diags: Diagnostics, languages: tuple[str, ...]
) -> M | None:
    """Validate a document; record every error in `diags` and return None if there were any."""
    if not isinstance(doc.data, dict):
        line, col = doc.marks.at(())
        diags.error(doc.marks.path, line, col, "this file is empty or is not a map of keys",
                    "start with the required keys, for example `title: …`")
        return None
    try:
        model = schema.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            diags.add(_to_content_error(schema, doc, err))
        return None
    for where, value in _language_maps(model, ()):
        check_languages(doc, where, value, languages, diags, _label(where))
    return model


def _language_maps(value: Any, where: YamlPath) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
    """Every map by language in a validated model (in our schemas every dict is one)."""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _language_maps(getattr(value, name), (*where, name))
    elif isinstance(value, dict):
        yield where, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _language_maps(item, (*where, i))


def _label(where: YamlPath) -> str:
    return "'" + ".".join(str(p) for p in where) + "'"


def _data_path(data: Any, loc: tuple[Any, ...]) -> YamlPath:
    """The part of pydantic's `loc` that indexes into the data (drops union member names)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        elif isinstance(data, dict) and isinstance(part, str) and not path[-1:] == [part]:
            path.append(part)  # a missing or unknown key: keep it for the message, stop here
            break
        else:
            continue
        path.append(part)
    return tuple(path)


def _to_content_error(schema: type[BaseModel], doc: Document, err: Any) -> ContentError:
    kind: str = err["type"]
    path = _data_path(doc.data, tuple(err["loc"]))
    name = str(path[-1]) if path else ""
    value = err.get("input")
    marks = doc.marks
    if kind == "extra_forbidden":
        line, col = marks.at(path, key=True)
        allowed = _fields_at(schema, path[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return ContentError(marks.path, line, col, f"unknown key '{name}'",
                            hint + "allowed keys here: " + ", ".join(allowed))
    if kind == "missing":
        line, col = marks.at(path[:-1])
        return ContentError(marks.path, line, col, f"missing required key '{name}'",
                            f"add `{name}: …` to this block")
    line, col = marks.at(path)
    where = f"'{name}'" if isinstance(name, str) and name and not name.isdigit() else "this value"
    message, hint = _describe(kind, err, value, where)
    return ContentError(marks.path, line, col, message, hint)


def _describe(kind: str, err: Any, value: Any, where: str) -> tuple[str, str]:
    if kind.startswith("date"):
        return (f"{where} must be a date, not '{value}'",
                f"write the date as YYYY-MM-DD without quotes, for example {EXAMPLE_DATE}")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{where} cannot be '{value}'", f"use one of: {expected}"
    if kind == "string_type":
        return (f"{where} must be text, not {_type_name(value)}",
                "put the value in quotes, for example \"12333\"")
    if kind == "list_type":
        return (f"{where} must be a list, not {_type_name(value)}",
                "write each item on its own line, starting with '- '")
    if kind == "dict_type":
        return (f"{where} must be a map, not {_type_name(value)}",
                "write one line per key, or a map by language like {zh-CN: …, en: …}")
    if kind in ("too_short", "string_too_short"):
        return f"{where} is empty", "write at least one item or some text"
    if kind in ("int_type", "int_parsing"):
        return f"{where} must be a whole number, not '{value}'", "write digits only, no quotes"
    if kind in ("bool_type", "bool_parsing"):
        return f"{where} must be true or false, not '{value}'", "write true or false"
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    hint = (err.get("ctx") or {}).get("hint")  # a validator's own (PydanticCustomError)
    return (f"{where}: {message}",
            str(hint or "see README.md, section 'For editors', for the format"))


def _type_name(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", dict: "a map",
             list: "a list", str: "text", type(None): "empty"}
    return names.get(type(value), type(value).__name__)


def _fields_at(schema: type[BaseModel], path: YamlPath) -> list[str]:
    """The keys allowed at `path` in `schema`, found by following the field types."""
    current: Any = schema
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else current
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    """Strip Optional and Annotated so the model class (or list type) shows."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = members[0]
        else:
            return tp


def check_languages(
    doc: Document, where: YamlPath, value: dict[str, Any], languages: tuple[str, ...],
    diags: Diagnostics, label: str,
) -> None:
    """Check a map by language: unknown tags are errors, missing translations warnings."""
    path: Path = doc.marks.path
    for tag in value:
        if tag not in languages:
            line, col = doc.marks.at((*where, tag), key=True)
            close = difflib.get_close_matches(tag, languages, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            diags.error(path, line, col, f"'{tag}' is not a language of this site",
                        hint + "languages in site.yaml: " + ", ".join(languages))
    default = languages[0]
    line, col = doc.marks.at(where)
    if default not in value:
        diags.error(path, line, col, f"{label} has no '{default}' text",
                    f"the default language is required: add `{default}: …`")
    for tag in languages[1:]:
        if tag not in value:
            diags.warning(path, line, col, f"{label} is not translated into '{tag}'",
                          f"add `{tag}: …` beside `{default}: …`")
