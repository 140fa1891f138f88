""""Was this page useful?": a Netlify form on every page that works without JavaScript or an
account, its honeypot, and the thank-you page each language has."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from .browser import netlify_forms_handler, serve

FORM = "page-feedback"
HONEYPOT = "bot-field"


class Forms(HTMLParser):
    """The feedback forms of a page, each with the elements inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.inside = False
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("data-netlify") == "true":
            self.forms.append({"attrs": a, "elements": []})
            self.inside = True
        elif self.inside:
            self.forms[-1]["elements"].append((tag, a))
        if tag == "a":
            self._href = a.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        if tag == "a":
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._href is not None and data.strip():
            self.links.append((self._href, data.strip()))


def parse(path: Path) -> Forms:
    forms = Forms()
    forms.feed(path.read_text("utf-8"))
    return forms


def pages(public: Path) -> list[Path]:
    return sorted(p for p in public.glob("*/**/*.html") if "thanks" not in p.parts)


def test_every_page_has_the_form_netlify_needs(repo_public: Path) -> None:
    found = pages(repo_public)
    assert len(found) > 100
    for path in found:
        forms = parse(path).forms
        assert len(forms) == 1, path
        attrs, elements = forms[0]["attrs"], forms[0]["elements"]
        lang = path.relative_to(repo_public).parts[0]
        assert attrs["name"] == FORM and attrs["method"] == "post"
        assert attrs["netlify-honeypot"] == HONEYPOT
        assert attrs["action"] == f"/{lang}/thanks/", path  # the site's own host
        hidden = {a["name"]: a["value"] for tag, a in elements
                  if tag == "input" and a.get("type") == "hidden"}
        assert hidden["form-name"] == FORM  # what Netlify files the submission under
        assert hidden["page"].startswith(f"/{lang}/")
        buttons = {a["value"] for tag, a in elements if tag == "button" and a.get("name") == "useful"}
        assert buttons == {"yes", "no"}
        assert ("textarea", "what-was-wrong") in {(t, a.get("name")) for t, a in elements}


def test_the_honeypot_is_hidden_and_out_of_the_tab_order(repo_public: Path) -> None:
    elements = parse(repo_public / "en/calculator/index.html").forms[0]["elements"]
    names = [tag for tag, _ in elements]
    trap = next(i for i, (tag, a) in enumerate(elements) if a.get("name") == HONEYPOT)
    holder = max(i for i in range(trap) if names[i] == "p")
    assert "hidden" in elements[holder][1]
    assert elements[trap][1]["tabindex"] == "-1"


def test_thank_you_pages_per_language_out_of_the_sitemap(repo_public: Path) -> None:
    sitemap = (repo_public / "sitemap.xml").read_text("utf-8")
    assert "/thanks/" not in sitemap
    for lang, title in (("zh", "谢谢你"), ("en", "Thank you")):
        page = repo_public / lang / "thanks/index.html"
        assert f"<h1>{title}</h1>" in page.read_text("utf-8")
        assert parse(page).forms == []  # nothing to answer on the answer's own page


def test_the_github_link_stays_for_editors(repo_public: Path) -> None:
    for lang, label in (("en", "For editors"), ("zh", "编辑人员")):
        links = parse(repo_public / lang / "index.html").links
        assert any("github.com" in href and "issues/new" in href and label in text
                   for href, text in links)


@pytest.fixture(scope="module")
def forms_site(repo_public: Path) -> Iterator[tuple[str, list[dict[str, str]]]]:
    handler = netlify_forms_handler()
    with serve(repo_public, handler) as url:
        yield url, handler.received


def test_no_without_javascript_sends_what_was_wrong(chromium: Any,
                                                    forms_site: tuple[str, Any]) -> None:
    url, received = forms_site
    context = chromium.new_context(java_script_enabled=False,
                                   viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}/en/calculator/")
    assert not page.locator("#feedback-what").is_visible()
    assert not page.locator(f'input[name="{HONEYPOT}"]').is_visible()
    for target in (page.locator(".feedback button[value=yes]"),
                   page.locator(".feedback-no > summary")):
        box = target.bounding_box()
        assert box is not None and min(box["width"], box["height"]) >= 44, box
    page.click(".feedback-no > summary")
    page.fill("#feedback-what", "The table is too wide")
    box = page.locator(".feedback button[value=no]").bounding_box()
    assert box is not None and min(box["width"], box["height"]) >= 44, box
    page.click(".feedback button[value=no]")
    page.wait_for_url(f"{url}/en/thanks/")
    assert page.locator("h1").inner_text() == "Thank you"
    assert received[-1] == {"form-name": FORM, "page": "/en/calculator/", HONEYPOT: "",
                            "what-was-wrong": "The table is too wide", "useful": "no"}
    context.close()


def test_yes_without_javascript_in_chinese(chromium: Any, forms_site: tuple[str, Any]) -> None:
    url, received = forms_site
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{url}/zh/guides/check-contributions/")
    page.click(".feedback button[value=yes]")
    page.wait_for_url(f"{url}/zh/thanks/")
    assert page.locator("h1").inner_text() == "谢谢你"
    assert received[-1]["useful"] == "yes"
    assert received[-1]["page"] == "/zh/guides/check-contributions/"
    context.close()


def test_a_filled_honeypot_is_dropped(forms_site: tuple[str, Any]) -> None:
    url, received = forms_site
    before = len(received)
    data = urllib.parse.urlencode({"form-name": FORM, "page": "/en/", "useful": "no",
                                   HONEYPOT: "http://spam.example"}).encode()
    with urllib.request.urlopen(f"{url}/en/thanks/", data=data) as answer:
        assert answer.status == 200
    assert len(received) == before
