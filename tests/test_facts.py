"""Policy facts: written once in data/policies.yaml, shown wherever `[[fact:…]]` refers to them
(pages, sources, handouts), checked with `path:line:col`, and due for review by a date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitegen import build as builder
from sitegen.handouts.sheets import Sheets
from sitegen.pages.base import GuideRef

from .conftest import built_page, edit, run

GUIDE = "content/guides/pension-flexible-workers/zh-CN.md"
PROVINCE = "provinces/guangdong.yaml"
POLICIES = "data/policies.yaml"




def place(site: Path, rel: str, text: str) -> str:
    """`path:line:col` of the first `text` in file `rel`."""
    for number, line in enumerate((site / rel).read_text("utf-8").splitlines(), 1):
        if text in line:
            return f"{rel}:{number}:{line.index(text) + 1}"
    raise AssertionError(f"{text!r} not in {rel}")


def test_a_fact_is_shown_in_every_language_with_its_source(mini: Path) -> None:
    guide = built_page(mini, "/zh/guides/pension-flexible-workers/")
    assert "<p>职业伤害保障2026年推开到全国所有省份。</p>" in guide
    assert "[[fact:" not in guide
    assert ("江苏省人力资源社会保障厅等十部门《关于扩大新就业形态人员职业伤害保障试点工作的通知》"
            '</a> <span class="source-detail">(苏人社发〔2025〕31号，2025年9月18日)</span>'
            in guide)
    procedure = (mini / "public/en/provinces/guangdong/enroll-pension/index.html").read_text()
    assert ("Hurt on an order? Occupational-injury protection was piloted in seven provinces "
            "from July 2022.") in procedure
    assert "(苏人社发〔2025〕31号, 18 September 2025)" in procedure
    zh = (mini / "public/zh/provinces/guangdong/enroll-pension/index.html").read_text()
    assert "接单受伤：2022年7月起在7个省市试点。" in zh


def test_one_edit_of_the_fact_changes_every_page(mini: Path) -> None:
    built_page(mini, "/zh/guides/pension-flexible-workers/")
    edit(mini, POLICIES, "2022年7月起在7个省市试点", "2022年7月起在北京等7个省市试点")
    edit(mini, POLICIES, "2026年推开到全国所有省份", "2026年在全国推开")
    assert "职业伤害保障2026年在全国推开。" in built_page(mini, "/zh/guides/pension-flexible-workers/")
    procedure = (mini / "public/zh/provinces/guangdong/enroll-pension/index.html").read_text()
    assert "接单受伤：2022年7月起在北京等7个省市试点。" in procedure


def test_handouts_show_the_fact_and_its_source(mini: Path) -> None:
    site, _, env = builder.load(mini)
    assert site is not None
    sheet = Sheets(site).sheet(site.page(GuideRef("pension-flexible-workers"), "zh-CN"))
    names = [name for name, _ in sheet.sources]
    assert any(name.startswith("江苏省人力资源社会保障厅等十部门《") and "苏人社发〔2025〕31号" in name
               for name in names), names


@pytest.mark.parametrize(("rel", "old", "new", "message", "hint"), [
    (GUIDE, "[[fact:injury-rollout]]", "[[fact:injury-rolout]]",
     "unknown policy fact 'injury-rolout'", "did you mean 'injury-rollout'?"),
    (GUIDE, "[[fact:injury-rollout]]", "[[fact:injury-rollout.pilto]]",
     "policy fact 'injury-rollout' has no part 'pilto'", "did you mean 'pilot'?"),
    (PROVINCE, "[[fact:injury-rollout.pilot]]。", "[[fact:injury-rollout.start]]。",
     "policy fact 'injury-rollout' has no part 'start'", "one of its parts: pilot"),
    (PROVINCE, "[[fact:injury-rollout.pilot]]。", "[[fact:injury rollout]]。",
     "malformed fact reference '[[fact:injury rollout]]'", "write [[fact:ID]] or"),
    (POLICIES, "{zh-CN: 2022年7月起在7个省市试点,", "{zh-CN: \"[[fact:injury-rollout]]\",",
     "a fact cannot refer to another fact", "write the words out"),
])
def test_a_wrong_reference_is_an_error_at_its_place(
        mini: Path, rel: str, old: str, new: str, message: str, hint: str) -> None:
    edit(mini, rel, old, new)
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    where = place(mini, rel, re.search(r"\[\[fact:[^\]]*", new).group())  # type: ignore[union-attr]
    lines = result.output.splitlines()
    hit = [i for i, line in enumerate(lines) if line == f"{where}: error: {message}"]
    assert hit, result.output
    assert lines[hit[0] + 1].startswith("  hint: ") and hint in lines[hit[0] + 1]
    assert run("build", "--root", str(mini), "--no-pdf", "--no-search").exit_code == 1


def test_a_reference_that_starts_a_yaml_value_needs_quotes(mini: Path) -> None:
    text = (mini / PROVINCE).read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("    notes:"))
    text[at: at + 1] = ["    notes:", "      zh-CN: [[fact:injury-rollout]] 接单受伤", "      en: x"]
    (mini / PROVINCE).write_text("\n".join(text) + "\n", "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert f"{PROVINCE}:{at + 2}:" in result.output
    assert "put a text that starts with [[fact:…]] in quotes" in result.output


def test_a_fact_past_its_review_date_is_a_warning(mini: Path) -> None:
    result = run("check", "--root", str(mini), "--as-of", "2027-01-31")
    assert "policy fact" not in result.output
    result = run("check", "--root", str(mini), "--as-of", "2027-02-01")
    assert result.exit_code == 0, result.output
    assert (f"{place(mini, POLICIES, '2027-01-31')}: warning: policy fact 'injury-rollout' was "
            "due for review by 2027-01-31 (1 days ago)") in result.output
    assert run("check", "--root", str(mini), "--as-of", "2027-02-01", "--strict").exit_code == 1
