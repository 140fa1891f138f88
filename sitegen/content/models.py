"""Typed, frozen models of everything the build reads.

The schema classes validate what editors write (unknown keys are errors); the loaders in
`load.py` turn validation errors into `path:line:col` messages using the YAML marks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from sitegen.content.base import LocalText, NonEmpty, ProcedureId, Schema, Slug, WebUrl
from sitegen.content.dated import GuideChange, GuideSource, LocalChange, LocalSource
from sitegen.content.targets import HostUrl, TargetSpec, check_targets, default_targets

__all__ = ["LocalText", "NonEmpty", "ProcedureId", "Schema", "Slug", "WebUrl", "GuideSource",
           "LocalSource", "GuideChange", "LocalChange"]

# ---- site.yaml -------------------------------------------------------------------------


class LanguageSpec(Schema):
    tag: NonEmpty
    prefix: Slug
    dir: Literal["ltr", "rtl"] = "ltr"
    name: NonEmpty
    pagefind: NonEmpty | None = None


class SiteSpec(Schema):
    title: LocalText
    description: LocalText
    base_url: HostUrl | None = None  # the older way to name one Netlify target
    targets: list[TargetSpec] = Field(default=[], validate_default=True)
    repository: WebUrl
    default_language: NonEmpty
    languages: list[LanguageSpec] = Field(min_length=1)
    review_interval_days: int | None = Field(default=None, gt=0)
    review_threshold_days: int | None = Field(default=None, gt=0)  # the older name of the above
    official_domains: list[NonEmpty] = ["gov.cn"]

    @model_validator(mode="after")
    def _one_interval(self) -> SiteSpec:
        if self.review_interval_days and self.review_threshold_days:
            raise ValueError("write review_interval_days only (review_threshold_days is its "
                             "older name)")
        return self

    @property
    def review_days(self) -> int:
        """Days from a page's last review to its next one, unless the page sets its own."""
        return self.review_interval_days or self.review_threshold_days or 180
    cjk_font: NonEmpty = "Noto Sans CJK SC"

    @field_validator("targets")
    @classmethod
    def _one_address(cls, targets: list[TargetSpec], info: ValidationInfo) -> list[TargetSpec]:
        return check_targets(targets, info)

    @property
    def deploy_targets(self) -> tuple[TargetSpec, ...]:
        """Where the site is published; the first is the default target of a build."""
        return default_targets(self.base_url, self.targets)


# ---- guides ----------------------------------------------------------------------------


class GuideMeta(Schema):
    title: NonEmpty
    summary: NonEmpty
    type: Literal["steps", "article"]
    topics: list[Slug] = Field(min_length=1)
    audiences: list[Slug] = Field(min_length=1)
    keywords: list[NonEmpty] = Field(min_length=1)
    last_reviewed: dt.date
    sources: list[GuideSource] = Field(min_length=1)
    related: list[Slug] = []
    you_need: list[NonEmpty] = []
    # Guides about something urgent (an injury, a lost card) open with what to do today.
    today: list[NonEmpty] = Field(default=[], max_length=5)
    review_interval_days: int | None = Field(default=None, gt=0)
    changes: list[GuideChange] = []
    translated_from: NonEmpty | None = None
    draft: bool = False


# ---- provinces -------------------------------------------------------------------------


class Hotline(Schema):
    number: NonEmpty
    name: LocalText


class Channel(Schema):
    id: Slug
    kind: Literal["app", "portal", "mini-program", "wechat", "hall"]
    name: LocalText
    url: WebUrl


class ProcedureSpec(Schema):
    id: ProcedureId
    title: LocalText
    summary: LocalText
    eligible: list[LocalText] = Field(min_length=1)
    documents: list[LocalText] = Field(min_length=1)
    steps: list[LocalText] = Field(min_length=1)
    channels: list[Slug] = Field(min_length=1)
    time_and_cost: LocalText
    notes: LocalText | None = None
    sources: list[LocalSource] = Field(min_length=1)
    last_reviewed: dt.date
    review_interval_days: int | None = Field(default=None, gt=0)
    changes: list[LocalChange] = []


class AverageWage(Schema):
    """The published average wage the contribution base is a share of, with year and source."""

    amount: int = Field(gt=0)
    year: int
    source: LocalSource


class ProvinceSpec(Schema):
    code: Slug
    name: LocalText
    cities: dict[str, list[NonEmpty]]
    summary: LocalText
    last_reviewed: dt.date
    hotlines: list[Hotline] = Field(min_length=1)
    channels: list[Channel] = Field(min_length=1)
    service_points: list[LocalText] = []
    procedures: list[ProcedureSpec] = Field(min_length=1)
    average_wage: AverageWage | None = None
    review_interval_days: int | None = Field(default=None, gt=0)
    draft: bool = False


# ---- data files ------------------------------------------------------------------------


class Named(Schema):
    id: Slug
    name: LocalText


class Group(Named):
    """A worker group: who a guide is for, and a label of the guided check's answers."""

    words: dict[str, list[NonEmpty]] | None = None  # platforms and jobs search leads here
    guides: list[Slug] = []  # what its readers need first: first on its page, and in search


class ProcedureKind(Named):
    guide: Slug
    topic: Slug


class GroupsFile(Schema):
    groups: list[Group]


class TopicsFile(Schema):
    topics: list[Named]


class ProceduresFile(Schema):
    procedures: list[ProcedureKind]


class Task(Named):
    guide: Slug
    procedure: ProcedureId


