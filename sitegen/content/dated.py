"""Schemas of what keeps content true over time: sources that can be checked, dated policy
facts (data/policies.yaml) and change notes.

A source is written in one of two forms. The full form names the document: `issuer`, `title`,
`number` (文号, where it has one), `date`, `url` of the page that carries it and `kind`
(official, press or research). The older form, `name` and `url`, is still accepted so that
existing files stay valid; `check` lists the sources still in that form that cite only a
homepage, to be rewritten in the full form.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from sitegen.content.base import LocalText, NonEmpty, Schema, Slug, WebUrl

SourceKind = Literal["official", "press", "research"]
ChangeKind = Literal["major", "minor"]


def _check_form(name: object, issuer: object, title: object) -> None:
    if name is None and (issuer is None or title is None):
        raise ValueError("a source needs `issuer:` and `title:` (or, in the older form, "
                         "`name:`)")
    if name is not None and (issuer is not None or title is not None):
        raise ValueError("write either `name:` (the older form) or `issuer:` and `title:`, "
                         "not both")


class GuideSource(Schema):
    """A source of a guide, in the guide file's language."""

    name: NonEmpty | None = None
    issuer: NonEmpty | None = None
    title: NonEmpty | None = None
    number: NonEmpty | None = None
    date: dt.date | None = None
    url: WebUrl
    kind: SourceKind = "official"

    @model_validator(mode="after")
    def _form(self) -> GuideSource:
        _check_form(self.name, self.issuer, self.title)
        return self


class LocalSource(Schema):
    """A source in a file that holds every language (a province, data/policies.yaml)."""

    name: LocalText | None = None
    issuer: LocalText | None = None
    title: LocalText | None = None
    number: NonEmpty | None = None
    date: dt.date | None = None
    url: WebUrl
    kind: SourceKind = "official"

    @model_validator(mode="after")
    def _form(self) -> LocalSource:
        _check_form(self.name, self.issuer, self.title)
        return self


class GuideChange(Schema):
    """A change to a guide, noted in the guide file's language."""

    date: dt.date
    type: ChangeKind
    note: NonEmpty


class LocalChange(Schema):
    """A change to a procedure, noted in every language."""

    date: dt.date
    type: ChangeKind
    note: LocalText


class FactPart(Schema):
    """A named part of a fact: `[[fact:ID.PART]]`."""

    id: Slug
    text: LocalText


class Fact(Schema):
    """A policy fact that changes by date or place, written once and referenced from the text
    as `[[fact:ID]]` (its `text`) or `[[fact:ID.PART]]` (one of its `parts`)."""

    id: Slug
    title: LocalText
    text: LocalText
    parts: list[FactPart] = []
    valid_from: dt.date
    review_by: dt.date
    sources: list[LocalSource] = Field(min_length=1)


class PoliciesFile(Schema):
    """data/policies.yaml."""

    facts: list[Fact] = []
