"""Change history: `changes:` of guides and procedures, a major change on its page, the
changes page (newest first, searched) and the Atom feed per language, read with feedparser."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import feedparser
import pytest

from .conftest import run

BASE = "https://shebao-guide.netlify.app"
GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"


@pytest.fixture(scope="module")
def public(mini_public: Path) -> Path:
    return mini_public


def read(public: Path, url: str) -> str:
    return (public / url.lstrip("/") / "index.html").read_text("utf-8")


def test_a_major_change_is_shown_on_its_page(public: Path) -> None:
    html = read(public, "/en/guides/pension-flexible-workers/")
    assert ('<p class="notice updated" id="change-2026-11-23-1">Updated on '
            '<time datetime="2026-11-23">23 November 2026</time>: <span>The contribution base is '
            'now given as 60% to 300% of the average wage.</span> '
            '<a href="/en/changes/">All changes</a></p>') in html
    assert "Added how to pay on your phone" not in html  # minor changes stay on the list
    zh = read(public, "/zh/guides/pension-flexible-workers/")
    assert "更新于 <time datetime=\"2026-11-23\">2026年11月23日</time>：<span>缴费基数改为" in zh
    assert 'class="notice updated"' not in read(public, "/zh/provinces/guangdong/enroll-pension/")


def test_the_changes_page_lists_every_change_newest_first(public: Path) -> None:
    html = read(public, "/en/changes/")
    order = [html.index(text) for text in (
        "The contribution base is now given", "Added where to apply.", "Added how to pay")]
    assert order == sorted(order)
    assert '<a href="/en/provinces/guangdong/enroll-pension/">' in html
    assert "data-pagefind-body" in html
    assert ('<link rel="alternate" type="application/atom+xml" title="Follow the changes (Atom '
            f'feed)" href="{BASE}/en/changes/feed.xml">') in html
    assert f"<loc>{BASE}/en/changes/</loc>" in (public / "sitemap.xml").read_text("utf-8")
    catalogue = (public / "en/search/catalogue.json").read_text("utf-8")
    assert "/en/changes/" in catalogue  # searched


@pytest.mark.parametrize(("prefix", "lang", "major"), [("zh", "zh-CN", "重要更新"),
                                                      ("en", "en", "Major change")])
def test_the_feed_is_valid_atom_with_real_dates(public: Path, prefix: str, lang: str,
                                                major: str) -> None:
    feed = feedparser.parse((public / prefix / "changes/feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.id == f"{BASE}/{prefix}/changes/"
    assert feed.feed.language == lang
    assert time.strftime("%Y-%m-%d", feed.feed.updated_parsed) == "2026-11-23"
    days = [dt.date(*e.updated_parsed[:3]) for e in feed.entries]
    assert days == [dt.date(2026, 11, 23), dt.date(2026, 11, 22), dt.date(2026, 11, 20)]
    first = feed.entries[0]
    assert first.link == f"{BASE}/{prefix}/guides/pension-flexible-workers/"
    assert first.id == f"{BASE}/{prefix}/guides/pension-flexible-workers/#change-2026-11-23-1"
    assert first.title.endswith(major) and first.tags[0].term == "major"
    assert len({e.id for e in feed.entries}) == len(feed.entries)


def test_a_wrong_change_is_an_error_at_its_place(mini: Path) -> None:
    path = mini / GUIDE
    path.write_text(path.read_text("utf-8").replace("type: major", "type: big", 1), "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if "type: big" in text)
    assert f"{GUIDE}:{line}:11: error: 'type' cannot be 'big'" in result.output
    assert "hint: use one of: 'major' or 'minor'" in result.output
