"""`sitegen serve`: an editor saves a file and sees the page change, or the error with its line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.serve import BuildOutcome, Server, serving

from .browser import browser
from .conftest import REPO, run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
GUIDE_URL = "zh/guides/pension-flexible-workers/"
PROVINCE = "provinces/guangdong.yaml"
TIMEOUT = 30.0


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def version(server: Server) -> int:
    return int(get(server.url + "__sitegen/version")[1])


def wait_until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def save(site: Path, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def live(mini: Path) -> Iterator[tuple[Server, list[BuildOutcome]]]:
    outcomes: list[BuildOutcome] = []
    with serving(mini, port=0, search=False, interval=0.05, on_build=outcomes.append) as server:
        yield server, outcomes


def test_pages_get_the_reload_script_but_the_built_files_do_not(
        live: tuple[Server, list[BuildOutcome]], mini: Path) -> None:
    server, outcomes = live
    assert outcomes[0].ok and outcomes[0].changed > 20
    status, page = get(server.url + GUIDE_URL)
    assert status == 200
    assert f'<script src="/__sitegen/reload.js" data-version="{version(server)}"></script>' in page
    assert get(server.url + "__sitegen/reload.js")[1].startswith("// sitegen serve")
    written = (mini / ".cache/serve" / GUIDE_URL / "index.html").read_text("utf-8")
    assert "__sitegen" not in written
    assert not (mini / "public").exists()
    status, missing = get(server.url + "en/no-such-page/")
    assert status == 404 and 'lang="en"' in missing


def test_a_saved_guide_is_rebuilt_and_served(live: tuple[Server, list[BuildOutcome]],
                                             mini: Path) -> None:
    server, outcomes = live
    before, reported = version(server), len(outcomes)
    save(mini, GUIDE, "外卖配送员一般都可以参保。", "跑腿的师傅也可以参保。")
    # the version moves on inside the rebuild; its outcome is reported just after
    wait_until(lambda: version(server) > before and len(outcomes) > reported,
               "the version to change")
    assert "跑腿的师傅也可以参保。" in get(server.url + GUIDE_URL)[1]
    # Only the files whose bytes changed were written again: here the one page.
    assert outcomes[-1].ok and outcomes[-1].changed == 1


def test_broken_yaml_shows_its_line_in_the_browser_and_the_server_recovers(
        live: tuple[Server, list[BuildOutcome]], mini: Path) -> None:
    server, outcomes = live
    before, reported = version(server), len(outcomes)
    save(mini, PROVINCE, '  - number: "12333"', '\t- number: "12333"')
    wait_until(lambda: version(server) > before and len(outcomes) > reported, "the failed build")
    for url in ("", "zh/", GUIDE_URL, "en/provinces/guangdong/"):
        status, page = get(server.url + url)
        assert status == 500
        assert f"{PROVINCE}:7:1: error: YAML syntax error" in page
        assert "indent with spaces, never with a tab character" in page
        assert "/__sitegen/reload.js" in page
    assert not outcomes[-1].ok and outcomes[-1].errors
    failed = version(server)
    save(mini, PROVINCE, '\t- number: "12333"', '  - number: "12333"')
    wait_until(lambda: version(server) > failed, "the repaired build")
    status, page = get(server.url + GUIDE_URL)
    assert status == 200 and "外卖配送员一般都可以参保。" in page


def test_the_error_page_escapes_what_it_shows(live: tuple[Server, list[BuildOutcome]],
                                             mini: Path) -> None:
    server, _ = live
    before = version(server)
    save(mini, GUIDE, "外卖配送员一般都可以参保。", "<script>alert('x')</script>")
    wait_until(lambda: version(server) > before, "the failed build")
    status, page = get(server.url + GUIDE_URL)
    assert status == 500
    assert "raw HTML is not allowed: &#x27;&lt;script&#x27;" in page
    assert "<script>alert" not in page


def test_the_open_browser_page_reloads_by_itself(live: tuple[Server, list[BuildOutcome]],
                                                 mini: Path) -> None:
    server, _ = live
    with browser() as chromium:
        page: Any = chromium.new_page()
        page.goto(server.url + GUIDE_URL)
        page.wait_for_selector("text=外卖配送员一般都可以参保。")
        save(mini, GUIDE, "外卖配送员一般都可以参保。", "跑腿的师傅也可以参保。")
        page.wait_for_selector("text=跑腿的师傅也可以参保。", timeout=TIMEOUT * 1000)
        save(mini, PROVINCE, '  - number: "12333"', '\t- number: "12333"')
        page.wait_for_selector(f"text={PROVINCE}:7:1", timeout=TIMEOUT * 1000)
        save(mini, PROVINCE, '\t- number: "12333"', '  - number: "12333"')
        page.wait_for_selector("text=跑腿的师傅也可以参保。", timeout=TIMEOUT * 1000)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_the_command_serves_until_interrupted(mini: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"}
    command = [sys.executable, str(REPO / "build.py"), "serve", "--root", str(mini),
               "--port", "0", "--no-search"]
    # Ctrl+C as a terminal gives it: the tests may run with SIGINT ignored (started in the
    # background by a shell without job control), and a child inherits that.
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env=env, preexec_fn=_default_sigint) as process:
        try:
            assert process.stdout is not None
            lines = [process.stdout.readline() for _ in range(2)]
            assert lines[0].startswith("Built in "), lines
            url = lines[1].split()[1]
            assert url.startswith("http://127.0.0.1:")
            assert get(url + GUIDE_URL)[0] == 200
            process.send_signal(signal.SIGINT)
            try:
                assert process.wait(timeout=TIMEOUT) == 0
            except subprocess.TimeoutExpired:  # where it is stuck: every thread's stack
                process.send_signal(signal.SIGABRT)
                pytest.fail(f"still running {TIMEOUT} s after Ctrl+C (SIGINT here: "
                            f"{signal.getsignal(signal.SIGINT)}):\n{process.stdout.read()}")
            assert "Stopped." in process.stdout.read()
        finally:
            if process.poll() is None:
                process.kill()


def test_a_port_in_use_is_reported(mini: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--root", str(mini), "--port", str(port), "--no-search")
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
