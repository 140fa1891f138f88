"""The site model: every page with its URL, translations paired, links resolved and checked.

After `build_site` returns, nothing can fail for content reasons: rendering only formats.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sitegen.content.load import Content, language_tags
from sitegen.content.models import GuideText, LocalText, ProcedureSpec, Province, Term
from sitegen.errors import Diagnostics

INDEX_PAGES = ("home", "guides", "provinces", "glossary", "search", "topics", "handouts")


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


@dataclass(frozen=True)
class Page:
    """One HTML page of the site: what it shows, in which language, at which URL."""

    key: str
    kind: str
    lang: Language
    url: str
    title: str
    description: str
    content_lang: str
    ref: tuple[str, ...] = ()
    last_reviewed: dt.date | None = None

    @property
    def fallback(self) -> bool:
        """True when the content is shown in the default language for want of a translation."""
        return self.content_lang != self.lang.tag

    @property
    def output(self) -> str:
        """The file this page is written to, relative to the output folder."""
        return self.url.lstrip("/") + ("index.html" if self.url.endswith("/") else "")


@dataclass(frozen=True)
class Site:
    """Everything the renderer needs, frozen."""

    content: Content
    languages: tuple[Language, ...]
    guides: dict[str, Guide]
    provinces: dict[str, Province]
    pages: tuple[Page, ...]
    urls: dict[tuple[str, str], str] = field(repr=False)
    by_key: dict[tuple[str, str], Page] = field(repr=False, default_factory=dict)
    fallback_keys: dict[str, frozenset[str]] = field(repr=False, default_factory=dict)

    @property
    def default(self) -> Language:
        """The default language."""
        return self.languages[0]

    def language(self, tag: str) -> Language:
        """The language with this tag."""
        return next(lang for lang in self.languages if lang.tag == tag)

    def url(self, key: str, lang: str) -> str:
        """The URL path of page `key` in language `lang`."""
        return self.urls[(key, lang)]

    def page(self, key: str, lang: str) -> Page:
        """Page `key` in language `lang`."""
        return self.by_key[(key, lang)]

    def absolute(self, path: str) -> str:
        """A full URL on the live site."""
        return self.content.spec.base_url.rstrip("/") + path

    def procedure(self, code: str, proc_id: str) -> ProcedureSpec:
        """One procedure of one province."""
        return next(p for p in self.provinces[code].spec.procedures if p.id == proc_id)

    def term(self, term_id: str) -> Term:
        """One glossary term."""
        return next(t for t in self.content.glossary.terms if t.id == term_id)


def local(value: LocalText | dict[str, Any], tag: str, default: str) -> Any:
    """A translatable value in `tag`, or in the default language when it is missing."""
    return value[tag] if tag in value else value[default]


def build_site(content: Content, diags: Diagnostics) -> Site | None:
    """Pair translations, give every page its URL and check every reference."""
    tags = language_tags(content.spec)
    specs = {lang.tag: lang for lang in content.spec.languages}
    languages = tuple(
        Language(t, specs[t].prefix, specs[t].dir, specs[t].name) for t in tags
    )
    guides = _pair_guides(content, tags, diags)
    provinces = {p.spec.code: p for p in content.provinces if not p.spec.draft}
    _check_references(content, guides, diags)
    _check_tools(content, guides, diags)
    if diags.errors:
        return None
    pages = _pages(content, languages, guides, provinces)
    urls = {(p.key, p.lang.tag): p.url for p in pages}
    _check_unique_urls(pages, diags)
    if diags.errors:
        return None
    by_key = {(p.key, p.lang.tag): p for p in pages}
    fallback_keys = {lang.tag: frozenset(p.key for p in pages if p.lang == lang and p.fallback)
                     for lang in languages}
    return Site(content, languages, guides, provinces, pages, urls, by_key, fallback_keys)


def _pair_guides(content: Content, tags: tuple[str, ...], diags: Diagnostics) -> dict[str, Guide]:
    by_slug: dict[str, dict[str, GuideText]] = {}
    for text in content.guides:
        by_slug.setdefault(text.slug, {})[text.lang] = text
    guides: dict[str, Guide] = {}
    for slug, texts in sorted(by_slug.items()):
        if tags[0] not in texts or texts[tags[0]].meta.draft:
            continue
        ordered = {t: texts[t] for t in tags if t in texts}
        base = ordered[tags[0]]
        for tag, text in ordered.items():
            if text.meta.type != base.meta.type:
                diags.error(text.path, 1, 1, f"type is '{text.meta.type}' but "
                            f"{base.path} says '{base.meta.type}'",
                            "every language of a guide has the same type")
            elif tag != tags[0] and len(text.sections) != len(base.sections):
                diags.warning(text.path, 1, 1, f"{len(text.sections)} sections but "
                              f"{base.path} has {len(base.sections)}",
                              "translations keep the same steps so #step-N links agree")
        for tag in tags[1:]:
            if tag not in texts:
                diags.warning(base.path.parent / f"{tag}.md", 0, 0,
                              f"guide '{slug}' is not translated into '{tag}'",
                              f"readers of '{tag}' see the {tags[0]} text with a notice")
        guides[slug] = Guide(slug, ordered)
    return guides


def _check_references(content: Content, guides: dict[str, Guide], diags: Diagnostics) -> None:
    topics = {t.id for t in content.topics.topics}
    groups = {g.id for g in content.groups.groups}
    terms = {t.id for t in content.glossary.terms}
    provinces = {p.spec.code: p.spec for p in content.provinces if not p.spec.draft}
    for text in content.guides:
        meta = text.meta
        for label, values, allowed in (("topic", meta.topics, topics),
                                       ("audience", meta.audiences, groups),
                                       ("related guide", meta.related, set(guides))):
            for value in values:
                if value not in allowed:
                    diags.error(text.path, 1, 1, f"unknown {label} '{value}'",
                                "use one of: " + ", ".join(sorted(allowed)))
        for link in text.links:
            problem = _link_problem(link.target, guides, provinces, terms)
            if problem:
                diags.error(text.path, link.line, link.col, problem[0], problem[1])
    for kind in content.procedures.procedures:
        if kind.guide not in guides:
            diags.error("data/procedures.yaml", 0, 0,
                        f"procedure '{kind.id}' names guide '{kind.guide}', which does not exist",
                        "use the slug of a folder in content/guides/")
    for task in content.tasks.tasks:
        if task.guide not in guides:
            diags.error("data/tasks.yaml", 0, 0,
                        f"task '{task.id}' names guide '{task.guide}', which does not exist",
                        "use the slug of a folder in content/guides/")
    for term in content.glossary.terms:
        if term.guide and term.guide not in guides:
            diags.error("data/glossary.yaml", 0, 0,
                        f"term '{term.id}' names guide '{term.guide}', which does not exist",
                        "use the slug of a folder in content/guides/")


def _check_tools(content: Content, guides: dict[str, Guide], diags: Diagnostics) -> None:
    """The finder's and the scenarios' references: groups, procedure ids and guide slugs."""
    finder_groups = {g.id for g in content.groups.groups if g.finder}
    kinds = {k.id for k in content.procedures.procedures}
    listed = {entry.group for entry in content.finder.groups}
    if "finder" in content.marks:
        marks = content.marks["finder"]
        for i, entry in enumerate(content.finder.groups):
            if entry.group not in finder_groups:
                diags.error(marks.path, *marks.at(("groups", i, "group")),
                            f"'{entry.group}' is not a group with `finder: true`",
                            "use one of: " + ", ".join(sorted(finder_groups)))
            for j, step in enumerate(entry.steps):
                where = ("groups", i, "steps", j)
                if (step.procedure is None) == (step.guide is None):
                    diags.error(marks.path, *marks.at(where),
                                "a step names either a procedure or a guide",
                                "write `procedure: enroll-pension` or `guide: some-slug`")
                elif step.procedure is not None and step.procedure not in kinds:
                    diags.error(marks.path, *marks.at((*where, "procedure")),
                                f"unknown procedure '{step.procedure}'",
                                "use an id from data/procedures.yaml: " + ", ".join(sorted(kinds)))
                elif step.guide is not None and step.guide not in guides:
                    diags.error(marks.path, *marks.at((*where, "guide")),
                                f"no guide '{step.guide}'", "guides: " + ", ".join(sorted(guides)))
        for group in sorted(finder_groups - listed):
            diags.error(marks.path, 1, 1, f"group '{group}' has `finder: true` but no steps here",
                        "add an entry `- group: " + group + "` with its steps")
    if "scenarios" in content.marks:
        marks = content.marks["scenarios"]
        for i, scenario in enumerate(content.scenarios.scenarios):
            for j, slug in enumerate(scenario.guides):
                if slug not in guides:
                    diags.error(marks.path, *marks.at(("scenarios", i, "guides", j)),
                                f"no guide '{slug}'", "guides: " + ", ".join(sorted(guides)))


def _link_problem(target: str, guides: dict[str, Guide], provinces: dict[str, Any],
                  terms: set[str]) -> tuple[str, str] | None:
    scheme, _, rest = target.partition(":")
    name, _, anchor = rest.partition("#")
    if scheme == "glossary":
        if name not in terms:
            return f"no glossary term '{name}'", "use an id from data/glossary.yaml"
        return None
    if scheme == "procedure":
        code, _, proc = name.partition("/")
        spec = provinces.get(code)
        if spec is None or proc not in {p.id for p in spec.procedures}:
            return (f"no procedure '{name}'",
                    "write procedure:province/id, e.g. procedure:guangdong/enroll-pension")
        return None
    guide = guides.get(name)
    if guide is None:
        close = sorted(guides)
        return f"no guide '{name}'", "guides: " + ", ".join(close)
    if anchor and anchor not in guide_anchors(guide.default):
        return (f"guide '{name}' has no anchor '#{anchor}'",
                "anchors: " + ", ".join(guide_anchors(guide.default)))
    return None


def guide_anchors(text: GuideText) -> list[str]:
    """The anchors a guide page has for its sections (#step-N or #section-N)."""
    prefix = "step" if text.meta.type == "steps" else "section"
    extra = ["you-need"] if text.meta.you_need else []
    return extra + [f"{prefix}-{i}" for i in range(1, len(text.sections) + 1)]


def _check_unique_urls(pages: tuple[Page, ...], diags: Diagnostics) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        if page.url in seen:
            diags.error(page.key, 0, 0, f"two pages claim the URL {page.url}",
                        f"'{seen[page.url].key}' has it already; rename one of them")
        seen[page.url] = page


def _pages(content: Content, languages: tuple[Language, ...], guides: dict[str, Guide],
           provinces: dict[str, Province]) -> tuple[Page, ...]:
    default = languages[0].tag
    pages = [Page("chooser", "chooser", languages[0], "/", "", "", default)]
    for lang in languages:
        t = content.i18n[lang.tag]
        root = f"/{lang.prefix}/"
        for kind in INDEX_PAGES:
            url = root if kind == "home" else f"{root}{kind}/"
            pages.append(Page(kind, kind, lang, url, t[f"{kind}_title"],
                              t[f"{kind}_description"], lang.tag))
        pages.append(Page("404", "404", lang, f"{root}404.html", t["404_title"],
                          t["404_description"], lang.tag))
        pages.append(Page("offline", "offline", lang, f"{root}offline/", t["offline_title"],
                          t["offline_description"], lang.tag))
        for slug, guide in guides.items():
            text = guide.texts.get(lang.tag, guide.default)
            pages.append(Page(f"guide/{slug}", "guide", lang, f"{root}guides/{slug}/",
                              text.meta.title, text.meta.summary, text.lang, (slug,),
                              text.meta.last_reviewed))
        for code, province in provinces.items():
            spec = province.spec
            name, has = local(spec.name, lang.tag, default), lang.tag in spec.name
            pages.append(Page(f"province/{code}", "province", lang, f"{root}provinces/{code}/",
                              name, local(spec.summary, lang.tag, default),
                              lang.tag if has else default, (code,), spec.last_reviewed))
            for proc in spec.procedures:
                has = lang.tag in proc.title
                pages.append(Page(
                    f"procedure/{code}/{proc.id}", "procedure", lang,
                    f"{root}provinces/{code}/{proc.id}/",
                    local(proc.title, lang.tag, default), local(proc.summary, lang.tag, default),
                    lang.tag if has else default, (code, proc.id), proc.last_reviewed))
        pages.extend(_tool_pages(content, lang, provinces))
    pages.append(Page("404-root", "404", languages[0], "/404.html",
                      content.i18n[default]["404_title"],
                      content.i18n[default]["404_description"], default))
    return tuple(pages)


def _tool_pages(content: Content, lang: Language,
                provinces: dict[str, Province]) -> list[Page]:
    """The finder (its index, a page per group and per group and province), the contribution
    calculator and the risk scenarios; a site without data/finder.yaml has no finder."""
    t, root, default = content.i18n[lang.tag], f"/{lang.prefix}/", content.spec.default_language
    pages = [Page("calculator", "calculator", lang, f"{root}calculator/", t["calculator_title"],
                  t["calculator_description"], lang.tag)]
    if content.scenarios.scenarios:
        pages.append(Page("scenarios", "scenarios", lang, f"{root}scenarios/",
                          t["scenarios_title"], t["scenarios_description"], lang.tag))
    groups = {g.id: g for g in content.groups.groups}
    if not content.finder.groups:
        return pages
    pages.append(Page("finder", "finder", lang, f"{root}for/", t["finder_title"],
                      t["finder_description"], lang.tag))
    for entry in content.finder.groups:
        name = local(groups[entry.group].name, lang.tag, default)
        pages.append(Page(f"finder/{entry.group}", "finder-group", lang,
                          f"{root}for/{entry.group}/", t["finder_group_title"].format(group=name),
                          t["finder_group_description"].format(group=name), lang.tag,
                          (entry.group,)))
        for code, province in provinces.items():
            place = local(province.spec.name, lang.tag, default)
            title = t["finder_pair_title"].format(group=name, province=place)
            pages.append(Page(f"finder/{entry.group}/{code}", "finder-pair", lang,
                              f"{root}for/{entry.group}/{code}/", title,
                              t["finder_pair_description"].format(group=name, province=place),
                              lang.tag, (entry.group, code)))
    return pages
