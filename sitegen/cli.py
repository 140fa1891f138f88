"""The command line: the only module that prints or exits."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from sitegen import lock
from sitegen.errors import BuildFailed, ContentError
from sitegen.incremental import stamp
from sitegen.write import output_problem

if TYPE_CHECKING:
    from sitegen import serve as serve_module
T = TypeVar("T")
root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=".",
    help="The repository's top folder (where site.yaml is).")


def _show(problems: list[ContentError]) -> None:
    for problem in problems:
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(str(problem), fg=colour, err=True)


@click.group()
@click.version_option(package_name="sitegen")
def main() -> None:
    """Build the social-insurance guide site from content/ and provinces/."""
    logger = logging.getLogger("sitegen")
    logger.handlers, logger.propagate = [_Terminal()], False
    logger.setLevel(logging.WARNING)


class _Terminal(logging.Handler):
    """sitegen's warnings (a cache not used, say) on the terminal, wherever stderr is now."""

    def emit(self, record: logging.LogRecord) -> None:
        click.secho(f"warning: {record.getMessage()}", fg="yellow", err=True)


@main.command()
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: public/ in the root; public-NAME/ "
                   "with --target NAME).")
@click.option("--target", default=None, metavar="NAME",
              help="Build for this target of site.yaml: its address in every absolute link, "
                   "the sitemap and the QR codes (default: the first target).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Processes to render with (default: the number of CPUs).")
@click.option("--no-pdf", is_flag=True, help="Skip the PDF handouts.")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--force", is_flag=True,
              help="Replace an output folder that sitegen did not make.")
@click.option("--no-wait", is_flag=True,
              help="If another build of this site is running, stop instead of waiting.")
def build(root: Path, out: Path | None, target: str | None, jobs: int | None, no_pdf: bool,
          no_search: bool, strict: bool, force: bool, no_wait: bool) -> None:
    """Build the site into public/ (the previous site stays if anything fails)."""
    root = root.resolve()
    out = (out or root / ("public" if target is None else f"public-{target}")).resolve()
    problem = output_problem(root, out, force=force)
    if problem:
        raise click.UsageError(f"--out: {problem}; choose another folder")
    try:
        with lock.building(root, out, wait=not no_wait, waiting=_waiting):
            _build(root, out, target=target, jobs=jobs, pdf=not no_pdf, search=not no_search,
                   strict=strict)
    except lock.Busy as exc:
        click.secho(f"error: another build of this site is running (process {exc}); "
                    "try again when it has finished, or leave out --no-wait", fg="red", err=True)
        sys.exit(1)
    except OSError as exc:  # the disk is full or read-only, a permission is missing
        where = exc.filename or out
        click.secho(f"{where}: error: cannot write: {exc.strerror or exc}", fg="red", err=True)
        click.secho(f"  hint: free some space or choose another --out; {out} was left as it "
                    "was", err=True)
        _fail(1, 0)


def _waiting(holder: str) -> None:
    click.echo(f"Waiting for another build of this site to finish (process {holder})...",
               err=True)


def _build(root: Path, out: Path, *, target: str | None, jobs: int | None, pdf: bool,
           search: bool, strict: bool) -> None:
    inputs = stamp.inputs_hash(root, {"out": str(out), "pdf": pdf, "search": search,
                                      "target": target})
    last = stamp.up_to_date(root, out, inputs)
    if last is not None and not (strict and last["problems"]):
        for severity, text in last["problems"]:
            click.secho(text, fg="red" if severity == "error" else "yellow", err=True)
        click.echo(f"Nothing changed since the last build ({last['summary']}).")
        return
    from sitegen import build as builder  # not needed when nothing changed

    site, diags, env = builder.analyse(root, target=target)
    _show(diags.problems)
    if site is None or (strict and diags.warnings):
        _fail(len(diags.errors), len(diags.warnings))
        return
    try:
        with click.progressbar(length=len(site.pages), label="Rendering",
                               file=sys.stderr) as bar:
            result = builder.build(site, env, out, jobs=jobs or builder.default_jobs(),
                                   pdf=pdf, search=search, progress=bar.update)
    except BuildFailed as exc:
        _show(exc.problems)
        _fail(len(exc.problems), 0)
        return
    per_language = ", ".join(f"{tag} {n}" for tag, n in result.pages_per_language.items())
    counts = (f"{sum(result.pages_per_language.values())} pages ({per_language}), "
              f"{result.handouts} handouts, {result.searched_pages} pages searchable")
    stamp.save(root, out, inputs, [(p.severity, str(p)) for p in diags.problems],
               f"{counts}, in {out}")
    click.echo(f"Built {counts} into {out} in {result.seconds:.1f} s")


@main.command()
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "github"]),
              default="text", help="github: print GitHub Actions annotations for pull requests.")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Judge last_reviewed dates as of this day (default: today).")
@click.option("--sources", "list_sources", is_flag=True,
              help="List the files whose older-form sources cite only a homepage.")
def check(root: Path, strict: bool, output_format: str, as_of: dt.datetime | None,
          list_sources: bool) -> None:
    """Check every content file and list every problem, without building."""
    from sitegen import check as report
    result = report.check(root.resolve(), today=as_of.date() if as_of else dt.date.today())
    if output_format == "github":
        for problem in result.problems:
            click.echo(report.github_annotation(problem))
    else:
        _show(list(result.problems))
    for line in report.translation_table(result.missing):
        click.echo(line)
    for line in report.translation_table(result.outdated, "Outdated translations:"):
        click.echo(line)
    for line in report.homepage_lines(result.homepages, full=list_sources):
        click.echo(line)
    for line in report.guided_line(result.guided):
        click.echo(line)
    if result.errors or (strict and result.warnings):
        _fail(len(result.errors), len(result.warnings))
    click.echo(f"No errors ({len(result.warnings)} warnings).")


