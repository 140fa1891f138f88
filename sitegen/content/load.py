"""Read every content file into typed models; collect all problems before stopping."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from sitegen.content import facts as fact_refs
from sitegen.content import markdown as markdown_source
from sitegen.content.dated import PoliciesFile
from sitegen.content.files import Digests, read_text, static_assets
from sitegen.content.files import rel_path as _rel
from sitegen.content.guided import CheckFile
from sitegen.content.models import (
    GlossaryFile,
    GroupsFile,
    GuideMeta,
    GuideText,
    Link,
    ProceduresFile,
    Province,
    ProvinceSpec,
    ScenariosFile,
    SearchFile,
    Section,
    SiteSpec,
    SurveyFile,
    TasksFile,
    TopicsFile,
)
from sitegen.content.schema import validate
from sitegen.content.sources import check_sources
from sitegen.content.strings import check_strings
from sitegen.content.translation import revision
from sitegen.content.yamlload import Document, Marks, load_yaml
from sitegen.errors import ContentError, Diagnostics
from sitegen.incremental.filecache import FileCache
from sitegen.incremental.hashing import digest

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Content:
    """Everything read from the repository, validated but not yet linked together."""

    root: Path
    spec: SiteSpec
    guides: tuple[GuideText, ...]
    provinces: tuple[Province, ...]
    groups: GroupsFile
    topics: TopicsFile
    procedures: ProceduresFile
    glossary: GlossaryFile
    tasks: TasksFile
    search: SearchFile
    survey: dict[str, Any]
    i18n: dict[str, dict[str, str]]
    check: CheckFile = CheckFile()  # the guided check (data/check.yaml)
    scenarios: ScenariosFile = ScenariosFile()
    marks: dict[str, Marks] = field(default_factory=dict)  # of optional data files, by name
    digests: Digests = field(default_factory=dict)  # of every file read, by path
    assets: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # see static_assets
    policies: PoliciesFile = PoliciesFile()
    fact_refs: dict[str, tuple[Link, ...]] = field(default_factory=dict)  # in data files



def read_yaml(path: Path, root: Path, seen: Digests | None = None) -> Document:
    """Read and parse one YAML file, reporting its path relative to the repository."""
    return load_yaml(read_text(path, root, seen), _rel(path, root))


def load_file(schema: type[M], path: Path, root: Path, diags: Diagnostics,
              languages: tuple[str, ...], seen: Digests | None = None,
              refs: dict[str, tuple[Link, ...]] | None = None,
              domains: tuple[str, ...] = (),
              ) -> tuple[M | None, Document | None]:
    """Read, parse and validate one YAML file; problems go to `diags`. `refs`: record the
    policy facts the file refers to there, by path; `domains`: check its sources against
    these official domains."""
    rel = _rel(path, root)
    try:
        text = read_text(path, root, seen)
        doc = load_yaml(text, rel)
    except ContentError as exc:
        diags.add(exc)
        return None, None
    if refs is not None:
        refs[rel.as_posix()] = fact_refs.scan(text, rel, diags, yaml=True)
    model = validate(schema, doc, diags, languages)
    if model is not None and domains:
        check_sources(model, doc, diags, domains)
    return model, doc


def load_config(root: Path) -> SiteSpec:
    """Read site.yaml; raise BuildFailed if it is wrong (nothing else can be read without it)."""
    diags = Diagnostics()
    path = root / "site.yaml"
    if not path.is_file():
        diags.error("site.yaml", 0, 0, "site.yaml not found",
                    f"run sitegen in the repository's top folder (looked in {root})")
        diags.raise_if_errors()
    doc = read_yaml(path, root)
    tags = tuple(lang.get("tag", "") for lang in (doc.data or {}).get("languages", []) or []
                 if isinstance(lang, dict))
    default = (doc.data or {}).get("default_language")
    ordered = (default, *[t for t in tags if t != default]) if default in tags else tags
    spec = validate(SiteSpec, doc, diags, tuple(str(t) for t in ordered))
    if spec and spec.default_language not in tags:
        line, col = doc.marks.at(("default_language",))
        diags.error("site.yaml", line, col,
                    f"default_language '{spec.default_language}' is not in languages",
                    "use the tag of one of the languages listed below it")
    diags.raise_if_errors()
    assert spec is not None
    return spec


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # what a folder or file name in a URL may be
MAX_SLUG = 64


def language_tags(spec: SiteSpec) -> tuple[str, ...]:
    """Language tags, the default first."""
    rest = [lang.tag for lang in spec.languages if lang.tag != spec.default_language]
    return (spec.default_language, *rest)


def load_content(root: Path, spec: SiteSpec, diags: Diagnostics, *,
                 write_cache: bool = True) -> Content | None:
    """Read guides, provinces and data files; return None if any error was found.
    `write_cache`: keep what was read in .cache/content.sqlite for the next build."""
    langs = language_tags(spec)
    data = root / "data"
    seen: Digests = {}
    groups, groups_doc = load_file(GroupsFile, data / "groups.yaml", root, diags, langs, seen)
    topics, _ = load_file(TopicsFile, data / "topics.yaml", root, diags, langs, seen)
    procedures, _ = load_file(ProceduresFile, data / "procedures.yaml", root, diags, langs, seen)
    refs: dict[str, tuple[Link, ...]] = {}
    glossary, _ = load_file(GlossaryFile, data / "glossary.yaml", root, diags, langs, seen,
                            refs)
    tasks, _ = load_file(TasksFile, data / "tasks.yaml", root, diags, langs, seen)
    search, search_doc = load_file(SearchFile, data / "search.yaml", root, diags, langs, seen)
    survey = _load_survey(data / "survey.yaml", root, diags, langs, seen)
    domains = tuple(spec.official_domains)
    check, check_doc = _load_optional(CheckFile, data / "check.yaml", root, diags, langs, seen,
                                      refs, domains)
    scenarios, scen_doc = _load_optional(ScenariosFile, data / "scenarios.yaml", root, diags,
                                         langs, seen, refs)
    policies, policies_doc = _load_optional(PoliciesFile, data / "policies.yaml", root, diags,
                                            langs, seen, refs, domains)
    i18n = _load_i18n(root, langs, diags, seen)
    cache = FileCache(root, "\0".join((*langs, "", *domains)), write=write_cache)
    guides = _load_guides(root, langs, diags, cache, seen, domains)
    provinces = _load_provinces(root, langs, diags, cache, seen, domains)
    cache.save()
    if diags.errors or not (groups and topics and procedures and glossary and tasks and search):
        return None
    marks = {name: doc.marks for name, doc in (("check", check_doc), ("scenarios", scen_doc),
                                               ("policies", policies_doc), ("search", search_doc),
                                               ("groups", groups_doc))
             if doc is not None}
    return Content(root, spec, guides, provinces, groups, topics, procedures, glossary, tasks,
                   search, survey or {}, i18n, check or CheckFile(),
                   scenarios or ScenariosFile(), marks, seen,
                   static_assets(root / "templates" / "static"), policies or PoliciesFile(),
                   refs)


def _load_optional(schema: type[M], path: Path, root: Path, diags: Diagnostics,
                   languages: tuple[str, ...], seen: Digests,
                   refs: dict[str, tuple[Link, ...]] | None = None,
                   domains: tuple[str, ...] = (),
                   ) -> tuple[M | None, Document | None]:
    """A data file a site may leave out (the guided check, the scenarios, the policy
    facts): absent
    means empty."""
    if not path.is_file():
        return None, None
    return load_file(schema, path, root, diags, languages, seen, refs, domains)


def _load_plain(path: Path, root: Path, diags: Diagnostics, seen: Digests) -> Any:
    try:
        return read_yaml(path, root, seen).data
    except ContentError as exc:
        diags.add(exc)
        return None


def _load_survey(path: Path, root: Path, diags: Diagnostics, languages: tuple[str, ...],
                 seen: Digests) -> Any:
    """The survey's tables, checked against their schema, as the plain data the charts read."""
    model, doc = load_file(SurveyFile, path, root, diags, languages, seen)
    return doc.data if model is not None and doc is not None else None


