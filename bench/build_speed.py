"""Build-speed benchmark: our build against Hugo and MkDocs on the same synthetic content.

    .venv/bin/python bench/build_speed.py                      # 500, 2,000 and 8,000 pages
    .venv/bin/python bench/build_speed.py --sizes 2000 --repeat 3

For each size, bench/corpus.py writes the content in our format, as an MkDocs project and as a
Hugo project (under .cache/bench/). Every command runs once to warm up (that run is the one
whose peak memory is measured, see bench/measure.py) and then `--repeat` times; the table shows
the median. Our lines: a clean build (no .cache/, no public/) without search and PDFs; a
rebuild with no change; a rebuild after editing the body of one guide, from the command line
and in a running `sitegen serve` (bench/phases.py); the search indexing on
its own (bench/phases.py, Pagefind's time only); a clean build with search; and PDFs for a
sample of the handouts, with an estimate for all of them (printing every handout of a large
corpus takes hours). MkDocs comes from PyPI into its own venv (.cache/bench/mkdocs-venv), Hugo
from Debian (`make bench` installs it).
"""

from __future__ import annotations

import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus  # noqa: E402
from bench.measure import CommandFailed, Run, run  # noqa: E402

WORK = ROOT / ".cache" / "bench"
MKDOCS = "mkdocs==1.6.1"
PYTHON = Path(sys.executable)
SITEGEN = [str(PYTHON.parent / "sitegen")]  # the console script of this venv


@dataclass
class Line:
    """One row of the table."""

    size: int
    what: str
    pages: int
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_bytes: int = 0
    note: str = ""

    @property
    def median(self) -> float:
        """The median of the timed runs."""
        return statistics.median(self.seconds)


def mkdocs_command() -> list[str]:
    """MkDocs in its own venv under .cache/bench/, installed from PyPI on first use."""
    venv = WORK / "mkdocs-venv"
    binary = venv / "bin" / "mkdocs"
    if not binary.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet",
                        "--disable-pip-version-check", MKDOCS], check=True)
    return [str(binary)]


def hugo_command() -> list[str]:
    """Debian's hugo."""
    found = shutil.which("hugo")
    if found is None:
        raise click.ClickException("hugo is not installed: run `make bench` "
                                   "(it installs Debian's hugo package)")
    return [found]


def html_files(folder: Path) -> int:
    """HTML pages written into `folder` (Pagefind's own files aside)."""
    return sum(1 for p in folder.rglob("*.html") if "pagefind" not in p.parts)


FAILURES: list[str] = []  # runs that failed and were run again, for the end of the report


def attempt(command: list[str], *, before: Callable[[], None], sample: bool = False) -> Run:
    """`before()` then run `command`; once more if it fails (the failure is reported)."""
    for tries in (1, 2):
        before()
        try:
            return run(command, cwd=ROOT, sample=sample)
        except CommandFailed as exc:
            if tries == 2:
                raise
            FAILURES.append(str(exc).strip().splitlines()[-1])
    raise AssertionError("unreachable")


def timed(line: Line, command: list[str], repeat: int, *,
          before: Callable[[], None] = lambda: None) -> Run:
    """A warm-up run with memory sampled, then `repeat` timed runs, each after `before()`;
    their figures go into `line`."""
    warm = attempt(command, before=before, sample=True)
    runs = [attempt(command, before=before) for _ in range(repeat)]
    line.seconds, line.cpu = [r.seconds for r in runs], [r.cpu_seconds for r in runs]
    line.peak_bytes = warm.peak_bytes
    return runs[-1]


def remove_site(site: Path, out: Path) -> None:
    """Back to a fresh clone: no caches, no output, no spare staging folder beside it."""
    for folder in (site / ".cache", out, *out.parent.glob(f".{out.name}-*")):
        shutil.rmtree(folder, ignore_errors=True)


