"""Accessibility, proved in a real browser on the real content (README: "Accessibility").

Debian's Chromium, driven by Playwright, loads the built site served on loopback with the
Content-Security-Policy of netlify.toml. The cheap checks (requests, sideways scrolling at
320 px, landmarks, page weight, reading with JavaScript off) run on every page; axe-core's
WCAG 2.0/2.1/2.2 A and AA rules run on a fixed stratified sample (`axe_sample`), so the file
stays within about three minutes on a 2-core machine as provinces are added.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .browser import (
    describe_violations,
    gzip_size,
    run_axe,
    serve,
    strict_csp_handler,
)
from .conftest import REPO

ARTIFACTS = REPO / "test-artifacts"
NARROW = {"width": 320, "height": 640}
PHONE = {"width": 360, "height": 740}
CHECK_SAMPLE = "food-delivery/guangdong"  # the guided check's pages seen below two levels
HTML_CSS_BUDGET = 30 * 1024  # gzip bytes of a page's HTML and CSS
FIRST_VIEW_BUDGET = 60 * 1024  # gzip bytes of everything a first visit loads, search aside
SEARCH_PARTS = re.compile(r"/pagefind/|/static/search\.|/search/catalogue\.json")
# Best-practice rules that back the promise of landmarks, one <h1> and a skip link.
STRUCTURE_RULES = [
    "landmark-one-main", "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main", "landmark-unique", "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level", "landmark-main-is-top-level", "page-has-heading-one",
    "region", "skip-link", "heading-order", "empty-heading",
]
THEME_RULES = ["color-contrast", "link-in-text-block", "target-size"]
PAGE_FACTS = """() => {
  const root = document.documentElement, main = document.querySelector('main');
  return {
    overflow: Math.max(root.scrollWidth, document.body.scrollWidth) - root.clientWidth,
    h1: document.querySelectorAll('h1').length,
    mains: document.querySelectorAll('main').length,
    banner: document.querySelectorAll('body > header').length,
    contentinfo: document.querySelectorAll('body > footer').length,
    mainText: main ? main.innerText.trim().length : 0,
  };
}"""


NO_JS_FACTS = """() => {
  const shown = el => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const main = document.querySelector('main');
  return {
    h1: shown(document.querySelector('main h1')),
    mainText: main ? main.innerText.trim().length : 0,
    stepsShown: [...document.querySelectorAll('.step')].every(shown),
    languages: shown(document.querySelector('header .languages a')),
    footerLinks: shown(document.querySelector('.footer-links a')),
    prefs: shown(document.querySelector('.prefs')),
  };
}"""


@dataclass(frozen=True)
class Visit:
    """What one page did when loaded at 320 px with JavaScript on."""

    url: str
    requests: tuple[str, ...]
    csp_errors: tuple[str, ...]
    facts: dict[str, int]


def kind_of(url: str) -> str:
    """The kind of page at a URL path: guide, province, procedure, or the path's shape."""
    parts = url.strip("/").split("/")
    if len(parts) == 3 and parts[1] == "guides":
        return "guide"
    if len(parts) in (3, 4) and parts[1] == "provinces":
        return "province" if len(parts) == 3 else "procedure"
    if len(parts) >= 3 and parts[1] == "check" and parts[2] != "flow":
        return "check"
    return url


def page_urls(public: Path) -> list[str]:
    """The URL path of every HTML page of the built site; of the guided check's pages, which
    are alike but for their answers (a thousand per language), its first page, each work's
    page and every page below one work in one province (`CHECK_SAMPLE`)."""
    urls = []
    for path in sorted(public.rglob("*.html")):
        rel = path.relative_to(public).as_posix()
        if rel.startswith("pagefind/"):
            continue
        url = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        parts = url.strip("/").split("/")
        if kind_of(url) == "check" and len(parts) > 3 and "/".join(parts[2:4]) != CHECK_SAMPLE:
            continue
        urls.append(url)
    return urls


