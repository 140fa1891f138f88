"""The build as a row of phases: config, load, site model, produce every output, write, swap.

`produce` is the one pipeline: it turns the site model into every output file as data (pages,
static assets, sitemap, service worker, search index, PDF handouts). `build` and `serve` both
call it; only `write` writes them.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

import jinja2

from sitegen.content.load import Content, load_config, load_content
from sitegen.errors import BuildFailed, ContentError, Diagnostics
from sitegen.incremental.pages import PageCache
from sitegen.pages.base import Page
from sitegen.pages.offline import SERVICE_WORKER, service_worker
from sitegen.publish.rules import read_rules
from sitegen.publish.target import choose_target
from sitegen.render.audit import stylesheet_requests
from sitegen.render.engine import (
    Outputs,
    Renderer,
    check_templates,
    extra_outputs,
    site_environment,
)
from sitegen.site import Site, build_site
from sitegen.write import (
    MARKER,
    MARKER_TEXT,
    holds_exactly,
    keep_as_spare,
    staging_dir,
    swap_in,
    write_outputs,
)

Progress = Callable[[int], None]
PARALLEL_MIN_PAGES = 64


class Analysis(NamedTuple):
    """The site model (None if there were errors), every problem, and the template
    environment the site is rendered with."""

    site: Site | None
    diags: Diagnostics
    env: jinja2.Environment


def analyse(root: Path, *, write_cache: bool = True, target: str | None = None) -> Analysis:
    """Read and link everything the build reads. `write_cache`: keep what was read and
    compiled in .cache/ for the next build (`check` writes nothing). `target`: the name of
    the site.yaml target to build for (default: the first)."""
    diags = Diagnostics()
    env = site_environment(root, write_cache=write_cache)
    try:
        spec = load_config(root)
        chosen = choose_target(spec, target, read_rules(root))
    except BuildFailed as exc:
        diags.problems.extend(exc.problems)
        return Analysis(None, diags, env)
    except ContentError as exc:
        diags.add(exc)
        return Analysis(None, diags, env)
    content = load_content(root, spec, diags, write_cache=write_cache)
    check_templates(root, env, diags)
    if content is not None:
        check_stylesheets(content, diags)
    site = build_site(content, diags, chosen) if content is not None else None
    return Analysis(site if not diags.errors else None, diags, env)


def check_stylesheets(content: Content, diags: Diagnostics) -> None:
    """A stylesheet that would load anything from another host is an error at its line."""
    own = {urlsplit(target.base_url).hostname or ""
               for target in content.spec.deploy_targets}  # every address of this site
    for name, (_, data) in content.assets.items():
        if name.endswith(".css"):
            for line, col, url in stylesheet_requests(data.decode("utf-8", "replace"), own):
                diags.error(f"templates/static/{name}", line, col,
                            f"this stylesheet would load {url!r} from another site",
                            "the site makes no request to other hosts: put the file in "
                            "templates/static/ and point to it with a relative address")


def load(root: Path) -> Analysis:
    """The site model; raise BuildFailed with every error if there is any."""
    analysis = analyse(root)
    analysis.diags.raise_if_errors()
    return analysis


@dataclass(frozen=True)
class Produced:
    """Every output file, and what it took to make them."""

    outputs: Outputs
    rendered: tuple[str, ...]  # pages rendered anew; the others came from the page cache
    keys: tuple[str, ...]  # the cache key of every page
    written: frozenset[str]  # pages the workers wrote into the staging folder already
    searched: int
    handouts: int


def produce(site: Site, env: jinja2.Environment, cache: PageCache, *, jobs: int, pdf: bool,
            search: bool, preview: bool = False, previous: Outputs | None = None,
            progress: Progress | None = None, folder: Path | None = None) -> Produced:
    """Every output of the site as {path: bytes}.

    `folder`: an empty staging folder the render workers may write pages into as they go.
    `previous`: the outputs of the last build in this process (`serve`): the search index is
    taken from them when no page changed. `preview`: the service worker of `serve`.
    """
    early = [p for p in site.pages if not site.kinds[p.kind].late]
    late = [p for p in site.pages if site.kinds[p.kind].late]
    first = render_cached(site, env, cache, early, jobs=jobs, progress=progress, folder=folder)
    pdfs = _handouts(site, env, jobs) if pdf else {}
    sizes = {"/" + name: len(data) for name, data in pdfs.items()}
    then = render_cached(site, env, cache, late, jobs=1, progress=progress, pdf_sizes=sizes)
    outputs = {**first.outputs, **then.outputs, **extra_outputs(site), MARKER: MARKER_TEXT}
    outputs[SERVICE_WORKER] = service_worker(site, outputs, preview=preview)
    searched = 0
    if search:
        index, searched = _search(site, outputs, previous)
        outputs.update(index)
    outputs.update(pdfs)
    return Produced(dict(sorted(outputs.items())), first.rendered + then.rendered,
                    first.keys + then.keys, first.written, searched, len(pdfs))


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the one-line summary."""

    pages_per_language: dict[str, int]
    files: int
    searched_pages: int
    handouts: int
    seconds: float
    rendered: tuple[str, ...] = ()  # pages rendered anew; the others came from the page cache
    linked: int = 0  # files unchanged since the last build, linked from it, not written again


