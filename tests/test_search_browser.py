"""A real Pagefind query in headless Chromium finds a Chinese page by a word inside a phrase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import serve
from .conftest import copy_site, run


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = copy_site("mini", tmp_path_factory.mktemp("search"))
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    with serve(site / "public") as url:
        yield url



def search(chromium: Any, url: str) -> list[str]:
    page = chromium.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_selector("#search-results li a", timeout=15000)
    links = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.pathname)")
    assert all(r.startswith(url.split("/zh/")[0].split("/en/")[0]) for r in requests), requests
    page.close()
    return list(links)


def test_chinese_word_inside_a_longer_phrase_is_found(chromium: Any, site_url: str) -> None:
    # "配送员" appears only inside "外卖配送员一般都可以参保" on the pension guide.
    links = search(chromium, f"{site_url}/zh/search/?q=配送员")
    assert links[0] == "/zh/guides/pension-flexible-workers/"


def test_english_search_uses_the_english_index(chromium: Any, site_url: str) -> None:
    links = search(chromium, f"{site_url}/en/search/?q=contribution")
    assert links and all(link.startswith("/en/") for link in links)
    assert "/en/guides/pension-flexible-workers/" in links
