"""The publishing scripts: deploys off without secrets, the one preview comment, no-Debian set-up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from .browser import listening
from .conftest import REPO

MARKER = "<!-- sitegen-deploy-preview -->"
BOT = "github-actions[bot]"


def test_deploy_without_secrets_says_deploys_are_off_and_passes(tmp_path: Path) -> None:
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NETLIFY_")}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    result = subprocess.run([REPO / "scripts/deploy.sh", "preview", "12"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = summary.read_text("utf-8")
    assert "Netlify deploys are off" in text
    assert "NETLIFY_AUTH_TOKEN" in text and "NETLIFY_SITE_ID" in text
    assert "artifact `public`" in text
    assert not output.exists()


def test_mirror_deploy_without_secrets_says_deploys_are_off_and_passes(tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MIRROR_", "AWS_"))}
    env |= {"GITHUB_STEP_SUMMARY": str(summary), "PYTHON": sys.executable}
    result = subprocess.run([REPO / "scripts/deploy_mirror.sh"], env=env, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    text = summary.read_text("utf-8")
    assert "Mirror deploys are off" in text
    assert "MIRROR_ACCESS_KEY_ID" in text and "MIRROR_SECRET_ACCESS_KEY" in text
    assert "site.yaml" in text and result.stdout == ""  # nothing built, nothing sent


class FakeGitHub(BaseHTTPRequestHandler):
    """The issue-comments endpoints of GitHub's REST API, on loopback, over `comments`."""

    comments: list[dict[str, Any]] = []

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def answer(self, value: Any, status: int = 200) -> None:
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        url = urlparse(self.path)
        assert url.path == "/repos/o/r/issues/7/comments"
        assert self.headers["Authorization"] == "Bearer token"
        query = parse_qs(url.query)
        per_page, page = int(query["per_page"][0]), int(query["page"][0])
        self.answer(self.comments[(page - 1) * per_page:page * per_page])

    def body(self) -> str:
        length = int(self.headers["Content-Length"])
        return str(json.loads(self.rfile.read(length))["body"])

    def do_POST(self) -> None:
        assert self.path == "/repos/o/r/issues/7/comments"
        comment = {"id": 10_000 + len(self.comments), "user": {"login": BOT}, "body": self.body()}
        self.comments.append(comment)
        self.answer(comment, 201)

    def do_PATCH(self) -> None:
        number = int(self.path.removeprefix("/repos/o/r/issues/comments/"))
        comment = next(c for c in self.comments if c["id"] == number)
        comment["body"] = self.body()
        self.answer(comment)


@pytest.fixture
def github() -> Iterator[str]:
    # More than a page of comments, and a reader's comment that quotes the marker.
    FakeGitHub.comments = [{"id": n, "user": {"login": "reader"}, "body": f"comment {n}"}
                           for n in range(1, 131)]
    FakeGitHub.comments[3]["body"] = f"{MARKER} quoted"
    with listening(FakeGitHub) as url:
        yield url


def comment(api: str, sha: str) -> str:
    env = os.environ | {"GITHUB_API_URL": api, "GITHUB_REPOSITORY": "o/r", "GITHUB_TOKEN": "token",
                        "PR_NUMBER": "7", "PREVIEW_URL": "https://pr-7--site.netlify.app",
                        "HEAD_SHA": sha}
    result = subprocess.run([sys.executable, REPO / "scripts/pr_comment.py"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_preview_comment_is_posted_once_then_updated(github: str) -> None:
    assert comment(github, "a" * 40).startswith("posted")
    assert comment(github, "b" * 40).startswith("updated")
    ours = [c for c in FakeGitHub.comments if c["user"]["login"] == BOT]
    assert len(ours) == 1
    assert ours[0]["body"].startswith(MARKER)
    assert "https://pr-7--site.netlify.app" in ours[0]["body"]
    assert "b" * 12 in ours[0]["body"] and "a" * 12 not in ours[0]["body"]
    assert FakeGitHub.comments[3]["body"] == f"{MARKER} quoted"


def no_debian_path(tmp_path: Path) -> str:
    """A PATH with the tools apt-install.sh uses, and no dpkg-query, apt-get or sudo."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "id", "grep", "fc-list"):
        found = subprocess.run(["bash", "-c", f"command -v {tool}"], capture_output=True,
                               text=True).stdout.strip()
        if found:
            (bin_dir / tool).symlink_to(found)
    (bin_dir / "python3").symlink_to(sys.executable)
    return str(bin_dir)


def test_without_debian_the_pdf_packages_do_not_fail_the_set_up(tmp_path: Path) -> None:
    env = os.environ | {"PATH": no_debian_path(tmp_path)}
    pdf = subprocess.run([REPO / "scripts/apt-install.sh", "--pdf", "libpango-1.0-0"], env=env,
                         capture_output=True, text=True)
    assert pdf.returncode == 0, pdf.stderr
    tests = subprocess.run([REPO / "scripts/apt-install.sh", "chromium"], env=env,
                           capture_output=True, text=True)
    assert tests.returncode == 1
    assert "no dpkg-query or apt-get" in tests.stderr and "chromium" in tests.stderr


def test_the_pdf_report_names_each_systems_packages() -> None:
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import pdf_libs
    finally:
        sys.path.remove(str(REPO / "scripts"))
    pango = [need for need in pdf_libs.NEEDS if need.what == "Pango"]
    text = pdf_libs.report(pango, 'the CJK font "Noto Sans CJK SC"')
    assert "brew install pango && brew install --cask font-noto-sans-cjk" in text
    assert "sudo dnf install pango google-noto-sans-cjk-fonts" in text
    assert "sudo apt-get install libpango-1.0-0 fonts-noto-cjk" in text
    assert "wsl -u root" in text and "make site-html" in text