def build(site: Site, env: jinja2.Environment, out: Path, *, jobs: int, pdf: bool, search: bool,
          progress: Progress | None = None) -> BuildResult:
    """Write the whole site into `out`, atomically; raise BuildFailed if a phase fails."""
    started = time.monotonic()
    cache = PageCache(site, pdf=pdf)
    # The staging folder comes first, so a build killed at any point has only touched it. With
    # no previous site to link from, the workers write each page into it as they render it.
    fresh = not out.exists()
    staged = staging_dir(out)
    try:
        made = produce(site, env, cache, jobs=jobs, pdf=pdf, search=search, progress=progress,
                       folder=staged if fresh else None)
        if not fresh and holds_exactly(out, made.outputs, first=SERVICE_WORKER):
            linked = len(made.outputs)  # nothing changed: `out` is already what this build makes
            keep_as_spare(staged, out)
        else:
            linked = write_outputs(made.outputs, staged, previous=out, written=made.written)
            swap_in(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    cache.keep_only(made.keys)
    cache.close()
    counts: dict[str, int] = {}
    for page in site.pages:
        counts[page.lang.tag] = counts.get(page.lang.tag, 0) + 1
    return BuildResult(counts, len(made.outputs), made.searched, made.handouts,
                       time.monotonic() - started, made.rendered, linked)


def _search(site: Site, outputs: Outputs, previous: Outputs | None) -> tuple[Outputs, int]:
    from sitegen.search.index import SearchIndexError, index_files

    if previous is not None and all(previous.get(p.output) == outputs[p.output]
                                    for p in site.pages):
        kept = {name: data for name, data in previous.items() if _is_search_file(site, name)}
        if kept:
            return kept, sum(1 for p in site.pages if site.kinds[p.kind].indexed)
    try:
        return index_files(site, outputs)
    except SearchIndexError as exc:
        raise BuildFailed([ContentError("pagefind", 0, 0, str(exc))]) from None


def _is_search_file(site: Site, name: str) -> bool:
    return name.startswith("pagefind/") or any(  # catalogue.json, words.json, spelling.json
        name.startswith(f"{lang.prefix}/search/") and name.endswith(".json")
        for lang in site.languages)


def _handouts(site: Site, env: jinja2.Environment, jobs: int) -> Outputs:
    from sitegen.handouts.jobs import print_handouts

    return print_handouts(site, env, jobs=jobs)


@dataclass(frozen=True)
class Rendered:
    """Some pages' HTML, and which of them had to be rendered (not in the page cache)."""

    outputs: Outputs
    rendered: tuple[str, ...]
    keys: tuple[str, ...]  # the cache key of every page
    written: frozenset[str]  # the pages already written into the staging folder


def render_cached(site: Site, env: jinja2.Environment, cache: PageCache, pages: Sequence[Page],
                  *, jobs: int, progress: Progress | None = None, folder: Path | None = None,
                  pdf_sizes: dict[str, int] | None = None) -> Rendered:
    """The HTML of `pages`: from the cache when their inputs are unchanged, else rendered (and
    kept). `folder`: also write each rendered page there."""
    extra = repr(sorted(pdf_sizes.items())) if pdf_sizes else ""
    keys = [cache.key(page, extra) for page in pages]
    kept = cache.get_many(keys)
    outputs: Outputs = {page.output: kept[key]
                        for page, key in zip(pages, keys, strict=True) if key in kept}
    todo = [page for page, key in zip(pages, keys, strict=True) if key not in kept]
    if progress and outputs:
        progress(len(outputs))
    renderer = Renderer(site, env, pdf=cache.pdf, pdf_sizes=pdf_sizes)
    fresh = render_pages(renderer, todo, jobs=jobs, progress=progress, folder=folder)
    cache.put_many({key: fresh[page.output]
                    for page, key in zip(pages, keys, strict=True) if key not in kept})
    outputs.update(fresh)
    written = frozenset(fresh) if folder is not None else frozenset()
    return Rendered(outputs, tuple(sorted(fresh)), tuple(keys), written)


def render_pages(renderer: Renderer, pages: Sequence[Page], *, jobs: int,
                 progress: Progress | None = None, folder: Path | None = None) -> Outputs:
    """Render `pages`, over `jobs` processes when there are enough pages to gain from it.
    `folder`: write each page there too, as soon as it is rendered (by the process that
    rendered it)."""
    if jobs <= 1 or len(pages) < PARALLEL_MIN_PAGES:
        outputs = {}
        for page in pages:
            outputs[page.output] = html = renderer.render_page(page)
            if folder is not None:
                write_outputs({page.output: html}, folder)
            if progress:
                progress(1)
        return outputs
    chunks = [list(pages[i::jobs * 4]) for i in range(jobs * 4)]
    global _worker, _folder
    # Compiled once here; the forked workers inherit the renderer and its templates.
    _worker, _folder = renderer, folder
    for kind in sorted({page.kind for page in pages}):
        renderer.env.get_template(f"{kind}.html")
    context = multiprocessing.get_context("fork")
    outputs = {}
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        for part in pool.map(_render_chunk, chunks):
            outputs.update(part)
            if progress:
                progress(len(part))
    return dict(sorted(outputs.items()))


_worker: Renderer | None = None  # made before the workers fork: templates compiled once
_folder: Path | None = None  # where the workers write what they render, if anywhere


def _render_chunk(pages: list[Page]) -> Outputs:
    assert _worker is not None
    outputs = {page.output: _worker.render_page(page) for page in pages}
    if _folder is not None:
        write_outputs(outputs, _folder)
    return outputs


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
