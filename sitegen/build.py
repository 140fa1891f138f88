"""The build as a row of phases: config, load, site model, render, write, search, swap."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .errors import BuildFailed, ContentError, Diagnostics
from .load import load_config, load_content
from .render import Outputs, Renderer, check_templates, extra_outputs
from .site import Page, Site, build_site
from .write import staging_dir, swap_in, write_outputs

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
    outputs = render_pages(site, jobs=jobs, progress=progress)
    outputs.update(extra_outputs(site))
    staged = staging_dir(out)
    try:
        write_outputs(outputs, staged)
        searched = _search(staged) if search else 0
        handouts = _handouts(site, staged, jobs) if pdf else 0
        swap_in(staged, out)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    counts: dict[str, int] = {}
    for page in site.pages:
        counts[page.lang.tag] = counts.get(page.lang.tag, 0) + 1
    return BuildResult(counts, len(outputs), searched, handouts, time.monotonic() - started)


def _search(folder: Path) -> int:
    from .search import SearchIndexError, build_index

    try:
        return build_index(folder).pages
    except SearchIndexError as exc:
        raise BuildFailed([ContentError("pagefind", 0, 0, str(exc))]) from None


def _handouts(site: Site, folder: Path, jobs: int) -> int:
    from .handouts import write_handouts

    return write_handouts(site, folder, jobs=jobs)


def render_pages(site: Site, *, jobs: int, progress: Progress | None = None) -> Outputs:
    """Render every page, over `jobs` processes when there are enough pages to gain from it."""
    pages = site.pages
    if jobs <= 1 or len(pages) < PARALLEL_MIN_PAGES:
        renderer = Renderer(site)
        outputs = {}
        for page in pages:
            outputs[page.output] = renderer.render_page(page)
            if progress:
                progress(1)
        return outputs
    chunks = [list(range(i, len(pages), jobs * 4)) for i in range(jobs * 4)]
    context = multiprocessing.get_context("fork")
    outputs = {}
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                             initargs=(site,)) as pool:
        for part in pool.map(_render_chunk, chunks):
            outputs.update(part)
            if progress:
                progress(len(part))
    return dict(sorted(outputs.items()))


_worker: Renderer | None = None  # one per worker process: templates compiled once


def _init_worker(site: Site) -> None:
    global _worker
    _worker = Renderer(site)


def _render_chunk(indexes: list[int]) -> Outputs:
    assert _worker is not None
    pages: tuple[Page, ...] = _worker.site.pages
    return {pages[i].output: _worker.render_page(pages[i]) for i in indexes}


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
