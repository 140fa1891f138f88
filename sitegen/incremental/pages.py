"""The page cache of incremental builds: each page's HTML by a hash of everything it is made of.

A page's key hashes five things:

- the code: sitegen's own source files and the versions of the libraries that shape HTML;
- the site-wide inputs: site.yaml, data/, templates/i18n/ and templates/static/;
- the templates the page's kind uses: its template and every one it extends, includes or
  imports (found by their tags, so a change to procedure.html re-renders the procedure pages
  only; a template named by an expression makes every template count);
- the site's shape: of every page, its key, kind, language, URL, title and content language
  (a fallback or not). A page with its own files (below) may show other pages only through
  these, so a new title re-renders everything while an edited body does not;
- the page's own files (its kind's `source`): a guide page its guide's files; a province or
  procedure page that province's file; and every other page
  (home, lists, search, glossary, tools, 404, chooser) every province file and the front
  matter of every guide, since it may list anything (but never shows a guide's body).

A page with its own files that starts to show anything else of other pages (their summary,
say) must have it added to `shape`, or be given `*` in `own_source`. tests/test_incremental.py
compares incremental builds with clean ones byte for byte to catch that.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from sitegen.incremental.filecache import open_cache
from sitegen.incremental.hashing import code_hash
from sitegen.incremental.hashing import digest as _digest
from sitegen.pages.base import Page
from sitegen.site import Site

log = logging.getLogger(__name__)
FOLDER = Path(".cache") / "pages"
# Jinja2 tags that use another template; a name that is not a plain string leaves `name` empty.
TEMPLATE_TAG = re.compile(
    r"""\{%[-+]?\s*(?:extends|include|import|from)\s+(?:(["'])(?P<name>[^"']+)\1)?""")


def _files(paths: Iterable[Path], root: Path) -> list[bytes]:
    """Each file's path (relative to `root`) and bytes, in a stable order."""
    parts = []
    for path in sorted(paths):
        parts += [path.relative_to(root).as_posix().encode(), path.read_bytes()]
    return parts


def template_closure(folder: Path, name: str) -> set[str] | None:
    """`name` and every template it extends, includes or imports; None if one of them is
    named by an expression rather than a string (then any template may be used)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for match in TEMPLATE_TAG.finditer((folder / current).read_text("utf-8")):
            if match.group("name") is None:
                return None
            todo.append(match.group("name"))
    return seen






def shape(site: Site) -> str:
    """What pages show of each other: every page's key, kind, language, URL, title and
    content language."""
    return _digest("\0".join((p.key, p.kind, p.lang.tag, p.url, p.title, p.content_lang))
                   .encode() for p in site.pages)


class PageCache:
    """Rendered pages in one SQLite file per set of flags in `root/.cache/pages/`, by key
    (one file, not one per page: creating thousands of small files costs more than rendering
    them on some disks)."""

    def __init__(self, site: Site, *, pdf: bool) -> None:
        self.site, self.pdf = site, pdf
        root = site.content.root
        # One file per target too: building for a mirror does not evict the default's pages.
        self.path = root / FOLDER / f"{'pdf' if pdf else 'plain'}{site.target.suffix}.sqlite"
        digests = site.content.digests  # made by load as it read each file: none read again
        site_wide = [f"{name}\0{value}".encode() for name, value in sorted(digests.items())
                     if name.startswith(("data/", "templates/i18n/"))]
        assets = [url.encode() for url, _ in site.content.assets.values()]  # URLs hash bytes
        self.base = _digest([code_hash().encode(), shape(site).encode(), str(pdf).encode(),
                             repr(site.content.spec).encode(), repr(site.target).encode(),
                             *site_wide, *assets])
        self._templates: dict[str, str] = {}
        self._own: dict[str, str] = {}
        self.db: sqlite3.Connection | None = None

    def key(self, page: Page, extra: str = "") -> str:
        """The hash of everything `page` is made of; `extra`: anything else it shows (the
        handouts page: the PDFs' sizes)."""
        own = self.site.kinds[page.kind].source(page)
        if own not in self._own:
            self._own[own] = self._own_hash(own)
        return _digest([self.base.encode(), self._template_hash(page.kind).encode(),
                        self._own[own].encode(), repr(page).encode(), extra.encode()])

    def _own_hash(self, own: str) -> str:
        site, digests = self.site, self.site.content.digests
        kind, _, name = own.partition("/")
        if kind == "guide":
            paths = [t.path.as_posix() for t in site.guides[name].texts.values()]
        elif kind == "province":
            paths = [site.provinces[name].path.as_posix()]
        else:
            # The pages that list anything show a guide's front matter (title, summary,
            # topics…) but never its body, so editing a guide's text leaves them as they are.
            paths = sorted(n for n in digests if n.endswith("#front-matter")
                           or n.startswith("provinces/"))
        return _digest(f"{path}\0{digests.get(path, '')}".encode() for path in paths)

    def _template_hash(self, kind: str) -> str:
        if kind not in self._templates:
            templates = self.site.content.root / "templates"
            names = template_closure(templates, f"{kind}.html")
            paths = ([templates / n for n in names] if names is not None
                     else list(templates.glob("*.html")))
            self._templates[kind] = _digest(_files(paths, templates))
        return self._templates[kind]

    def get(self, key: str) -> bytes | None:
        """The page rendered before from exactly these inputs, if it is kept."""
        return self.get_many([key]).get(key)

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The pages kept for these keys (the others are missing from the result)."""
        wanted = list(keys)
        found: dict[str, bytes] = {}
        with self._db() as db:
            for start in range(0, len(wanted), 500):
                part = wanted[start:start + 500]
                marks = ",".join("?" * len(part))
                found.update((k, v) for k, v in db.execute(
                    f"SELECT key, value FROM pages WHERE key IN ({marks})", part)
                    if isinstance(v, bytes))
        return found

    def put(self, key: str, html: bytes) -> None:
        """Keep a page."""
        self.put_many({key: html})

    def put_many(self, pages: dict[str, bytes]) -> None:
        """Keep pages, in one transaction: a killed build never leaves half a page."""
        with self._db() as db:
            db.executemany("INSERT OR REPLACE INTO pages (key, value) VALUES (?, ?)",
                           pages.items())

    def keep_only(self, keys: Iterable[str]) -> None:
        """Remove every page but those of `keys`, so the cache does not grow without end."""
        with self._db() as db:
            db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            db.execute("DELETE FROM keep")
            db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in keys))
            db.execute("DELETE FROM pages WHERE key NOT IN (SELECT key FROM keep)")

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        """The cache's database, opened at the first need, committed on success. Without a
        usable one (see `open_cache`) an empty database in memory stands in."""
        if self.db is None:
            self.db = open_cache(self.path, "pages") or sqlite3.connect(":memory:")
            self.db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, value BLOB)")
        try:
            with self.db:
                yield self.db
        except sqlite3.Error as exc:  # the disk filled up, or another build broke the file
            log.warning("%s: cache not updated (%s)", self.path, exc)

    def close(self) -> None:
        """Close the database."""
        if self.db is not None:
            self.db.close()
            self.db = None
