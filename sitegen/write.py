"""Write outputs into a fresh folder beside the target, then swap it in.

A build that fails or is killed before the swap leaves the previous site untouched.
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


def write_outputs(outputs: Outputs, folder: Path) -> None:
    """Write every output file under `folder`."""
    for name in sorted(outputs):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(outputs[name])


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
