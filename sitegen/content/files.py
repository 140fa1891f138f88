"""Reading content files safely: regular files only, UTF-8, size-limited, links kept inside the
repository; and the static assets, named by a hash of their bytes."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from sitegen.errors import ContentError
from sitegen.incremental.hashing import digest

MAX_FILE_BYTES = 1_000_000
Digests = dict[str, str]  # a digest of each file's bytes, by its path relative to the root


def read_text(path: Path, root: Path, seen: Digests | None = None) -> str:
    """Read a UTF-8 text file: BOM and CRLF accepted, size limited, links kept inside root.
    `seen`: record the digest of its text there, by path (what the page cache keys on)."""
    rel = rel_path(path, root)
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        raise ContentError(rel, 0, 0, "this file is a link to a place outside the repository",
                           "copy the file into the repository instead of linking to it")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise ContentError(rel, 0, 0, f"this is not a regular file (it is {_kind(info)})",
                               "content files are plain text files: remove this one or "
                               "replace it with a file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(rel, 0, 0, f"file is too large ({size:,} bytes)",
                               f"content files must be under {MAX_FILE_BYTES:,} bytes; split it")
        raw = path.read_bytes()
    except OSError as exc:
        hint = ("it is a link to a file that does not exist: remove the link or put the file "
                "back" if path.is_symlink() else "check that the file can be read")
        raise ContentError(rel, 0, 0, f"cannot read this file ({exc.strerror})", hint) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ContentError(rel, line, col, "this file is not UTF-8 text",
                           "save it as UTF-8 (in most editors: Save with encoding > UTF-8)",
                           ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if seen is not None:
        seen[rel.as_posix()] = digest([raw])
    return text


def _kind(info: os.stat_result) -> str:
    """What kind of file system entry `info` describes, in words."""
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device")):
        if test(info.st_mode):
            return name
    return "not a plain file"


def rel_path(path: Path, root: Path) -> Path:
    """`path` relative to the repository root, for messages (as it is if outside)."""
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def static_assets(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Static files with a content hash in their names: {name: (url, bytes)}."""
    assets = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            hashed = hashlib.sha256(data).hexdigest()[:10]
            name = path.relative_to(folder).as_posix()
            stem, dot, ext = name.rpartition(".")
            assets[name] = (f"/static/{stem}.{hashed}{dot}{ext}", data)
    return assets
