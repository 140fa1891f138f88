"""What search knows besides the index: stop words, synonym groups and place names.

The same data serves both sides: the index gets each page's synonyms in a weighted block,
and the search page gets the groups as JSON so the query is expanded the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sitegen.pages.base import GuideRef, Page, ProcedureRef, ProvinceRef, local

if TYPE_CHECKING:
    from sitegen.site import Site

# Pages in the index and the catalogue are those of the kinds marked `indexed`: the content
# pages and the three ways in (the guided check's first page, the calculator, the scenarios).
# The check's further questions and plans are left out: there are a thousand, their titles
# name the reader's answers, and the finder's pages per group and province, which did the
# same, crowded out the guides and procedures they link to (the en benchmark's recall@3 fell
# below its floor).
PROVINCE_SUFFIX = re.compile(r"(省|市|自治区|特别行政区)$")


def synonym_groups(site: Site, tag: str) -> list[list[str]]:
    """Groups of words that mean the same: glossary terms with their aliases, and search.yaml."""
    default = site.default.tag
    groups = []
    for term in site.content.glossary.terms:
        words = [local(term.term, tag, default), *term.aliases.get(tag, [])]
        groups.append(_unique(words))
    groups.extend(_unique(g) for g in site.content.search.synonyms.get(tag, []))
    return [g for g in groups if len(g) > 1]


def places(site: Site, tag: str) -> dict[str, str]:
    """Place names (province and city, in this language and the default) to province codes."""
    result: dict[str, str] = {}
    for code, province in site.provinces.items():
        spec = province.spec
        names = [spec.name.get(tag, ""), spec.name.get(site.default.tag, ""),
                 *spec.cities.get(tag, []), *spec.cities.get(site.default.tag, [])]
        for name in filter(None, names):
            result.setdefault(name.lower(), code)
            result.setdefault(PROVINCE_SUFFIX.sub("", name).lower(), code)
    return dict(sorted(result.items()))


SEARCH_STRINGS = ("count", "none", "searched", "relaxed", "error", "reviewed")


def client_data(site: Site, tag: str) -> dict[str, Any]:
    """The JSON the search page carries for query understanding."""
    default = site.default.tag
    strings = site.content.i18n[tag]
    names = {code: local(p.spec.name, tag, default) for code, p in site.provinces.items()}
    return {
        "stop": site.content.search.stop_words.get(tag, []),
        "synonyms": synonym_groups(site, tag),
        "places": places(site, tag),
        "provinces": names,
        "places_of": {code: _unique([name, PROVINCE_SUFFIX.sub("", name)])
                      for code, name in names.items()},
        "strings": {key: strings[f"search_{key}"] for key in SEARCH_STRINGS},
    }


def facets(site: Site, tag: str) -> dict[str, list[str]]:
    """Filter chips: every value of each facet that some page has, in a stable order."""
    result: dict[str, list[str]] = {"province": [], "topic": [], "group": []}
    for entry in catalogue(site, tag):
        for facet, values in result.items():
            values.extend(v for v in entry.get(facet, []) if v not in values)
    return result


def page_terms(site: Site, page: Page, text: str) -> list[str]:
    """Keywords and the synonyms of every word group the page's text uses."""
    words: list[str] = []
    if isinstance(page.ref, GuideRef):
        words.extend(site.guides[page.ref.slug].text(page.lang.tag).meta.keywords)
    lowered = text.lower()
    for group in synonym_groups(site, page.content_lang):
        if any(word.lower() in lowered for word in group):
            words.extend(group)
    return _unique(words)


def page_filters(site: Site, page: Page) -> dict[str, list[str]]:
    """Filter values (in the reader's language): province, topic, worker group."""
    tag, default = page.lang.tag, site.default.tag
    topics = {t.id: local(t.name, tag, default) for t in site.content.topics.topics}
    groups = {g.id: local(g.name, tag, default) for g in site.content.groups.groups}
    filters: dict[str, list[str]] = {}
    ref = page.ref
    if isinstance(ref, GuideRef):
        meta = site.guides[ref.slug].default.meta
        filters["topic"] = [topics[t] for t in meta.topics]
        filters["group"] = [groups[g] for g in meta.audiences]
    if isinstance(ref, ProvinceRef | ProcedureRef):
        filters["province"] = [local(site.provinces[ref.code].spec.name, tag, default)]
    if isinstance(ref, ProcedureRef):
        filters["topic"] = [topics[site.procedure_kinds[ref.id].topic]]
    return filters


def _unique(words: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        seen.setdefault(word, None)
    return list(seen)


def catalogue(site: Site, tag: str) -> list[dict[str, Any]]:
    """Every searchable page of one language with its filter values, for filter chips."""
    entries = []
    for page in site.pages:
        if page.lang.tag != tag or not site.kinds[page.kind].indexed:
            continue
        entry: dict[str, Any] = {"url": page.url, "kind": page.kind, "title": page.title,
                                 "summary": page.description}
        ref = page.ref
        if isinstance(ref, ProvinceRef | ProcedureRef):
            entry["code"] = ref.code
        if isinstance(ref, GuideRef):
            entry["keywords"] = site.guides[ref.slug].text(tag).meta.keywords
        entry.update(page_filters(site, page))
        if page.last_reviewed:
            entry["reviewed"] = page.last_reviewed.isoformat()
        entries.append(entry)
    return entries
