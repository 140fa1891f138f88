"""Search-quality benchmark: every query of bench/search_queries.yaml through the site's own
search function in headless Chromium. Prints, per part (tune, held-out, earlier) and language,
each query's rank, MRR@5, recall@3 and the queries with a blank result; then the budgets: what
the first and a later query cost on the network, how long results take to show with the CPU
throttled 4x, and how long the index takes to build.

    .venv/bin/python bench/search_quality.py                 # builds the site (no PDFs) first
    .venv/bin/python bench/search_quality.py --site public --part tune
"""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import browser, serve  # noqa: E402

QUERIES = ROOT / "bench" / "search_queries.yaml"
PARTS = ("tune", "held-out", "earlier")
# The part ranking is never tuned against: only its figures are printed, never its queries.
HELD_OUT = "held-out"
# Queries typed after the page is loaded, for the time to results (a sample of the classes).
TIMED = {"zh-CN": ["骑手怎么交社保", "醫療保險", "yanglao baoxian", "佛山灵活就业养老保险",
                   "美团骑手交社保", "头盔", "传单", "公积金怎么提取", "养老保显",
                   "我在工地干活 老板不给交 我自己能交吗"],
         "en": ["rider pension", "pensoin transfer", "Foshan pension", "helmet", "flyer",
                "I got hurt on a delivery, who pays my hospital bill"]}
CPU_SLOWDOWN = 4


@dataclass
class Outcome:
    """One query's result: the pages found in order, the notices shown, and its scores."""

    query: str
    cls: str
    expect: list[str]
    found: list[str]
    notices: list[str]
    rank: int | None
    recall: float

    @property
    def blank(self) -> bool:
        """Nothing found and nothing to say (the closest topics shown instead count as blank)."""
        return not self.found and not [n for n in self.notices if n != "closest"]


@dataclass
class LanguageScore:
    """Results of one language's queries in one part."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def mrr5(self) -> float:
        ranks = [o.rank for o in self.outcomes]
        return sum(1 / r for r in ranks if r and r <= 5) / max(1, len(ranks))

    @property
    def recall3(self) -> float:
        return sum(o.recall for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def empty(self) -> list[str]:
        return [o.query for o in self.outcomes if o.blank]


@dataclass
class Report:
    """The whole benchmark: scores by part and language, and the budgets."""

    parts: dict[str, dict[str, LanguageScore]]
    first_query_bytes: int
    later_query_bytes: int
    times: dict[str, list[float]] = field(default_factory=dict)

    @property
    def languages(self) -> dict[str, LanguageScore]:
        """Every part's queries together, by language."""
        merged: dict[str, LanguageScore] = {}
        for scores in self.parts.values():
            for tag, score in scores.items():
                merged.setdefault(tag, LanguageScore()).outcomes.extend(score.outcomes)
        return merged