def axe_sample(urls: list[str]) -> list[str]:
    """A fixed stratified sample: every index page and 404 in every language; every guide and
    every province, each in one language, taking the languages in turn; each kind of procedure
    in every language, taking the provinces in turn so that every province's data is seen;
    of the guided check, its first page, a work's and a province's question, and plans."""
    langs = sorted({u.split("/")[1] for u in urls if kind_of(u) == "guide"})
    procedures = [u for u in urls if kind_of(u) == "procedure"]
    provinces = sorted({u.split("/")[3] for u in procedures})
    kinds = sorted({u.split("/")[4] for u in procedures})
    chosen = set()
    for i, (kind, lang) in enumerate((k, lang) for k in kinds for lang in langs):
        chosen.add(f"/{lang}/provinces/{provinces[i % len(provinces)]}/{kind}/")
    for kind in ("guide", "province"):
        names = sorted({u.split("/")[3] for u in urls if kind_of(u) == kind})
        chosen |= {u for u in urls if kind_of(u) == kind
                   and u.split("/")[1] == langs[names.index(u.split("/")[3]) % len(langs)]}
    checks = [u for u in urls if kind_of(u) == "check"]
    chosen |= {u for u in checks if len(u.strip("/").split("/")) <= 3}  # the start, a work
    chosen |= {u for u in checks if len(u.strip("/").split("/")) in (4, 5, 8)}  # and a plan
    # of each depth below the sampled work and province, and the questions there
    return [u for u in urls if u in chosen or kind_of(u) not in (
        "guide", "province", "procedure", "check")]


def one_of_each_kind(urls: list[str], lang: str | None = None) -> list[str]:
    """The first page of each kind in each language, or in `lang` (the chooser aside)."""
    seen: dict[tuple[str, str], str] = {}
    for url in urls:
        if url != "/" and lang in (None, url.split("/")[1]):
            seen.setdefault((url.split("/")[1], kind_of(url)), url)
    return sorted(seen.values())


@pytest.fixture(scope="module")
def public(repo_public: Path) -> Path:
    return repo_public


@pytest.fixture(scope="module")
def base_url(public: Path) -> Iterator[str]:
    with serve(public, strict_csp_handler()) as url:
        yield url



@pytest.fixture(scope="module")
def urls(public: Path) -> list[str]:
    return page_urls(public)


@pytest.fixture(scope="module")
def visits(chromium: Any, base_url: str, urls: list[str]) -> list[Visit]:
    """Every page at 320 px, JavaScript on, under the strict Content-Security-Policy."""
    context = chromium.new_context(viewport=NARROW)
    page = context.new_page()
    requests: list[str] = []
    csp: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda msg: csp.append(msg.text) if "Content Security Policy" in msg.text
            else None)
    result = []
    for url in urls:
        requests.clear()
        csp.clear()
        page.goto(base_url + url)
        result.append(Visit(url, tuple(requests), tuple(csp), page.evaluate(PAGE_FACTS)))
    context.close()
    return result


@pytest.fixture(scope="module")
def axe_context(chromium: Any) -> Iterator[Any]:
    """A context where axe can be injected (Playwright adds it as an inline script)."""
    context = chromium.new_context(viewport=NARROW, bypass_csp=True)
    yield context
    context.close()


def axe_failures(context: Any, base_url: str, urls: list[str], **rules: Any) -> list[str]:
    """axe's findings on `urls` (see `run_axe` for `rules`), one line per failing element."""
    page = context.new_page()
    failures = []
    for url in urls:
        page.goto(base_url + url)
        failures += [f"{url}: {line}" for line in describe_violations(run_axe(page, **rules))]
    page.close()
    return failures


def test_axe_reports_no_wcag_aa_violations(axe_context: Any, base_url: str,
                                           urls: list[str]) -> None:
    failures = axe_failures(axe_context, base_url, axe_sample(urls), extra_rules=STRUCTURE_RULES)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("theme", "lang"), [
    ("dark", "zh"), ("more-contrast", "zh"), ("high-contrast-large-text", "en")])