def ours(size: int, site: Path, repeat: int) -> list[Line]:
    """Our build: clean, unchanged, after one edit; all without search and PDFs."""
    out = site / "public"
    build = [*SITEGEN, "build", "--root", str(site), "--out", str(out), "--no-search", "--no-pdf"]

    def clean() -> None:
        remove_site(site, out)

    full = Line(size, "sitegen build (clean, no search, no PDF)", 0)
    timed(full, build, repeat, before=clean)
    full.pages = html_files(out)
    same = Line(size, "sitegen rebuild, nothing changed", full.pages)
    timed(same, build, repeat)
    edits = iter(range(1, repeat + 2))

    def edit_one() -> None:
        corpus.edit_guide(site, next(edits))

    edit = Line(size, "sitegen rebuild, one guide edited", full.pages)
    timed(edit, build, repeat, before=edit_one)
    for line in (same, edit):
        line.note = (f"{line.median / full.median:.1%} of the clean build's wall time, "
                     f"{statistics.median(line.cpu) / statistics.median(full.cpu):.1%} of its CPU")
    served = Line(size, "  the same in a running `sitegen serve`", full.pages)
    report = run([str(PYTHON), str(ROOT / "bench" / "phases.py"), "serve", "--root", str(site),
                  "--edits", str(repeat)], cwd=ROOT)
    served.seconds = json.loads(report.output.strip().splitlines()[-1])["seconds"]
    served.note = (f"{served.median / full.median:.1%} of the clean build's wall time "
                   "(no start-up, no imports)")
    return [full, same, edit, served]


def search_lines(size: int, site: Path, repeat: int) -> list[Line]:
    """Pagefind on its own (its time as reported by bench/phases.py), then a clean build."""
    index = [str(PYTHON), str(ROOT / "bench" / "phases.py"), "search", "--root", str(site),
             "--built", str(site / "public")]
    alone = Line(size, "  search indexing alone (Pagefind)", 0)
    runs = [attempt(index, before=lambda: None, sample=n == 0) for n in range(repeat + 1)]
    reports = [json.loads(r.output.strip().splitlines()[-1]) for r in runs]
    alone.seconds = [r["seconds"] for r in reports[1:]] or [reports[0]["seconds"]]
    alone.cpu = [r.cpu_seconds for r in runs[1:]] or [runs[0].cpu_seconds]
    alone.peak_bytes, alone.pages = runs[0].peak_bytes, reports[0]["pages"]
    alone.note = "wall: Pagefind alone; CPU and memory include loading the site"
    out = site / "public"
    build = [*SITEGEN, "build", "--root", str(site), "--out", str(out), "--no-pdf"]

    def clean() -> None:
        remove_site(site, out)

    full = Line(size, "sitegen build (clean, with search, no PDF)", 0)
    timed(full, build, min(repeat, 3), before=clean)
    full.pages = html_files(out)
    return [alone, full]


def pdf_line(size: int, site: Path, count: int) -> Line:
    """A sample of the handouts, printed once, and what all of them would take."""
    command = [str(PYTHON), str(ROOT / "bench" / "phases.py"), "pdf", "--root", str(site),
               "--count", str(count)]
    result = run(command, sample=True)
    report = json.loads(result.output.strip().splitlines()[-1])
    line = Line(size, f"  PDF handouts: {report['printed']} of {report['handouts']}",
                report["printed"], [report["seconds"]], [result.cpu_seconds], result.peak_bytes)
    line.note = (f"1 run; all {report['handouts']} would take about "
                 f"{report['estimate_all'] / 60:.0f} min")
    if report["failed"]:
        line.note += f"; {report['failed']} did not fit or had font problems"
    return line


def other_tool(tool: str, folder: Path) -> tuple[str, list[str], Path]:
    """The name, build command and output folder of Hugo or MkDocs for a corpus."""
    if tool == "hugo":
        out = folder / "hugo-out"
        return (f"Hugo {hugo_version()}", hugo_command() + [
            "--source", str(folder / "hugo"), "--destination", str(out),
            "--cacheDir", str(WORK / "hugo-cache"), "--quiet"], out)
    out = folder / "mkdocs-out"
    return ("MkDocs 1.6.1 (default theme, one-entry nav, no plugins)", mkdocs_command() + [
        "build", "--quiet", "--config-file", str(folder / "mkdocs" / "mkdocs.yml"),
        "--site-dir", str(out)], out)


