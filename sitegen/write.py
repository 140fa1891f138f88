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


def holds_exactly(folder: Path, outputs: Outputs) -> bool:
    """Whether `folder` has exactly the files of `outputs`, with the same bytes (a rebuild
    with nothing changed then need not write anything)."""
    if not folder.is_dir():
        return False
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()}
    if found != set(outputs):
        return False
    for name, data in outputs.items():
        path = folder / name
        if path.is_symlink() or path.stat().st_size != len(data) or path.read_bytes() != data:
            return False
    return True


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
    """Replace `out` with `staged`: two renames, the old one removed afterwards."""
    old = out.with_name(f".{out.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.rename(out, old)
    os.rename(staged, out)
    if old.exists():
        shutil.rmtree(old)


def recover(out: Path) -> None:
    """Put back the previous site if a build was killed between the two renames."""
    old = out.with_name(f".{out.name}-old")
    if old.exists() and not out.exists():
        os.rename(old, out)
    for stale in out.parent.glob(f".{out.name}-new-*"):
        shutil.rmtree(stale, ignore_errors=True)