def test_colours_and_targets_pass_in_every_theme(chromium: Any, base_url: str, urls: list[str],
                                                 theme: str, lang: str) -> None:
    """Each colour theme, and the reader's larger text, on one page of each kind: axe's colour
    and target-size rules (the rest does not change with the theme), and no sideways scroll."""
    options: dict[str, Any] = {"viewport": NARROW, "bypass_csp": True}
    if theme == "dark":
        options["color_scheme"] = "dark"
    if theme == "more-contrast":
        options["contrast"] = "more"
    context = chromium.new_context(**options)
    if theme == "high-contrast-large-text":
        context.add_init_script(
            "localStorage.setItem('sitegen-contrast', 'high');"
            "localStorage.setItem('sitegen-text', 'large');")
    sample = one_of_each_kind(urls, lang)
    failures = axe_failures(context, base_url, sample, only_rules=THEME_RULES)
    if theme == "high-contrast-large-text":
        page = context.new_page()
        for url in sample:
            page.goto(base_url + url)
            failures += [f"{url}: scrolls sideways"] if page.evaluate(PAGE_FACTS)["overflow"] else []
    context.close()
    assert not failures, "\n".join(failures)


def test_no_request_leaves_the_site(visits: list[Visit], base_url: str) -> None:
    outside = [(v.url, r) for v in visits for r in v.requests if not r.startswith(base_url + "/")]
    assert not outside, outside


def test_pages_run_under_a_strict_content_security_policy(visits: list[Visit]) -> None:
    blocked = [(v.url, e) for v in visits for e in v.csp_errors]
    assert not blocked, blocked


def test_no_sideways_scrolling_at_320px(visits: list[Visit]) -> None:
    wide = [(v.url, v.facts["overflow"]) for v in visits if v.facts["overflow"] > 0]
    assert not wide, wide


def test_every_page_has_landmarks_and_one_h1(visits: list[Visit]) -> None:
    for visit in visits:
        facts = visit.facts
        assert facts["h1"] == 1 and facts["mains"] == 1 and facts["mainText"] > 0, visit
        if visit.url != "/":  # the language chooser is a single main region
            assert facts["banner"] == 1 and facts["contentinfo"] == 1, visit


def test_text_at_200_percent_loses_nothing(chromium: Any, base_url: str,
                                           urls: list[str]) -> None:
    """Text doubled in the browser (root font 200%), at a 640 px window: no sideways scroll."""
    context = chromium.new_context(viewport={"width": 640, "height": 800})
    context.add_init_script("document.addEventListener('DOMContentLoaded', () => "
                            "{ document.documentElement.style.fontSize = '200%'; });")
    page = context.new_page()
    wide = []
    for url in one_of_each_kind(urls):
        page.goto(base_url + url)
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        if page.evaluate(PAGE_FACTS)["overflow"] > 0:
            wide.append(url)
    context.close()
    assert not wide, wide


def test_reading_needs_no_javascript(chromium: Any, base_url: str, urls: list[str]) -> None:
    """With JavaScript off every page shows its heading, text, navigation and every step."""
    context = chromium.new_context(viewport=NARROW, java_script_enabled=False)
    page = context.new_page()
    for url in urls:
        page.goto(base_url + url)
        facts = page.evaluate(NO_JS_FACTS)
        assert facts["h1"] and facts["mainText"] > 40 and facts["stepsShown"], (url, facts)
        if url != "/":
            assert facts["languages"] and facts["footerLinks"], (url, facts)
            assert not facts["prefs"], url  # the choices need JavaScript to work, so are hidden
    context.close()


def focus_facts(page: Any) -> dict[str, Any]:
    return dict(page.evaluate("""() => {
      const el = document.activeElement, style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return {tag: el.tagName, cls: el.className, text: el.textContent.trim().slice(0, 40),
              outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
              shadow: style.boxShadow !== 'none',
              onScreen: box.bottom > 0 && box.top < innerHeight && box.right > 0
                        && box.left < innerWidth};
    }"""))


def test_skip_link_comes_first_and_focus_is_visible(chromium: Any, base_url: str,
                                                    urls: list[str]) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    for url in one_of_each_kind(urls):
        page.goto(base_url + url)
        page.keyboard.press("Tab")
        first = focus_facts(page)
        assert first["cls"] == "skip-link" and first["onScreen"], (url, first)
        assert first["outline"] and first["shadow"], (url, first)
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", url
        for _ in range(6):  # the next stops after the skip link are in the main content
            page.keyboard.press("Tab")
            facts = focus_facts(page)
            if facts["tag"] == "BODY":
                break
            assert facts["outline"] and facts["shadow"] and facts["onScreen"], (url, facts)
    context.close()


