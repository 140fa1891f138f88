"""Content files already read and checked, kept by a hash of their text, so a rebuild reads
again only the guides and provinces that changed.

A file goes into the cache only when reading it raised no problem at all (not even a
warning), so a file taken from the cache has nothing to report. The key hashes the file's
path and text, the site's languages, and sitegen's code and the libraries' versions
(`code_hash`). Rows hold JSON text, never pickles: whoever can write `.cache/` cannot make the
build run code. A damaged, unreadable or read-only cache is worked around (see `open_cache`).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sitegen.incremental.hashing import code_hash, digest

log = logging.getLogger(__name__)
FILE = Path(".cache") / "content.sqlite"
T = TypeVar("T")

_MEMORY: dict[str, Any] = {}  # objects this process has read already (a running `serve`)


def open_cache(path: Path, table: str, *, write: bool = True) -> sqlite3.Connection | None:
    """The SQLite file of a cache with its table (`key TEXT PRIMARY KEY, value`), or None to
    work without it. A file that is not a database (truncated, overwritten) is replaced; a
    cache that cannot be written (read-only checkout, `.cache` a file) is left alone and the
    build works as from scratch; either way with one warning."""
    try:
        if not write:
            if not path.is_file():
                return None
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            db.execute(f"SELECT key, value FROM {table} LIMIT 1").fetchall()
            return db
        path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in (1, 2):
            db = sqlite3.connect(path, timeout=30)
            try:
                with db:
                    db.execute(f"CREATE TABLE IF NOT EXISTS {table} "
                               "(key TEXT PRIMARY KEY, value BLOB)")
                    db.execute(f"SELECT key, value FROM {table} LIMIT 1").fetchall()
                return db
            except sqlite3.DatabaseError:
                db.close()
                if attempt == 2:
                    raise
                log.warning("%s: damaged cache, starting it again", path)
                path.unlink()
    except (OSError, sqlite3.Error) as exc:
        log.warning("%s: cache not used (%s); the build goes on without it", path, exc)
    return None


class FileCache:
    """Objects made from content files, by a hash of the file's path and text."""

    def __init__(self, root: Path, salt: str, *, write: bool = True) -> None:
        """`write`: keep what is read for the next build (`check` reads the cache only)."""
        self.path = root / FILE
        self.salt = f"{code_hash()}\0{salt}"
        self.write = write
        self.used: set[str] = set()
        self.new: dict[str, str] = {}
        self.kept: dict[str, str] | None = None  # the stored rows, read at the first need
        self.db = open_cache(self.path, "files", write=write)

    def key(self, rel: Path, text: str) -> str:
        """The key of a file with this path (relative to the root) and text."""
        return digest([self.salt.encode(), rel.as_posix().encode(), text.encode("utf-8")])

    def get(self, key: str, decode: Callable[[str], T]) -> T | None:
        """What was made from the file before, or None (also for a row that does not decode)."""
        if key not in _MEMORY:
            if self.kept is None:
                self.kept = self._rows()
            if key not in self.kept:
                return None
            try:
                _MEMORY[key] = decode(self.kept[key])
            except (ValueError, TypeError, KeyError):  # a row from elsewhere: read the file
                return None
        self.used.add(key)
        value: T = _MEMORY[key]
        return value

    def put(self, key: str, value: T, encode: Callable[[T], str]) -> None:
        """Keep what was made from a file (written by `save`)."""
        self.new[key] = encode(value)
        _MEMORY[key] = value

    def _rows(self) -> dict[str, str]:
        """Every stored row: one query is quicker than one per file, and stale rows are few."""
        if self.db is None:
            return {}
        try:
            return {k: v for k, v in self.db.execute("SELECT key, value FROM files")
                    if isinstance(v, str)}
        except sqlite3.Error:
            return {}

    def save(self) -> None:
        """Write the new entries and drop those of files that no longer exist as they were."""
        for key in set(_MEMORY) - self.used - set(self.new):
            del _MEMORY[key]
        if self.db is None or not self.write:
            self.close()
            return
        try:
            with self.db:
                self.db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)",
                                    self.new.items())
                self.db.execute("CREATE TEMP TABLE keep (key TEXT PRIMARY KEY)")
                self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)",
                                    ((k,) for k in (*self.used, *self.new)))
                self.db.execute("DELETE FROM files WHERE key NOT IN (SELECT key FROM keep)")
        except sqlite3.Error:
            pass  # another build is writing it, or the disk is full: the next build fills it in
        finally:
            self.close()

    def close(self) -> None:
        """Close the database (the cache then works as empty)."""
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
