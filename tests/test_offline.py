"""Offline reading (service worker, offline page, saved provinces) and read aloud, in Chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import netlify_handler, serve
from .conftest import copy_site, run

GUIDE = "/en/guides/pension-flexible-workers/"
GUIDE_FILE = Path("content/guides/pension-flexible-workers/en.md")
TITLE = "Enrol in the employee pension as a flexible worker"


def build(site: Path) -> Path:
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site of its own, for a test that rebuilds it."""
    site = copy_site("mini", tmp_path)
    build(site)
    return site


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The mini site, built once and served, for the tests that only read it."""
    site = copy_site("mini", tmp_path_factory.mktemp("offline"))
    with serve(build(site), netlify_handler()) as url:
        yield url



@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context()
    yield context
    context.close()


def kept(page: Any, path: str, text: str = "") -> None:
    """Wait until the service worker controls the page and holds `path` (with `text`)."""
    page.wait_for_function(
        """async ([path, text]) => {
             if (!navigator.serviceWorker.controller) return false;
             const response = await caches.match(path);
             return !!response && (await response.text()).includes(text);
           }""", arg=[path, text], timeout=15000)


def written(page: Any, path: str) -> Any:
    """Ask the active worker to keep `path` and wait for its answer, as site.js's save button
    does. The registration's active worker, not the page's controller: in CI's Chromium the
    controller was sometimes null at this point, with the page and the worker as expected."""
    return page.evaluate(
        """path => navigator.serviceWorker.ready.then(registration => new Promise(resolve => {
             const channel = new MessageChannel();
             channel.port1.onmessage = event => resolve(event.data);
             registration.active.postMessage({type: "save", urls: [path]}, [channel.port2]);
           }))""", path)


def test_the_worker_is_at_the_root_and_changes_with_the_content(site: Path) -> None:
    worker = (site / "public" / "sw.js").read_text("utf-8")
    config = json.loads(re.match(r"var SITE = (.*);\n", worker).group(1))  # type: ignore[union-attr]
    assert config["offline"] == {"zh": "/zh/offline/", "en": "/en/offline/"}
    shell = {re.sub(r"\.[0-9a-f]{10}\.", ".", url) for url in config["shell"]}
    assert shell == {"/static/site.css", "/static/site.js", "/static/favicon.svg"}
    assert "/offline/" not in (site / "public" / "sitemap.xml").read_text("utf-8")
    path = site / GUIDE_FILE
    path.write_text(path.read_text("utf-8").replace("Pay every month", "Pay each month"), "utf-8")
    assert build(site).joinpath("sw.js").read_text("utf-8") != worker


def test_saving_a_province_keeps_its_procedures_and_handouts_when_built(tmp_path: Path) -> None:
    from sitegen.build import load
    from sitegen.render.engine import Renderer

    site, _, env = load(copy_site("mini", tmp_path))
    assert site is not None
    page = next(p for p in site.pages if p.key == "province/guangdong" and p.lang.tag == "en")
    procedures = [p.url for p in site.pages if p.kind == "procedure" and p.lang.tag == "en"]
    without = json.loads(re.search(r"data-urls='([^']*)'", Renderer(site, env).render_page(page)
                                   .decode()).group(1))  # type: ignore[union-attr]
    assert without == [page.url, *procedures]
    html = Renderer(site, env, pdf=True).render_page(page).decode()
    saved = json.loads(re.search(r"data-urls='([^']*)'", html).group(1))  # type: ignore[union-attr]
    assert saved[: len(without)] == without
    assert all(url.startswith("/en/handouts/") and url.endswith(".pdf")
               for url in saved[len(without):])
    assert "/en/handouts/guangdong-pack.pdf" in saved
    assert len(saved) == len(without) + 2 * len(procedures) + 1


def test_a_page_opened_once_reads_offline_and_others_show_the_offline_page(
        site_url: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site_url + GUIDE)
    kept(page, GUIDE, "Pay every month")
    page.reload()  # now through the worker, which keeps the page in its language's cache
    kept(page, GUIDE, "Pay every month")
    # The worker writes the reloaded page's new copy after the page has loaded; going offline
    # while it writes is a reader switching off within the second, not what this test is about.
    # Its answer to a save of the same page comes after that copy is written (a cache's writes
    # are done in order), which waiting a second did not always outlast under load.
    page.wait_for_load_state("networkidle")
    assert written(page, GUIDE) == {"saved": 1, "total": 1}
    context.set_offline(True)
    page.reload()
    assert page.inner_text("main h1") == TITLE
    assert "Pay every month" in page.inner_text("main")
    page.goto(site_url + "/en/glossary/")  # never opened
    assert page.inner_text("main h1") == "You are offline"
    page.goto(site_url + "/zh/glossary/")
    assert page.inner_text("main h1") == "现在没有网络"
    assert page.get_attribute("html", "lang") == "zh-CN"
    context.set_offline(False)


def test_a_rebuilt_guide_replaces_the_kept_copy_once_online(site: Path, context: Any) -> None:
    with serve(site / "public", netlify_handler()) as url:
        page = context.new_page()
        page.goto(url + GUIDE)
        kept(page, GUIDE, "Pay every month")
        path = site / GUIDE_FILE
        path.write_text(path.read_text("utf-8").replace("Pay every month", "Pay each month"),
                        "utf-8")
        build(site)
        page.reload()
        assert "Pay each month" in page.inner_text("main")
        kept(page, GUIDE, "Pay each month")
        context.set_offline(True)
        page.reload()
        assert "Pay each month" in page.inner_text("main")
        assert "Pay every month" not in page.inner_text("main")
        context.set_offline(False)


def test_a_saved_province_opens_offline(site_url: str, context: Any) -> None:
    page = context.new_page()
    page.goto(site_url + "/en/provinces/guangdong/")
    button = page.locator("[data-save-offline] button")
    button.click()
    page.wait_for_selector("text=They open without a connection", timeout=15000)
    procedure = page.eval_on_selector(".cards a", "a => a.pathname")
    context.set_offline(True)
    page.goto(site_url + procedure)
    assert page.inner_text("main h1") != "You are offline"
    assert page.locator("li.step").count() > 0
    context.set_offline(False)


# A speech engine with the voices given, that finishes an utterance when the test says so.
SPEECH = """
window.__spoken = [];
window.__calls = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
const fake = {
  getVoices: () => VOICES.map(lang => ({lang, name: lang, default: false, localService: true})),
  speak(u) { window.__spoken.push([u.text, u.lang]); window.__current = u; },
  cancel() { window.__calls.push('cancel'); },
  pause() { window.__calls.push('pause'); },
  resume() { window.__calls.push('resume'); },
  addEventListener() {},
};
Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
window.__next = () => { const u = window.__current; window.__current = null; u && u.onend(); };
"""


def listen_page(context: Any, url: str, voices: list[str]) -> Any:
    page = context.new_page()
    page.add_init_script(SPEECH.replace("VOICES", json.dumps(voices)))
    page.goto(url)
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize(("path", "voices", "shown"), [
    (GUIDE, [], False),
    (GUIDE, ["en-GB"], True),
    ("/zh/guides/pension-flexible-workers/", ["en-US", "zh-TW"], False),
    ("/zh/guides/pension-flexible-workers/", ["zh_CN"], True),
])
def test_listen_shows_only_with_a_voice_for_the_page_language(
        site_url: str, context: Any, path: str, voices: list[str], shown: bool) -> None:
    page = listen_page(context, site_url + path, voices)
    assert page.is_visible("[data-listen]") is shown


@pytest.mark.parametrize("path", [GUIDE, "/en/provinces/guangdong/"])
def test_listen_reads_the_steps_in_order_with_pause_and_resume(
        site_url: str, context: Any, path: str) -> None:
    if "provinces" in path:  # the first procedure of the province
        page = context.new_page()
        page.goto(site_url + path)
        path = page.eval_on_selector(".cards a", "a => a.pathname")
        page.close()
    page = listen_page(context, site_url + path, ["en-US"])
    steps = page.eval_on_selector_all(
        "li.step", "els => els.map(e => e.textContent.replace(/\\s+/g, ' ').trim())")
    assert steps
    play = page.locator("[data-listen-play]")
    play.click()
    assert play.inner_text() == "Pause"
    play.click()
    assert play.inner_text() == "Resume"
    play.click()
    assert page.evaluate("window.__calls").count("pause") == 1
    assert "resume" in page.evaluate("window.__calls")
    for _ in range(100):
        if page.evaluate("!window.__current"):
            break
        page.evaluate("window.__next()")
    assert play.inner_text() == "Listen"
    spoken = page.evaluate("window.__spoken")
    texts = [text for text, _ in spoken]
    assert {lang for _, lang in spoken} == {"en"}
    assert texts[0] == page.inner_text("main h1")
    positions = [texts.index(step) for step in steps]
    assert positions == sorted(positions)
