"""Build the Pagefind search index of a written site with the extended binary.

The extended binary segments Chinese with jieba at index time; the standard one indexes a
Chinese page as whole clauses, so 社保 would find nothing. We select it explicitly.
"""

from __future__ import annotations

import asyncio
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind could not be found or failed."""


@dataclass(frozen=True)
class SearchIndex:
    """What was indexed."""

    pages: int
    languages: tuple[str, ...]


def extended_binary() -> Path:
    """The Pagefind extended binary shipped by the pagefind-bin-extended package."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        raise SearchIndexError(
            "the Pagefind extended binary is not installed: run `make site` "
            "(it installs pagefind[extended])") from None
    return Path(get_executable())


def build_index(site_dir: Path) -> SearchIndex:
    """Index every HTML page under `site_dir` into `site_dir/pagefind/`."""
    # The Python API finds its binary only through this variable (or by guessing).
    os.environ["PAGEFIND_BINARY_PATH"] = str(extended_binary())
    # A thread of its own, so the caller may already run an event loop (a server, a test).
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(_index(site_dir))).result()


async def _index(site_dir: Path) -> SearchIndex:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(site_dir / "pagefind"))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site_dir))
    entry_path = site_dir / "pagefind" / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text("utf-8"))
    # Pagefind writes its languages in hash-map order; sort them so builds are byte-identical.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return SearchIndex(int(result["page_count"]), tuple(sorted(entry["languages"])))
