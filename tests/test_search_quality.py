"""The search-quality benchmark runs on the real content and must not fall below its level.

The floors are the figures reached when the benchmark was last tuned (README, "Search");
raise them when search improves, never lower them to make a change pass.
"""

from __future__ import annotations

import pytest

from bench.search_quality import Report, run_queries

from .conftest import REPO, copy_site, run

FLOORS = {"zh-CN": (0.93, 0.94), "en": (0.92, 0.94)}  # (MRR@5, recall@3)
FIRST_QUERY_BYTES = 160 * 1024
LATER_QUERY_BYTES = 10 * 1024


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    site = copy_site("repo", tmp_path_factory.mktemp("quality"))
    result = run("build", "--root", str(site), "--no-pdf")
    assert result.exit_code == 0, result.output
    return run_queries(site / "public")


@pytest.mark.parametrize("tag", sorted(FLOORS))
def test_ranking_quality_holds(report: Report, tag: str) -> None:
    score = report.languages[tag]
    mrr_floor, recall_floor = FLOORS[tag]
    worst = [(q, r) for q, r, _ in score.ranks if r != 1]
    assert score.mrr5 >= mrr_floor, worst
    assert score.recall3 >= recall_floor, worst
    assert len(score.ranks) >= 30


@pytest.mark.parametrize("tag", sorted(FLOORS))
def test_every_query_finds_something(report: Report, tag: str) -> None:
    assert report.languages[tag].empty == []


def test_network_cost_of_a_query(report: Report) -> None:
    assert report.first_query_bytes <= FIRST_QUERY_BYTES
    assert report.later_query_bytes <= LATER_QUERY_BYTES


def test_query_file_is_large_enough() -> None:
    import yaml

    queries = yaml.safe_load((REPO / "bench/search_queries.yaml").read_text("utf-8"))
    assert sum(len(items) for items in queries.values()) >= 60
