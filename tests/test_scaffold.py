"""`sitegen new guide|province`: drafts in every language that `check` accepts as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import run

LANGS = ("zh-CN", "en")


def warnings_of(site: Path) -> list[str]:
    result = run("check", "--root", str(site))
    assert result.exit_code == 0, result.output
    return [line for line in result.output.splitlines() if ": warning: " in line]


def build(site: Path) -> Path:
    result = run("build", "--root", str(site), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return site / "public"


def publish(path: Path) -> None:
    text = path.read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("draft: true")]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_new_guide_is_a_draft_in_every_language_that_check_accepts(mini: Path) -> None:
    before = warnings_of(mini)
    result = run("new", "guide", "hotline-numbers", "--root", str(mini))
    assert result.exit_code == 0, result.output
    folder = mini / "content/guides/hotline-numbers"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{t}.md" for t in LANGS)
    for tag in LANGS:
        assert f"Created content/guides/hotline-numbers/{tag}.md" in result.output
        text = (folder / f"{tag}.md").read_text("utf-8")
        meta = yaml.safe_load(text.split("---\n")[1])
        assert meta["draft"] is True
        assert {"title", "summary", "type", "topics", "audiences", "keywords", "last_reviewed",
                "sources", "changes"} <= set(meta)
        assert {"issuer", "title", "number", "date", "url", "kind"} <= set(meta["sources"][0])
        assert "review_interval_days" in text and "translated_from" in text or tag == "zh-CN"
        assert "# " in text.split("---\n")[1]  # comments explain the fields
    assert "待填写" in (folder / "zh-CN.md").read_text("utf-8")
    assert "TODO" in (folder / "en.md").read_text("utf-8")
    assert warnings_of(mini) == before


def test_a_draft_guide_is_checked_but_not_published(mini: Path) -> None:
    assert run("new", "guide", "hotline-numbers", "--root", str(mini)).exit_code == 0
    public = build(mini)
    assert not (public / "zh/guides/hotline-numbers").exists()
    assert b"hotline-numbers" not in (public / "sitemap.xml").read_bytes()
    draft = mini / "content/guides/hotline-numbers/en.md"
    draft.write_text(draft.read_text("utf-8").replace("topics: [", "topics: [nonsense, "), "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert "content/guides/hotline-numbers/en.md:1:1: error: unknown topic 'nonsense'" in result.output


def test_a_guide_is_published_once_draft_is_removed(mini: Path) -> None:
    assert run("new", "guide", "hotline-numbers", "--root", str(mini)).exit_code == 0
    for tag in LANGS:
        publish(mini / f"content/guides/hotline-numbers/{tag}.md")
    public = build(mini)
    for prefix in ("zh", "en"):
        assert (public / prefix / "guides/hotline-numbers/index.html").is_file()


def test_new_province_has_every_procedure_and_language_and_passes_check(mini: Path) -> None:
    before = warnings_of(mini)
    result = run("new", "province", "hainan", "--root", str(mini))
    assert result.exit_code == 0, result.output
    assert "Created provinces/hainan.yaml" in result.output
    spec = yaml.safe_load((mini / "provinces/hainan.yaml").read_text("utf-8"))
    kinds = yaml.safe_load((mini / "data/procedures.yaml").read_text("utf-8"))["procedures"]
    assert spec["code"] == "hainan" and spec["draft"] is True
    assert spec["procedures"][0]["changes"] == []
    assert spec["procedures"][0]["sources"][0]["kind"] == "official"
    assert [p["id"] for p in spec["procedures"]] == [k["id"] for k in kinds]
    for value in (spec["name"], spec["summary"], spec["cities"], spec["procedures"][0]["title"],
                  spec["procedures"][-1]["steps"][0]):
        assert sorted(value) == sorted(LANGS)
    assert warnings_of(mini) == before
    public = build(mini)
    assert not (public / "zh/provinces/hainan").exists()
    publish(mini / "provinces/hainan.yaml")
    # Published, its placeholder sources are warned about until they name a document's page.
    after = warnings_of(mini)
    new = [w for w in after if w not in before]
    assert len(new) == len(kinds) and all(
        w.startswith("provinces/hainan.yaml:") and "address is only a homepage" in w for w in new)
    assert (build(mini) / "en/provinces/hainan/enroll-pension/index.html").is_file()


@pytest.mark.parametrize(("kind", "name", "existing"), [
    ("guide", "pension-flexible-workers", "content/guides/pension-flexible-workers/zh-CN.md"),
    ("province", "guangdong", "provinces/guangdong.yaml"),
])
def test_existing_files_are_never_overwritten(mini: Path, kind: str, name: str,
                                              existing: str) -> None:
    before = (mini / existing).read_bytes()
    result = run("new", kind, name, "--root", str(mini))
    assert result.exit_code == 1
    assert "exists already" in result.output and "Nothing was written" in result.output
    assert (mini / existing).read_bytes() == before


@pytest.mark.parametrize("name", ["Hainan", "hai_nan", "-hainan", "hainan-", "hai--nan",
                                  "海南", "hainán", "hai nan", "../etc", ""])
@pytest.mark.parametrize("kind", ["guide", "province"])
def test_a_bad_slug_or_code_is_a_usage_error(mini: Path, kind: str, name: str) -> None:
    result = run("new", kind, "--root", str(mini), "--", name)
    assert result.exit_code == 2
    assert "lowercase ASCII letters, digits and single dashes" in result.output
    assert not (mini / "provinces" / f"{name}.yaml").exists()


def test_a_link_to_a_draft_provinces_procedure_is_an_error(mini: Path) -> None:
    assert run("new", "province", "hainan", "--root", str(mini)).exit_code == 0
    guide = mini / "content/guides/pension-flexible-workers/zh-CN.md"
    guide.write_text(guide.read_text("utf-8").replace(
        "guide:medical-insurance#section-1", "procedure:hainan/enroll-pension"), "utf-8")
    result = run("check", "--root", str(mini))
    assert result.exit_code == 1
    assert "no procedure 'hainan/enroll-pension'" in result.output