def theirs(size: int, folder: Path, repeat: int, full: Line, tools: tuple[str, ...]) -> list[Line]:
    """Hugo and MkDocs on the same text, each from a clean output folder."""
    lines = []
    for tool in tools:
        name, command, out = other_tool(tool, folder)
        line = Line(size, name, 0)
        timed(line, command, repeat,
              before=functools.partial(shutil.rmtree, out, ignore_errors=True))
        line.pages = html_files(out)
        line.note = (f"sitegen ÷ {tool}: wall {full.median / line.median:.2f}, "
                     f"CPU {statistics.median(full.cpu) / statistics.median(line.cpu):.2f}")
        lines.append(line)
    return lines


def hugo_version() -> str:
    """Hugo's version number, e.g. 0.111.3."""
    text = subprocess.run(hugo_command() + ["version"], capture_output=True, text=True).stdout
    return text.split()[1].lstrip("v").split("+")[0] if text else "?"


def bench_size(pages: int, repeat: int, tools: tuple[str, ...], pdf_count: int) -> list[Line]:
    """Every line of one corpus size."""
    folder = WORK / f"corpus-{pages}"
    plan = corpus.generate(folder, pages)
    site = folder / "sitegen"
    lines = ours(plan.pages, site, repeat)
    lines += search_lines(plan.pages, site, repeat)
    if pdf_count:
        lines.append(pdf_line(plan.pages, site, pdf_count))
    lines += theirs(plan.pages, folder, repeat, lines[0], tools)
    return lines


def table(lines: list[Line]) -> list[str]:
    """The table as Markdown."""
    rows = ["| corpus | what | pages | wall s (median) | CPU s | runs | pages/s | peak memory "
            "| note |", "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    for line in lines:
        memory = f"{line.peak_bytes / 2**20:,.0f} MB" if line.peak_bytes else "–"
        rate = f"{line.pages / line.median:,.0f}" if line.pages else "–"
        cpu = f"{statistics.median(line.cpu):.2f}" if line.cpu else "–"
        rows.append(f"| {line.size:,} | {line.what} | {line.pages:,} | {line.median:.2f} | "
                    f"{cpu} | {len(line.seconds)} | {rate} | {memory} | {line.note} |")
    return rows


def machine() -> str:
    """Where the figures come from."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    return (f"{len(os.sched_getaffinity(0))} CPUs ({cpu}), {memory:.0f} GB, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def save(lines: list[Line]) -> None:
    """The figures so far, as JSON, in .cache/bench/results.json."""
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "results.json").write_text(json.dumps(
        {"machine": machine(), "lines": [asdict(line) for line in lines], "failures": FAILURES},
        indent=1), "utf-8")


@click.command()
@click.option("--sizes", default="500,2000,8000", show_default=True,
              help="Corpus sizes in pages, comma-separated.")
@click.option("--repeat", type=click.IntRange(min=1), default=5, show_default=True,
              help="Timed runs per line (after one warm-up run).")
@click.option("--repeat-large", type=click.IntRange(min=1), default=3, show_default=True,
              help="Timed runs per line for corpora of 5,000 pages or more.")
@click.option("--tools", default="hugo,mkdocs", show_default=True,
              help="Which other tools to run (comma-separated; empty for none).")
@click.option("--pdf-count", type=click.IntRange(min=0), default=16, show_default=True,
              help="Handouts to print per size (0: skip PDFs).")
def main(sizes: str, repeat: int, repeat_large: int, tools: str, pdf_count: int) -> None:
    """Build each corpus with sitegen, Hugo and MkDocs, and print the table."""
    chosen = tuple(t for t in tools.split(",") if t)
    lines: list[Line] = []
    for pages in (int(s) for s in sizes.split(",")):
        reps = repeat_large if pages >= 5000 else repeat
        click.echo(f"Corpus of about {pages:,} pages, {reps} timed runs per line...", err=True)
        done = bench_size(pages, reps, chosen, pdf_count)
        for row in table(done)[2:]:
            click.echo(row, err=True)  # as it comes: the whole run takes a while
        lines += done
        save(lines)
    click.echo(f"\nMachine: {machine()}\n")
    for row in table(lines):
        click.echo(row)
    for failure in FAILURES:
        click.echo(f"A run failed and was run again: {failure}")


if __name__ == "__main__":
    main()
