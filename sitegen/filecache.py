"""Content files already read and checked, kept by a hash of their text, so a rebuild reads
again only the guides and provinces that changed.

A file goes into the cache only when reading it raised no problem at all (not even a
warning), so a file taken from the cache has nothing to report. The key hashes the file's
path and text, the site's languages, and sitegen's code and library versions (`code_hash`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
import sqlite3
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path
from typing import Any

FILE = Path(".cache") / "content.sqlite"
LIBRARIES = ("jinja2", "markdown", "markupsafe", "nh3", "pydantic", "pyyaml")


def digest(parts: Iterable[bytes]) -> str:
    """A SHA-256 of `parts`, each prefixed with its length (so parts cannot run together)."""
    result = hashlib.sha256()
    for part in parts:
        result.update(len(part).to_bytes(8, "little"))
        result.update(part)
    return result.hexdigest()


@functools.cache
def code_hash() -> str:
    """sitegen's source and the versions of the libraries it reads and renders with."""
    package = Path(__file__).resolve().parent
    parts = [f"{name}=={version(name)}".encode() for name in LIBRARIES]
    for path in sorted(package.glob("*.py")):
        parts += [path.name.encode(), path.read_bytes()]
    return digest(parts)


class FileCache:
    """Objects made from content files, by a hash of the file's path and text."""

    def __init__(self, root: Path, salt: str) -> None:
        self.path = root / FILE
        self.salt = f"{code_hash()}\0{salt}"
        self.used: set[str] = set()
        self.new: dict[str, bytes] = {}
        self.kept: dict[str, bytes] = {}
        self.db: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            with self.db:
                self.db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, "
                                "value BLOB)")
            # all at once: one query is quicker than one per file, and stale rows are few
            self.kept = dict(self.db.execute("SELECT key, value FROM files").fetchall())
        except (OSError, sqlite3.Error):  # a read-only checkout: work without the cache
            self.close()

    def key(self, rel: Path, text: str) -> str:
        """The key of a file with this path (relative to the root) and text."""
        return digest([self.salt.encode(), rel.as_posix().encode(), text.encode("utf-8")])

    def get(self, key: str) -> Any:
        """What was made from the file before, or None."""
        if key not in self.kept:
            return None
        self.used.add(key)
        return pickle.loads(self.kept[key])

    def put(self, key: str, value: Any) -> None:
        """Keep what was made from a file (written by `save`)."""
        self.new[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the new entries and drop those of files that no longer exist as they were."""
        if self.db is None:
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
