"""`_headers` and `_redirects`, written by the build from netlify.toml, say exactly its rules.

Both files are read back here by a parser of their own (Netlify's documented syntax), not by
sitegen's, and compared with netlify.toml as tomllib reads it; then the built site is served
under the rules of the written files alone and answers as under netlify.toml.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import NETLIFY_TOML, NetlifyHandler, serve
from .conftest import run
from .mirror import mirror_site
from .test_netlify import fetch

CONFIG: dict[str, Any] = tomllib.loads(NETLIFY_TOML.read_text("utf-8"))


def parse_headers(text: str) -> list[dict[str, Any]]:
    """A `_headers` file as netlify.toml's [[headers]]: a path line, then indented
    `Name: value` lines."""
    rules: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append({"for": line.strip(), "values": {}})
        else:
            name, _, value = line.strip().partition(":")
            rules[-1]["values"][name.strip()] = value.strip()
    return rules


def parse_redirects(text: str) -> list[dict[str, Any]]:
    """A `_redirects` file as netlify.toml's [[redirects]]: `from to [status[!]]
    [Key=v1,v2 …]` on each line."""
    rules = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        source, to, *rest = line.split()
        rule: dict[str, Any] = {"from": source, "to": to, "status": 301, "force": False}
        if rest and rest[0].rstrip("!").isdigit():
            status = rest.pop(0)
            rule["status"], rule["force"] = int(status.rstrip("!")), status.endswith("!")
        conditions = {k: v.split(",") for k, _, v in (part.partition("=") for part in rest)}
        if conditions:
            rule["conditions"] = conditions
        rules.append(rule)
    return rules


def toml_redirects() -> list[dict[str, Any]]:
    """netlify.toml's redirects with Netlify's defaults filled in."""
    return [{"status": 301, "force": False, **rule} for rule in CONFIG["redirects"]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = mirror_site(tmp_path_factory.mktemp("host-files"))
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 0, result.output
    return site


def test_headers_file_has_exactly_the_rules_of_netlify_toml(built: Path) -> None:
    written = parse_headers((built / "public/_headers").read_text("utf-8"))
    assert written == CONFIG["headers"]


def test_redirects_file_has_exactly_the_rules_of_netlify_toml(built: Path) -> None:
    written = parse_redirects((built / "public/_redirects").read_text("utf-8"))
    assert written == toml_redirects()
    # The two language redirects, the old finder's three addresses in each language and the
    # two "not found" pages.
    assert len(written) == 10


class FromFiles(NetlifyHandler):
    """The test server, its rules read from the built `_headers` and `_redirects` only."""


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    public = built / "public"
    FromFiles.config = {"headers": parse_headers((public / "_headers").read_text("utf-8")),
                        "redirects": parse_redirects((public / "_redirects").read_text("utf-8"))}
    with serve(public, FromFiles) as url:
        yield url


@pytest.mark.parametrize(("language", "status", "location"), [
    ("en-GB,en;q=0.9", 302, "/en/"), ("zh-CN,zh;q=0.9", 302, "/zh/"), ("fr-FR", 200, ""),
])
def test_the_written_rules_redirect_the_root_by_language(served: str, language: str,
                                                        status: int, location: str) -> None:
    got, where, _ = fetch(served + "/", language)
    assert (got, where) == (status, location)


def test_the_written_rules_give_each_language_its_not_found_page(served: str) -> None:
    status, _, body = fetch(served + "/en/no-such-page/")
    assert status == 404 and '<html lang="en"' in body


def test_a_mirror_build_has_no_netlify_files(built: Path) -> None:
    result = run("build", "--root", str(built), "--no-pdf", "--no-search", "--target", "mirror")
    assert result.exit_code == 0, result.output
    mirror = built / "public-mirror"
    assert (mirror / "index.html").is_file()
    assert not (mirror / "_headers").exists() and not (mirror / "_redirects").exists()


def test_a_changed_rule_reaches_the_files_on_the_next_build(tmp_path: Path) -> None:
    site = mirror_site(tmp_path)
    assert run("build", "--root", str(site), "--no-pdf", "--no-search").exit_code == 0
    toml = site / "netlify.toml"
    toml.write_text(toml.read_text("utf-8").replace(
        'X-Frame-Options = "DENY"', 'X-Frame-Options = "SAMEORIGIN"'), "utf-8")
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 0 and "Nothing changed" not in result.output
    assert "  X-Frame-Options: SAMEORIGIN\n" in (site / "public/_headers").read_text("utf-8")


@pytest.mark.parametrize(("text", "where", "message"), [
    ("[[headers]]\n  for = \"/*\"\n  [headers.values\n", "netlify.toml:3:", "cannot be read"),
    ("[[redirects]]\n  from = \"/a\"\n  to = \"/b\"\n  query = {id = \":id\"}\n", "netlify.toml",
     "redirects rule 1 must have `from` and `to`, and only"),
    ("[[headers]]\n  for = \"/*\"\n  [headers.values]\n    X = [\"a\", \"b\"]\n", "netlify.toml",
     "every value must be one line of text"),
])
def test_a_rule_the_files_cannot_carry_stops_the_build(tmp_path: Path, text: str, where: str,
                                                        message: str) -> None:
    site = mirror_site(tmp_path)
    (site / "netlify.toml").write_text(text, "utf-8")
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 1
    assert where in result.output and message in result.output
    assert not (site / "public").exists()


def test_without_netlify_toml_there_are_no_host_files(tmp_path: Path) -> None:
    site = mirror_site(tmp_path)
    (site / "netlify.toml").unlink()
    assert run("build", "--root", str(site), "--no-pdf", "--no-search").exit_code == 0
    assert not (site / "public/_headers").exists()
    shutil.rmtree(site / "public")