class TasksFile(Schema):
    tasks: list[Task]


class Uncovered(Schema):
    """A topic the site does not cover: the words for it, and what search says instead."""

    words: dict[str, list[NonEmpty]]
    say: LocalText


class OtherPlaceNames(Schema):
    province: Slug
    names: list[NonEmpty]


class ToolWords(Schema):
    """The words that ask for one of the tools (a page named `calculator`, `handouts` …)."""

    page: Literal["calculator", "handouts", "check", "scenarios"]
    words: dict[str, list[NonEmpty]]


class Answer(Schema):
    """Readers' words for what a guide answers (自己交社保 → the flexible workers' guide)."""

    guide: Slug
    words: dict[str, list[NonEmpty]]


class SearchFile(Schema):
    stop_words: dict[str, list[NonEmpty]]
    synonyms: dict[str, list[list[NonEmpty]]]
    places: list[OtherPlaceNames] = []
    uncovered: list[Uncovered] = []
    tools: list[ToolWords] = []
    answers: list[Answer] = []
    # The guide a query naming two provinces asks for (从河南到广州: moving between them).
    between_provinces: Slug | None = None


class SurveyItem(BaseModel):
    """A row or column of a survey table: its key, its label in each language (keys beside
    `key`, e.g. `zh-CN: 骑手`), and its figures."""

    model_config = ConfigDict(extra="allow", frozen=True, strict=True, defer_build=True)
    key: Slug | Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    count: int | None = None
    percent: float | None = Field(default=None, ge=0, le=100)
    values: list[Annotated[float, Field(ge=0, le=100)]] | None = None

    @model_validator(mode="after")
    def _labels(self) -> SurveyItem:
        for name, value in (self.model_extra or {}).items():
            if value is None:
                raise ValueError(f"'{name}' should be part of a label: a comma ends a label "
                                 "inside {…}, so put a label with commas in quotes")
            if not isinstance(value, str | dict):
                raise ValueError(f"unknown key '{name}' (labels are text by language, "
                                 "like `en: Riders`)")
        return self


class SurveyBars(Schema):
    """A table of one figure per row, drawn as bars."""

    respondents: int | None = None
    rows: list[SurveyItem] = Field(min_length=1)
    summary: LocalText | None = None

    @model_validator(mode="after")
    def _percents(self) -> SurveyBars:
        for i, row in enumerate(self.rows):
            if row.percent is None:
                raise ValueError(f"row {i + 1} ('{row.key}') needs `percent:`")
        return self


class SurveyGroups(Schema):
    """A table of one figure per row and column, drawn as groups of bars."""

    columns: list[SurveyItem] = Field(min_length=1)
    rows: list[SurveyItem] = Field(min_length=1)

    @model_validator(mode="after")
    def _values(self) -> SurveyGroups:
        for i, row in enumerate(self.rows):
            if row.values is None or len(row.values) != len(self.columns):
                raise ValueError(f"row {i + 1} ('{row.key}') needs `values:` with one figure "
                                 f"per column ({len(self.columns)})")
        return self


class SurveyComparison(Schema):
    rows: list[SurveyItem] = Field(min_length=1)
    recommendation: LocalText


class CommercialInsurance(Schema):
    no_commercial_insurance_percent: float
    of_those_with_it_bought_themselves: str


class SurveyFile(Schema):
    """data/survey.yaml: the survey's tables, as published; the charts draw five of them."""

    source: LocalText
    services_wanted: SurveyBars
    participation: SurveyBars
    commercial_insurance: CommercialInsurance
    top_reasons_not_insured: SurveyBars
    reasons_by_platform_type: SurveyGroups
    reasons_by_region: SurveyGroups
    platform_vs_non_platform: SurveyComparison
    sectors_lowest_pension_participation: dict[str, list[str]]


class Term(Schema):
    id: Slug
    term: LocalText
    aliases: dict[str, list[NonEmpty]] = {}
    definition: LocalText
    guide: Slug | None = None


class GlossaryFile(Schema):
    terms: list[Term]


class ScenarioSide(Schema):
    title: LocalText
    points: list[LocalText] = Field(min_length=1)


class Scenario(Schema):
    id: Slug
    title: LocalText
    story: LocalText
    picture: Literal["rider", "courier", "driver", "mother"]
    insured: ScenarioSide
    uninsured: ScenarioSide
    guides: list[Slug] = Field(min_length=1)


class ScenariosFile(Schema):
    scenarios: list[Scenario] = []


# ---- loaded content --------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    """An internal link written in Markdown (`guide:slug#anchor`), kept to check it resolves."""

    target: str
    line: int
    col: int


@dataclass(frozen=True)
class Section:
    """A `## ` section of a guide: a numbered step in a step-by-step guide."""

    title: str
    markdown: str
    line: int


@dataclass(frozen=True)
class GuideText:
    """One language's file of a guide."""

    slug: str
    lang: str
    path: Path
    meta: GuideMeta
    intro: str
    sections: tuple[Section, ...]
    links: tuple[Link, ...]
    facts: tuple[Link, ...] = ()  # the policy facts it refers to, `fact:ID.PART`
    revision: str = ""  # a hash of the words a translator translates (content/translation.py)




@dataclass(frozen=True)
class Province:
    """One province file, validated."""

    path: Path
    spec: ProvinceSpec
    facts: tuple[Link, ...] = ()  # the policy facts it refers to, `fact:ID.PART`
