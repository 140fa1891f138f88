"""Fault catalogue, round two, of hostile or unlucky input: each case exits 1 with
`path:line:col: error:` (or `path: error:` where there is no line) and a hint, prints no
traceback, leaves `public/` byte for byte as it was, and publishes nothing it refused."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import REPO, files_of, run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
PROVINCE = "provinces/guangdong.yaml"
BODY = "外卖配送员一般都可以参保。"
EVIL = "e.example.com"
LINE = next(n for n, line in enumerate(
    (REPO / "tests/fixtures/mini" / GUIDE).read_text("utf-8").split("\n"), 1) if BODY in line)


def body(text: str) -> tuple[str, str, str]:
    return (GUIDE, BODY, text)


# (name, (file, old, new), where the message points, what it says)
CASES = [
    # Images from other hosts, in every form the Markdown parser accepts.
    ("image with a title", body(f'![x](https://{EVIL}/a.png "t")'), f"{GUIDE}:{LINE}:", "image from"),
    ("image in angle brackets", body(f"![x](<https://{EVIL}/a.png>)"), f"{GUIDE}:{LINE}:",
     "image from"),
    ("image by reference", body(f"![x][r]\n\n[r]: https://{EVIL}/a.png"), f"{GUIDE}:", "image from"),
    ("protocol-relative image", body(f"![x](//{EVIL}/a.png)"), f"{GUIDE}:{LINE}:", "image from"),
    ("backslash image", body(f"![x](\\\\\\\\{EVIL}\\a.png)"), f"{GUIDE}:{LINE}:", "image from"),
    ("scheme without slashes", body(f"![x](http:{EVIL}/a.png)"), f"{GUIDE}:{LINE}:", "image from"),
    ("image inside a link", body(f"[![x](https://{EVIL}/a.png)](https://www.gov.cn/)"),
     f"{GUIDE}:{LINE}:", "image from"),
    # Links the parser accepts that may not be published.
    ("javascript reference", body("[x][r]\n\n[r]: javascript:alert(1)"), f"{GUIDE}:{LINE + 2}:",
     "link target 'javascript:alert(1)' is not allowed"),
    ("path out of the site", body("[x](../../../etc/passwd)"), f"{GUIDE}:{LINE}:",
     "link target '../../../etc/passwd' is not allowed"),
    ("reference to a missing guide", body("[x][g]\n\n[g]: guide:nope"), f"{GUIDE}:",
     "no guide 'nope'"),
    ("data URL link", body("[x](data:text/html,hi)"), f"{GUIDE}:{LINE}:", "is not allowed"),
    # Invisible characters.
    ("control character in the body", body("外卖\x07配送员"), f"{GUIDE}:{LINE}:3", "control character"),
    ("bidi override in the body", body("外卖\u202e配送员"), f"{GUIDE}:{LINE}:3", "U+202E"),
    ("bidi override in a title", (GUIDE, "title: 以灵活", "title: \u202e以灵活"), f"{GUIDE}:2:8",
     "invisible character U+202E"),
    ("zero-width space in a name", (PROVINCE, "name: {zh-CN: 广东省", "name: {zh-CN: 广\u200b东省"),
     f"{PROVINCE}:2:", "invisible character U+200B"),
    # Bounded YAML.
    ("recursive alias", (PROVINCE, "code: guangdong", "code: guangdong\nloop: &a [*a]"),
     f"{PROVINCE}:2:", "an alias refers to a value that contains it"),
    ("deep nesting", (PROVINCE, "code: guangdong", "code: guangdong\nx: " + "[" * 80 + "]" * 80),
     f"{PROVINCE}:2:", "nested too deeply"),
    ("5,000-digit number", (PROVINCE, "code: guangdong", "code: guangdong\nx: " + "9" * 5000),
     f"{PROVINCE}:2:4", "this number has 5000 characters"),
    # Addresses.
    ("base_url with markup", ("site.yaml", "base_url: https://", "base_url: https://<b>"),
     "site.yaml:", "markup"),
    ("base_url with a query", ("site.yaml", "base_url: https://shebao-guide.netlify.app",
                               "base_url: https://shebao-guide.netlify.app/?a=1&b=2"),
     "site.yaml:", "must be the host alone"),
    ("source URL without a host", (GUIDE, "url: https://si.12333.gov.cn/", "url: https:///x"),
     f"{GUIDE}:", "host name"),
    # Interface strings.
    ("unknown placeholder", ("templates/i18n/en.yaml", 'check_question_title: "Check what to do: '
                             '{question}"', 'check_question_title: "Check what to do: {qeustion}"'),
     "templates/i18n/en.yaml:", "the placeholder {qeustion}, which nothing fills"),
    ("string missing in every language", ("templates/404.html", "t['404_text']",
                                          "t['404_txet']"),
     "templates/404.html:4:7", "no interface string '404_txet' in any language"),
    # What the last look at the HTML and the stylesheets finds.
    ("template loads a remote image", ("templates/404.html", "<p>",
                                       f'<p><img src="https://{EVIL}/t.gif" alt="">'),
     "templates/404.html:4:", "would load 'https://e.example.com/t.gif' from another site"),
    ("stylesheet imports a web font", ("templates/static/site.css", "", "@import url("
                                       f"'https://{EVIL}/font.css');\n"),
     "templates/static/site.css:1:", "from another site"),
]


def alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(lines)


CASES.append(("alias bomb", (PROVINCE, "code: guangdong", "code: guangdong\n" + alias_bomb()),
              f"{PROVINCE}:", "more than 200,000 values"))


@pytest.fixture
def built(mini: Path) -> tuple[Path, dict[str, bytes]]:
    result = run("build", "--root", str(mini), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return mini, files_of(mini / "public")


def refused(site: Path, before: dict[str, bytes], where: str, message: str) -> None:
    """The build fails with that message and hint, and public/ is as it was."""
    result = run("build", "--root", str(site), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    hit = [i for i, line in enumerate(lines)
           if line.startswith(where) and ": error: " in line and message in line]
    assert hit, result.output
    assert lines[hit[0] + 1].startswith("  hint: ")
    assert files_of(site / "public") == before
    assert not any(EVIL.encode() in data for data in files_of(site / "public").values())


@pytest.mark.parametrize(("name", "edit", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_refused(built: tuple[Path, dict[str, bytes]], name: str,
                                  edit: tuple[str, str, str], where: str, message: str) -> None:
    site, before = built
    path, old, new = edit
    text = (site / path).read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    (site / path).write_text(text.replace(old, new, 1), "utf-8")
    refused(site, before, where, message)


@pytest.mark.parametrize("name", ["Pay Online", "pay&online", "pay\u200bonline", "Pay-Online",
                                  "x" * 65])
def test_guide_folder_names_follow_the_slug_rule(built: tuple[Path, dict[str, bytes]],
                                                 name: str) -> None:
    site, before = built
    folder = site / "content/guides" / name
    folder.mkdir()
    (folder / "zh-CN.md").write_bytes((site / GUIDE).read_bytes())
    refused(site, before, f"content/guides/{name}:", "cannot be a page address")


def test_a_long_line_of_unclosed_links_is_checked_at_once(built: tuple[Path, dict[str, bytes]],
                                                          ) -> None:
    """The check once backtracked for hours on this; a hang is what would fail here."""
    site, _ = built
    path = site / GUIDE
    path.write_text(path.read_text("utf-8").replace(BODY, "[a](" * 10_000), "utf-8")
    command = [sys.executable, str(REPO / "build.py"), "check", "--root", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["content/guides/pension-flexible-workers/en.md",
                                   "provinces/pipe.yaml", "content/guides/new/zh-CN.md"])
def test_a_named_pipe_is_refused_without_hanging(built: tuple[Path, dict[str, bytes]],
                                                 where: str) -> None:
    site, before = built
    pipe = site / where
    pipe.parent.mkdir(parents=True, exist_ok=True)
    pipe.unlink(missing_ok=True)
    os.mkfifo(pipe)
    for command in ("check", "build"):  # the stamp, the loader and check alike
        args = [sys.executable, str(REPO / "build.py"), command, "--root", str(site)]
        if command == "build":
            args += ["--no-pdf", "--no-search"]
        result = subprocess.run(args, capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert f"{where}: error: this is not a regular file (it is a named pipe)" in result.stderr
        assert "Traceback" not in result.stderr
    assert files_of(site / "public") == before


def test_every_xml_output_parses_strictly(built: tuple[Path, dict[str, bytes]]) -> None:
    site, files = built
    xml = [name for name in files if name.endswith(".xml")]
    assert "sitemap.xml" in xml
    for name in xml:
        root = ET.fromstring(files[name])  # expat: strict, a stray & or < fails
        assert root.tag.endswith("urlset") or root.tag.endswith("feed")
        assert all(loc.text and loc.text.startswith("https://")
                   for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))
