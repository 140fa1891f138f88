"""The built site: URLs, languages, hreflang, fallback, sitemap, determinism, atomic writes."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from .conftest import copy_site, run

BASE = "https://shebao-guide.netlify.app"


@pytest.fixture(scope="module")
def public(mini_public: Path) -> Path:
    return mini_public


def page(public: Path, url: str) -> str:
    path = public / url.lstrip("/")
    return (path / "index.html" if url.endswith("/") else path).read_text("utf-8")


EXPECTED_URLS = [
    "/", "/404.html", "/sitemap.xml",
    "/zh/", "/en/", "/zh/404.html", "/en/404.html",
    "/zh/guides/", "/zh/guides/pension-flexible-workers/", "/en/guides/pension-flexible-workers/",
    "/zh/guides/medical-insurance/", "/en/guides/medical-insurance/",
    "/zh/provinces/", "/zh/provinces/guangdong/", "/zh/provinces/guangdong/enroll-pension/",
    "/en/provinces/guangdong/enroll-pension/", "/zh/search/", "/en/search/",
    "/zh/handouts/", "/zh/glossary/", "/zh/topics/", "/en/topics/",
]


@pytest.mark.parametrize("url", EXPECTED_URLS)
def test_url_exists(public: Path, url: str) -> None:
    assert page(public, url)


def test_every_page_has_lang_dir_title_description_canonical(public: Path) -> None:
    for path in public.rglob("*.html"):
        html = path.read_text("utf-8")
        assert re.search(r'<html lang="(zh-CN|en)" dir="ltr">', html), path
        assert re.search(r"<title>[^<]+</title>", html), path
        assert '<meta name="description" content="' in html, path
        assert f'<link rel="canonical" href="{BASE}/' in html, path


def test_hreflang_alternates_and_language_switcher(public: Path) -> None:
    html = page(public, "/zh/guides/pension-flexible-workers/")
    assert (f'<link rel="alternate" hreflang="en" href="{BASE}/en/guides/'
            'pension-flexible-workers/">') in html
    assert (f'<link rel="alternate" hreflang="zh-CN" href="{BASE}/zh/guides/'
            'pension-flexible-workers/">') in html
    assert '<a href="/en/guides/pension-flexible-workers/" hreflang="en" lang="en">' in html


def test_step_by_step_has_numbered_anchored_steps(public: Path) -> None:
    html = page(public, "/en/guides/pension-flexible-workers/")
    assert re.findall(r'<li class="step" id="(step-\d)">', html) == ["step-1", "step-2", "step-3"]
    assert 'id="you-need"' in html and "Resident identity card" in html
    assert '<p class="summary"' in html


def test_internal_links_resolve_to_urls(public: Path) -> None:
    html = page(public, "/zh/guides/pension-flexible-workers/")
    assert 'href="/zh/guides/medical-insurance/#section-1"' in html
    assert 'href="/zh/guides/pension-flexible-workers/#step-2"' in html
    assert 'href="/zh/glossary/#flexible-worker"' in html  # first use of a glossary term


def test_fallback_page_has_notice_and_canonical_to_original(public: Path) -> None:
    html = page(public, "/en/guides/medical-insurance/")
    assert "has not been translated into English" in html
    assert f'<link rel="canonical" href="{BASE}/zh/guides/medical-insurance/">' in html
    assert '<main id="main" class="wrap" tabindex="-1" lang="zh-CN">' in html
    assert 'hreflang="en"' not in html.split("</head>")[0]


def test_procedure_and_guide_link_each_other(public: Path) -> None:
    proc = page(public, "/zh/provinces/guangdong/enroll-pension/")
    assert 'href="/zh/guides/pension-flexible-workers/"' in proc
    guide = page(public, "/zh/guides/pension-flexible-workers/")
    assert 'href="/zh/provinces/guangdong/enroll-pension/"' in guide


def test_every_page_shows_review_date_and_report_link(public: Path) -> None:
    html = page(public, "/en/provinces/guangdong/enroll-pension/")
    assert '<time datetime="2026-11-23">23 November 2026</time>' in html
    assert "https://github.com/shebao-guide/shebao-guide/issues/new?title=" in html


def test_sitemap_has_hreflang_alternates(public: Path) -> None:
    xml = (public / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{BASE}/zh/guides/pension-flexible-workers/</loc>" in xml
    assert (f'<xhtml:link rel="alternate" hreflang="en" href="{BASE}/en/guides/'
            'pension-flexible-workers/"/>') in xml
    assert f"<loc>{BASE}/en/guides/medical-insurance/</loc>" not in xml  # a fallback


def test_chooser_works_without_javascript(public: Path) -> None:
    html = page(public, "/")
    assert '<a href="/zh/" hreflang="zh-CN">' in html and '<a href="/en/" hreflang="en">' in html
    assert "<script" not in html


def test_no_third_party_requests_in_markup(public: Path) -> None:
    """Only links may point elsewhere; everything a browser loads comes from the site."""
    for path in public.rglob("*.html"):
        html = path.read_text("utf-8")
        for src in re.findall(r'\ssrc="([^"]*)"', html):
            assert src.startswith("/"), (path, src)
        for tag in re.findall(r"<link [^>]*>", html):
            rel = re.search(r'rel="([^"]+)"', tag)
            if rel and rel.group(1) not in ("canonical", "alternate"):
                assert re.search(r'href="/[^/]', tag), (path, tag)
    for css in public.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text("utf-8")), css


def test_search_index_exists_for_both_languages(public: Path) -> None:
    entry = (public / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    assert '"zh-cn"' in entry and '"en"' in entry


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    assert run("build", "--root", str(site), "--no-pdf", "--out", str(tmp_path / "a")).exit_code == 0
    assert run("build", "--root", str(site), "--no-pdf", "--jobs", "2",
               "--out", str(tmp_path / "b")).exit_code == 0
    first, second = tree_hash(tmp_path / "a"), tree_hash(tmp_path / "b")
    assert first == second
    assert any(name.startswith("pagefind/") for name in first)


def test_rtl_language_is_added_with_data_only(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    shutil.copytree(Path(__file__).parent / "fixtures" / "rtl", site, dirs_exist_ok=True)
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 0, result.output
    html = (site / "public/ar/guides/pension-flexible-workers/index.html").read_text("utf-8")
    assert '<html lang="ar" dir="rtl">' in html
    assert "دليل" in html  # the Arabic interface strings are used
    assert "has not been translated" not in html and "هذه الصفحة" in html  # fallback notice
    css = next((site / "public/static").glob("site.*.css")).read_text("utf-8")
    assert "margin-left" not in css and "padding-right" not in css and "inset-inline" in css


def test_previous_site_survives_a_failed_build(mini: Path) -> None:
    assert run("build", "--root", str(mini), "--no-pdf", "--no-search").exit_code == 0
    before = tree_hash(mini / "public")
    guide = mini / "content/guides/medical-insurance/zh-CN.md"
    guide.write_text(guide.read_text("utf-8").replace("type: article", "type: story"), "utf-8")
    assert run("build", "--root", str(mini), "--no-pdf", "--no-search").exit_code == 1
    assert tree_hash(mini / "public") == before
    assert not list(mini.glob(".public-*"))
