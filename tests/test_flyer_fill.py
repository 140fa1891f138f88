"""Flyers that fill the page (issue 19, item 4): every one-page handout of the real content is
printed, each page rendered by pdftoppm and its inked extent measured (bench/flyer_fill.py).
Every flyer fills at least 70% of the printable height, with body text of at least 11 pt on A4
and 9 pt on A5. The figures go to test-artifacts/flyer-fill.txt.

The site is built with its PDFs, which takes minutes from nothing: the PDF cache of the
repository's own build (.cache/handouts/, keyed by everything a PDF is made from) is copied in
when there is one, so only the handouts whose input changed are printed again.
"""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest

import sitegen.pages  # noqa: F401  # first: the handouts' module needs the page kinds loaded
from bench.flyer_fill import BODY_FLOOR, FLOOR, Fill, measure, summary
from sitegen.handouts.sheets import CACHE

from .conftest import REPO, copy_site, run

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def fills(tmp_path_factory: pytest.TempPathFactory) -> list[Fill]:
    site = copy_site("repo", tmp_path_factory.mktemp("fill"))
    if (REPO / CACHE).is_dir():
        shutil.copytree(REPO / CACHE, site / CACHE)
    result = run("build", "--root", str(site), "--no-search")
    assert result.exit_code == 0, result.output
    measured = measure(site / "public")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "flyer-fill.txt").write_text("\n".join(summary(measured)) + "\n", "utf-8")
    return measured


def test_every_handout_was_measured(fills: list[Fill]) -> None:
    flyers = {f.pdf for f in fills if f.size != "pack"}
    assert len(flyers) > 400 and all(f.page == 1 for f in fills if f.size != "pack")
    for kind, sizes in (("guide", ("a4", "a5")), ("procedure", ("a4", "a5")),
                        ("check", ("a4",)), ("calculator", ("a4", "a5")),
                        ("scenarios", ("a4", "a5"))):
        for size in sizes:
            assert any(Path(f).stem.startswith(kind) and f.endswith(f"-{size}.pdf")
                       for f in flyers), (kind, size)
    packs = {f.pdf for f in fills if f.size == "pack"}
    assert any("/group-" in p for p in packs) and any("/beijing-pack" in p for p in packs)


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_every_flyer_fills_most_of_the_page(fills: list[Fill], size: str) -> None:
    of_size = [f for f in fills if f.size == size]
    under = sorted((f for f in of_size if f.fill < FLOOR), key=lambda f: f.fill)
    assert not under, "\n".join(f"{f.fill:.1%} {f.pdf}" for f in under)
    assert statistics.median(f.fill for f in of_size) >= FLOOR


@pytest.mark.parametrize("size", ["a4", "a5"])
def test_body_text_is_large_enough(fills: list[Fill], size: str) -> None:
    small = [f for f in fills if f.size == size and f.body_pt < BODY_FLOOR[size]]
    assert not small, "\n".join(f"{f.body_pt} pt {f.pdf}" for f in small)


def test_booklets_are_body_text_11pt(fills: list[Fill]) -> None:
    assert all(f.body_pt >= BODY_FLOOR["a4"] for f in fills if f.size == "pack")


def test_page_fill_counts_the_inked_extent() -> None:
    from bench.flyer_fill import DPI, MARGIN_MM, page_fill

    height = round(297 / 25.4 * DPI)
    printable = height - 2 * MARGIN_MM / 25.4 * DPI
    assert page_fill([], height) == 0.0
    assert page_fill(range(10, 10 + round(printable / 2)), height) == pytest.approx(0.5, abs=0.01)
    assert page_fill([10, 11, 12 + round(printable) - 3], height) == pytest.approx(1.0, abs=0.01)