def load_queries(parts: tuple[str, ...] = PARTS) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The queries of the chosen parts, by part and language."""
    data = yaml.safe_load(QUERIES.read_text("utf-8"))
    for items in (items for part in parts for items in data[part].values()):
        for item in items:  # a comma in an unquoted query splits it into a key of its own
            if set(item) - ITEM_KEYS or not isinstance(item.get("q"), str):
                raise click.ClickException(
                    f"{QUERIES.name}: query {item.get('q')!r} has keys {sorted(item)}; "
                    f"quote a query with a comma or colon in it")
    return {part: data[part] for part in parts}


ITEM_KEYS = {"q", "class", "expect", "notice"}


def score(item: dict[str, Any], found: list[str], notices: list[str]) -> Outcome:
    """Rank of the first expected page and recall@3; a query that expects a notice scores
    only when the notice is shown (with no pages expected, the notice is the answer)."""
    expect = item["expect"]
    rank = next((i + 1 for i, url in enumerate(found) if url in expect), None)
    recall = len(set(found[:3]) & set(expect)) / min(len(expect), 3) if expect else 1.0
    wanted = item.get("notice")
    if wanted:
        if wanted not in notices:
            rank, recall = None, 0.0
        elif not expect:
            rank = 1
    return Outcome(item["q"], item.get("class", ""), expect, found, notices, rank, recall)


SEARCH = """q => Promise.resolve(window.sitegenSearch(q)).then(r =>
  Array.isArray(r) ? {urls: r, notices: []} : r)"""


def run_queries(site: Path, parts: tuple[str, ...] = PARTS, *, timing: bool = False) -> Report:
    """Run the queries of `parts` against the built site in `site`."""
    queries = load_queries(parts)
    scores: dict[str, dict[str, LanguageScore]] = {}
    with serve(site) as base, browser() as chromium:
        first, later = _network_cost(chromium, base)
        times = _times(chromium, base) if timing else {}
        for part, languages in queries.items():
            for tag, items in languages.items():
                prefix = "zh" if tag == "zh-CN" else tag
                page = chromium.new_page()
                page.goto(f"{base}/{prefix}/search/")
                language = scores.setdefault(part, {}).setdefault(tag, LanguageScore())
                for item in items:
                    found = page.evaluate(SEARCH, item["q"])
                    language.outcomes.append(score(item, found["urls"], found["notices"]))
                page.close()
    return Report(scores, first, later, times)


def _network_cost(chromium: Any, base: str) -> tuple[int, int]:
    """Compressed bytes fetched by a first query on a fresh page, then by a second query."""
    page = chromium.new_page()
    page.goto(f"{base}/zh/search/")
    sizes: list[int] = []

    def settled() -> None:
        """Wait until no response has come for 0.3 s (at most 5 s): a late response of a
        query is part of that query's cost, not the next one's."""
        for _ in range(50):
            count = len(sizes)
            page.wait_for_timeout(300)
            if len(sizes) == count:
                return

    def record(response: Any) -> None:
        body = response.body()
        already = response.url.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pagefind"))
        sizes.append(len(body) if already else len(gzip.compress(body)))

    page.on("response", record)
    page.evaluate(SEARCH, "骑手怎么交社保")
    settled()
    first = sum(sizes)
    sizes.clear()
    page.evaluate(SEARCH, "社保卡丢了")
    settled()
    later = sum(sizes)
    page.close()
    return first, later


# Types the query as an input method commits it, and waits for the results list to change.
TYPE_AND_WAIT = """q => new Promise(resolve => {
  const input = document.getElementById('q');
  const list = document.getElementById('search-results');
  const start = performance.now();
  const seen = new MutationObserver(() => {
    seen.disconnect(); resolve(performance.now() - start); });
  seen.observe(list, {childList: true, subtree: true, characterData: true});
  input.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
  input.value = q;
  input.dispatchEvent(new InputEvent('input', {data: q, isComposing: true}));
  input.dispatchEvent(new CompositionEvent('compositionend', {data: q}));
  setTimeout(() => { seen.disconnect(); resolve(-1); }, 10000);
})"""


# How long a reader composes a first query (pinyin typed, then committed) after tapping the box.
COMPOSING_MS = 1500


def _times(chromium: Any, base: str) -> dict[str, list[float]]:
    """Milliseconds from the input method's commit to results shown, CPU throttled 4x:
    the first query on a fresh page committed at once (it loads Pagefind and the words
    then), the first query committed COMPOSING_MS after the box was tapped (the page loads
    them on focus, as the reader types), and the later queries."""
    times: dict[str, list[float]] = {"first": [], "first, after composing": [], "later": []}
    for tag, queries in TIMED.items():
        prefix = "zh" if tag == "zh-CN" else tag
        for composing in (False, True):
            page = chromium.new_page()
            page.goto(f"{base}/{prefix}/search/")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
            if composing:
                page.focus("#q")
                page.wait_for_timeout(COMPOSING_MS)
                times["first, after composing"].append(page.evaluate(TYPE_AND_WAIT, queries[0]))
                page.close()
                continue
            for i, query in enumerate(queries):
                times["first" if i == 0 else "later"].append(page.evaluate(TYPE_AND_WAIT, query))
            page.close()
    return times


def index_seconds(root: Path, repeat: int = 3) -> float:
    """Median seconds Pagefind indexing takes (index_files) for the site at `root`."""
    from sitegen.build import analyse, produce
    from sitegen.incremental.pages import PageCache
    from sitegen.search.index import index_files

    site, diags, env = analyse(root)
    diags.raise_if_errors()
    assert site is not None
    made = produce(site, env, PageCache(site, pdf=False), jobs=1, pdf=False, search=False)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        index_files(site, made.outputs)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def print_report(report: Report, *, verbose: bool = True) -> None:
    """The per-query table, the figures per part and language, the worst queries, budgets."""
    for part, languages in report.parts.items():
        for tag, lang in languages.items():
            if verbose and part != HELD_OUT:
                click.echo(f"\n{part} {tag}: rank  recall@3  class  query  (top 3 found) notices")
                for o in lang.outcomes:
                    shown = " ".join(u.rstrip("/").split("/", 2)[-1] for u in o.found[:3])
                    click.echo(f"  {o.rank or '-':>4}  {o.recall:4.2f}  {o.cls:11} {o.query}"
                               f"  ({shown}) {' '.join(o.notices)}")
            click.echo(f"{part} {tag}: MRR@5 {lang.mrr5:.3f}  recall@3 {lang.recall3:.3f}  "
                       f"queries {len(lang.outcomes)}  blank {len(lang.empty)}")
    click.echo("\nby part, language and class: MRR@5 / recall@3 (queries)")
    for part, languages in report.parts.items():
        for tag, lang in languages.items():
            classes: dict[str, LanguageScore] = {}
            for o in lang.outcomes:
                classes.setdefault(o.cls or "-", LanguageScore()).outcomes.append(o)
            click.echo(f"  {part} {tag}: " + ", ".join(
                f"{c} {s.mrr5:.2f}/{s.recall3:.2f} ({len(s.outcomes)})"
                for c, s in classes.items()))
    click.echo(f"\nnetwork: first query {report.first_query_bytes / 1024:.1f} KB, "
               f"later query {report.later_query_bytes / 1024:.1f} KB (compressed; "
               "budgets 150 KB and 10 KB)")
    for which, values in report.times.items():
        if values:
            click.echo(f"time to results, CPU {CPU_SLOWDOWN}x slower, {which} query: "
                       f"median {statistics.median(values):.0f} ms, max {max(values):.0f} ms "
                       f"({len(values)} queries; budget 300 ms)")


def worst(report: Report, n: int = 10) -> list[tuple[str, str, Outcome]]:
    """The `n` worst queries of every part but the held-out one: lowest reciprocal rank, then
    recall."""
    rows = [(part, tag, o) for part, langs in report.parts.items() if part != HELD_OUT
            for tag, lang in langs.items() for o in lang.outcomes]
    rows.sort(key=lambda r: ((1 / r[2].rank) if r[2].rank else 0, r[2].recall))
    return rows[:n]


@click.command()
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A built site to search (default: build one into a temporary folder).")
@click.option("--part", "parts", type=click.Choice(PARTS), multiple=True,
              help="Only these parts of the query file (repeatable; default all).")
@click.option("--quiet", is_flag=True, help="Figures only, no per-query table.")
@click.option("--budgets/--no-budgets", default=True,
              help="Also time results with the CPU throttled and time the index build.")
@click.option("--json-out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures as JSON here.")
def main(site: Path | None, parts: tuple[str, ...], quiet: bool, budgets: bool,
         json_out: Path | None) -> None:
    """Run the search-quality benchmark and print its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            from sitegen.cli import main as sitegen

            site = Path(tmp) / "public"
            sitegen(["build", "--root", str(ROOT), "--out", str(site), "--no-pdf"],
                    standalone_mode=False)
        report = run_queries(site, parts or PARTS, timing=budgets)
    print_report(report, verbose=not quiet)
    if not quiet:
        click.echo("\nworst queries:")
        for part, tag, o in worst(report):
            click.echo(f"  {part} {tag} {o.cls}: {o.query}  rank {o.rank or '-'} recall "
                       f"{o.recall:.2f}  found {o.found[:3]} notices {o.notices}")
    if budgets:
        click.echo(f"index build (Pagefind, median of 3): {index_seconds(ROOT):.2f} s")
    if json_out:
        figures = {part: {tag: {"mrr5": s.mrr5, "recall3": s.recall3, "blank": len(s.empty)}
                          for tag, s in langs.items()} for part, langs in report.parts.items()}
        json_out.write_text(json.dumps(figures, ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()
