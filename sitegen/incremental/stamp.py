"""The no-change shortcut: when every input is as it was for the last successful build and
the output folder is as that build left it, `sitegen build` has nothing to do.

The stamp (in .cache/build-stamp.json) holds a hash of every input path (site.yaml,
netlify.toml, content/, provinces/, data/, templates/) with its type, permissions and bytes, of
sitegen's code and of the installed libraries' versions, with the build's options; and a hash
of the output folder's listing (every file's path, size, modification time and inode), so a
file changed or removed in the output by hand also makes the next build a real one. Only the
standard library is imported here: the shortcut is taken before the rest of sitegen is loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from sitegen.incremental.hashing import code_files, installed

FILE = Path(".cache") / "build-stamp.json"
INPUTS = ("site.yaml", "netlify.toml", "content", "provinces", "data", "templates")


def _tree(top: str) -> list[tuple[str, os.stat_result]]:
    """Every file under the folder `top` (or `top` itself if it is a file), with its path
    relative to `top` ("" for `top` itself) and its status (a link's own), sorted."""
    if os.path.isfile(top):
        return [("", os.lstat(top))]
    found, folders = [], [""]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(top, folder)))
        except OSError:
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                folders.append(rel)
            else:
                found.append((rel, entry.stat(follow_symlinks=False)))
    return sorted(found, key=lambda item: item[0])




def inputs_hash(root: Path, options: dict[str, Any]) -> str:
    """A hash of everything a build reads, and of how it was asked to build: every input path
    with its type (file, folder, link and its target, anything else), permissions and, for a
    file, its bytes; links to folders are followed, as the build follows them."""
    digest = hashlib.blake2b(json.dumps(options, sort_keys=True).encode())
    digest.update(f"{sys.version}\0{chr(0).join(installed())}".encode())
    for path in code_files():
        _add(digest, path.as_posix(), os.lstat(path), str(path))
    for top in INPUTS:
        _walk(digest, str(root / top), top, set())
    return digest.hexdigest()


def _walk(digest: Any, path: str, rel: str, seen: set[str]) -> None:
    """Add `path` and, for a folder (or a link to one), everything under it."""
    try:
        info = os.lstat(path)
    except OSError:
        digest.update(f"\0{rel}\0missing".encode())
        return
    if stat.S_ISLNK(info.st_mode):
        digest.update(f"\0{rel}\0link\0{os.readlink(path)}".encode())
        try:
            info = os.stat(path)
        except OSError:
            return  # dangling: the build reports it
    if not stat.S_ISDIR(info.st_mode):
        _add(digest, rel, info, path)
        return
    real = os.path.realpath(path)
    digest.update(f"\0{rel}\0folder\0{stat.S_IMODE(info.st_mode)}".encode())
    if real in seen:
        return  # a link back to a folder above it: the build reports the loop
    try:
        names = sorted(os.listdir(path))
    except OSError as exc:
        digest.update(f"\0unlistable\0{exc.errno}".encode())
        return
    for name in names:
        _walk(digest, os.path.join(path, name), f"{rel}/{name}", seen | {real})


def _add(digest: Any, rel: str, info: os.stat_result, path: str) -> None:
    """Add one file: its type and permissions, and its bytes if it is a regular file (a named
    pipe or a device is never opened: reading it could block for good)."""
    digest.update(f"\0{rel}\0{stat.S_IFMT(info.st_mode)}\0{stat.S_IMODE(info.st_mode)}".encode())
    if not stat.S_ISREG(info.st_mode):
        return
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:  # no permission: the build itself reports it properly
        data = f"unreadable: {exc.errno}".encode()
    digest.update(f"\0{len(data)}\0".encode())
    digest.update(data)


def listing_hash(out: Path) -> str:
    """A hash of the output folder's files: path, size, modification time, inode."""
    digest = hashlib.blake2b()
    for rel, info in _tree(str(out)) if out.is_dir() else []:
        digest.update(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode())
    return digest.hexdigest()


def up_to_date(root: Path, out: Path, inputs: str) -> dict[str, Any] | None:
    """The stamp of the last build if it had these inputs and `out` is as it left it."""
    try:
        stamp = json.loads((root / FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(stamp, dict) or stamp.get("out") != str(out)
            or stamp.get("inputs") != inputs or stamp.get("listing") != listing_hash(out)):
        return None
    return stamp


def save(root: Path, out: Path, inputs: str, problems: list[tuple[str, str]],
         summary: str) -> None:
    """Remember a successful build: its inputs, its output's listing, its warnings."""
    stamp = {"out": str(out), "inputs": inputs, "listing": listing_hash(out),
             "problems": problems, "summary": summary}
    try:
        (root / FILE).parent.mkdir(parents=True, exist_ok=True)
        partial = (root / FILE).with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(stamp, ensure_ascii=False), "utf-8")
        os.replace(partial, root / FILE)
    except OSError:
        pass  # a read-only checkout: every build is a real one

