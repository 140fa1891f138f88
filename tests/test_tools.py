"""The three ways in: the guided check (tests/test_check.py), the contribution calculator and
the risk scenarios."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sitegen.pages.calculator import (
    DIVISORS,
    contribution,
    pension,
    pension_table,
    percent,
    table,
    tenths,
)

from .browser import serve, strict_csp_handler

HREF = re.compile(r'<a [^>]*href="(/[^"#?]*)')


@pytest.fixture(scope="module")
def public(repo_public: Path) -> Path:
    """The real content, built once for the test session (without PDFs)."""
    return repo_public


# ---- the calculator's arithmetic, against hand-computed cases -----------------------------


@pytest.mark.parametrize(("base", "period", "total", "pooled", "personal"), [
    (60, "month", "12%", "7.2%", "4.8%"),      # 20% of 60%; 12% and 8% of 60%
    (60, "quarter", "36%", "21.6%", "14.4%"),   # three months
    (60, "year", "144%", "86.4%", "57.6%"),     # twelve months
    (100, "month", "20%", "12%", "8%"),
    (300, "year", "720%", "432%", "288%"),
    (63, "month", "12.6%", "7.56%", "5.04%"),
    (155, "quarter", "93%", "55.8%", "37.2%"),
])
def test_contribution_matches_hand_computed(base: int, period: str, total: str, pooled: str,
                                            personal: str) -> None:
    result = contribution(base, period)
    assert (percent(result.total), percent(result.pooled), percent(result.personal)) == (
        total, pooled, personal)
    assert result.total == result.pooled + result.personal


@pytest.mark.parametrize("base", [59, 301])
def test_contribution_refuses_a_base_outside_the_range(base: int) -> None:
    with pytest.raises(ValueError):
        contribution(base, "month")


def test_table_has_the_common_bases() -> None:
    assert [row["month"].base for row in table()] == [60, 80, 100, 150, 200, 300]


# ---- what you will get: the pension estimate, against hand-computed cases ----------------


@pytest.mark.parametrize(("base", "years", "age", "total", "basic", "personal"), [
    # basic: (100% + 60%) / 2 × 15 × 1% = 12%; account: 60% × 8% × 180 = 864% / 139 = 6.216%
    (60, 15, 60, "18.2%", "12%", "6.2%"),
    # basic: 100% × 20% = 20%; account: 8% × 240 = 1920% / 139 = 13.81%
    (100, 20, 60, "33.8%", "20%", "13.8%"),
    (60, 20, 60, "24.3%", "16%", "8.3%"),       # 80% × 20%; 1152% / 139 = 8.29%
    (100, 15, 60, "25.4%", "15%", "10.4%"),     # 1440% / 139 = 10.36%
    (100, 15, 55, "23.5%", "15%", "8.5%"),      # 1440% / 170 = 8.47%
    (100, 15, 50, "22.4%", "15%", "7.4%"),      # 1440% / 195 = 7.38%
    (63, 17, 50, "19.2%", "13.9%", "5.3%"),     # 81.5% × 17% = 13.855%; 1028.16% / 195 = 5.27%
    (300, 30, 60, "122.2%", "60%", "62.2%"),    # 200% × 30%; 300% × 8% × 360 = 8640% / 139 = 62.16%
])
def test_pension_matches_hand_computed(base: int, years: int, age: int, total: str, basic: str,
                                       personal: str) -> None:
    result = pension(base, years, age)
    assert (tenths(result.total), tenths(result.basic), tenths(result.personal)) == (
        total, basic, personal)


def test_the_divisors_are_the_statutory_months() -> None:
    assert DIVISORS == {60: 139, 55: 170, 50: 195}


@pytest.mark.parametrize(("base", "years"), [(59, 15), (301, 15), (100, 0), (100, 46)])
def test_pension_refuses_a_base_or_years_outside_the_range(base: int, years: int) -> None:
    with pytest.raises(ValueError):
        pension(base, years, 60)


def test_pension_table_sets_typical_choices_side_by_side() -> None:
    rows = pension_table()
    assert [row[0].base for row in rows] == [60, 100, 200, 300]
    assert [p.years for p in rows[0]] == [15, 20, 30]
    assert [tenths(p.total) for p in rows[0][:2]] == ["18.2%", "24.3%"]
    assert [tenths(p.total) for p in rows[1][:2]] == ["25.4%", "33.8%"]


# ---- the built pages ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/zh/check/", "/en/check/", "/zh/check/courier/",
                                 "/en/check/courier/",
                                 "/zh/calculator/", "/en/calculator/",
                                 "/zh/scenarios/", "/en/scenarios/", "/zh/", "/en/"])
def test_tool_pages_link_only_to_pages_that_exist(public: Path, url: str) -> None:
    html = (public / url.lstrip("/") / "index.html").read_text("utf-8")
    for href in HREF.findall(html):
        target = public / href.lstrip("/")
        assert (target / "index.html" if href.endswith("/") else target).is_file(), href


def test_home_links_to_the_three_tools(public: Path) -> None:
    for prefix in ("zh", "en"):
        html = (public / prefix / "index.html").read_text("utf-8")
        for path in ("check/", "calculator/", "scenarios/"):
            assert f'href="/{prefix}/{path}"' in html


def test_scenarios_have_both_sides_and_decorative_pictures(public: Path) -> None:
    html = (public / "en/scenarios/index.html").read_text("utf-8")
    assert html.count('class="side insured"') == html.count('class="side uninsured"') == 4
    assert html.count('aria-hidden="true" focusable="false">\n<title>') == 4
    assert "12333" in html
    assert "¥" not in html and "yuan" not in html.replace("yuan figure", "")


def test_tools_are_in_the_sitemap_and_search(public: Path) -> None:
    sitemap = (public / "sitemap.xml").read_text("utf-8")
    for path in ("/zh/check/", "/en/calculator/", "/zh/scenarios/"):
        assert f"{path}</loc>" in sitemap
    assert "/check/courier/" not in sitemap  # the check's further pages: one per path
    for prefix in ("zh", "en"):
        entries = json.loads((public / prefix / "search/catalogue.json").read_text("utf-8"))
        kinds = {e["kind"] for e in entries}
        assert {"check", "calculator", "scenarios"} <= kinds
        assert not {"check-question", "check-plan"} & kinds


# ---- in the browser, with and without JavaScript -----------------------------------------


@pytest.fixture(scope="module")
def site_url(public: Path) -> Iterator[str]:
    with serve(public, strict_csp_handler()) as url:
        yield url



@pytest.mark.parametrize("base", [60, 150, 300])
def test_calculator_script_equals_the_table(chromium: Any, site_url: str, base: int) -> None:
    page = chromium.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site_url}/zh/calculator/")
    row = page.locator(f'tr[data-base="{base}"]')
    for months in ("1", "3", "12"):
        page.fill("#calc-base", str(base))
        page.select_option("#calc-period", months)
        page.click(".calculator-form button")
        shown = page.locator(".calculator-result").get_attribute("data-total")
        assert shown == row.locator(f'td[data-period="{months}"]').inner_text()
    page.close()


def test_without_javascript_the_forms_stay_hidden(chromium: Any, site_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site_url}/en/calculator/")
    assert not page.locator(".calculator-form").is_visible()
    assert page.locator('tr[data-base="80"] td[data-period="12"]').inner_text() == "192%"
    context.close()


@pytest.mark.parametrize(("lang", "base", "years"), [("zh", 60, 15), ("en", 100, 20),
                                                     ("zh", 300, 30)])
def test_pension_script_equals_the_table(chromium: Any, site_url: str, lang: str, base: int,
                                         years: int) -> None:
    page = chromium.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site_url}/{lang}/calculator/")
    page.fill("#pension-base", str(base))
    page.fill("#pension-years", str(years))
    page.select_option("#pension-age", "60")
    page.click(".pension-form button")
    shown = page.locator(".pension-result").get_attribute("data-total")
    cell = page.locator(f'.pension-table tr[data-base="{base}"] td[data-years="{years}"]')
    assert shown == cell.locator(".pension-total").inner_text()
    page.close()


def test_pension_table_without_javascript(chromium: Any, site_url: str) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/en/calculator/")
    assert not page.locator(".pension-form").is_visible()
    cell = page.locator('.pension-table tr[data-base="60"] td[data-years="15"] .pension-total')
    assert cell.inner_text() == "18.2%"
    assert "12333" in page.locator(".pension-confirm").inner_text()
    context.close()
