"""One build at a time: a lock per output folder and per cache (`fcntl.flock` on a file), which
`build`, `check` does not need, and every rebuild of `serve` take.

The lock is the kernel's: it goes with the process, so a killed build never leaves a stale one.
Where the lock file cannot be made (a read-only checkout) the build goes on without it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; builds there are not guarded
    fcntl = None  # type: ignore[assignment]


class Busy(Exception):
    """Another build holds the lock and we were asked not to wait."""


@contextlib.contextmanager
def exclusive(path: Path, *, wait: bool = True,
              waiting: Callable[[str], None] = lambda who: None) -> Iterator[None]:
    """Hold the lock file `path` for the duration. If another process holds it: raise Busy when
    not `wait`, else call `waiting` (with what the holder wrote: its process id) and wait."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield  # nowhere to keep a lock: a read-only checkout, where nothing is written anyway
        return
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                if not wait:
                    raise Busy(holder) from None
                waiting(holder)
                fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def building(root: Path, out: Path, *, wait: bool = True,
             waiting: Callable[[str], None] = lambda who: None) -> Iterator[None]:
    """The locks of one build: of its cache (`root/.cache/`) and of its output folder."""
    cache = root / ".cache"
    with contextlib.suppress(OSError):
        cache.mkdir(exist_ok=True)
    with contextlib.suppress(OSError):
        out.parent.mkdir(parents=True, exist_ok=True)
    with (exclusive(cache / "build.lock", wait=wait, waiting=waiting),
          exclusive(out.with_name(f".{out.name}.lock"), wait=wait, waiting=waiting)):
        yield
