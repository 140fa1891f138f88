"""The build as a row of phases: config, load, site model, render, write, search, swap."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.load import load_config, load_content
from sitegen.errors import BuildFailed, ContentError, Diagnostics
from sitegen.incremental.pages import PageCache
from sitegen.pages.offline import SERVICE_WORKER, service_worker
from sitegen.render.engine import Outputs, Renderer, check_templates, extra_outputs
from sitegen.site import Page, Site, build_site
from sitegen.write import holds_exactly, staging_dir, swap_in, write_outputs

Progress = Callable[[int], None]
PARALLEL_MIN_PAGES = 64


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


def analyse(root: Path) -> tuple[Site | None, Diagnostics]:
    """Read and link everything the build reads; the site model (if no errors) and every problem."""
    diags = Diagnostics()
    try:
        spec = load_config(root)
    except BuildFailed as exc:
        diags.problems.extend(exc.problems)
        return None, diags
    except ContentError as exc:
        diags.add(exc)
        return None, diags
    content = load_content(root, spec, diags)
    check_templates(root, diags)
    site = build_site(content, diags) if content is not None else None
    return (site if not diags.errors else None), diags


def load(root: Path) -> Site:
    """The site model; raise BuildFailed with every error if there is any."""
    site, diags = analyse(root)
    diags.raise_if_errors()
    assert site is not None
    return site


def build(site: Site, out: Path, *, jobs: int, pdf: bool, search: bool,
          progress: Progress | None = None) -> BuildResult:
    """Write the whole site into `out`, atomically; raise BuildFailed if a phase fails."""
    started = time.monotonic()
    cache = PageCache(site, pdf=pdf)
    # With no previous site to link from, the workers write each page as they render it.
    staged = None if out.exists() else staging_dir(out)
    try:
        rendered = render_cached(site, cache, jobs=jobs, progress=progress, folder=staged)
        outputs = {**rendered.outputs, **extra_outputs(site)}
        outputs[SERVICE_WORKER] = service_worker(site, outputs)
        if (staged is None and not (search or pdf)
                and holds_exactly(out, outputs, first=SERVICE_WORKER)):
            searched = handouts = 0  # nothing changed: `out` is already what this build makes
            linked = len(outputs)
        else:
            staged = staged or staging_dir(out)
            written = set(rendered.rendered) if rendered.written else set()
            linked = write_outputs(outputs, staged, previous=out, written=written)
            searched = _search(staged, site, outputs) if search else 0
            handouts = _handouts(site, staged, jobs) if pdf else 0
            swap_in(staged, out)
    except BaseException:
        if staged is not None:
            shutil.rmtree(staged, ignore_errors=True)
        raise
    cache.keep_only(rendered.keys)
    counts: dict[str, int] = {}
    for page in site.pages:
        counts[page.lang.tag] = counts.get(page.lang.tag, 0) + 1
    return BuildResult(counts, len(outputs), searched, handouts, time.monotonic() - started,
                       rendered.rendered, linked)


def _search(folder: Path, site: Site, outputs: Outputs) -> int:
    from sitegen.search.index import SearchIndexError, build_index

    try:
        return build_index(folder, site, outputs).pages
    except SearchIndexError as exc:
        raise BuildFailed([ContentError("pagefind", 0, 0, str(exc))]) from None


def _handouts(site: Site, folder: Path, jobs: int) -> int:
    from sitegen.handouts.index import written_sizes
    from sitegen.handouts.jobs import write_handouts

    count = write_handouts(site, folder, jobs=jobs)
    # The handouts pages show each PDF's size, known only now: render them again.
    renderer = Renderer(site, pdf=True, pdf_sizes=written_sizes(folder))
    write_outputs({p.output: renderer.render_page(p) for p in site.pages if p.kind == "handouts"},
                  folder)
    return count


@dataclass(frozen=True)
class Rendered:
    """Every page's HTML, and which of them had to be rendered (not in the page cache)."""

    outputs: Outputs
    rendered: tuple[str, ...]
    keys: tuple[str, ...]  # the cache key of every page
    written: bool = False  # the rendered pages are already written into the staging folder


def render_cached(site: Site, cache: PageCache, *, jobs: int,
                  progress: Progress | None = None, folder: Path | None = None) -> Rendered:
    """Every page: from the cache when its inputs are unchanged, else rendered (and kept).
    `folder`: also write each rendered page there."""
    keys = [cache.key(page) for page in site.pages]
    kept = cache.get_many(keys)
    outputs: Outputs = {page.output: kept[key]
                        for page, key in zip(site.pages, keys, strict=True) if key in kept}
    todo = [index for index, key in enumerate(keys) if key not in kept]
    if progress and outputs:
        progress(len(outputs))
    fresh = render_pages(site, jobs=jobs, pdf=cache.pdf, progress=progress, only=todo,
                         folder=folder)
    cache.put_many({keys[index]: fresh[site.pages[index].output] for index in todo})
    outputs.update(fresh)
    return Rendered(dict(sorted(outputs.items())), tuple(sorted(fresh)), tuple(keys),
                    folder is not None)


def render_pages(site: Site, *, jobs: int, pdf: bool = False, progress: Progress | None = None,
                 only: Sequence[int] | None = None, folder: Path | None = None) -> Outputs:
    """Render every page (or those at the indexes `only`), over `jobs` processes when there
    are enough pages to gain from it.

    `pdf`: the build makes the PDF handouts, so pages link to them. `folder`: write each
    page there too, as soon as it is rendered (by the process that rendered it).
    """
    pages = site.pages
    indexes = list(range(len(pages))) if only is None else list(only)
    if jobs <= 1 or len(indexes) < PARALLEL_MIN_PAGES:
        renderer = Renderer(site, pdf=pdf)
        outputs = {}
        for index in indexes:
            outputs[pages[index].output] = html = renderer.render_page(pages[index])
            if folder is not None:
                write_outputs({pages[index].output: html}, folder)
            if progress:
                progress(1)
        return outputs
    chunks = [indexes[i::jobs * 4] for i in range(jobs * 4)]
    global _worker, _folder
    # Compiled once here; the forked workers inherit the renderer and its templates.
    _worker, _folder = Renderer(site, pdf=pdf), folder
    for kind in sorted({pages[i].kind for i in indexes}):
        _worker.env.get_template(f"{kind}.html")
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


def _render_chunk(indexes: list[int]) -> Outputs:
    assert _worker is not None
    pages: tuple[Page, ...] = _worker.site.pages
    outputs = {pages[i].output: _worker.render_page(pages[i]) for i in indexes}
    if _folder is not None:
        write_outputs(outputs, _folder)
    return outputs


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
