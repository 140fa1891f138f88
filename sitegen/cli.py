"""The command line: the only module that prints or exits."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from . import build as builder
from .errors import BuildFailed, ContentError

ROOT_HELP = "The repository's top folder (where site.yaml is)."


def _show(problems: list[ContentError]) -> None:
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(str(problem), fg=colour, err=True)


@click.group()
@click.version_option(package_name="sitegen")
def main() -> None:
    """Build the social-insurance guide site from content/ and provinces/."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              help=ROOT_HELP)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: public/ in the root).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to render with (default: the number of CPUs).")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF handouts.")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(root: Path, out: Path | None, jobs: int | None, no_pdf: bool, no_search: bool,
          strict: bool) -> None:
    """Build the site into public/ (the previous site stays if anything fails)."""
    root = root.resolve()
    out = (out or root / "public").resolve()
    site, diags = builder.analyse(root)
    _show(diags.problems)
    if site is None or (strict and diags.warnings):
        _fail(len(diags.errors), len(diags.warnings))
        return
    try:
        with click.progressbar(length=len(site.pages), label="Rendering",
                               file=sys.stderr) as bar:
            result = builder.build(site, out, jobs=jobs or builder.default_jobs(),
                                   pdf=not no_pdf, search=not no_search, progress=bar.update)
    except BuildFailed as exc:
        _show(exc.problems)
        _fail(len(exc.problems), 0)
        return
    per_language = ", ".join(f"{tag} {n}" for tag, n in result.pages_per_language.items())
    click.echo(f"Built {sum(result.pages_per_language.values())} pages ({per_language}), "
               f"{result.handouts} handouts, {result.searched_pages} pages searchable "
               f"into {out} in {result.seconds:.1f} s")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              help=ROOT_HELP)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(root: Path, strict: bool) -> None:
    """Check every content file and list every problem, without building."""
    _, diags = builder.analyse(root.resolve())
    _show(diags.problems)
    if diags.errors or (strict and diags.warnings):
        _fail(len(diags.errors), len(diags.warnings))
    click.echo(f"No errors ({len(diags.warnings)} warnings).")


def _fail(errors: int, warnings: int) -> None:
    click.secho(f"Stopped: {errors} errors, {warnings} warnings. Nothing was written.",
                fg="red", err=True)
    sys.exit(1)