def _load_i18n(root: Path, langs: tuple[str, ...], diags: Diagnostics,
               seen: Digests) -> dict[str, dict[str, str]]:
    """Interface strings per language; every language must have every key of the default."""
    strings: dict[str, dict[str, str]] = {}
    docs: dict[str, Document] = {}
    for tag in langs:
        path = root / "templates" / "i18n" / f"{tag}.yaml"
        if not path.is_file():
            diags.error(_rel(path, root), 0, 0, f"no interface strings for language '{tag}'",
                        f"copy templates/i18n/{langs[0]}.yaml to this name and translate it")
            continue
        try:
            docs[tag] = read_yaml(path, root, seen)
        except ContentError as exc:
            diags.add(exc)
            continue
        if isinstance(docs[tag].data, dict):
            strings[tag] = {str(k): str(v) for k, v in docs[tag].data.items()}
    check_strings(root, docs, langs[0], diags)
    base = strings.get(langs[0], {})
    for tag, table in strings.items():
        for key in sorted(set(base) - set(table)):
            diags.error(f"templates/i18n/{tag}.yaml", 0, 0, f"missing interface string '{key}'",
                        f"add `{key}: …` (see templates/i18n/{langs[0]}.yaml)")
    return strings


FRONT_MATTER_END = re.compile(r"^(---|\.\.\.)[ \t]*$", re.M)


