"""What every page kind is made of: languages, typed references, pages and the `Kind` record
that a module of `sitegen/pages/` declares.

A page is named by a reference (`GuideRef("transfer-pension")`); its key (`guide/transfer-
pension`), used in URLs look-ups, templates and caches, is made from the reference here and
nowhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from sitegen.content.models import GuideText, LocalText, Province

if TYPE_CHECKING:
    from sitegen.content.load import Content
    from sitegen.handouts.sheets import Sheet, Sheets
    from sitegen.render.engine import Renderer
    from sitegen.site import Site

EVERYTHING = "*"  # a page that may list anything depends on every content file


@dataclass(frozen=True)
class Language:
    """A configured language."""

    tag: str
    prefix: str
    dir: str
    name: str


@dataclass(frozen=True)
class Guide:
    """A guide with its text in every language it has."""

    slug: str
    texts: dict[str, GuideText]

    @property
    def default(self) -> GuideText:
        """The text in the default language (always present)."""
        return next(iter(self.texts.values()))

    def text(self, tag: str) -> GuideText:
        """The text in `tag`, or in the default language when it has none."""
        return self.texts.get(tag, self.default)


class _Key:
    """A reference's key: its kind's prefix, then its fields, joined by "/" (empty ones left
    out); the one place keys are made."""

    prefix: ClassVar[str] = ""

    @functools.cached_property
    def key(self) -> str:
        """The page's key, the same in every language."""
        parts = [self.prefix, *(str(getattr(self, f.name)) for f in fields(self))]  # type: ignore[arg-type]
        return "/".join(part for part in parts if part)


@dataclass(frozen=True)
class Named(_Key):
    """A page there is one of per language (home, the lists, search, 404…)."""

    name: str


@dataclass(frozen=True)
class GuideRef(_Key):
    """A guide's page."""

    prefix: ClassVar[str] = "guide"
    slug: str


@dataclass(frozen=True)
class ProvinceRef(_Key):
    """A province's page."""

    prefix: ClassVar[str] = "province"
    code: str


@dataclass(frozen=True)
class ProcedureRef(_Key):
    """One procedure of one province."""

    prefix: ClassVar[str] = "procedure"
    code: str
    id: str


@dataclass(frozen=True)
class CheckRef(_Key):
    """A page of the guided check: the answers given so far, joined by "/" (none: its first
    question)."""

    prefix: ClassVar[str] = "check"
    path: str = ""


@dataclass(frozen=True)
class GroupRef(_Key):
    """A worker group's page: the guides for that group, and its booklet of flyers."""

    prefix: ClassVar[str] = "group"
    id: str


Ref = Named | GuideRef | ProvinceRef | ProcedureRef | CheckRef | GroupRef
R = TypeVar("R", Named, GuideRef, ProvinceRef, ProcedureRef, CheckRef, GroupRef)


@dataclass(frozen=True)
class Page:
    """One HTML page of the site: what it shows, in which language, at which URL."""

    ref: Ref
    kind: str
    lang: Language
    url: str
    title: str
    description: str
    content_lang: str
    last_reviewed: dt.date | None = None
    review_by: dt.date | None = None  # last_reviewed plus the page's review interval
    state: str = ""  # anything else the page shows that its kind's `source` does not cover
    handout: str = ""  # the name of its handout when pages that print alike share one

    @property
    def key(self) -> str:
        """The key of the page's content, the same in every language."""
        return self.ref.key

    @property
    def fallback(self) -> bool:
        """True when the content is shown in the default language for want of a translation."""
        return self.content_lang != self.lang.tag

    @property
    def output(self) -> str:
        """The file this page is written to, relative to the output folder."""
        return self.url.lstrip("/") + ("index.html" if self.url.endswith("/") else "")


class Draft(NamedTuple):
    """What page kinds declare their pages from: the content, checked and paired."""

    content: Content
    languages: tuple[Language, ...]
    guides: dict[str, Guide]
    provinces: dict[str, Province]

    @property
    def default(self) -> str:
        """The default language's tag."""
        return self.languages[0].tag

    def review_by(self, last: dt.date, *intervals: int | None) -> dt.date:
        """The day content last reviewed on `last` is next due: after the first interval
        (days) that is set, the page's own before its file's, else site.yaml's."""
        days = next((d for d in intervals if d), self.content.spec.review_days)
        return last + dt.timedelta(days=days)


Context = dict[str, Any]
Crumbs = list[tuple[str, str]]


def no_context(renderer: Renderer, page: Page) -> Context:
    """A kind whose template needs nothing but the common context."""
    return {}


def depends_on_everything(page: Page) -> str:
    """The page may list any guide or province (it shows their front matter, not bodies)."""
    return EVERYTHING


def home_crumb(renderer: Renderer, page: Page) -> Crumbs:
    """Breadcrumbs of a page right under the home page."""
    return [renderer.crumb("home", page)]


def no_crumbs(renderer: Renderer, page: Page) -> Crumbs:
    """No breadcrumbs (the home page, the language chooser)."""
    return []


@dataclass(frozen=True)
class Kind:
    """A page kind: its pages, template (`{name}.html`), context and what it depends on.

    `source`: the content a page is made of besides the site-wide inputs, for the page cache
    (`guide/SLUG`, `province/CODE` or `*`); `late`: rendered after the PDFs are printed (the
    page shows their sizes); `sheet`: the page's one-page handout, if it has one; `file`: the
    content file with most of the page's words, that an error about the page names; `sizes`:
    the papers its handout is printed on.
    """

    name: str
    pages: Callable[[Draft, Language], list[Page]]
    context: Callable[[Renderer, Page], Context] = no_context
    source: Callable[[Page], str] = depends_on_everything
    crumbs: Callable[[Renderer, Page], Crumbs] = home_crumb
    indexed: bool = False
    sitemap: bool = True
    late: bool = False
    sheet: Callable[[Sheets, Page], Sheet] | None = None
    sizes: tuple[str, ...] = ("a4", "a5")
    file: Callable[[Site, Page], str] = lambda site, page: f"templates/i18n/{page.lang.tag}.yaml"


def local(value: LocalText | dict[str, Any], tag: str, default: str) -> Any:
    """A translatable value in `tag`, or in the default language when it is missing."""
    return value[tag] if tag in value else value[default]


def named_page(draft: Draft, lang: Language, name: str, url: str) -> Page:
    """A page of which there is one per language, titled by its interface strings."""
    t = draft.content.i18n[lang.tag]
    return Page(Named(name), name, lang, f"/{lang.prefix}/{url}", t[f"{name}_title"],
                t[f"{name}_description"], lang.tag)


def named_kind(name: str, url: str, **options: Any) -> Kind:
    """A kind with one page per language at `/{prefix}/{url}`."""
    return Kind(name, lambda draft, lang: [named_page(draft, lang, name, url)], **options)


def ref_of(page: Page, kind: type[R]) -> R:
    """The page's reference, as the type its kind uses."""
    if not isinstance(page.ref, kind):
        raise TypeError(f"{page.key} is not named by a {kind.__name__}")
    return page.ref
