"""What search knows besides the index: stop words, synonym groups, places, platforms,
uncovered topics, and the pinyin and traditional spellings of all of them.

The same data serves both sides: the index gets each page's synonyms in a weighted block,
and the search page gets them as JSON (`/{lang}/search/words.json`) so the query is read
the same way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from sitegen.pages.base import (
    GroupRef,
    GuideRef,
    Named,
    Page,
    ProcedureRef,
    ProvinceRef,
    local,
)
from sitegen.search.places import compact, place_table
from sitegen.search.words import HAN, pinyin_forms, traditional_table

if TYPE_CHECKING:
    from sitegen.site import Site

# Pages in the index and the catalogue are those of the kinds marked `indexed`: the content
# pages, the ways in (the guided check's first page, the calculator, the scenarios), the
# handouts page and a page per worker group. A group's page names the reader's work in its
# title; the ranking (templates/static/search-core.js) puts it first only when the query names
# a work or a platform, so that it does not crowd out the guides it links to. The check's
# further questions and plans are left out: there are a thousand, and their titles name the
# reader's answers, as the finder's pages per group and province did, which crowded out the
# guides and procedures they link to (the en benchmark's recall@3 fell below its floor).
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


SEARCH_STRINGS = ("count", "none", "searched", "relaxed", "error", "reviewed", "respelled",
                  "elsewhere", "closest", "more", "step")


def client_data(site: Site, tag: str) -> dict[str, Any]:
    """The JSON the search page carries: its strings (the rest comes with the first query)."""
    strings = site.content.i18n[tag]
    return {"strings": {key: strings[f"search_{key}"] for key in SEARCH_STRINGS}}


def group_words(site: Site, tag: str) -> dict[str, str]:
    """Platforms and kinds of work (data/groups.yaml `words`) to the group id, with each
    group's own name."""
    result: dict[str, str] = {}
    for group in site.content.groups.groups:
        for word in [local(group.name, tag, site.default.tag), *(group.words or {}).get(tag, [])]:
            result.setdefault(word.lower(), group.id)
    return result


def words_file(site: Site, tag: str, texts: list[str]) -> dict[str, Any]:
    """Everything the search page needs to read a query (`/{lang}/search/words.json`);
    `texts`: the text of every searched page, whose characters a traditional query may use."""
    default = site.default.tag
    names = {code: local(p.spec.name, tag, default) for code, p in site.provinces.items()}
    groups = group_words(site, tag)
    uncovered = [{"words": [w.lower() for w in u.words.get(tag, [])],
                  "say": local(u.say, tag, default)} for u in site.content.search.uncovered]
    synonyms = synonym_groups(site, tag)
    table = compact(place_table(site, tag))
    tools = {w.lower(): site.url(Named(tool.page), tag) for tool in site.content.search.tools
             for w in tool.words.get(tag, [])}
    guides = {w.lower(): site.url(GuideRef(term.guide), tag)
              for term in site.content.glossary.terms if term.guide
              for w in [local(term.term, tag, default), *term.aliases.get(tag, [])]}
    answers: dict[str, list[str]] = {}
    for answer in site.content.search.answers:
        for w in answer.words.get(tag, []):
            answers.setdefault(w.lower(), []).append(site.url(GuideRef(answer.guide), tag))
    vocabulary = [w for g in synonyms for w in g] + list(groups) + list(tools)
    vocabulary += [w for u in uncovered for w in u["words"]] + list(names.values())
    between = site.content.search.between_provinces
    return {
        "stop": site.content.search.stop_words.get(tag, []),
        "synonyms": synonyms,
        "places": table["covered"],
        "elsewhere": table["elsewhere"],
        "provinces": names,
        "places_of": {code: _unique([name, PROVINCE_SUFFIX.sub("", name)])
                      for code, name in names.items()},
        "groups": groups,
        "group_pages": {g.id: site.url(GroupRef(g.id), tag) for g in site.content.groups.groups
                        if (GroupRef(g.id).key, tag) in site.by_key},
        "workers": sorted(worker_groups(site)),
        "group_guides": {g.id: [site.url(GuideRef(slug), tag) for slug in g.guides]
                         for g in site.content.groups.groups if g.guides},
        "uncovered": uncovered,
        "tools": tools,
        "guides": guides,
        "answers": answers,
        "between": site.url(GuideRef(between), tag) if between else "",
        "pinyin": pinyin_table(vocabulary) if tag == default else foreign_words(site, tag),
        "known": sorted({w for text in texts for w in LATIN_WORD.findall(text.lower())}),
        "traditional": traditional_table(HAN.findall("".join(texts + vocabulary)))
        if tag == default else {},
    }


