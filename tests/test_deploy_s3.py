"""`sitegen deploy --target mirror` against a real S3-compatible server on loopback (moto's, in
server mode): every file there with its Content-Type and netlify.toml's Cache-Control, a second
sync uploads only what changed, removed pages are removed, and a deploy that is not ready
changes nothing."""

from __future__ import annotations

import hashlib
import logging
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.write import MARKER

from .browser import NETLIFY_TOML, netlify_headers
from .conftest import run
from .mirror import BUCKET, REGION, mirror_site, set_targets, targets_yaml

CONFIG: dict[str, Any] = tomllib.loads(NETLIFY_TOML.read_text("utf-8"))
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".json": "application/json",
         ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
         ".svg": "image/svg+xml", ".pdf": "application/pdf"}
GUIDE = "content/guides/pension-flexible-workers"
MANIFEST = ".sitegen-sync.json"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 at a free port, with the mirror's bucket."""
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    client(url).create_bucket(Bucket=BUCKET,
                              CreateBucketConfiguration={"LocationConstraint": REGION})
    try:
        yield url
    finally:
        server.stop()


def client(url: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.session.Session(aws_access_key_id="test", aws_secret_access_key="test",
                                 region_name=REGION).client(
        "s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}))


@pytest.fixture
def keys(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The access key in the environment, and the bucket empty."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    s3 = client(endpoint)
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        s3.delete_object(Bucket=BUCKET, Key=item["Key"])


def build(site: Path) -> dict[str, str]:
    """Build for the mirror; every file's MD5 by key (but sitegen's output marker, which is
    not published)."""
    result = run("build", "--root", str(site), "--target", "mirror", "--no-pdf")
    assert result.exit_code == 0, result.output
    public = site / "public-mirror"
    return {p.relative_to(public).as_posix(): hashlib.md5(p.read_bytes()).hexdigest()
            for p in public.rglob("*") if p.is_file() and p.name != MARKER}


def deploy(site: Path) -> tuple[int, str]:
    result = run("deploy", "--root", str(site), "--target", "mirror")
    return result.exit_code, result.output


def bucket(url: str) -> dict[str, dict[str, Any]]:
    """Every object but the sync's record: its ETag, Content-Type and Cache-Control."""
    s3, found = client(url), {}
    for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        if item["Key"] != MANIFEST:
            head = s3.head_object(Bucket=BUCKET, Key=item["Key"])
            found[item["Key"]] = {"md5": head["ETag"].strip('"'), "type": head["ContentType"],
                                  "cache": head.get("CacheControl")}
    return found


def uploaded(output: str) -> int:
    line = next(line for line in output.splitlines() if line.startswith("Uploaded "))
    return int(line.split()[1])


def test_sync_uploads_everything_then_only_what_changed(endpoint: str, keys: None,
                                                        tmp_path: Path) -> None:
    site = mirror_site(tmp_path, targets_yaml(endpoint))
    files = build(site)
    code, output = deploy(site)
    assert code == 0, output
    assert f"Uploaded {len(files)} files and deleted 0 in s3://{BUCKET}" in output
    stored = bucket(endpoint)
    assert {key: o["md5"] for key, o in stored.items()} == files  # every file, every byte
    for key, o in stored.items():
        suffix = Path(key).suffix
        assert o["type"] == TYPES.get(suffix, "application/octet-stream"), key
        assert o["cache"] == netlify_headers(CONFIG, "/" + key).get("Cache-Control"), key
    assert stored["static/" + next(k for k in (site / "public-mirror/static").iterdir()
                                   ).name]["cache"] == "public, max-age=31536000, immutable"
    assert stored["zh/index.html"]["cache"] == "public, max-age=0, must-revalidate"
    assert any(key.endswith(".pf_fragment") for key in stored)

    # Nothing changed: nothing is uploaded.
    code, output = deploy(site)
    assert (code, uploaded(output)) == (0, 0)

    # One guide edited: exactly the files whose bytes changed are uploaded.
    text = site / GUIDE / "en.md"
    text.write_text(text.read_text("utf-8").replace("Pay every month", "Pay each month"),
                    "utf-8")
    edited = build(site)
    changed = sorted(k for k in edited if files.get(k) != edited[k])
    assert 0 < len(changed) < len(edited) / 2
    code, output = deploy(site)
    assert code == 0 and uploaded(output) == len(changed), output
    assert {key: o["md5"] for key, o in bucket(endpoint).items()} == edited


def test_a_removed_page_is_removed(endpoint: str, keys: None, tmp_path: Path) -> None:
    site = mirror_site(tmp_path, targets_yaml(endpoint))
    shutil.copytree(site / GUIDE, site / "content/guides/extra-guide")  # nothing links to it
    before = build(site)
    assert deploy(site)[0] == 0
    shutil.rmtree(site / "content/guides/extra-guide")
    after = build(site)
    gone = sorted(set(before) - set(after))
    assert {"zh/guides/extra-guide/index.html", "en/guides/extra-guide/index.html"} <= set(gone)
    code, output = deploy(site)
    assert code == 0 and f"and deleted {len(gone)} in" in output, output
    stored = bucket(endpoint)
    assert set(stored) == set(after)
    assert not any("extra-guide" in key for key in stored)


def test_a_changed_cache_rule_re_uploads_the_files_it_covers(endpoint: str, keys: None,
                                                             tmp_path: Path) -> None:
    site = mirror_site(tmp_path, targets_yaml(endpoint))
    build(site)
    assert deploy(site)[0] == 0
    toml = site / "netlify.toml"
    rule = '  for = "/sw.js"\n  [headers.values]\n    Cache-Control = "public, max-age=0, must-revalidate"'
    assert rule in toml.read_text("utf-8")
    toml.write_text(toml.read_text("utf-8").replace(rule, rule.replace("max-age=0", "max-age=60")),
                    "utf-8")
    build(site)  # the same files: only their headers differ
    code, output = deploy(site)
    assert code == 0 and uploaded(output) == 1, output
    assert bucket(endpoint)["sw.js"]["cache"] == "public, max-age=60, must-revalidate"


def test_the_deploy_lists_what_the_mirror_does_instead(endpoint: str, keys: None,
                                                       tmp_path: Path) -> None:
    site = mirror_site(tmp_path, targets_yaml(endpoint))
    build(site)
    code, output = deploy(site)
    assert code == 0
    assert "redirect / → /zh/ (302): replaced on the mirror: / is the language chooser" in output
    assert "header X-Frame-Options: lost on the mirror" in output
    assert "Cache-Control" not in output  # kept: not listed


@pytest.mark.parametrize(("fault", "message"), [
    ("built for the primary", "this site was built for another address"),
    ("placeholder address", "still has the example base_url https://mirror.example.com"),
    ("no access key", "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"),
    ("a Netlify target", "target 'netlify' is a Netlify site"),
    ("wrong bucket", "the sync failed"),
])
def test_a_deploy_that_is_not_ready_changes_nothing(endpoint: str, keys: None, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch, fault: str,
                                                    message: str) -> None:
    site = mirror_site(tmp_path, targets_yaml(endpoint))
    target = "mirror"
    if fault == "built for the primary":
        assert run("build", "--root", str(site), "--no-pdf", "--no-search",
                   "--out", str(site / "public-mirror")).exit_code == 0
    else:
        build(site)
    if fault == "placeholder address":
        set_targets(site, targets_yaml(endpoint, mirror="https://mirror.example.com"))
    elif fault == "no access key":
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    elif fault == "a Netlify target":
        target = "netlify"
    elif fault == "wrong bucket":
        set_targets(site, targets_yaml(endpoint).replace(BUCKET, "no-such-bucket"))
    before = bucket(endpoint)
    result = run("deploy", "--root", str(site), "--target", target,
                 "--dir", str(site / "public-mirror"))
    assert result.exit_code == 1
    assert message in result.output and "\n  hint: " in result.output, result.output
    assert bucket(endpoint) == before
