"""Write outputs into a staging folder beside the target, then swap it in.

A build that fails or is killed before the swap leaves the previous site untouched. A file
whose bytes are the same as in the previous site is hard-linked from it, not written again:
cheaper, and its modification time stays that of the build that changed it, so deploy tools
that compare times upload only what changed. Nothing ever writes through such a link: a file
written into the staging folder replaces the link (see `write_file`), so the previous site
stays as it was until the swap.

The site replaced by a swap is kept as a spare (`.public-spare` beside `public/`) and becomes
the next build's staging folder: its folders already exist and most of its files are links to
the current site's, so a rebuild changes a few files instead of creating thousands of folders
(which is what a rebuild of an unchanged tree mostly cost). Whatever the spare holds that the
new site does not is removed before the swap.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

Outputs = dict[str, bytes]
MARKER = ".sitegen-output"  # in every output folder: what sitegen may replace
MARKER_TEXT = b"Built by sitegen. This folder is replaced by each build.\n"
INPUTS = ("content", "provinces", "data", "templates", ".git", "site.yaml")
RENAME_EXCHANGE = 2  # renameat2(2)


def output_problem(root: Path, out: Path, *, force: bool) -> str | None:
    """Why `out` may not be a build's output folder, or None. Outputs never touch inputs: not
    the repository, nor anything inside or around an input; nothing that is not a folder; and
    no folder sitegen did not make (its marker file) unless `force`."""
    root, out = root.resolve(), out.resolve()
    if out == root or root.is_relative_to(out):
        return f"{out} holds the repository: the build would replace it"
    for name in INPUTS:
        path = root / name
        if out.is_relative_to(path) or path.is_relative_to(out):
            return f"{out} is or holds {name}, which the build reads: it would be replaced"
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return f"{out} is not a folder: the build would have to move it away"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file() and not force:
        return (f"{out} was not made by sitegen (it has no {MARKER}): the build would replace "
                "everything in it")
    return None


def staging_dir(out: Path) -> Path:
    """A folder beside `out` (same file system, so the swap is a rename) to write the next
    site in: the spare, when there is a site to rebuild, else a new empty folder."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staged = Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))
    spare = _spare(out)
    if spare.is_dir() and not spare.is_symlink():
        if out.is_dir():
            staged.rmdir()
            os.rename(spare, staged)
        else:
            _discard(spare, out)
    return staged


def write_outputs(outputs: Outputs, folder: Path, *, previous: Path | None = None,
                  written: set[str] | frozenset[str] = frozenset()) -> int:
    """Write every output file under `folder` but those `written` there already; a file whose
    bytes equal those of the same file under `previous` is hard-linked from there. With a
    `previous` site, `folder` may be a reused spare: files it has that are not outputs are
    removed. Return how many files are links to the previous site's."""
    if previous is not None and previous.is_dir() and folder.is_dir():
        _prune(folder, {*outputs, *written})  # first: nothing in a reused spare may be in the way
    folders: set[str] = set()
    linked = 0
    base, before = str(folder), str(previous) if previous is not None else None
    # os.path on strings, not pathlib: this loop runs for every file of every build
    for name in sorted(outputs):
        if name in written:
            continue
        path, data = os.path.join(base, name), outputs[name]
        parent = os.path.dirname(path)
        if parent not in folders:
            _make_folder(Path(parent))
            folders.add(parent)
        old = os.path.join(before, name) if before is not None else None
        if old is not None and _same(old, data):
            if _same_file(old, path) or _link(old, path):
                linked += 1
                continue
        if not _same(path, data):
            write_file(Path(path), data)
    return linked


def holds_exactly(folder: Path, outputs: Outputs, *, first: str = "") -> bool:
    """Whether `folder` has exactly the files of `outputs`, with the same bytes (a rebuild
    with nothing changed then need not write anything). `first`: the file most likely to
    differ, compared before the others."""
    if not folder.is_dir():
        return False
    for name in sorted(outputs, key=lambda name: name != first):
        if not _same(folder / name, outputs[name]):
            return False
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    return found == set(outputs)


def write_file(path: Path, data: bytes) -> None:
    """Write `data` as a new file: a hard link already at `path` is replaced, not written
    through, so the file it shares bytes with keeps them."""
    _remove(path)
    path.write_bytes(data)


