"""Run a command and measure it: wall and CPU seconds, and the peak memory of its process tree.

CPU seconds (user and system, of the command and of every process it waited for) show the
work done even when other programs share the machine and stretch the wall time.

Memory is the sum of the proportional set size (Pss, from /proc/PID/smaps_rollup) of the
command and every process under it, sampled every 50 ms: forked workers share pages with their
parent, and Pss counts a shared page once in total, where adding up each process's resident
size would count it once per process. Sampling costs CPU, so it runs only when asked (the
benchmark samples its warm-up run and times the others without it).
"""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.05


@dataclass(frozen=True)
class Run:
    """One run of a command."""

    seconds: float
    cpu_seconds: float  # user and system time of the command and every process it waited for
    peak_bytes: int  # 0 when memory was not sampled
    output: str


class CommandFailed(Exception):
    """A measured command exited with an error."""


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rpartition(")")[2].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_pss(pid: int) -> int:
    """Bytes of Pss of `pid` and all its descendants now."""
    tree, todo, total = _children(), [pid], 0
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, []))
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue  # ended while we looked
    return total


def run(command: list[str], *, cwd: Path | None = None, sample: bool = False,
        env: dict[str, str] | None = None) -> Run:
    """Run `command` to its end; raise CommandFailed (with its output) if it fails."""
    started, cpu = time.perf_counter(), _children_cpu()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(INTERVAL):
            peak[0] = max(peak[0], tree_pss(process.pid))

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sample:
        watcher.join()
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(command)} exited with {process.returncode}:\n{output}")
    return Run(seconds, _children_cpu() - cpu, peak[0], output)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
