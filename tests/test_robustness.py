"""Robustness: random input never crashes the loaders, pages are valid HTML, an interrupted
build loses nothing, and a build needs no network."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import html5lib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.content.markdown import parse
from sitegen.content.models import GuideMeta, ProvinceSpec
from sitegen.content.schema import validate
from sitegen.content.yamlload import load_yaml
from sitegen.errors import ContentError, Diagnostics
from sitegen.render.markdown import Converter

from .conftest import REPO, copy_site

P = Path("random.yaml")
LANGS = ("zh-CN", "en")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
                    st.dates().map(lambda d: d.isoformat()))
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(["id", "title", "zh-CN", "en", "steps", "code", "x"]),
                      children, max_size=5),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_is_yaml_or_a_content_error(text: str) -> None:
    try:
        load_yaml(text, P)
    except ContentError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures, st.sampled_from([ProvinceSpec, GuideMeta]))
def test_random_structures_validate_or_report(data: object, schema: type) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    try:
        doc = load_yaml(text, P)
    except ContentError:
        return
    diags = Diagnostics()
    model = validate(schema, doc, diags, LANGS)
    assert (model is None) == bool(diags.errors)
    for problem in diags.problems:
        assert problem.line >= 1 and problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_random_markdown_is_checked_or_converted_safely(text: str) -> None:
    diags = Diagnostics()
    source = parse(text, P, 1, diags)
    if source is None:
        assert diags.errors
        return
    html = Converter().convert(source.intro, lambda href: "/x/", None, lambda name: "")
    assert "<script" not in html.lower() and "javascript:" not in html.lower()


def test_every_page_of_the_real_site_is_valid_html(repo_public: Path) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    pages = sorted(repo_public.rglob("*.html"))
    assert len(pages) > 150
    for page in pages:
        parser.parse(page.read_bytes())  # raises on any parse error


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_killed_midway_leaves_the_previous_site(tmp_path: Path) -> None:
    site = copy_site("repo", tmp_path)
    command = [sys.executable, str(REPO / "build.py"), "build", "--root", str(site), "--no-pdf"]
    assert subprocess.run(command, capture_output=True).returncode == 0
    before = tree_hash(site / "public")
    guide = site / "content/guides/life-map/zh-CN.md"
    guide.write_text(guide.read_text("utf-8").replace("title: ", "title: 新版", 1), "utf-8")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(site.glob(".public-new-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert tree_hash(site / "public") == before
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert "新版" in (site / "public/zh/guides/life-map/index.html").read_text("utf-8")
    deadline = time.monotonic() + 30  # a discarded site is removed in the background

    def leftovers() -> list[Path]:  # the spare is the next build's staging folder
        return [p for p in site.glob(".public-*") if p.name != ".public-spare"]

    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not leftovers()


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs util-linux unshare")
def test_the_build_needs_no_network(tmp_path: Path) -> None:
    site = copy_site("mini", tmp_path)
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.fail(f"cannot make a network namespace here: {probe.stderr.decode()}")
    command = ["unshare", "-n", sys.executable, str(REPO / "build.py"), "build",
               "--root", str(site)]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (site / "public/pagefind/pagefind-entry.json").is_file()
