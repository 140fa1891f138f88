"""`sitegen check` for editors: stale reviews, missing translations, links, GitHub annotations."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.check import github_annotation
from sitegen.errors import ContentError

from .conftest import edit, run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
PROVINCE = "provinces/guangdong.yaml"




def line_of(site: Path, rel: str, text: str, occurrence: int = 1) -> int:
    lines = (site / rel).read_text("utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if text in line]
    return hits[occurrence - 1]


def test_the_table_of_missing_translations_ends_the_report(mini: Path) -> None:
    edit(mini, PROVINCE, "summary: {zh-CN: 广东省的社保办事流程。, en: Social insurance procedures in Guangdong.}",
         "summary: {zh-CN: 广东省的社保办事流程。}")
    edit(mini, PROVINCE, "time_and_cost: {zh-CN: 按月缴费。, en: Pay monthly.}",
         "time_and_cost: {zh-CN: 按月缴费。}")
    result = run("check", "--root", str(mini), "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("Missing translations:")
    assert lines[start + 1].split() == ["language", "count", "where"]
    assert lines[start + 2].split(None, 2) == [
        "en", "3", f"content/guides/medical-insurance/en.md, {PROVINCE} (2)"]
    assert lines[-1] == "No errors (3 warnings)."


def test_no_table_when_everything_is_translated(mini: Path) -> None:
    folder = mini / "content/guides/medical-insurance"
    (folder / "en.md").write_bytes((folder / "zh-CN.md").read_bytes())
    result = run("check", "--root", str(mini), "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.output
    assert "Missing translations" not in result.output
    assert "No errors (0 warnings)." in result.output


def test_content_not_reviewed_for_too_long_is_named_at_its_last_reviewed_line(mini: Path) -> None:
    # 2026-11-23 + 190 days: past the fixture's review_threshold_days of 180.
    result = run("check", "--root", str(mini), "--as-of", "2027-06-01")
    assert result.exit_code == 0, result.output
    expected = [
        f"{GUIDE}:{line_of(mini, GUIDE, 'last_reviewed:')}:16: warning: last reviewed on "
        "2026-11-23 (190 days ago; the limit is 180)",
        f"{PROVINCE}:{line_of(mini, PROVINCE, 'last_reviewed:')}:16: warning: last reviewed",
        f"{PROVINCE}:{line_of(mini, PROVINCE, 'last_reviewed:', 2)}:20: warning: last reviewed",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in result.output.splitlines()), start
    assert "hint: check the text against its sources" in result.output
    assert run("check", "--root", str(mini), "--as-of", "2027-06-01", "--strict").exit_code == 1


def test_the_threshold_comes_from_site_yaml(mini: Path) -> None:
    edit(mini, "site.yaml", "review_threshold_days: 180", "review_threshold_days: 365")
    result = run("check", "--root", str(mini), "--as-of", "2027-06-01")
    assert "last reviewed on" not in result.output
    result = run("check", "--root", str(mini), "--as-of", "2027-11-24")
    assert "(366 days ago; the limit is 365)" in result.output


def test_a_review_date_in_the_future_is_a_warning(mini: Path) -> None:
    edit(mini, GUIDE, "last_reviewed: 2026-11-23", "last_reviewed: 2062-11-23")
    result = run("check", "--root", str(mini), "--as-of", "2026-11-23")
    assert result.exit_code == 0
    assert f"{GUIDE}:8:16: warning: last_reviewed 2062-11-23 is in the future" in result.output


@pytest.mark.parametrize(("old", "new", "message"), [
    ("guide:medical-insurance#section-1", "guide:medical-insurance#section-7",
     "guide 'medical-insurance' has no anchor '#section-7'"),
    ("guide:medical-insurance#section-1", "guide:no-such-guide", "no guide 'no-such-guide'"),
    ("guide:medical-insurance#section-1", "procedure:guangdong/pay-online",
     "no procedure 'guangdong/pay-online'"),
    ("guide:medical-insurance#section-1", "procedure:hainan/enroll-pension",
     "no procedure 'hainan/enroll-pension'"),
    ("guide:medical-insurance#section-1", "glossary:no-such-term", "no glossary term 'no-such-term'"),
])
def test_broken_internal_links_are_errors_at_their_place(
        mini: Path, old: str, new: str, message: str) -> None:
    edit(mini, GUIDE, old, new)
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    line = line_of(mini, GUIDE, new)
    col = (mini / GUIDE).read_text("utf-8").splitlines()[line - 1].index(new) + 1
    assert f"{GUIDE}:{line}:{col}: error: {message}" in result.output


def test_github_format_puts_errors_on_the_pull_requests_lines(mini: Path) -> None:
    edit(mini, PROVINCE, "summary: {zh-CN: 广东", "sumary: {zh-CN: 广东")
    result = run("check", "--root", str(mini), "--format", "github", "--as-of", "2026-11-23")
    assert result.exit_code == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert any(a.startswith(
        f"::error file={PROVINCE},line=4,col=1,title=sitegen check::unknown key 'sumary'"
        "%0Ahint: did you mean 'summary'? allowed keys here: ") for a in annotations), annotations
    assert "error:" not in result.stdout  # the human format is not mixed in
    edit(mini, PROVINCE, "sumary: {zh-CN: 广东", "summary: {zh-CN: 广东")
    result = run("check", "--root", str(mini), "--format", "github", "--as-of", "2026-11-23")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "::warning file=content/guides/medical-insurance/en.md,title=sitegen check::"
        "guide 'medical-insurance' is not translated into 'en'%0Ahint: ")


def test_github_annotations_escape_workflow_command_characters() -> None:
    problem = ContentError("a,b:c%.md", 3, 4, "100% wrong\r\nsecond line", "fix: it, now")
    assert github_annotation(problem) == (
        "::error file=a%2Cb%3Ac%25.md,line=3,col=4,title=sitegen check::"
        "100%25 wrong%0D%0Asecond line%0Ahint: fix: it, now")
    warning = ContentError("site.yaml", 0, 0, "no line", severity="warning")
    assert github_annotation(warning) == "::warning file=site.yaml,title=sitegen check::no line"