def _load_guides(root: Path, langs: tuple[str, ...], diags: Diagnostics,
                 cache: FileCache, seen: Digests, domains: tuple[str, ...],
                 ) -> tuple[GuideText, ...]:
    guides: list[GuideText] = []
    for folder in sorted(p for p in (root / "content" / "guides").glob("*") if p.is_dir()):
        if not SLUG.fullmatch(folder.name) or len(folder.name) > MAX_SLUG:
            diags.error(_rel(folder, root), 0, 0,
                        f"the folder name {folder.name!r} cannot be a page address",
                        f"name guide folders with at most {MAX_SLUG} lowercase ASCII letters, "
                        "digits and single dashes, like 'pay-online'")
            continue
        files = sorted(folder.glob("*.md"))
        tags = {f.stem for f in files}
        if langs[0] not in tags:
            diags.error(_rel(folder, root), 0, 0,
                        f"guide '{folder.name}' has no {langs[0]}.md",
                        f"every guide needs a file in the default language: {langs[0]}.md")
        for path in files:
            if path.stem not in langs:
                diags.error(_rel(path, root), 0, 0,
                            f"'{path.stem}' is not a language of this site",
                            "name the file after a language in site.yaml: "
                            + ", ".join(f"{t}.md" for t in langs))
                continue
            try:
                guide = read_guide(path, root, folder.name, path.stem, diags, cache, seen,
                                   domains)
            except ContentError as exc:
                diags.add(exc)
                continue
            if guide:
                guides.append(guide)
    return tuple(guides)


def read_guide(path: Path, root: Path, slug: str, lang: str, diags: Diagnostics,
               cache: FileCache | None = None, seen: Digests | None = None,
               domains: tuple[str, ...] = ("gov.cn",)) -> GuideText | None:
    """Read one guide file: front matter (validated) and Markdown body (checked, split)."""
    rel = _rel(path, root)
    text = read_text(path, root, seen)
    end = FRONT_MATTER_END.search(text, 4) if text.startswith("---\n") else None
    if seen is not None:  # what other pages may show of a guide: its front matter
        front = text[: end.end()] if end else text
        seen[f"{rel.as_posix()}#front-matter"] = digest([front.encode("utf-8")])
    key = cache.key(rel, text) if cache else ""
    if cache and (kept := cache.get(key, _guide_from_json)) is not None:
        return kept
    problems = len(diags.problems)
    facts = fact_refs.scan(text, rel, diags)
    if not text.startswith("---\n"):
        raise ContentError(rel, 1, 1, "the file must start with front matter",
                           "the first line must be exactly --- followed by title:, summary: …")
    if end is None:
        raise ContentError(rel, 1, 1, "the front matter never closes",
                           "add a line with only --- after the last front-matter key")
    doc = load_yaml(text[4: end.start()], rel, line_offset=1)
    meta = validate(GuideMeta, doc, diags, (lang,))
    if meta is not None:
        check_sources(meta, doc, diags, domains, draft=meta.draft)
    body_line = text.count("\n", 0, end.end()) + 2
    body = text[end.end():].removeprefix("\n")
    source = markdown_source.parse(body, rel, body_line, diags)
    if meta is None or source is None:
        return None
    guide = GuideText(slug, lang, rel, meta, source.intro, source.sections, source.links, facts,
                      revision(meta, source.intro, source.sections))
    if cache and len(diags.problems) == problems:
        cache.put(key, guide, _guide_json)
    return guide


