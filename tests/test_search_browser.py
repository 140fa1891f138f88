"""A real Pagefind query in headless Chromium finds a Chinese page by a word inside a phrase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import serve
from .conftest import REPO, copy_site, run


def served(factory: pytest.TempPathFactory, name: str) -> Iterator[str]:
    """The address of a copy of site `name` ("mini" or "repo"), built with its search."""
    site = copy_site(name, factory.mktemp(f"search-{name}"))
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    with serve(site / "public") as url:
        yield url


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory, "mini")



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


# The real site, on a phone's screen: what a reader sees after a search.
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def real_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from served(tmp_path_factory, "repo")


def phone_page(chromium: Any, url: str, *, js: bool = True) -> Any:
    context = chromium.new_context(viewport=PHONE, java_script_enabled=js)
    page = context.new_page()
    page.goto(url)
    return page


def test_on_a_phone_the_status_and_first_result_are_in_the_first_screen(
        chromium: Any, real_url: str) -> None:
    page = phone_page(chromium, f"{real_url}/zh/search/?q=佛山灵活就业养老保险")
    page.wait_for_selector("#search-results li a", timeout=15000)
    status = page.locator("#search-status").bounding_box()
    first = page.locator("#search-results li a").first.bounding_box()
    assert status["y"] + status["height"] <= PHONE["height"]
    assert first["y"] + first["height"] <= PHONE["height"]
    # the filters are folded behind one toggle, below the results
    assert page.eval_on_selector("details.filters", "d => !d.open && !d.hidden")
    page.context.close()


def test_the_step_link_keeps_the_spaces_of_english_and_closes_up_chinese(
        chromium: Any, real_url: str) -> None:
    """The index spaces Chinese one character a word; a step's title is shown without those
    spaces, and with the spaces between English words ("Before you set off")."""
    for url, step in ((f"{real_url}/en/search/?q=helmet", "Before you set off"),
                      (f"{real_url}/zh/search/?q=头盔", "出发前")):
        page = phone_page(chromium, url)
        page.wait_for_selector(".result-step a", timeout=15000)
        assert page.text_content(".result-step a") == step
        page.context.close()


def test_the_count_is_true_and_show_more_reveals_the_rest(chromium: Any, real_url: str) -> None:
    page = phone_page(chromium, f"{real_url}/en/search/?q=pension")
    page.wait_for_selector("#search-results li a", timeout=15000)
    count = int(page.text_content("#search-status").split()[0])
    assert count > 10 and page.locator("#search-results > li").count() == 10
    while page.is_visible("#search-more"):
        page.click("#search-more")
    assert page.locator("#search-results > li").count() == count
    page.context.close()


def test_the_query_survives_a_language_switch(chromium: Any, real_url: str) -> None:
    page = phone_page(chromium, f"{real_url}/zh/search/?q=pension")
    page.wait_for_selector("#search-results li a", timeout=15000)
    page.click(".languages a[hreflang=en]")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert page.input_value("#q") == "pension"
    assert "/en/guides/" in page.eval_on_selector("#search-results li a", "a => a.pathname")
    page.context.close()


def test_a_topic_not_covered_and_a_place_elsewhere_are_said_plainly(
        chromium: Any, real_url: str) -> None:
    page = phone_page(chromium, f"{real_url}/zh/search/?q=公积金怎么提取")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "12329" in page.text_content("#search-note")
    page.goto(f"{real_url}/zh/search/?q=武汉怎么交社保")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "湖北省" in page.text_content("#search-note")
    assert "12333" in page.text_content("#search-note")
    page.context.close()


def test_nothing_found_still_shows_the_closest_topics_and_12333(chromium: Any, real_url: str) -> None:
    page = phone_page(chromium, f"{real_url}/zh/search/?q=乌兰巴托天气")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "12333" in page.text_content("#search-note")
    assert page.locator("#search-results li a").count() >= 1
    assert page.locator("a[href='/zh/check/']").count() >= 1
    page.context.close()


def test_without_javascript_the_topic_index_says_so_and_links_every_guide(
        chromium: Any, real_url: str) -> None:
    page = phone_page(chromium, f"{real_url}/zh/topics/", js=False)
    assert "JavaScript" in page.text_content("main")
    links = set(page.eval_on_selector_all("main a", "els => els.map(a => a.pathname)"))
    guides = {f"/zh/guides/{slug}/" for slug in
              (p.name for p in (REPO / "content" / "guides").iterdir() if p.is_dir())}
    assert guides <= links, guides - links
    page.context.close()


def test_search_works_offline_once_the_page_was_opened(chromium: Any, real_url: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{real_url}/zh/search/?q=头盔")
    page.wait_for_selector("#search-results li a", timeout=15000)
    page.reload()  # now under the service worker, which is asked to keep the bundle
    page.wait_for_function(
        """async () => {
             if (!navigator.serviceWorker.controller) return false;
             const words = await (await fetch('/zh/search/words.json')).json();
             const cache = await caches.open((await caches.keys()).find(n => n.endsWith('-search')) || 'none');
             for (const url of words.bundle) { if (!(await cache.match(url))) return false; }
             return true;
           }""", timeout=30000)
    context.set_offline(True)
    page.goto(f"{real_url}/zh/search/?q=交警")
    page.wait_for_selector("#search-results li a", timeout=15000)
    found = page.evaluate("q => window.sitegenSearch(q)", "电子社保卡")
    assert "/zh/guides/social-security-card/" in found["urls"][:3]
    context.close()


def test_two_characters_no_page_has_together_are_read_as_the_word_with_their_sound(
        chromium: Any, real_url: str) -> None:
    """社保段缴了: 段 and 缴 are each on pages, 段缴 on none; duan jiao is 断缴 (a gap)."""
    page = phone_page(chromium, f"{real_url}/zh/search/?q=社保段缴了")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "“断缴”" in page.text_content("#search-note")
    first = page.eval_on_selector("#search-results li a", "a => a.pathname")
    assert first == "/zh/guides/contribution-gaps/"
    page.goto(f"{real_url}/zh/search/?q=社保交了十年不交了")  # 不交 is on pages: left as typed
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "下面是“" not in page.text_content("#search-note")
    page.context.close()


def test_a_word_read_again_counts_for_what_it_names(chromium: Any, real_url: str) -> None:
    """歪卖员 is wai mai yuan: read as 外卖员, a worker group's word, so the riders' page
    comes first; 需要浇吗 has 浇, a character no title or word of the site has: read as
    需要交吗, only that character changed."""
    page = phone_page(chromium, f"{real_url}/zh/search/?q=歪卖员")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "“外卖员”" in page.text_content("#search-note")
    first = page.eval_on_selector("#search-results li a", "a => a.pathname")
    assert first == "/zh/groups/food-delivery/"
    page.goto(f"{real_url}/zh/search/?q=需要浇吗")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "“需要交吗”" in page.text_content("#search-note")
    first = page.eval_on_selector("#search-results li a", "a => a.pathname")
    assert first == "/zh/guides/why-social-insurance/"
    page.context.close()


def test_an_editors_word_no_page_has_is_not_read_as_another(chromium: Any, real_url: str) -> None:
    """"crash" is in search.yaml's answers for the accident guide but on no page's text: it
    asks for that guide, and is not read as "cash", the closest word the pages have."""
    page = phone_page(chromium, f"{real_url}/en/search/?q=crash")
    page.wait_for_selector("#search-results li a", timeout=15000)
    assert "cash" not in page.text_content("#search-note")
    first = page.eval_on_selector("#search-results li a", "a => a.pathname")
    assert first == "/en/guides/after-an-accident/"
    page.context.close()
