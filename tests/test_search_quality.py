"""The search-quality benchmark runs on the real content and must not fall below its level.

The floors are the figures reached when the benchmark was last tuned (README, "Search");
raise them when search improves, never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from bench.search_quality import QUERIES, Report, load_queries, run_queries

from .conftest import REPO, copy_site, run

# (MRR@5, recall@3) per part and language.
FLOORS = {("earlier", "zh-CN"): (0.93, 0.94), ("earlier", "en"): (0.92, 0.94)}
FIRST_QUERY_BYTES = 160 * 1024
LATER_QUERY_BYTES = 10 * 1024


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    site = copy_site("repo", tmp_path_factory.mktemp("quality"))
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    return run_queries(site / "public")


@pytest.mark.parametrize(("part", "tag"), sorted(FLOORS))
def test_ranking_quality_holds(report: Report, part: str, tag: str) -> None:
    score = report.parts[part][tag]
    mrr_floor, recall_floor = FLOORS[part, tag]
    worst = [(o.query, o.rank, o.found[:3]) for o in score.outcomes if o.rank != 1]
    assert score.mrr5 >= mrr_floor, worst
    assert score.recall3 >= recall_floor, worst


@pytest.mark.parametrize(("part", "tag"), sorted(FLOORS))
def test_every_query_finds_something(report: Report, part: str, tag: str) -> None:
    assert report.parts[part][tag].empty == []


def test_network_cost_of_a_query(report: Report) -> None:
    assert report.first_query_bytes <= FIRST_QUERY_BYTES
    assert report.later_query_bytes <= LATER_QUERY_BYTES


def test_query_file_is_large_and_split() -> None:
    queries = load_queries(("tune", "held-out"))
    for tag, least in (("zh-CN", 130), ("en", 70)):
        tune, held = len(queries["tune"][tag]), len(queries["held-out"][tag])
        assert tune + held >= least
        assert abs(held - (tune + held) / 3) <= 6  # a held-out third
    texts = [(tag, q["q"]) for part in queries.values() for tag, items in part.items()
             for q in items]
    assert len(texts) == len(set(texts)), "a query is in the file twice"


def test_every_expected_page_exists() -> None:
    """Each URL in the query file is a page of the real site (catches a slip in the file)."""
    from sitegen.build import analyse

    analysis = analyse(REPO, write_cache=False)
    assert analysis.site is not None
    urls = {page.url for page in analysis.site.pages}
    missing = {url for part in load_queries().values() for items in part.values()
               for q in items for url in q["expect"] if url not in urls}
    assert not missing, f"{QUERIES.name}: no such page: {sorted(missing)}"
