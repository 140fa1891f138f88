"""Search-quality benchmark: every query of bench/search_queries.yaml through the site's own
search function in headless Chromium; prints ranks, MRR@5 and recall@3 per language, and what
the first and a later query cost on the network.

    .venv/bin/python bench/search_quality.py            # builds the site (no PDFs) first
    .venv/bin/python bench/search_quality.py --site public
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser, serve  # noqa: E402

QUERIES = ROOT / "bench" / "search_queries.yaml"


@dataclass
class LanguageScore:
    """Results of one language's queries."""

    ranks: list[tuple[str, int | None, list[str]]] = field(default_factory=list)
    recalls: list[float] = field(default_factory=list)

    @property
    def mrr5(self) -> float:
        return sum(1 / r for _, r, _ in self.ranks if r and r <= 5) / len(self.ranks)

    @property
    def recall3(self) -> float:
        return sum(self.recalls) / len(self.recalls)

    @property
    def empty(self) -> list[str]:
        return [q for q, _, found in self.ranks if not found]


@dataclass
class Report:
    """The whole benchmark."""

    languages: dict[str, LanguageScore]
    first_query_bytes: int
    later_query_bytes: int


def run_queries(site: Path) -> Report:
    """Run every query against the built site in `site`."""
    queries: dict[str, list[dict[str, Any]]] = yaml.safe_load(QUERIES.read_text("utf-8"))
    scores: dict[str, LanguageScore] = {}
    with serve(site) as base, browser() as chromium:
        first, later = _network_cost(chromium, base)
        for tag, items in queries.items():
            prefix = items[0]["expect"][0].split("/")[1]
            page = chromium.new_page()
            page.goto(f"{base}/{prefix}/search/")
            score = scores.setdefault(tag, LanguageScore())
            for item in items:
                found: list[str] = page.evaluate("q => window.sitegenSearch(q)", item["q"])
                expect = item["expect"]
                rank = next((i + 1 for i, url in enumerate(found) if url in expect), None)
                score.ranks.append((item["q"], rank, found))
                hits = len(set(found[:3]) & set(expect))
                score.recalls.append(hits / min(len(expect), 3))
            page.close()
    return Report(scores, first, later)


def _network_cost(chromium: Any, base: str) -> tuple[int, int]:
    """Compressed bytes fetched by a first query on a fresh page, then by a second query."""
    page = chromium.new_page()
    page.goto(f"{base}/zh/search/")
    sizes: list[int] = []

    def record(response: Any) -> None:
        body = response.body()
        already = response.url.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pagefind"))
        sizes.append(len(body) if already else len(gzip.compress(body)))

    page.on("response", record)
    page.evaluate("q => window.sitegenSearch(q)", "骑手怎么交社保")
    first = sum(sizes)
    sizes.clear()
    page.evaluate("q => window.sitegenSearch(q)", "社保卡丢了")
    later = sum(sizes)
    page.close()
    return first, later


def print_report(report: Report) -> None:
    """The per-query table and the figures per language."""
    for tag, score in report.languages.items():
        click.echo(f"\n{tag}: rank  recall@3  query  (top 3 found)")
        for (query, rank, found), recall in zip(score.ranks, score.recalls, strict=True):
            shown = " ".join(u.rstrip("/").rsplit("/", 1)[-1] for u in found[:3])
            click.echo(f"  {rank or '-':>4}  {recall:4.2f}  {query}  ({shown})")
        click.echo(f"{tag}: MRR@5 {score.mrr5:.3f}  recall@3 {score.recall3:.3f}  "
                   f"queries {len(score.ranks)}  with no result {len(score.empty)}")
    click.echo(f"\nnetwork: first query {report.first_query_bytes / 1024:.1f} KB, "
               f"later query {report.later_query_bytes / 1024:.1f} KB (compressed)")


@click.command()
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A built site to search (default: build one into a temporary folder).")
@click.option("--json-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures as JSON here.")
def main(site: Path | None, json_out: Path | None) -> None:
    """Run the search-quality benchmark and print its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            from sitegen.cli import main as sitegen

            site = Path(tmp) / "public"
            sitegen(["build", "--root", str(ROOT), "--out", str(site), "--no-pdf"],
                    standalone_mode=False)
        report = run_queries(site)
    print_report(report)
    if json_out:
        figures = {tag: {"mrr5": s.mrr5, "recall3": s.recall3, "empty": s.empty}
                   for tag, s in report.languages.items()}
        json_out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()
