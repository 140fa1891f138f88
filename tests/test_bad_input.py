"""The catalogue of editors' mistakes: each gives `path:line:col`, a hint, exit 1, and no loss."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from .conftest import run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
PROVINCE = "provinces/guangdong.yaml"
SURVEY = "data/survey.yaml"


def replace(path: str, old: str, new: str) -> tuple[str, str, str]:
    return (path, old, new)


# (fault name, (file, text to replace, replacement), expected location, expected message)
CASES = [
    ("unknown key", replace(PROVINCE, "summary: {zh-CN: 广东", "sumary: {zh-CN: 广东"),
     f"{PROVINCE}:4:1", "unknown key 'sumary'"),
    ("missing field", replace(PROVINCE, "    time_and_cost: {zh-CN: 按月缴费。, en: Pay monthly.}\n", ""),
     f"{PROVINCE}:17:5", "missing required key 'time_and_cost'"),
    ("wrong type", replace(PROVINCE, "    channels: [gd-portal]", "    channels: gd-portal"),
     f"{PROVINCE}:27:15", "must be a list"),
    ("bad date", replace(PROVINCE, "last_reviewed: 2026-11-23\nhotlines", "last_reviewed: 23/11/2026\nhotlines"),
     f"{PROVINCE}:5:16", "must be a date"),
    ("impossible date", replace(GUIDE, "last_reviewed: 2026-11-23", "last_reviewed: 2026-13-01"),
     f"{GUIDE}:8:16", "not a real date"),
    ("procedure id outside vocabulary", replace(PROVINCE, "  - id: enroll-pension", "  - id: enrol-pension"),
     f"{PROVINCE}:17:9", "cannot be 'enrol-pension'"),
    ("code differs from file name", replace(PROVINCE, "code: guangdong", "code: guangzhou"),
     f"{PROVINCE}:1:7", "does not match the file name"),
    ("unknown channel", replace(PROVINCE, "    channels: [gd-portal]", "    channels: [gd-app]"),
     f"{PROVINCE}:27:16", "no channel with id 'gd-app'"),
    ("language not configured", replace(PROVINCE, "name: {zh-CN: 广东省, en: Guangdong}",
                                        "name: {zh-CN: 广东省, fr: Canton}"),
     f"{PROVINCE}:2:", "'fr' is not a language of this site"),
    ("front matter never closes", replace(GUIDE, "\n---\n\n灵活", "\n\n灵活"),
     f"{GUIDE}:1:1", "front matter never closes"),
    ("tab in YAML", replace(PROVINCE, "  - number: \"12333\"", "\t- number: \"12333\""),
     f"{PROVINCE}:7:", "YAML syntax error"),
    ("unclosed quote", replace(PROVINCE, 'number: "12333"', 'number: "12333'),
     f"{PROVINCE}:", "YAML syntax error"),
    ("raw script", replace(GUIDE, "外卖配送员一般都可以参保。", "外卖<script>alert(1)</script>"),
     f"{GUIDE}:", "raw HTML is not allowed"),
    ("onerror handler", replace(GUIDE, "外卖配送员一般都可以参保。", '<img src=x onerror="alert(1)">'),
     f"{GUIDE}:", "raw HTML is not allowed"),
    ("javascript link", replace(GUIDE, "(guide:medical-insurance#section-1)", "(javascript:alert(1))"),
     f"{GUIDE}:", "link target 'javascript:"),
    ("remote image", replace(GUIDE, "外卖配送员一般都可以参保。", "![x](https://example.com/a.png)"),
     f"{GUIDE}:", "image from another site"),
    ("link to a missing guide", replace(GUIDE, "guide:medical-insurance#section-1", "guide:medical"),
     f"{GUIDE}:", "no guide 'medical'"),
    ("link to a missing anchor", replace(GUIDE, "guide:pension-flexible-workers#step-2",
                                         "guide:pension-flexible-workers#step-9"),
     f"{GUIDE}:", "has no anchor '#step-9'"),
    ("duplicate key", replace(GUIDE, "type: steps\n", "type: steps\ntitle: again\n"),
     f"{GUIDE}:5:1", "duplicate key 'title'"),
    ("unknown topic", replace(GUIDE, "topics: [pension, payment]", "topics: [pensions]"),
     f"{GUIDE}:", "unknown topic 'pensions'"),
    ("search answer names no guide", replace("data/search.yaml", "  - guide: pension-flexible-workers",
                                              "  - guide: pension-flexible"),
     "data/search.yaml:47:12", "no guide 'pension-flexible'"),
    ("two provinces' guide unknown", replace("data/search.yaml", "\nanswers:\n",
                                             "\nbetween_provinces: transfer-pension\nanswers:\n"),
     "data/search.yaml:46:20", "no guide 'transfer-pension'"),
    ("group's first guide unknown", replace("data/groups.yaml", "guides: [pension-flexible-workers]",
                                            "guides: [pension-flexible-worker]"),
     "data/groups.yaml:6:14", "no guide 'pension-flexible-worker'"),
    ("survey key renamed", replace(SURVEY, "percent: 47.3}", "pct: 47.3}"),
     f"{SURVEY}:41:", "unknown key 'pct'"),
    ("survey figure as text", replace(SURVEY, "percent: 66.1}", "percent: 六十六}"),
     f"{SURVEY}:12:", "should be a valid number"),
    ("survey label cut by a comma", replace(SURVEY, 'en: "Income is unstable, easy to lapse"',
                                            "en: Income is unstable, easy to lapse"),
     f"{SURVEY}:41:", "put a label with commas in quotes"),
]


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(mini: Path) -> tuple[Path, dict[str, str]]:
    result = run("build", "--root", str(mini), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return mini, snapshot(mini / "public")


@pytest.mark.parametrize(("name", "edit", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_and_nothing_is_lost(
    built: tuple[Path, dict[str, str]], name: str, edit: tuple[str, str, str], where: str,
    message: str,
) -> None:
    site, before = built
    path, old, new = edit
    text = (site / path).read_text("utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    (site / path).write_text(text.replace(old, new, 1), "utf-8")
    result = run("build", "--root", str(site), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    hit = [i for i, line in enumerate(lines) if line.startswith(where) and message in line]
    assert hit, result.output
    assert lines[hit[0] + 1].startswith("  hint: ")
    assert snapshot(site / "public") == before


def test_dangling_link_is_an_error_not_a_crash(mini: Path) -> None:
    (mini / "provinces/extra.yaml").symlink_to(mini / "provinces/missing.yaml")
    result = run("build", "--root", str(mini), "--no-pdf", "--no-search")
    assert result.exit_code == 1
    assert "provinces/extra.yaml: error:" in result.output, result.output
    assert "Traceback" not in result.output


def test_check_lists_every_problem_at_once(mini: Path) -> None:
    for path, old, new in (CASES[0][1], CASES[14][1]):
        text = (mini / path).read_text("utf-8")
        (mini / path).write_text(text.replace(old, new, 1), "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert "unknown key 'sumary'" in result.output
    assert "link target 'javascript:" in result.output


def test_bom_and_crlf_are_accepted(mini: Path) -> None:
    for rel in (GUIDE, PROVINCE):
        text = (mini / rel).read_text("utf-8")
        (mini / rel).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run("check", "--root", str(mini))
    assert result.exit_code == 0, result.output


def test_file_that_is_not_utf8(mini: Path) -> None:
    (mini / GUIDE).write_bytes((mini / GUIDE).read_text("utf-8").encode("gb18030"))
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert f"{GUIDE}:2:" in result.output and "not UTF-8" in result.output


def test_empty_province_file(mini: Path) -> None:
    (mini / PROVINCE).write_text("", "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert f"{PROVINCE}:1:1: error: this file is empty" in result.output


def test_did_you_mean(mini: Path) -> None:
    edit = CASES[0][1]
    text = (mini / edit[0]).read_text("utf-8")
    (mini / edit[0]).write_text(text.replace(edit[1], edit[2], 1), "utf-8")
    result = run("check", "--root", str(mini))
    assert "hint: did you mean 'summary'?" in result.output


def test_template_syntax_error_names_the_template_line(built: tuple[Path, dict[str, str]]) -> None:
    site, before = built
    template = site / "templates" / "guide.html"
    lines = template.read_text("utf-8").splitlines()
    lines[3] = lines[3] + " {% if %}"
    template.write_text("\n".join(lines), "utf-8")
    result = run("build", "--root", str(site), "--no-pdf", "--no-search")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "templates/guide.html:4:1: error: template error" in result.output
    assert snapshot(site / "public") == before


def test_template_using_an_unknown_name(built: tuple[Path, dict[str, str]]) -> None:
    site, before = built
    template = site / "templates" / "404.html"
    template.write_text(template.read_text("utf-8").replace("{{ page.title }}", "{{ pgae.title }}"))
    result = run("build", "--root", str(site), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"templates/404.html:3:1: error: template error on /\S*404.html: "
                     r"'pgae' is undefined", result.output), result.output
    assert snapshot(site / "public") == before


def test_file_too_large(mini: Path) -> None:
    (mini / PROVINCE).write_text("# " + "x" * 10_000_000 + "\n", "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert f"{PROVINCE}: error: file is too large (10,000,003 bytes)" in result.output


def test_symlink_outside_the_repository_is_refused(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((mini / PROVINCE).read_bytes())
    (mini / PROVINCE).unlink()
    (mini / PROVINCE).symlink_to(outside)
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert f"{PROVINCE}: error: this file is a link to a place outside the repository" in result.output
