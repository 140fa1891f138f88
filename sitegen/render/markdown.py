"""Markdown to safe HTML: internal links resolved, glossary terms linked, charts placed.

Raw HTML is already refused by `content.markdown`; here it is also switched off in the parser
and the result passes through an allow-list sanitiser, so no path leads a script into a page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sitegen.render import phones

Resolve = Callable[[str], str]
"""Turns `guide:slug#anchor` (and procedure:, glossary:) into a URL path."""

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


class _Parser(MarkdownIt):
    def validateLink(self, url: str) -> bool:  # noqa: N802 (markdown-it's name)
        return True  # every URL becomes a token, and `content.markdown` decides on it


def parser() -> MarkdownIt:
    """The one Markdown parser: CommonMark with tables, raw HTML off. Every link and image the
    parser accepts becomes a token; `content.markdown` checks those tokens before anything is
    published, so the parser itself lets every URL through to that check."""
    return _Parser("commonmark", {"html": False, "maxNesting": 20}).enable("table")


def _resolve_links(tokens: list[Token], converter: Converter) -> None:
    """Internal links (`guide:`, `procedure:`, `glossary:`) become the pages' URLs; glossary
    terms are linked; table cells get their column headings."""
    heading = False
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            heading = token.type == "heading_open"
        for child in token.children or []:
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href.startswith(("guide:", "procedure:", "glossary:")):
                child.attrs["href"] = converter.resolve(href)
        if token.type == "inline" and converter.glossary and not heading and token.children:
            token.children = _link_terms(token.children, converter.glossary)
        if token.type == "inline" and token.children:
            token.children = _link_phones(token.children)
    _label_cells(tokens)


def _in_text(children: list[Token], change: Callable[[str], list[Token]]) -> list[Token]:
    """Each text token outside links (and so outside code, which is not text) replaced by
    `change` of its text."""
    result: list[Token] = []
    depth = 0
    for child in children:
        depth += 1 if child.type == "link_open" else -1 if child.type == "link_close" else 0
        result += change(child.content) if child.type == "text" and depth == 0 else [child]
    return result


def _link(href: str, css: str, text: str) -> list[Token]:
    return [Token("link_open", "a", 1, attrs={"href": href, "class": css}), _text(text),
            Token("link_close", "a", -1)]


def _link_phones(children: list[Token]) -> list[Token]:
    """Hotline numbers in text (not in links or code) become `tel:` links."""
    return _in_text(children, lambda text: [
        token for piece, is_number in phones.split(text)
        for token in (_link(f"tel:{piece}", "tel", piece) if is_number else [_text(piece)])])


def _label_cells(tokens: list[Token]) -> None:
    """Give each body cell its column heading, so narrow screens can show rows as cards."""
    table: Token | None = None
    heads: list[str] = []
    column = 0
    for i, token in enumerate(tokens):
        if token.type == "table_open":
            table, heads = token, []
        elif token.type == "th_open":
            heads.append(tokens[i + 1].content.strip())
        elif token.type == "tr_open":
            column = 0
        if token.type in ("th_open", "td_open"):
            style = str(token.attrs.pop("style", ""))
            if style.startswith("text-align:"):
                token.attrs["align"] = style.removeprefix("text-align:")
        if token.type == "td_open":
            if table is not None and len(heads) >= 2:
                table.attrs["class"] = "stacked"
                if 0 < column < len(heads) and heads[column]:
                    token.attrs["data-label"] = heads[column]
            column += 1


def _link_terms(children: list[Token], glossary: Glossary) -> list[Token]:
    """Link the first use of each glossary term on the page (not in links or code)."""

    def change(text: str) -> list[Token]:
        result: list[Token] = []
        while (found := glossary.first_match(text)) is not None:
            start, end, term = found
            glossary.used.add(term)
            result += [_text(text[:start]), *_link(glossary.url(term), "term", text[start:end])]
            text = text[end:]
        return [*result, _text(text)]

    return _in_text(children, change)


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


class Converter:
    """One reusable Markdown converter (built once per process)."""

    def __init__(self) -> None:
        self.md = parser()
        self.resolve: Resolve = lambda href: href
        self.glossary: Glossary | None = None

    def convert(self, text: str, resolve: Resolve, glossary: Glossary | None,
                chart: Callable[[str], str]) -> str:
        """Markdown to sanitised HTML; `chart(name)` gives the HTML of a chart marker."""
        self.resolve, self.glossary = resolve, glossary
        tokens = self.md.parse(text)
        _resolve_links(tokens, self)
        html = self.md.renderer.render(tokens, self.md.options, {})
        clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES,
                          url_schemes={"http", "https", "mailto", "tel"}, link_rel=None)
        return CHART_PARAGRAPH.sub(lambda m: chart(m.group(1)), clean)
