"""The one place hashes are made: of parts of bytes, of sitegen's own code (every module of the
package, at any depth) and of the installed libraries' versions.

Only the standard library is imported: the no-change shortcut uses this before the rest of
sitegen is loaded.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def digest(parts: Iterable[bytes]) -> str:
    """A SHA-256 of `parts`, each prefixed with its length (so parts cannot run together)."""
    result = hashlib.sha256()
    for part in parts:
        result.update(len(part).to_bytes(8, "little"))
        result.update(part)
    return result.hexdigest()


def installed() -> list[str]:
    """The installed distributions with their versions (the names of their .dist-info
    folders), read without importing importlib.metadata."""
    return sorted(name for name in os.listdir(sysconfig.get_paths()["purelib"])
                  if name.endswith(".dist-info"))


def code_files() -> list[Path]:
    """Every Python module of the sitegen package, in sub-packages too, in a stable order."""
    found = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        found += [Path(folder) / name for name in names if name.endswith(".py")]
    return sorted(found)


@functools.cache
def code_hash() -> str:
    """sitegen's source, Python's version and the versions of the installed libraries."""
    parts = [sys.version.encode(), *(name.encode() for name in installed())]
    for path in code_files():
        parts += [path.relative_to(PACKAGE).as_posix().encode(), path.read_bytes()]
    return digest(parts)


def md5_hex(data: bytes) -> str:
    """The MD5 of `data` in hex: what S3-compatible storage gives as the ETag of an object
    uploaded in one request (used to see which files changed, not as a cache key)."""
    return hashlib.md5(data, usedforsecurity=False).hexdigest()
