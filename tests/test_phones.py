"""Every hotline on every page is a `tel:` link whose text is the number, so it can be tapped
on a phone and read on paper."""

from __future__ import annotations

import html.parser
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.render.markdown import Converter
from sitegen.render.phones import PATTERN, phones

from .browser import serve, strict_csp_handler

SKIPPED = {"script", "style", "title", "head", "a", "textarea", "code", "pre", "option"}


class UnlinkedNumbers(html.parser.HTMLParser):
    """Hotline numbers in a page's visible text that are not inside a link."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if ("class", "hotline-name") in attrs:  # a hotline's name, its number linked beside it
            tag = "a"
        if tag not in ("br", "img", "input", "meta", "link", "hr", "source", "wbr"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not SKIPPED & set(self.open):
            self.found += [data.strip()[:80] for _ in PATTERN.finditer(data)]


def unlinked(page: str) -> list[str]:
    parser = UnlinkedNumbers()
    parser.feed(page)
    return parser.found


@pytest.mark.parametrize(("text", "expected"), [
    ("打12333确认", '打<a class="tel" href="tel:12333">12333</a>确认'),
    ("ask 12366 or 12333.", 'ask <a class="tel" href="tel:12366">12366</a> or '
                            '<a class="tel" href="tel:12333">12333</a>.'),
    ("掌上12333 App", "掌上12333 App"),                 # the app's name, not the number
    ("the Zhangshang 12333 app", "the Zhangshang 12333 app"),
    ("https://si.12333.gov.cn/", "https://si.12333.gov.cn/"),  # a host name
    ("1233300", "1233300"),
    ("<b>12393", '&lt;b&gt;<a class="tel" href="tel:12393">12393</a>'),
])
def test_the_filter_links_hotlines_only(text: str, expected: str) -> None:
    assert str(phones(text)) == expected


def test_markdown_links_bare_numbers_but_not_links_or_code() -> None:
    html = Converter().convert(
        "Call 12333 or 12393. See [12333](https://www.12333.gov.cn/) and `12333`.\n\n"
        "### Ask 12333\n", lambda href: href, None, lambda name: "")
    assert html.count('href="tel:12333"') == 2  # in the paragraph and in the heading
    assert 'href="tel:12393" class="tel">12393</a>' in html
    assert '<a href="https://www.12333.gov.cn/">12333</a>' in html
    assert "<code>12333</code>" in html


def pages(public: Path) -> Iterator[Path]:
    yield from sorted(public.glob("*/**/index.html"))


def test_every_hotline_on_every_page_is_a_tel_link(repo_public: Path) -> None:
    problems = [f"/{path.parent.relative_to(repo_public).as_posix()}/: {snippet}"
                for path in pages(repo_public)
                for snippet in unlinked(path.read_text("utf-8"))]
    assert problems == []


def test_a_guide_and_the_ask_box_have_tel_links(repo_public: Path) -> None:
    for prefix in ("zh", "en"):
        calculator = (repo_public / prefix / "calculator/index.html").read_text("utf-8")
        assert '<a class="tel" href="tel:12333">12333</a>' in calculator
    guides = [p.read_text("utf-8") for p in (repo_public / "zh/guides").glob("*/index.html")]
    assert sum('href="tel:12333">12333</a>' in g for g in guides) >= len(guides) // 2


@pytest.fixture(scope="module")
def site_url(repo_public: Path) -> Iterator[str]:
    with serve(repo_public, strict_csp_handler()) as url:
        yield url


@pytest.mark.parametrize("path", ["/zh/calculator/", "/en/provinces/guangdong/"])
def test_tel_links_show_their_number_in_the_browser(chromium: Any, site_url: str,
                                                    path: str) -> None:
    context = chromium.new_context(viewport={"width": 360, "height": 740},
                                   java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + path)
    links = page.locator('a[href^="tel:"]')
    assert links.count() > 0
    for i in range(links.count()):
        link = links.nth(i)
        number = link.get_attribute("href").removeprefix("tel:")
        assert number in link.inner_text()
        if link.is_visible():
            box = link.bounding_box()
            assert box is not None and box["height"] >= 24, (path, number, box)
    primary = page.locator('.ask a[href^="tel:"]')
    for i in range(primary.count()):
        box = primary.nth(i).bounding_box()
        assert box is not None and min(box["width"], box["height"]) >= 44, (path, box)
    context.close()
