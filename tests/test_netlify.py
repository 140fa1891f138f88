"""netlify.toml: its rules, and the built site loaded under its headers in headless Chromium."""

from __future__ import annotations

import re
import shutil
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from .browser import NETLIFY_TOML, netlify_handler, netlify_headers, netlify_pattern, serve
from .conftest import REPO, copy_site, run

CONFIG: dict[str, Any] = tomllib.loads(NETLIFY_TOML.read_text("utf-8"))
LONG = "public, max-age=31536000, immutable"
SHORT = "public, max-age=0, must-revalidate"
HASHED = re.compile(r"[._][0-9a-f]{6,}\.[a-z_]+$")


def csp(path: str) -> dict[str, list[str]]:
    policy = netlify_headers(CONFIG, path)["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_site("mini", tmp_path_factory.mktemp("netlify"))
    shutil.rmtree(site / "templates")  # the policy must hold for the templates that ship
    shutil.copytree(REPO / "templates", site / "templates")
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with serve(public, netlify_handler()) as url:
        yield url


def url_paths(public: Path) -> list[str]:
    """Every file's URL, and the pretty URL of every index.html."""
    paths = []
    for file in sorted(p for p in public.rglob("*") if p.is_file()):
        path = "/" + file.relative_to(public).as_posix()
        paths.append(path)
        if path.endswith("/index.html"):
            paths.append(path.removesuffix("index.html"))
    return paths


def test_netlify_builds_nothing_ci_deploys_public() -> None:
    assert CONFIG["build"] == {"publish": "public", "ignore": "exit 0"}


@pytest.mark.parametrize("path", ["/", "/zh/", "/en/guides/x/", "/static/site.0123456789.css",
                                  "/pagefind/pagefind.js", "/zh/404.html"])
def test_every_path_gets_the_security_headers(path: str) -> None:
    headers = netlify_headers(CONFIG, path)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    policy = csp(path)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    sources = {v for values in policy.values() for v in values}
    assert not sources & {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"}


def test_each_file_has_one_cache_rule_long_only_for_fingerprinted_names(public: Path) -> None:
    for path in url_paths(public):
        rules = [r for r in CONFIG["headers"] if netlify_pattern(r["for"]).match(path)
                 and "Cache-Control" in r["values"]]
        # Two rules would leave the merged value to the host; one rule is unambiguous.
        assert len(rules) == 1, (path, [r["for"] for r in rules])
        value = rules[0]["values"]["Cache-Control"]
        if value == LONG:
            assert HASHED.search(path), f"{path} is cached for a year but has no hash in its name"
        else:
            assert value == SHORT, path
    assert netlify_headers(CONFIG, "/pagefind/pagefind.js")["Cache-Control"] == SHORT
    assert netlify_headers(CONFIG, "/pagefind/pagefind-entry.json")["Cache-Control"] == SHORT
    assert netlify_headers(CONFIG, "/zh/guides/x/")["Cache-Control"] == SHORT
    for folder in ("static", "pagefind/fragment", "pagefind/index"):
        files = list((public / folder).iterdir())
        assert files
        for file in files:
            assert netlify_headers(CONFIG, f"/{folder}/{file.name}")["Cache-Control"] == LONG


def test_redirects_and_not_found_pages_cover_every_language() -> None:
    spec = yaml.safe_load((REPO / "site.yaml").read_text("utf-8"))
    prefixes = [lang["prefix"] for lang in spec["languages"]]
    by_language = {r["to"]: r for r in CONFIG["redirects"] if r["from"] == "/"}
    not_found = {r["from"]: r for r in CONFIG["redirects"] if r["status"] == 404}
    for prefix in prefixes:
        rule = by_language[f"/{prefix}/"]
        assert rule["status"] == 302 and rule["force"] is True
        assert rule["conditions"]["Language"] == [prefix]
        assert not_found[f"/{prefix}/*"]["to"] == f"/{prefix}/404.html"
        assert not not_found[f"/{prefix}/*"].get("force", False)
        assert any(r["for"] == f"/{prefix}/*" for r in CONFIG["headers"])


def fetch(url: str, language: str = "") -> tuple[int, str, str]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any) -> None:
            return None

    request = urllib.request.Request(url, headers={"Accept-Language": language} if language else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=10) as response:
            return response.status, "", response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), exc.read().decode("utf-8")


@pytest.mark.parametrize(("language", "status", "location"), [
    ("en-GB,en;q=0.9", 302, "/en/"), ("zh-CN,zh;q=0.9,en;q=0.5", 302, "/zh/"),
    ("zh-TW", 302, "/zh/"), ("fr-FR,fr", 200, ""), ("", 200, ""),
])
def test_the_root_follows_the_browsers_language(site_url: str, language: str, status: int,
                                                location: str) -> None:
    got, where, body = fetch(site_url + "/", language)
    assert (got, where) == (status, location)
    if status == 200:
        assert 'hreflang="en"' in body and 'hreflang="zh-CN"' in body  # the chooser


def test_a_missing_page_gets_the_not_found_page_in_its_language(site_url: str) -> None:
    status, _, body = fetch(site_url + "/en/guides/no-such-guide/")
    assert status == 404 and '<html lang="en"' in body
    status, _, body = fetch(site_url + "/zh/no-such-page")
    assert status == 404 and '<html lang="zh-CN"' in body


INLINE = [(re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
           "inline script"),
          (re.compile(r"<style\b"), "style element"),
          (re.compile(r"\sstyle=\""), "style attribute"),
          (re.compile(r"\son[a-z]+=\"", re.IGNORECASE), "event-handler attribute"),
          (re.compile(r"\ssrc=\"(https?:)?//"), "file from another host"),
          (re.compile(r"<link [^>]*rel=\"(stylesheet|icon|preload|modulepreload|manifest)\""
                      r"[^>]*href=\"(https?:)?//"), "file from another host")]


def test_built_pages_have_nothing_the_policy_would_block(public: Path) -> None:
    for page in public.rglob("*.html"):
        text = page.read_text("utf-8")
        for pattern, what in INLINE:
            match = pattern.search(text)
            assert match is None, f"{page.relative_to(public)}: {what}: {match and match.group()}"



def load(chromium: Any, url: str, ready: str) -> list[str]:
    """Load `url` under the policy; every CSP violation and console error, as text."""
    page = chromium.new_page()
    problems: list[str] = []
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text} {m.location}")
            if (m.type == "error" or "Content Security Policy" in m.text)
            and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 else None)
    response = page.goto(url)
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    page.wait_for_selector(ready, timeout=15000)
    page.wait_for_load_state("networkidle")
    problems += [f"violation: {v}" for v in page.evaluate("window.__violations")]
    page.close()
    return problems


@pytest.mark.parametrize(("path", "ready"), [
    ("/zh/", "main h1, main h2"),
    ("/en/guides/pension-flexible-workers/", "#step-2"),
    ("/zh/guides/pension-flexible-workers/", "#step-2"),
    ("/zh/search/?q=配送员", "#search-results li a"),
    ("/en/search/?q=contribution", "#search-results li a"),
    ("/", "main a"),  # Chromium asks for en-US: the redirect to /en/ under the policy too
])
def test_pages_run_under_the_policy_without_violations(chromium: Any, site_url: str, path: str,
                                                       ready: str) -> None:
    assert load(chromium, site_url + path, ready) == []