LATIN_WORD = re.compile(r"[a-z]{3,}")


def foreign_words(site: Site, tag: str) -> dict[str, str]:
    """For a language other than the default: glossary terms written in the default
    language, or in its pinyin (医保, yibao), to the term in this language."""
    result: dict[str, str] = {}
    default = site.default.tag
    for term in site.content.glossary.terms:
        mine = local(term.term, tag, default).lower()
        for word in [local(term.term, default, default), *term.aliases.get(default, [])]:
            for form in [word, *joined_pinyin(word)]:
                result.setdefault(form, mine)
    return result


def pinyin_table(vocabulary: list[str]) -> dict[str, str]:
    """Pinyin of every Chinese word of the vocabulary to the word, joined only: the search page
    joins the reader's spaced syllables (yang lao, yanglao) before looking them up."""
    result: dict[str, str] = {}
    for word in vocabulary:
        for form in joined_pinyin(word):
            result.setdefault(form, word)
    return result


def joined_pinyin(word: str) -> list[str]:
    """The pinyin of `word` without spaces (yanglao)."""
    return [form for form in pinyin_forms(word) if " " not in form]


def facets(site: Site, tag: str) -> dict[str, list[str]]:
    """Filter chips: every value of each facet that some page has, in a stable order."""
    result: dict[str, list[str]] = {"province": [], "topic": [], "group": []}
    for entry in catalogue(site, tag):
        for facet, values in result.items():
            values.extend(v for v in entry.get(facet, []) if v not in values)
    return result


def page_terms(site: Site, page: Page, text: str, synonyms: list[list[str]]) -> list[str]:
    """Keywords and the synonyms of every word group of `synonyms` (the page's language's
    `synonym_groups`) the page's text uses."""
    words: list[str] = []
    if isinstance(page.ref, GuideRef):
        words.extend(site.guides[page.ref.slug].text(page.lang.tag).meta.keywords)
    if isinstance(page.ref, GroupRef):
        words.extend((site.groups[page.ref.id].words or {}).get(page.lang.tag, []))
    for tool in site.content.search.tools:
        if tool.page == page.kind:
            words.extend(tool.words.get(page.lang.tag, []))
    lowered = _unhyphened(text.lower())  # occupational-injury protection says it too
    for group in synonyms:
        if any(_unhyphened(word.lower()) in lowered for word in group):
            words.extend(group)
    return _unique(words)


def _unhyphened(text: str) -> str:
    return text.replace("-", " ")


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
    if isinstance(ref, GroupRef):
        filters["group"] = [groups[ref.id]]
    return filters


def _unique(words: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for word in words:
        seen.setdefault(word, None)
    return list(seen)


def worker_groups(site: Site) -> set[str]:
    """The worker groups the guided check's answers name (data/check.yaml `group:`): the
    groups of workers themselves, not of the staff and families who help them."""
    return {a.group for q in site.content.check.questions for a in q.answers if a.group}


def catalogue(site: Site, tag: str) -> list[dict[str, Any]]:
    """Every searchable page of one language with its filter values, for filter chips."""
    entries, workers = [], worker_groups(site)
    for page in site.pages:
        if page.lang.tag != tag or not site.kinds[page.kind].indexed:
            continue
        entry: dict[str, Any] = {"url": page.url, "kind": page.kind, "title": page.title,
                                 "summary": page.description}
        ref = page.ref
        if isinstance(ref, ProvinceRef | ProcedureRef):
            entry["code"] = ref.code
        if isinstance(ref, ProcedureRef):  # the national guide on the same topic
            entry["guide"] = site.url(GuideRef(site.procedure_kinds[ref.id].guide), tag)
        if isinstance(ref, GuideRef):
            meta = site.guides[ref.slug].text(tag).meta
            entry["keywords"] = meta.keywords
            entry["groups"] = list(site.guides[ref.slug].default.meta.audiences)
            if workers and entry["groups"][0] not in workers:  # for staff or families first
                entry["helpers"] = entry["groups"][0]
        if isinstance(ref, GroupRef):
            entry["groups"] = [ref.id]
        entry.update(page_filters(site, page))
        if page.last_reviewed:
            entry["reviewed"] = page.last_reviewed.isoformat()
        entries.append(entry)
    return entries
