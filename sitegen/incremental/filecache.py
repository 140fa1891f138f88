"""Content files already read and checked, kept by a hash of their text, so a rebuild reads
again only the guides and provinces that changed.

A file goes into the cache only when reading it raised no problem at all (not even a
warning), so a file taken from the cache has nothing to report. The key hashes the file's
path and text, the site's languages, and sitegen's code and the libraries' versions
(`code_hash`).
"""

from __future__ import annotations

import contextlib
import pickle
import sqlite3
from pathlib import Path
from typing import Any

from sitegen.incremental.hashing import code_hash, digest

FILE = Path(".cache") / "content.sqlite"






_MEMORY: dict[str, Any] = {}  # objects this process has read already (a running `serve`)


class FileCache:
    """Objects made from content files, by a hash of the file's path and text."""

    def __init__(self, root: Path, salt: str, *, write: bool = True) -> None:
        """`write`: keep what is read for the next build (`check` reads the cache only)."""
        self.path = root / FILE
        self.salt = f"{code_hash()}\0{salt}"
        self.used: set[str] = set()
        self.new: dict[str, bytes] = {}
        self.kept: dict[str, bytes] | None = None  # the stored rows, read at the first need
        self.db: sqlite3.Connection | None = None
        self.write = write
        try:
            if not write:
                if self.path.is_file():
                    self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            with self.db:
                self.db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, "
                                "value BLOB)")
        except (OSError, sqlite3.Error):  # a read-only checkout: work without the cache
            self.close()

    def key(self, rel: Path, text: str) -> str:
        """The key of a file with this path (relative to the root) and text."""
        return digest([self.salt.encode(), rel.as_posix().encode(), text.encode("utf-8")])

    def get(self, key: str) -> Any:
        """What was made from the file before, or None."""
        if key not in _MEMORY:
            if self.kept is None:
                self.kept = self._rows()
            if key not in self.kept:
                return None
            _MEMORY[key] = pickle.loads(self.kept[key])
        self.used.add(key)
        return _MEMORY[key]

    def put(self, key: str, value: Any) -> None:
        """Keep what was made from a file (written by `save`)."""
        self.new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _MEMORY[key] = value

    def _rows(self) -> dict[str, bytes]:
        """Every stored row: one query is quicker than one per file, and stale rows are few."""
        if self.db is None:
            return {}
        try:
            return dict(self.db.execute("SELECT key, value FROM files").fetchall())
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
            pass  # another build is writing it: the next build will fill it in
        finally:
            self.close()

    def close(self) -> None:
        """Close the database (the cache then works as empty)."""
        if self.db is not None:
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
        self.db = None
