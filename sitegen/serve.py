"""`sitegen serve`: build into .cache/serve/, serve it on 127.0.0.1, rebuild on change, reload.

Each save is followed by a full check (links between files make a partial one unsafe), a
render of the pages whose inputs changed (the others come from the build's page cache, see
`cache.py`), and a write of only the files whose bytes changed; the search index is rebuilt
only when a page changed. Served HTML gets a small script that polls
/__sitegen/version and reloads the page when it changes; the files on disk never contain it.
While the last build has failed, every HTML request gets a page listing the problems.
"""

from __future__ import annotations

import functools
import html
import http.server
import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen import build as builder
from sitegen import lock
from sitegen.errors import BuildFailed, ContentError, Sorted
from sitegen.incremental.pages import PageCache
from sitegen.render.engine import Outputs
from sitegen.write import write_changes

log = logging.getLogger(__name__)

WATCHED = ("content", "provinces", "templates", "data", "site.yaml")
VERSION_PATH = "/__sitegen/version"
SCRIPT_PATH = "/__sitegen/reload.js"
RELOAD_JS = b"""// sitegen serve: reload this page when the site is rebuilt.
(function () {
  "use strict";
  var me = document.currentScript, seen = me && me.getAttribute("data-version");
  function poll() {
    fetch("/__sitegen/version", {cache: "no-store"})
      .then(function (r) { return r.text(); })
      .then(function (v) { if (v !== seen) { location.reload(); } else { setTimeout(poll, 400); } })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 400);
})();
"""

Snapshot = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class BuildOutcome(Sorted):
    """What one rebuild did, for the terminal."""

    ok: bool
    problems: tuple[ContentError, ...]
    changed: int
    seconds: float


class Preview:
    """The site being previewed: its files, the last build's problems, and a version number
    that changes whenever what the browser shows changes."""

    def __init__(self, root: Path, *, search: bool, pdf: bool) -> None:
        self.root = root
        self.out = root / ".cache" / "serve"
        self.search = search
        self.pdf = pdf
        self.lock = threading.Lock()
        self.version = 0
        self.failed = False
        self.problems: tuple[ContentError, ...] = ()
        self._outputs: Outputs = {}
        shutil.rmtree(self.out, ignore_errors=True)  # only what the last `serve` left
        self.out.mkdir(parents=True)

    def rebuild(self) -> BuildOutcome:
        """Check and render everything, write what changed, and move the version on (holding
        the cache's lock, as a build does: one at a time)."""
        with lock.exclusive(self.root / ".cache" / "build.lock"):
            return self._rebuild()

    def _rebuild(self) -> BuildOutcome:
        started = time.monotonic()
        site, diags, env = builder.analyse(self.root)
        if site is None:
            return self._failure(diags.problems, started)
        try:
            cache = PageCache(site, pdf=self.pdf)
            made = builder.produce(site, env, cache, jobs=1, pdf=self.pdf, search=self.search,
                                   preview=True, previous=self._outputs)  # no fork: threads
            with self.lock:
                changed = write_changes(made.outputs, self.out, self._outputs)
                self._outputs = made.outputs
                if changed or self.failed:
                    self.version += 1
                self.failed, self.problems = False, tuple(diags.problems)
            cache.keep_only(made.keys)
            cache.close()
        except BuildFailed as exc:
            return self._failure([*diags.problems, *exc.problems], started)
        return BuildOutcome(True, tuple(diags.problems), len(changed),
                            time.monotonic() - started)

    def rebuild_or_report(self) -> BuildOutcome:
        """rebuild(), turning a crash of sitegen itself into a problem shown in the browser."""
        try:
            return self.rebuild()
        except Exception as exc:  # a bug: keep serving, show the traceback in the terminal
            log.exception("sitegen crashed while rebuilding")
            crash = ContentError("sitegen", 0, 0, f"sitegen crashed: {exc!r}",
                                 "this is a bug in sitegen; the terminal shows the traceback")
            return self._failure([crash], time.monotonic())

    def _failure(self, problems: list[ContentError], started: float) -> BuildOutcome:
        with self.lock:
            if not self.failed or tuple(problems) != self.problems:
                self.version += 1
            self.failed, self.problems = True, tuple(problems)
        return BuildOutcome(False, tuple(problems), 0, time.monotonic() - started)


    def page(self, path: str) -> tuple[int, bytes] | None:
        """The status and HTML for a page request (None: not a page, serve the file as is)."""
        if not _is_page(path):
            return None
        if self.failed:
            return 500, error_page(self.problems, self.version)
        name = unquote(path).lstrip("/")
        if "\0" in name:
            return None  # the file server answers 404 for a name no file can have
        file = self.out / name
        file = file / "index.html" if path.endswith("/") else file
        if file.is_file() and file.resolve().is_relative_to(self.out.resolve()):
            return 200, inject(file.read_bytes(), self.version)
        if (self.out / unquote(path).lstrip("/")).is_dir():
            return None  # the file server redirects /zh to /zh/
        first = path.strip("/").split("/")[0]
        for missing in ([self.out / first / "404.html"] if first else []) + [self.out / "404.html"]:
            if missing.is_file():  # as on Netlify: the language's own "not found" page
                return 404, inject(missing.read_bytes(), self.version)
        return None


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def inject(page: bytes, version: int) -> bytes:
    """The page with the reload script before </body> (served pages only, never written)."""
    tag = f'<script src="{SCRIPT_PATH}" data-version="{version}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