def test_weight_budget(public: Path, visits: list[Visit], base_url: str) -> None:
    """HTML + CSS of every page at most 30 KB gzip; a first view (search aside) at most 60 KB."""
    weights = {}
    for visit in visits:
        loaded = {r.removeprefix(base_url).split("?")[0] for r in visit.requests}
        files = {path: public / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
                 for path in loaded}
        sizes = {path: gzip_size(f.read_bytes()) for path, f in files.items() if f.is_file()}
        html_css = sum(size for path, size in sizes.items() if not path.endswith(".js"))
        first_view = sum(size for path, size in sizes.items() if not SEARCH_PARTS.search(path))
        weights[visit.url] = {"html_css": html_css, "first_view": first_view}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weights.json").write_text(json.dumps(weights, indent=1), "utf-8")
    heavy = {u: w for u, w in weights.items()
             if w["html_css"] > HTML_CSS_BUDGET or w["first_view"] > FIRST_VIEW_BUDGET}
    assert not heavy, heavy


def test_display_choices_are_kept_across_pages_without_a_flash(
        chromium: Any, base_url: str, urls: list[str]) -> None:
    context = chromium.new_context(viewport=PHONE)
    # Records whether each choice reached <html> before <body> existed, that is before any paint.
    context.add_init_script("""
      window.__early = {};
      new MutationObserver(() => {
        for (const name of ['text', 'contrast']) {
          const root = document.documentElement;
          if (root && root.dataset[name] && !(name in window.__early))
            window.__early[name] = document.body === null;
        }
      }).observe(document, {attributes: true, subtree: true});""")
    page = context.new_page()
    page.goto(f"{base_url}/zh/")
    normal = page.evaluate("getComputedStyle(document.body).fontSize")
    page.click("button[data-pref=text]")
    page.click("button[data-pref=contrast]")
    assert page.get_attribute("button[data-pref=text]", "aria-pressed") == "true"
    guide = next(u for u in urls if kind_of(u) == "guide")
    page.goto(base_url + guide)
    assert page.evaluate("window.__early") == {"text": True, "contrast": True}
    assert page.get_attribute("button[data-pref=contrast]", "aria-pressed") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    large = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(large[:-2]) >= 1.25 * float(normal[:-2])
    page.click("button[data-pref=contrast]")
    page.goto(f"{base_url}/en/")
    assert page.evaluate("document.documentElement.dataset.contrast") is None
    assert page.evaluate("document.documentElement.dataset.text") == "large"
    context.close()


def test_pages_print_cleanly(chromium: Any, base_url: str, urls: list[str]) -> None:
    """No navigation or controls; links to other sites show their address; steps unbroken."""
    context = chromium.new_context(viewport=PHONE)
    context.add_init_script("localStorage.setItem('sitegen-contrast', 'high');")
    page = context.new_page()
    page.emulate_media(media="print")
    ARTIFACTS.mkdir(exist_ok=True)
    for url in one_of_each_kind(urls):
        page.goto(base_url + url)
        for selector in ("header", ".breadcrumbs", ".footer-links", ".search-form", ".skip-link"):
            assert not page.is_visible(selector), (url, selector)
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)", url
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") in (
            "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), url
        for step in page.query_selector_all(".step"):
            assert step.evaluate("e => getComputedStyle(e).breakInside") == "avoid", url
        external = page.query_selector("main a[href^='http']")
        if external is not None:
            after = external.evaluate("e => getComputedStyle(e, '::after').content")
            assert external.get_attribute("href") in after, (url, after)
        if kind_of(url) in ("guide", "procedure"):
            name = f"print-{kind_of(url)}-{url.split('/')[1]}.pdf"
            page.pdf(path=str(ARTIFACTS / name), format="A4")
    context.close()


def test_screenshots_at_360px(chromium: Any, base_url: str, urls: list[str]) -> None:
    """Home, a step-by-step guide and a procedure, for a person to look at."""
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    shots = {"home": "/zh/", "guide": "/zh/guides/pension-flexible-workers/",
             "procedure": "/zh/provinces/guangdong/enroll-pension/"}
    ARTIFACTS.mkdir(exist_ok=True)
    for name, url in shots.items():
        page.goto(base_url + url)
        path = ARTIFACTS / f"{name}-360.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000
    context.close()