def _same(path: str | Path, data: bytes) -> bool:
    """Whether `path` is a plain file holding exactly `data`."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


def _same_file(a: str, b: str) -> bool:
    """Whether `b` is a hard link to the same file as `a` (never a symbolic link)."""
    try:
        one, two = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return (one.st_ino, one.st_dev) == (two.st_ino, two.st_dev) and stat.S_ISREG(two.st_mode)


def _link(old: str, new: str) -> bool:
    """Make `new` a hard link to `old`; False if the file system cannot."""
    try:
        _remove(Path(new))
        os.link(old, new)
    except OSError:
        return False
    return True


def _remove(path: Path) -> None:
    """Remove whatever is at `path` (a file, a link, or a folder a reused spare had there)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _make_folder(path: Path) -> None:
    """Make folder `path` (and its parents) unless it is there."""
    try:
        if stat.S_ISDIR(path.lstat().st_mode):
            return
    except OSError:
        pass
    path.mkdir(parents=True, exist_ok=True)


def _prune(folder: Path, keep: set[str]) -> None:
    """Remove every file under `folder` that is not in `keep`, every symbolic link (a build
    never makes one, and nothing may be written through one), and the folders left empty."""

    def visit(path: str, prefix: str) -> bool:  # True when `path` is left empty
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if visit(entry.path, rel + "/"):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif rel in keep and not entry.is_symlink():
                    empty = False
                else:
                    os.unlink(entry.path)
        return empty

    visit(str(folder), "")


def swap_in(staged: Path, out: Path) -> None:
    """Replace `out` with `staged` in one step where the system can (Linux: renameat2 with
    RENAME_EXCHANGE), so that at every instant `out` is the old site or the new one; elsewhere
    with two renames (`recover` puts the old site back if a build dies between them). The
    replaced site becomes the spare (and the spare before it is removed by a separate process,
    so the build need not wait)."""
    spare = _spare(out)
    if spare.exists() or spare.is_symlink():
        _discard(spare, out)
    if out.is_dir() and not out.is_symlink() and _exchange(staged, out):
        os.rename(staged, spare)
        return
    old = out.with_name(f".{out.name}-old")
    _remove(old)
    if out.exists():
        os.rename(out, old)
    os.rename(staged, out)
    if old.exists():
        os.rename(old, spare)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE)
    if result != 0:
        errno = ctypes.get_errno()
        if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
            return False
        raise OSError(errno, os.strerror(errno), str(b))
    return True


def keep_as_spare(staged: Path, out: Path) -> None:
    """Put an unused staging folder back as the spare (a build that had nothing to write)."""
    spare = _spare(out)
    if spare.exists() or spare.is_symlink():
        shutil.rmtree(staged, ignore_errors=True)
    else:
        os.rename(staged, spare)


def _spare(out: Path) -> Path:
    return out.with_name(f".{out.name}-spare")


def _discard(folder: Path, out: Path) -> None:
    """Remove `folder` in the background (a shell starts rm and returns at once)."""
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}-trash-", dir=out.parent))
    os.rename(folder, trash / "site")
    try:
        subprocess.run(["sh", "-c", 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &', "sh",
                        str(trash)], check=True, start_new_session=True)
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(trash, ignore_errors=True)


def recover(out: Path) -> None:
    """Put back the previous site if a build was killed between the two renames; remove the
    leftovers of builds that were killed or failed."""
    old = out.with_name(f".{out.name}-old")
    if old.is_dir() and not old.is_symlink() and not out.exists():
        os.rename(old, out)
    for pattern in (f".{out.name}-new-*", f".{out.name}-trash-*"):
        for stale in out.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def write_changes(outputs: Outputs, folder: Path, before: Outputs) -> list[str]:
    """Bring `folder`, which holds `before`, to `outputs` in place (the preview of `serve`):
    write the files whose bytes changed, remove those that are gone; return their names."""
    changed = [name for name, data in outputs.items() if before.get(name) != data]
    removed = [name for name in before if name not in outputs]
    for name in changed:
        path = folder / name
        _make_folder(path.parent)
        write_file(path, outputs[name])
    for name in removed:
        _remove(folder / name)
    return changed + removed