@main.command()
@root_option
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0 picks a free one).")
@click.option("--no-search", is_flag=True, help="Skip the Pagefind search index (faster).")
@click.option("--pdf", is_flag=True, help="Also make the PDF handouts (slow).")
def serve(root: Path, port: int, no_search: bool, pdf: bool) -> None:
    """Preview the site: build, serve on localhost, rebuild and reload on every save."""
    from sitegen import serve as preview
    root = root.resolve()
    if not (root / "site.yaml").is_file():
        raise click.UsageError(f"no site.yaml in {root}: run this in the repository's top folder")
    try:  # Ctrl+C at any moment (the first build, the line below, the wait) stops cleanly
        with preview.serving(root, port=port, search=not no_search, pdf=pdf,
                             on_build=_built) as server:
            click.echo(f"Serving {server.url}  (Ctrl+C stops). Watching content/, provinces/, "
                       "templates/, data/ and site.yaml; built into .cache/serve/.")
            server.stopped.wait()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    except OSError as exc:  # the port: the build and the watcher report their own problems
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; "
                                   "try another --port, or --port 0") from None


def _built(outcome: serve_module.BuildOutcome) -> None:
    """Report one (re)build of `serve` in the terminal."""
    warnings = len(outcome.problems) - len(outcome.errors)
    if outcome.ok:
        note = f", {warnings} warnings (see `sitegen check`)" if warnings else ""
        click.echo(f"Built in {outcome.seconds:.1f} s: {outcome.changed} files changed{note}.")
        return
    _show(outcome.errors)
    click.secho(f"Build failed: {len(outcome.errors)} errors, shown in the browser too. "
                "Waiting for the next save...", fg="red", err=True)


@main.command()
@root_option
@click.option("--target", required=True, metavar="NAME",
              help="The site.yaml target to publish, of kind s3 (a Netlify target is "
                   "deployed by scripts/deploy.sh).")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="The built site (default: public-NAME/ in the root).")
@click.option("--dry-run", is_flag=True, help="List what would change; change nothing.")
def deploy(root: Path, target: str, folder: Path | None, dry_run: bool) -> None:
    """Upload a built site to its S3-compatible bucket: changed files, deleting removed ones.

    The access key comes from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."""
    from sitegen.publish import deploy as publisher
    root = root.resolve()
    try:
        plan = publisher.prepare(root, target, (folder or root / f"public-{target}").resolve())
        result = publisher.publish(plan, os.environ, dry_run=dry_run)
    except ContentError as exc:
        _show([exc])
        click.secho("Stopped: nothing more was changed in the bucket.", fg="red", err=True)
        sys.exit(1)
    except BuildFailed as exc:
        _show(exc.problems)
        _fail(len(exc.problems), 0)
        return
    verbs = ("Would upload", "delete") if dry_run else ("Uploaded", "deleted")
    click.echo(f"{verbs[0]} {len(result.uploaded)} files and {verbs[1]} {len(result.deleted)} in "
               f"s3://{plan.target.bucket} ({result.unchanged} unchanged), for "
               f"{plan.target.base_url}")
    for item in plan.treatment:
        if item.outcome != "kept":
            click.echo(f"  {item.rule}: {item.outcome} on the mirror: {item.how}")


@main.command()
@click.argument("slug", callback=lambda ctx, param, value: _slug(ctx, param, value))
@click.argument("lang")
@root_option
def translated(slug: str, lang: str, root: Path) -> None:
    """Record that content/guides/SLUG/LANG.md translates the current original."""
    from sitegen.content.translation import mark_translated

    path, revision = _reported(lambda: mark_translated(root.resolve(), slug, lang))
    click.echo(f"Recorded in {path}: translated from revision {revision} of the original.")


@main.group()
def new() -> None:
    """Scaffold new content as a draft that `check` accepts as it is."""


def _slug(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from sitegen.scaffold import valid_name

    if not valid_name(value):
        raise click.BadParameter(f"'{value[:80]}': use at most 64 lowercase ASCII letters, "
                                 "digits and single dashes, like 'pay-online' or 'guangdong'")
    return value


@new.command("guide")
@click.argument("slug", callback=_slug)
@root_option
def new_guide(slug: str, root: Path) -> None:
    """Create content/guides/SLUG/ with a draft file for every language."""
    from sitegen import scaffold
    _scaffold(lambda: scaffold.new_guide(root.resolve(), slug, today=dt.date.today()))


@new.command("province")
@click.argument("code", callback=_slug)
@root_option
def new_province(code: str, root: Path) -> None:
    """Create provinces/CODE.yaml, a draft with every procedure in every language."""
    from sitegen import scaffold
    _scaffold(lambda: scaffold.new_province(root.resolve(), code, today=dt.date.today()))


def _reported(work: Callable[[], T]) -> T:
    """The result of `work`; its content errors shown, and exit 1, if it raises any."""
    try:
        return work()
    except ContentError as exc:
        _show([exc])
        _fail(1, 0)
    except BuildFailed as exc:
        _show(exc.problems)
        _fail(len(exc.problems), 0)


def _scaffold(make: Callable[[], list[Path]]) -> None:
    created = _reported(make)
    for path in created:
        click.echo(f"Created {path}")
    click.echo("Replace every TODO / 待填写, run `sitegen check`, then delete `draft: true` "
               "to publish.")


def _fail(errors: int, warnings: int) -> NoReturn:
    click.secho(f"Stopped: {errors} errors, {warnings} warnings. Nothing was written.",
                fg="red", err=True)
    sys.exit(1)
