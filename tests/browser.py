"""Helpers for browser tests: serve a folder on loopback, drive Debian's Chromium headless."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import sys
import threading
import tomllib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pagefind needs; no request log on stderr."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".wasm": "application/wasm",
                      ".pagefind": "application/octet-stream"}
    extra_headers: ClassVar[dict[str, str]] = {}

    def send_head(self) -> Any:
        # Times are to the second here, so a file rebuilt within the second of a cached copy
        # would be answered "304 not modified"; the real host compares contents (ETag).
        del self.headers["If-Modified-Since"]
        return super().send_head()

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path, handler_class: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL."""
    with listening(functools.partial(handler_class, directory=str(folder))) as url:
        yield url


class QuietServer(http.server.ThreadingHTTPServer):
    """A page closed while a file was still coming (the search page fetches Pagefind when its
    box is focused) is not an error of the site's: no traceback for it on stderr."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def listening(handler: Any) -> Iterator[str]:
    """Answer HTTP on 127.0.0.1 at a free port with `handler`; yields the base URL."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str:
    """Debian's Chromium (installed by `make test`); never a downloaded browser."""
    path = shutil.which("chromium")
    if path is None:
        raise RuntimeError("chromium is not installed: run `make test`, which installs it")
    return path


@contextmanager
def browser() -> Iterator[Any]:
    """A headless Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def axe_script() -> Path:
    """axe-core's browser bundle, installed from the npm registry by `make setup-test`."""
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `make setup-test` (npm ci installs axe-core)")
    return AXE


def run_axe(page: Any, tags: Sequence[str] = WCAG_AA_TAGS, extra_rules: Sequence[str] = (),
            *, only_rules: Sequence[str] = ()) -> list[dict[str, Any]]:
    """axe-core's violations on the loaded page: the rules with these tags plus `extra_rules`,
    or, when `only_rules` is given, those rules alone."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    run_only = ({"type": "rule", "values": list(only_rules)} if only_rules
                else {"type": "tag", "values": list(tags)})
    result = page.evaluate(
        """([runOnly, extra]) => axe.run(document, {runOnly,
             rules: Object.fromEntries(extra.map(id => [id, {enabled: true}])),
             resultTypes: ['violations']})""", [run_only, list(extra_rules)])
    return list(result["violations"])


def describe_violations(violations: list[dict[str, Any]]) -> list[str]:
    """One readable line per failing element: rule, impact, selector and axe's summary."""
    return [f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}"
            for v in violations for node in v["nodes"]]


def gzip_size(data: bytes) -> int:
    """Bytes on the wire when a server compresses with gzip at its usual level."""
    return len(gzip.compress(data, compresslevel=6, mtime=0))


NETLIFY_TOML = Path(__file__).resolve().parent.parent / "netlify.toml"


def netlify_pattern(pattern: str) -> re.Pattern[str]:
    """A Netlify path pattern as a regex: `*` matches the rest, `:name` one path segment."""
    parts = []
    for part in (p for p in pattern.split("/") if p):
        if part.startswith(":"):
            parts.append("[^/]+")
        elif part == "*":
            parts.append("?.*")  # the slash before it is optional too: /zh/* matches /zh
        else:
            parts.append(".*".join(re.escape(piece) for piece in part.split("*")))
    return re.compile("^/" + "/".join(parts) + "/?$", re.IGNORECASE)


def netlify_headers(config: dict[str, Any], path: str) -> dict[str, str]:
    """The headers netlify.toml adds to `path`: every matching rule's, a later value winning."""
    headers: dict[str, str] = {}
    for rule in config.get("headers", []):
        if netlify_pattern(rule["for"]).match(path):
            headers.update(rule["values"])
    return headers


class NetlifyHandler(QuietHandler):
    """Static files as Netlify serves them under netlify.toml: its headers, its redirects
    (with their Language condition and `force`) and its 404 rewrites."""

    config: ClassVar[dict[str, Any]] = {}

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        for rule in self.config.get("redirects", []):
            if not netlify_pattern(rule["from"]).match(path) or not self._language_matches(rule):
                continue
            if Path(self.translate_path(path)).exists() and not rule.get("force", False):
                continue  # Netlify serves an existing file unless the rule is forced
            status = int(rule.get("status", 301))
            body = (Path(self.translate_path(rule["to"])).read_bytes() if status == 404 else b"")
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", rule["to"])
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def _language_matches(self, rule: dict[str, Any]) -> bool:
        wanted = rule.get("conditions", {}).get("Language")
        if wanted is None:
            return True
        first = (self.headers.get("Accept-Language") or "").split(",")[0].strip()
        return first[:2].lower() in {w.lower() for w in wanted}

    def end_headers(self) -> None:
        for name, value in netlify_headers(self.config, urlsplit(self.path).path).items():
            self.send_header(name, value)
        super().end_headers()


def netlify_handler(config_path: Path = NETLIFY_TOML) -> type[NetlifyHandler]:
    """A handler class applying the rules of `config_path` (the repository's netlify.toml)."""

    class Configured(NetlifyHandler):
        config = tomllib.loads(config_path.read_text("utf-8"))

    return Configured


def strict_csp_handler(config_path: Path = NETLIFY_TOML) -> type[QuietHandler]:
    """Static files sent with the Content-Security-Policy that netlify.toml gives every page
    (no inline script or style, nothing from other hosts), and no other Netlify rule."""
    headers = netlify_headers(tomllib.loads(config_path.read_text("utf-8")), "/")
    if "Content-Security-Policy" not in headers:
        raise RuntimeError(f"{config_path} sends no Content-Security-Policy with pages")

    class StrictCsp(QuietHandler):
        extra_headers = {"Content-Security-Policy": headers["Content-Security-Policy"]}

    return StrictCsp


class NetlifyFormsHandler(QuietHandler):
    """Static files, and a POST answered as Netlify Forms does: the submission kept (unless
    its honeypot is filled) and the page at the form's action sent back with 200."""

    received: ClassVar[list[dict[str, str]]] = []
    honeypot: ClassVar[str] = "bot-field"

    def do_POST(self) -> None:
        from urllib.parse import parse_qsl

        length = int(self.headers.get("Content-Length") or 0)
        fields = dict(parse_qsl(self.rfile.read(length).decode("utf-8"),
                                keep_blank_values=True))
        if not fields.get(self.honeypot):
            self.received.append(fields)
        target = Path(self.translate_path(urlsplit(self.path).path))
        body = (target / "index.html" if target.is_dir() else target).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def netlify_forms_handler() -> type[NetlifyFormsHandler]:
    """A handler class with its own list of the submissions it received."""

    class Forms(NetlifyFormsHandler):
        received: ClassVar[list[dict[str, str]]] = []

    return Forms
