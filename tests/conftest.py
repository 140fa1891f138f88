"""Shared fixtures: tiny complete sites copied into a temporary folder, and the CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitegen.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_site(name: str, dest: Path) -> Path:
    """Copy fixture `name` (or "repo" for the real content) into `dest`, with real templates."""
    source = REPO if name == "repo" else FIXTURES / name
    site = dest / name
    for part in ("site.yaml", "content", "provinces", "data", "templates"):
        src = source / part
        if not src.exists():
            continue
        if src.is_dir():
            shutil.copytree(src, site / part, dirs_exist_ok=True)
        else:
            site.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, site / part)
    if not (site / "templates").exists():
        shutil.copytree(REPO / "templates", site / "templates")
    return site


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """The tiny fixture site (two guides, one province), as a fresh copy."""
    return copy_site("mini", tmp_path)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, by its path relative to `folder`."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(site: Path, rel: str, old: str, new: str) -> None:
    """Replace the first `old` in a file of `site` (which must have it) by `new`."""
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="session")
def mini_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny fixture site built once per test process (search, no PDFs), for tests that
    only read it."""
    site = copy_site("mini", tmp_path_factory.mktemp("mini"))
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    return site / "public"


@pytest.fixture(scope="session")
def repo_public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built once per test process (search, no PDFs), for tests that only
    read it: they must not change it."""
    site = copy_site("repo", tmp_path_factory.mktemp("repo"))
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    return site / "public"


def run(*args: str) -> Result:
    """Run the CLI in-process, as a user would from the shell."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def built_page(site: Path, url: str) -> str:
    """The HTML of the page at `url` after a quick build of `site` (no PDFs, no search)."""
    result = run("build", "--root", str(site), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return (site / "public" / url.lstrip("/") / "index.html").read_text("utf-8")


@pytest.fixture
def cli() -> Callable[..., Result]:
    """The CLI runner."""
    return run


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """One headless Chromium per test module (Debian's, driven by Playwright)."""
    from .browser import browser

    with browser() as instance:
        yield instance
