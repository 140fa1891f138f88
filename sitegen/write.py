"""Write outputs into a fresh folder beside the target, then swap it in.

A build that fails or is killed before the swap leaves the previous site untouched. A file
whose bytes are the same as in the previous site is hard-linked from it, not written again:
cheaper, and its modification time stays that of the build that changed it, so deploy tools
that compare times upload only what changed. Nothing ever writes through such a link: a file
written into the staging folder replaces the link (see `write_file`), so the previous site
stays as it was until the swap.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

Outputs = dict[str, bytes]


def staging_dir(out: Path) -> Path:
    """A new empty folder beside `out` (same file system, so the swap is a rename)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}-new-", dir=out.parent))


def write_outputs(outputs: Outputs, folder: Path, *, previous: Path | None = None,
                  written: set[str] | frozenset[str] = frozenset()) -> int:
    """Write every output file under `folder` but those `written` there already; a file whose
    bytes equal those of the same file under `previous` is hard-linked from there. Return how
    many files were linked."""
    folders: set[Path] = set()
    linked = 0
    for name in sorted(outputs):
        if name in written:
            continue
        path = folder / name
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        if previous is not None and _link_if_same(previous / name, path, outputs[name]):
            linked += 1
        else:
            write_file(path, outputs[name])
    return linked


def holds_exactly(folder: Path, outputs: Outputs, *, first: str = "") -> bool:
    """Whether `folder` has exactly the files of `outputs`, with the same bytes (a rebuild
    with nothing changed then need not write anything). `first`: the file most likely to
    differ, compared before the others."""
    if not folder.is_dir():
        return False
    for name in sorted(outputs, key=lambda name: name != first):
        path = folder / name
        data = outputs[name]
        if (path.is_symlink() or not path.is_file() or path.stat().st_size != len(data)
                or path.read_bytes() != data):
            return False
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    return found == set(outputs)


def write_file(path: Path, data: bytes) -> None:
    """Write `data` as a new file: a hard link already at `path` is replaced, not written
    through, so the file it shares bytes with keeps them."""
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def _link_if_same(old: Path, new: Path, data: bytes) -> bool:
    try:
        if not old.is_file() or old.is_symlink() or old.stat().st_size != len(data):
            return False
        if old.read_bytes() != data:
            return False
        os.link(old, new)
    except OSError:  # gone meanwhile, or a file system without hard links: write it instead
        return False
    return True


def swap_in(staged: Path, out: Path) -> None:
    """Replace `out` with `staged`: two renames. The old site is then renamed once more and
    removed by a separate process, so the build need not wait for thousands of deletions."""
    old = out.with_name(f".{out.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.rename(out, old)
    os.rename(staged, out)
    if old.exists():
        trash = Path(tempfile.mkdtemp(prefix=f".{out.name}-trash-", dir=out.parent))
        os.rename(old, trash / out.name)
        try:  # the shell starts rm in the background and returns at once
            subprocess.run(["sh", "-c", 'rm -rf -- "$1" </dev/null >/dev/null 2>&1 &', "sh",
                            str(trash)], check=True, start_new_session=True)
        except (OSError, subprocess.CalledProcessError):
            shutil.rmtree(trash, ignore_errors=True)


def recover(out: Path) -> None:
    """Put back the previous site if a build was killed between the two renames; remove the
    leftovers of builds that were killed or failed."""
    old = out.with_name(f".{out.name}-old")
    if old.exists() and not out.exists():
        os.rename(old, out)
    for pattern in (f".{out.name}-new-*", f".{out.name}-trash-*"):
        for stale in out.parent.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)
