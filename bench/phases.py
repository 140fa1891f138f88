"""Time one phase of the build on its own, for bench/build_speed.py; prints one JSON line.

    .venv/bin/python bench/phases.py search --root SITE --built SITE/public
    .venv/bin/python bench/phases.py pdf --root SITE --count 16
    .venv/bin/python bench/phases.py serve --root SITE --edits 3

`search` indexes the pages of an already built site (read back from disk) into a scratch
folder; `pdf` prints the first COUNT handouts of the site (half A4, half A5, guides and
procedures alike), without the PDF cache, over all CPUs; `serve` times what `sitegen serve`
does after an editor saves a guide: a rebuild in the running process, EDITS times.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sitegen import build as builder  # noqa: E402


@click.group()
def main() -> None:
    """Time one phase of the build."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--built", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="The site as `sitegen build --no-search` wrote it.")
def search(root: Path, built: Path) -> None:
    """Index the built pages with Pagefind, as the build does."""
    from sitegen.search.index import index_files

    site = builder.load(root).site
    assert site is not None
    outputs = {page.output: (built / page.output).read_bytes() for page in site.pages}
    started = time.perf_counter()
    _, pages = index_files(site, outputs)
    seconds = time.perf_counter() - started
    click.echo(json.dumps({"seconds": seconds, "pages": pages}))


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--count", type=click.IntRange(min=1), default=16, show_default=True)
def pdf(root: Path, count: int) -> None:
    """Print `count` handouts and report the time per handout and for all of them."""
    from sitegen.handouts.jobs import plan
    from sitegen.handouts.pdf import font_files, print_all

    site, _, env = builder.load(root)
    assert site is not None
    started = time.perf_counter()
    planned = plan(site, env)
    plan_seconds = time.perf_counter() - started
    step = max(1, len(planned) // count)
    jobs = [p.job for p in planned[::step]][:count]
    family = site.content.spec.cjk_font
    font_files(family)
    css = (root / "templates" / "handout.css").read_text("utf-8")
    started = time.perf_counter()
    printed = print_all(jobs, css, family, processes=builder.default_jobs())
    seconds = time.perf_counter() - started
    failed = sum(1 for p in printed if p.pdf is None or p.problems)
    click.echo(json.dumps({"seconds": seconds, "printed": len(jobs), "failed": failed,
                           "handouts": len(planned), "plan_seconds": plan_seconds,
                           "estimate_all": plan_seconds + seconds / len(jobs) * len(planned)}))


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--edits", type=click.IntRange(min=1), default=3, show_default=True)
def serve(root: Path, edits: int) -> None:
    """Rebuild in one process, as `sitegen serve` does, after each of `edits` guide edits."""
    from bench import corpus
    from sitegen.serve import Preview

    preview = Preview(root, search=False, pdf=False)
    first = preview.rebuild()
    seconds = []
    for n in range(1, edits + 1):
        corpus.edit_guide(root, 1000 + n)
        started = time.perf_counter()
        outcome = preview.rebuild()
        seconds.append(time.perf_counter() - started)
        assert outcome.ok and outcome.changed, outcome
    click.echo(json.dumps({"first": first.seconds, "seconds": seconds}))


if __name__ == "__main__":
    main()
