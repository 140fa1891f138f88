"""The site model: every page with its URL, translations paired, links resolved and checked.

After `build_site` returns, nothing can fail for content reasons: rendering only formats.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.content.facts import Facts, resolve_model, used
from sitegen.content.guided import check_flow, flow_of
from sitegen.content.load import Content, language_tags
from sitegen.content.models import (
    Group,
    GuideText,
    LocalText,
    ProcedureKind,
    ProcedureSpec,
    Province,
)
from sitegen.content.yamlload import YamlPath
from sitegen.errors import Diagnostics
from sitegen.pages.base import (
    Draft,
    Guide,
    Kind,
    Language,
    Page,
    ProcedureRef,
    Ref,
    local,
)
from sitegen.pages.guide import guide_anchors
from sitegen.publish.target import Target, choose_target


@dataclass(frozen=True)
class Site:
    """The one API the rest of the code uses: every page, and indexes by key."""

    content: Content
    languages: tuple[Language, ...]
    guides: dict[str, Guide]
    provinces: dict[str, Province]
    pages: tuple[Page, ...]
    kinds: Mapping[str, Kind] = field(repr=False)
    by_key: dict[tuple[str, str], Page] = field(repr=False)
    fallback_keys: dict[str, frozenset[str]] = field(repr=False)
    by_kind: dict[tuple[str, str], tuple[Page, ...]] = field(repr=False)
    procedures: dict[tuple[str, str], ProcedureSpec] = field(repr=False)
    procedure_kinds: dict[str, ProcedureKind] = field(repr=False)
    procedures_of: dict[str, list[ProcedureRef]] = field(repr=False)  # by guide slug
    groups: dict[str, Group] = field(repr=False)
    target: Target = field(repr=False)  # where this build is published (site.yaml targets)
    facts: Facts = field(repr=False)
    fact_uses: dict[str, frozenset[str]] = field(repr=False)  # by guide file or procedure key

    @property
    def default(self) -> Language:
        """The default language."""
        return self.languages[0]

    @property
    def root(self) -> Path:
        """The repository's top folder."""
        return self.content.root

    def strings(self, tag: str) -> dict[str, str]:
        """The interface strings of language `tag`."""
        return self.content.i18n[tag]

    def local(self, value: LocalText | dict[str, Any], tag: str) -> Any:
        """A translatable value in `tag`, or in the default language when it is missing."""
        return local(value, tag, self.default.tag)

    def url(self, key: str | Ref, lang: str) -> str:
        """The URL path of page `key` in language `lang`."""
        return self.page(key, lang).url

    def page(self, key: str | Ref, lang: str) -> Page:
        """Page `key` (a key or a reference) in language `lang`."""
        return self.by_key[(key if isinstance(key, str) else key.key, lang)]

    def pages_of(self, kind: str, lang: Language) -> tuple[Page, ...]:
        """The pages of one kind in one language, in site order."""
        return self.by_kind.get((kind, lang.tag), ())

    def absolute(self, path: str) -> str:
        """A full URL on the site of the target being built."""
        return self.target.absolute(path)

    def procedure(self, ref: ProcedureRef) -> ProcedureSpec:
        """One procedure of one province."""
        return self.procedures[(ref.code, ref.id)]


def build_site(content: Content, diags: Diagnostics, target: Target | None = None) -> Site | None:
    """Pair translations, give every page its URL and check every reference. `target`: where
    the build is published (default: site.yaml's first target)."""
    tags = language_tags(content.spec)
    specs = {lang.tag: lang for lang in content.spec.languages}
    languages = tuple(Language(t, specs[t].prefix, specs[t].dir, specs[t].name) for t in tags)
    guides = _pair_guides(content, tags, diags)
    _check_references(content, guides, diags)
    _check_tools(content, guides, diags)
    facts = Facts(content.policies)
    _check_facts(content, facts, diags)
    if diags.errors:
        return None
    uses = _fact_uses(content)
    content, guides = _resolve_facts(content, guides, facts, tags)
    provinces = {p.spec.code: p for p in content.provinces if not p.spec.draft}
    from sitegen.pages import KINDS, declare  # the kinds' modules use the site model

    pages = declare(Draft(content, languages, guides, provinces))
    _check_unique_urls(pages, diags)
    if diags.errors:
        return None
    by_kind: dict[tuple[str, str], list[Page]] = {}
    for page in pages:
        by_kind.setdefault((page.kind, page.lang.tag), []).append(page)
    fallback_keys = {lang.tag: frozenset(p.key for p in pages if p.lang == lang and p.fallback)
                     for lang in languages}
    kinds = {k.id: k for k in content.procedures.procedures}
    procedures_of: dict[str, list[ProcedureRef]] = {}
    for code, province in provinces.items():
        for proc in province.spec.procedures:
            procedures_of.setdefault(kinds[proc.id].guide, []).append(ProcedureRef(code, proc.id))
    return Site(
        content, languages, guides, provinces, pages, KINDS,
        by_key={(p.key, p.lang.tag): p for p in pages}, fallback_keys=fallback_keys,
        by_kind={key: tuple(found) for key, found in by_kind.items()},
        procedures={(code, proc.id): proc for code, p in provinces.items()
                    for proc in p.spec.procedures},
        procedure_kinds=kinds, procedures_of=procedures_of,
        groups={g.id: g for g in content.groups.groups}, facts=facts, fact_uses=uses,
        target=target or choose_target(content.spec, None, None))


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
    """The guided check's flow and the scenarios' references: groups, procedure ids and guide
    slugs."""
    if "check" in content.marks:
        marks = content.marks["check"]
        pages = {f"guide/{slug}" for slug in guides}
        pages |= {f"procedure/{kind.id}" for kind in content.procedures.procedures}
        for problem in check_flow(flow_of(content), pages):
            diags.error(marks.path, *marks.at(problem.where), problem.message, problem.hint)
        groups = {g.id for g in content.groups.groups}
        for i, question in enumerate(content.check.questions):
            for j, answer in enumerate(question.answers):
                if answer.group is not None and answer.group not in groups:
                    diags.error(marks.path, *marks.at(("questions", i, "answers", j, "group")),
                                f"no worker group '{answer.group}'",
                                "use an id from data/groups.yaml: " + ", ".join(sorted(groups)))
    for name, where, slug in _guides_named(content):
        if name in content.marks and slug not in guides:
            marks = content.marks[name]
            diags.error(marks.path, *marks.at(where), f"no guide '{slug}'",
                        "guides: " + ", ".join(sorted(guides)))