def _load_provinces(root: Path, langs: tuple[str, ...], diags: Diagnostics,
                    cache: FileCache, seen: Digests, domains: tuple[str, ...],
                    ) -> tuple[Province, ...]:
    provinces: list[Province] = []
    for path in sorted((root / "provinces").glob("*.yaml")):
        province = _load_province(path, root, (langs, domains), diags, cache, seen)
        if province is not None:
            provinces.append(province)
    return tuple(provinces)


def _load_province(path: Path, root: Path, config: tuple[tuple[str, ...], tuple[str, ...]],
                   diags: Diagnostics, cache: FileCache, seen: Digests) -> Province | None:
    """One province file; `config`: the site's languages and official domains."""
    langs, domains = config
    rel = _rel(path, root)
    try:
        text = read_text(path, root, seen)
        key = cache.key(rel, text)
        if (kept := cache.get(key, _province_from_json)) is not None:
            return kept
        doc = load_yaml(text, rel)
    except ContentError as exc:
        diags.add(exc)
        return None
    problems = len(diags.problems)
    facts = fact_refs.scan(text, rel, diags, yaml=True)
    spec = validate(ProvinceSpec, doc, diags, langs)
    if spec is None:
        return None
    if spec.code != path.stem:
        line, col = doc.marks.at(("code",))
        diags.error(doc.marks.path, line, col,
                    f"code '{spec.code}' does not match the file name '{path.name}'",
                    f"write `code: {path.stem}` or rename the file to {spec.code}.yaml")
        return None
    _check_province(spec, doc, diags)
    check_sources(spec, doc, diags, domains, draft=spec.draft)
    province = Province(doc.marks.path, spec, facts)
    if len(diags.problems) == problems:
        cache.put(key, province, _province_json)
    return province


def _check_province(spec: ProvinceSpec, doc: Document, diags: Diagnostics) -> None:
    """Rules a schema cannot say: procedure ids once each, channel references exist."""
    channel_ids = {c.id for c in spec.channels}
    seen: set[str] = set()
    for i, proc in enumerate(spec.procedures):
        if proc.id in seen:
            line, col = doc.marks.at(("procedures", i, "id"))
            diags.error(doc.marks.path, line, col, f"procedure '{proc.id}' appears twice",
                        "keep one entry per procedure id")
        seen.add(proc.id)
        for j, ref in enumerate(proc.channels):
            if ref not in channel_ids:
                line, col = doc.marks.at(("procedures", i, "channels", j))
                diags.error(doc.marks.path, line, col, f"no channel with id '{ref}'",
                            "use an id from this file's channels: "
                            + ", ".join(sorted(channel_ids)))


def _guide_json(guide: GuideText) -> str:
    """A guide as the JSON text the content cache keeps."""
    return json.dumps({
        "slug": guide.slug, "lang": guide.lang, "path": guide.path.as_posix(),
        "meta": guide.meta.model_dump_json(), "intro": guide.intro,
        "sections": [[s.title, s.markdown, s.line] for s in guide.sections],
        "links": [[k.target, k.line, k.col] for k in guide.links],
        "facts": [[k.target, k.line, k.col] for k in guide.facts], "revision": guide.revision},
        ensure_ascii=False)


def _guide_from_json(text: str) -> GuideText:
    data = json.loads(text)
    return GuideText(data["slug"], data["lang"], Path(data["path"]),
                     GuideMeta.model_validate_json(data["meta"]), data["intro"],
                     tuple(Section(*s) for s in data["sections"]),
                     tuple(Link(*k) for k in data["links"]),
                     tuple(Link(*k) for k in data["facts"]), data["revision"])


def _province_json(province: Province) -> str:
    """A province as the JSON text the content cache keeps."""
    return json.dumps({"path": province.path.as_posix(), "spec": province.spec.model_dump_json(),
                       "facts": [[k.target, k.line, k.col] for k in province.facts]},
                      ensure_ascii=False)


def _province_from_json(text: str) -> Province:
    """A province from the cache (an old row without `facts` is a KeyError: read the file)."""
    data = json.loads(text)
    return Province(Path(data["path"]), ProvinceSpec.model_validate_json(data["spec"]),
                    tuple(Link(*k) for k in data["facts"]))
