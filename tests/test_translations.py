"""Translations that say when they are behind: `sitegen translated` records the original's
revision; a later edit of the original makes check list the translation as outdated, and the
translated page tells its readers, with the date and a link to the original."""

from __future__ import annotations

from pathlib import Path

from .conftest import edit, run

SLUG = "pension-flexible-workers"
ORIGINAL = f"content/guides/{SLUG}/zh-CN.md"
TRANSLATION = f"content/guides/{SLUG}/en.md"
NOTICE = "The original of this page (中文) was changed on"




def build(site: Path) -> Path:
    result = run("build", "--root", str(site), "--no-pdf", "--no-search", "--jobs", "1")
    assert result.exit_code == 0, result.output
    return site / "public"


def read(public: Path, url: str) -> str:
    return (public / url.lstrip("/") / "index.html").read_text("utf-8")


def translated(site: Path) -> None:
    result = run("translated", SLUG, "en", "--root", str(site))
    assert result.exit_code == 0, result.output
    assert f"Recorded in {TRANSLATION}: translated from revision " in result.output


def test_a_recorded_translation_is_up_to_date(mini: Path) -> None:
    public = build(mini)
    assert "Not recorded" in read(public, "/en/translations/")
    translated(mini)
    assert "\ntranslated_from: " in (mini / TRANSLATION).read_text("utf-8")
    result = run("check", "--root", str(mini), "--as-of", "2026-11-23")
    assert result.exit_code == 0 and "older than its original" not in result.output
    public = build(mini)
    assert NOTICE not in read(public, f"/en/guides/{SLUG}/")
    status = read(public, "/en/translations/")
    assert '<td class="translation-current"><a href="/en/guides/pension-flexible-workers/">Up to date' in status
    assert '<td class="translation-missing">Missing</td>' in status  # medical-insurance
    assert '<meta name="robots" content="noindex">' in status
    assert "/translations/" not in (public / "sitemap.xml").read_text("utf-8")


def test_an_edit_of_the_original_marks_the_translation_outdated(mini: Path) -> None:
    translated(mini)
    build(mini)
    edit(mini, ORIGINAL, "外卖配送员一般都可以参保。", "外卖配送员和快递员一般都可以参保。")
    edit(mini, ORIGINAL, "changes:\n", "changes:\n  - date: 2026-12-01\n    type: minor\n"
         "    note: 写明快递员也可以参保。\n")
    result = run("check", "--root", str(mini), "--as-of", "2026-12-01")
    assert result.exit_code == 0, result.output
    line = next(i for i, text in enumerate((mini / TRANSLATION).read_text().splitlines(), 1)
                if text.startswith("translated_from:"))
    assert (f"{TRANSLATION}:{line}:18: warning: the 'en' translation is older than its original "
            f"({ORIGINAL}, changed on 2026-12-01)") in result.output
    assert f"hint: bring it up to date with zh-CN.md, then run `sitegen translated {SLUG} en`" \
        in result.output
    lines = result.stdout.splitlines()
    table = lines.index("Outdated translations:")
    assert lines[table + 2].split() == ["en", "1", TRANSLATION]
    assert run("check", "--root", str(mini), "--as-of", "2026-12-01", "--strict").exit_code == 1

    public = build(mini)
    html = read(public, f"/en/guides/{SLUG}/")
    assert ('<p class="notice outdated">The original of this page (中文) was changed on '
            "1 December 2026, after this translation was made: parts of this page may be out of "
            f'date. <a href="/zh/guides/{SLUG}/" hreflang="zh-CN">Read the original (中文)</a></p>'
            ) in html
    assert "notice outdated" not in read(public, f"/zh/guides/{SLUG}/")
    assert "Outdated: the original changed on 1 December 2026" in read(public, "/en/translations/")
    assert "落后：原文2026年12月1日更新" in read(public, "/zh/translations/")

    translated(mini)  # the translator brings it up to date and records it
    assert "older than its original" not in run("check", "--root", str(mini)).output
    assert NOTICE not in read(build(mini), f"/en/guides/{SLUG}/")


def test_a_changed_fact_or_review_date_does_not_outdate_translations(mini: Path) -> None:
    translated(mini)
    edit(mini, "data/policies.yaml", "2026年推开到全国所有省份", "2026年在全国推开")
    edit(mini, ORIGINAL, "last_reviewed: 2026-11-23", "last_reviewed: 2026-11-30")
    result = run("check", "--root", str(mini), "--as-of", "2026-12-01")
    assert "older than its original" not in result.output


def test_translated_names_a_translation(mini: Path) -> None:
    result = run("translated", SLUG, "zh-CN", "--root", str(mini))
    assert result.exit_code == 1 and "'zh-CN' is not a translation language here" in result.output
    result = run("translated", "medical-insurance", "en", "--root", str(mini))
    assert result.exit_code == 1 and "content/guides/medical-insurance/en.md: error: no such file" \
        in result.output
    assert run("translated", "No_Such", "en", "--root", str(mini)).exit_code == 2