def _guides_named(content: Content) -> list[tuple[str, YamlPath, str]]:
    """Every guide slug a data file names: the file's name, the slug's place in it, the slug
    (a group's first guides, a search answer's guide, a scenario's guides)."""
    named: list[tuple[str, YamlPath, str]] = [
        ("groups", ("groups", i, "guides", j), slug)
        for i, group in enumerate(content.groups.groups) for j, slug in enumerate(group.guides)]
    named += [("search", ("answers", i, "guide"), answer.guide)
              for i, answer in enumerate(content.search.answers)]
    if content.search.between_provinces:
        named.append(("search", ("between_provinces",), content.search.between_provinces))
    named += [("scenarios", ("scenarios", i, "guides", j), slug)
              for i, scenario in enumerate(content.scenarios.scenarios)
              for j, slug in enumerate(scenario.guides)]
    return named


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




def _check_facts(content: Content, facts: Facts, diags: Diagnostics) -> None:
    """Every `[[fact:…]]` names a fact of data/policies.yaml and one of its parts."""
    policies = "data/policies.yaml"
    places = [(str(text.path), text.facts) for text in content.guides]
    places += [(str(p.path), p.facts) for p in content.provinces]
    places += sorted(content.fact_refs.items())
    for path, links in places:
        for link in links:
            if path == policies:
                diags.error(path, link.line, link.col, "a fact cannot refer to another fact",
                            "write the words out in this fact")
            elif problem := facts.problem(link.target):
                diags.error(path, link.line, link.col, *problem)


def _fact_uses(content: Content) -> dict[str, frozenset[str]]:
    """The facts each guide file and each procedure refers to (their sources are shown)."""
    uses = {str(text.path): frozenset(used(text) if text.facts else ()) for text in content.guides}
    for province in content.provinces:
        for proc in province.spec.procedures:
            found = used(proc) if province.facts else ()
            uses[ProcedureRef(province.spec.code, proc.id).key] = frozenset(found)
    return uses


def _resolve_facts(content: Content, guides: dict[str, Guide], facts: Facts,
                   tags: tuple[str, ...]) -> tuple[Content, dict[str, Guide]]:
    """The content with every fact reference replaced by the fact's words."""
    if not facts.by_id:
        return content, guides
    default = tags[0]

    def text(t: GuideText) -> GuideText:
        if not t.facts:  # the loader found no reference in the file
            return t

        def words(value: str) -> str:
            return facts.resolve(value, t.lang, default)

        return dataclasses.replace(
            t, meta=resolve_model(t.meta, facts, t.lang, default, tags), intro=words(t.intro),
            sections=tuple(dataclasses.replace(s, title=words(s.title), markdown=words(s.markdown))
                           for s in t.sections))

    def model(value: Any) -> Any:
        return resolve_model(value, facts, default, default, tags)

    resolved = {t.path: text(t) for t in content.guides}
    content = dataclasses.replace(
        content, guides=tuple(resolved[t.path] for t in content.guides),
        provinces=tuple(dataclasses.replace(p, spec=model(p.spec)) if p.facts else p
                        for p in content.provinces),
        glossary=model(content.glossary), check=model(content.check),
        scenarios=model(content.scenarios))
    return content, {slug: Guide(slug, {tag: resolved[t.path] for tag, t in g.texts.items()})
                     for slug, g in guides.items()}


def _check_unique_urls(pages: tuple[Page, ...], diags: Diagnostics) -> None:
    seen: dict[str, Page] = {}
    for page in pages:
        if page.url in seen:
            diags.error(page.key, 0, 0, f"two pages claim the URL {page.url}",
                        f"'{seen[page.url].key}' has it already; rename one of them")
        seen[page.url] = page