def error_page(problems: tuple[ContentError, ...], version: int) -> bytes:
    """A page listing the problems of the last build, every one escaped."""
    items = "\n".join(f"<li class=\"{p.severity}\"><pre>{html.escape(str(p))}</pre></li>"
                      for p in sorted(problems, key=lambda p: p.severity != "error"))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Build failed · sitegen serve</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}
pre{{white-space:pre-wrap;margin:0}}li{{margin-block:.75rem}}.error pre{{color:#a00}}</style>
</head><body><h1>The site could not be built</h1>
<p>Fix the problems below and save the file: this page reloads by itself.
出错了：改正下面的问题并保存，本页会自动刷新。</p>
<ol>
{items}
</ol>
</body></html>
"""
    return inject(page.encode("utf-8"), version)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built files, pages with the reload script, and the version endpoint."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream"}

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any) -> None:
        self.preview = preview
        super().__init__(*args, directory=str(preview.out), **kwargs)

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == VERSION_PATH:
            self._send(200, "text/plain; charset=utf-8", str(self.preview.version).encode())
            return
        if path == SCRIPT_PATH:
            self._send(200, "text/javascript; charset=utf-8", RELOAD_JS)
            return
        with self.preview.lock:
            page = self.preview.page(path)
        if page is None:
            super().do_GET()
        else:
            self._send(page[0], "text/html; charset=utf-8", page[1])

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview is always current
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def snapshot(root: Path) -> Snapshot:
    """Modification time and size of every watched file."""
    files: Snapshot = {}
    for name in WATCHED:
        top = root / name
        for path in [top] if top.is_file() else top.rglob("*"):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while we looked
            if path.is_file():
                files[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return files


class Server:
    """A running preview: HTTP on 127.0.0.1 in one thread, the file watcher in another."""

    def __init__(self, preview: Preview, port: int, *, interval: float,
                 on_build: Callable[[BuildOutcome], None]) -> None:
        self.preview = preview
        self.interval = interval
        self.on_build = on_build
        handler = functools.partial(_Handler, preview=preview)
        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.http.daemon_threads = True
        self.stopped = threading.Event()
        self._started = False
        self._threads = [threading.Thread(target=self.http.serve_forever, daemon=True),
                         threading.Thread(target=self._watch, daemon=True)]
        # Taken now, before the first build: a file saved while it runs is a change.
        self._seen = snapshot(preview.root)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://127.0.0.1:{self.http.server_address[1]}/"

    def start(self) -> None:
        """Serve and watch in the background."""
        self._started = True
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        """Stop watching and serving."""
        self.stopped.set()
        if self._started:  # shutdown() waits for serve_forever, which must have begun
            self.http.shutdown()
            for thread in self._threads:
                thread.join(timeout=30)
        self.http.server_close()

    def _watch(self) -> None:
        seen = self._seen
        while not self.stopped.wait(self.interval):
            now = snapshot(self.preview.root)
            if now == seen:
                continue
            while not self.stopped.wait(self.interval):  # let a save of several files finish
                later = snapshot(self.preview.root)
                if later == now:
                    break
                now = later
            seen = now
            if not self.stopped.is_set():
                self.on_build(self.preview.rebuild_or_report())


@contextmanager
def serving(root: Path, *, port: int, search: bool = True, pdf: bool = False,
            interval: float = 0.3,
            on_build: Callable[[BuildOutcome], None] = lambda outcome: None) -> Iterator[Server]:
    """Listen on 127.0.0.1:port (OSError if taken), build once, then serve and watch."""
    preview = Preview(root, search=search, pdf=pdf)
    server = Server(preview, port, interval=interval, on_build=on_build)
    try:
        on_build(preview.rebuild_or_report())
        server.start()
        yield server
    finally:
        server.stop()
