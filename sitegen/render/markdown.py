"""Markdown to safe HTML: internal links resolved, glossary terms linked, charts placed.

Raw HTML is already refused by `markdown_source`; here it is also switched off in the parser
and the result passes through an allow-list sanitiser, so no path leads a script into a page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

Resolve = Callable[[str], str]
"""Turns `guide:slug#anchor` (and procedure:, glossary:) into a URL path."""

SKIP = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = {"p", "ul", "ol", "li", "a", "strong", "em", "code", "pre", "blockquote", "h3", "h4",
        "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "br", "hr", "img"}
ATTRIBUTES = {"a": {"href", "class", "title"}, "img": {"src", "alt", "width", "height"},
              "th": {"align", "scope"}, "td": {"align", "data-label"}, "table": {"class"}}
CHART_PARAGRAPH = re.compile(r"<p>\[\[chart:([a-z_]+)\]\]</p>")


@dataclass
class Glossary:
    """Matches glossary words in text; remembers which terms a page has linked already."""

    pattern: re.Pattern[str] | None
    ids: dict[str, str]
    url: Callable[[str], str]
    used: set[str] = field(default_factory=set)

    @classmethod
    def build(cls, words: dict[str, str], url: Callable[[str], str], latin: bool) -> Glossary:
        """`words` maps each term and alias (lowercased for Latin scripts) to its term id."""
        if not words:
            return cls(None, {}, url)
        alternatives = _trie(words)
        regex = rf"\b({alternatives})\b" if latin else f"({alternatives})"
        return cls(re.compile(regex, re.I if latin else 0), words, url)

    def first_match(self, text: str) -> tuple[int, int, str] | None:
        """The first match in `text` of a term not yet linked on this page."""
        if self.pattern is None:
            return None
        for match in self.pattern.finditer(text):
            term = self.ids[match.group(1).lower() if match.group(1).lower() in self.ids
                            else match.group(1)]
            if term not in self.used:
                return match.start(), match.end(), term
        return None


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching any of `words`, the longest first, as a tree of their
    shared beginnings: much quicker to compile and to search than `a|b|c…`."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items())
                    if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


class _Links(Treeprocessor):
    def __init__(self, md: markdown.Markdown, converter: Converter) -> None:
        super().__init__(md)
        self.converter = converter

    def run(self, root: ET.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith(("guide:", "procedure:", "glossary:")):
                link.set("href", self.converter.resolve(href))
        if self.converter.glossary:
            _link_terms(root, self.converter.glossary)
        _label_cells(root)


def _label_cells(root: ET.Element) -> None:
    """Give each body cell its column heading, so narrow screens can show rows as cards."""
    for table in root.iter("table"):
        head = table.find("thead")
        heads = (["".join(th.itertext()).strip() for th in head.iter("th")]
                 if head is not None else [])
        if len(heads) < 2:
            continue
        table.set("class", "stacked")
        for row in table.iter("tr"):
            for i, cell in enumerate(row):
                if cell.tag == "td" and 0 < i < len(heads) and heads[i]:
                    cell.set("data-label", heads[i])


def _link_terms(element: ET.Element, glossary: Glossary) -> None:
    """Link the first use of each glossary term on the page (not in links, code or headings)."""
    if element.tag in SKIP:
        return
    element.text = _link_in(element, None, element.text, glossary)
    for child in list(element):
        _link_terms(child, glossary)
        child.tail = _link_in(element, child, child.tail, glossary)


def _link_in(parent: ET.Element, after: ET.Element | None, text: str | None,
             glossary: Glossary) -> str | None:
    if not text:
        return text
    found = glossary.first_match(text)
    if found is None:
        return text
    start, end, term = found
    glossary.used.add(term)
    link = ET.Element("a", {"href": glossary.url(term), "class": "term"})
    link.text = text[start:end]
    index = 0 if after is None else list(parent).index(after) + 1
    parent.insert(index, link)
    link.tail = _link_in(parent, link, text[end:], glossary)
    return text[:start]


class Converter:
    """One reusable Markdown converter per language (built once per process)."""

    def __init__(self) -> None:
        self.md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self.md.preprocessors.deregister("html_block")
        self.md.inlinePatterns.deregister("html")
        self.md.treeprocessors.register(_Links(self.md, self), "sitegen_links", 1)
        self.resolve: Resolve = lambda href: href
        self.glossary: Glossary | None = None

    def convert(self, text: str, resolve: Resolve, glossary: Glossary | None,
                chart: Callable[[str], str]) -> str:
        """Markdown to sanitised HTML; `chart(name)` gives the HTML of a chart marker."""
        self.resolve, self.glossary = resolve, glossary
        self.md.reset()
        html = self.md.convert(text)
        clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES,
                          url_schemes={"http", "https", "mailto", "tel"}, link_rel=None)
        return CHART_PARAGRAPH.sub(lambda m: chart(m.group(1)), clean)
