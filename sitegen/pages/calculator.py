"""The contribution calculator (`/{lang}/calculator/`) and its arithmetic: employee pension
paid as a flexible worker.

The contribution base is chosen between 60% and 300% of the provincial average monthly wage;
20% of the base is paid, 12 points into the pooled fund and 8 into the personal account.
Amounts are shares of the average monthly wage in hundredths of a percent, exact integers,
so `templates/static/tools.js` computes the same figures the table shows.

What you will get, by the national formula: the basic pension is (the average wage + your
indexed wage) / 2 × 1% for each year paid; the personal-account pension is the account
divided by the months divisor for the retirement age (the table of the State Council's 2005
decision, 国发〔2005〕38号). Simplified: the same base every year, so the indexed wage is the base;
the account is 8% of the base for each month paid, with no interest. Shares are rounded to
tenths of a percent, half up, in integers, as `tools.js` does.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sitegen.handouts.sheets import Costs, Sheet, Sheets
from sitegen.pages.base import Context, GuideRef, Kind, Page, named_page

if TYPE_CHECKING:
    from sitegen.render.engine import Renderer

POOLED_RATE = 12  # percent of the base
PERSONAL_RATE = 8
TOTAL_RATE = POOLED_RATE + PERSONAL_RATE
BASE_MIN, BASE_MAX = 60, 300  # percent of the average monthly wage
PERIODS = {"month": 1, "quarter": 3, "year": 12}
TABLE_BASES = (60, 80, 100, 150, 200, 300)
DIVISORS = {60: 139, 55: 170, 50: 195}  # months, by retirement age (国发〔2005〕38号)
YEARS_MIN, YEARS_MAX = 1, 45
PENSION_BASES = (60, 100, 200, 300)  # the no-JavaScript pension table, side by side
PENSION_YEARS = (15, 20, 30)
PENSION_AGE = 60


@dataclass(frozen=True)
class Contribution:
    """What one period costs, in hundredths of a percent of the average monthly wage."""

    base: int
    period: str
    total: int
    pooled: int
    personal: int


def contribution(base: int, period: str) -> Contribution:
    """The contribution for a base (percent of the average monthly wage) and a period."""
    if not BASE_MIN <= base <= BASE_MAX:
        raise ValueError(f"the base must be {BASE_MIN}% to {BASE_MAX}% of the average wage")
    months = PERIODS[period]
    # base% × rate% = base × rate hundredths of a percent
    pooled, personal = base * POOLED_RATE * months, base * PERSONAL_RATE * months
    return Contribution(base, period, pooled + personal, pooled, personal)


def percent(hundredths: int) -> str:
    """Hundredths of a percent as the reader sees them: 1200 → "12%", 1260 → "12.6%"."""
    whole, rest = divmod(hundredths, 100)
    if rest == 0:
        return f"{whole}%"
    return f"{whole}.{rest:02d}".rstrip("0") + "%"


@dataclass(frozen=True)
class Pension:
    """A monthly pension estimate, in tenths of a percent of the average monthly wage."""

    base: int
    years: int
    age: int
    basic: int
    personal: int

    @property
    def total(self) -> int:
        """The basic and the personal-account pension together."""
        return self.basic + self.personal


def _round_div(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up, for non-negative integers."""
    return (2 * numerator + denominator) // (2 * denominator)


def pension(base: int, years: int, age: int) -> Pension:
    """The estimate for a base (percent of the average wage), years paid and retirement age."""
    if not BASE_MIN <= base <= BASE_MAX:
        raise ValueError(f"the base must be {BASE_MIN}% to {BASE_MAX}% of the average wage")
    if not YEARS_MIN <= years <= YEARS_MAX:
        raise ValueError(f"the years must be {YEARS_MIN} to {YEARS_MAX}")
    # (100% + base%) / 2 × years × 1%, in tenths of a percent: (100 + base) × years / 20
    basic = _round_div((100 + base) * years, 20)
    # base% × 8% × 12 months × years / divisor, in tenths of a percent
    personal = _round_div(base * PERSONAL_RATE * 12 * years, 10 * DIVISORS[age])
    return Pension(base, years, age, basic, personal)


def tenths(value: int) -> str:
    """Tenths of a percent as the reader sees them: 120 → "12%", 104 → "10.4%"."""
    whole, rest = divmod(value, 10)
    return f"{whole}%" if rest == 0 else f"{whole}.{rest}%"


def pension_table() -> list[list[Pension]]:
    """The no-JavaScript estimates: one row per base, one entry per number of years."""
    return [[pension(base, years, PENSION_AGE) for years in PENSION_YEARS]
            for base in PENSION_BASES]


def table() -> list[dict[str, Contribution]]:
    """The no-JavaScript table: one row per common base, one entry per period."""
    return [{period: contribution(base, period) for period in PERIODS} for base in TABLE_BASES]


def _context(r: Renderer | Sheets, page: Page) -> Context:
    """The pre-computed table and the rates, for the page and its script."""
    return {"calc": sys.modules[__name__], "calc_rows": table(), "percent": percent,
            "pension_rows": pension_table(), "tenths": tenths,
            "pension_guide": GuideRef(r.site.procedure_kinds["enroll-pension"].guide).key}


def _sheet(s: Sheets, page: Page) -> Sheet:
    """The rule and the table of common bases, as the page shows them."""
    t, data = s.strings(page), _context(s, page)
    rule = t["calculator_rule"].format(min=BASE_MIN, max=BASE_MAX, total=TOTAL_RATE,
                                       pooled=POOLED_RATE, personal=PERSONAL_RATE)
    head = (t["calculator_base_col"], *(t[f"period_{p}"] for p in PERIODS),
            t["calculator_split_col"])
    rows = tuple((f"{row['month'].base}%", *(percent(row[p].total) for p in PERIODS),
                  t["calculator_split"].format(pooled=percent(row["month"].pooled),
                                               personal=percent(row["month"].personal)))
                 for row in data["calc_rows"])
    guide = s.site.guides[data["pension_guide"].removeprefix("guide/")]
    url = s.canonical(page)
    return Sheet(
        kind="calculator", anchor="calculator", content_lang=page.content_lang,
        kicker=s.site_title(page.lang.tag), title=page.title, summary=page.description,
        url=url, qr=s.qr(url, t), reviewed="",
        reviewed_on=guide.default.meta.last_reviewed, costs=Costs(rule, head, rows),
        estimate=_estimate(t, data["pension_rows"]), ask=t["calculator_confirm"])


def _estimate(t: dict[str, str], rows: list[list[Pension]]) -> Costs:
    """The page's table of pension estimates (the one shown without JavaScript), its title and
    its note: a share of the average wage per base and years paid, split as on the page."""
    title = t["pension_table_title"].format(age=PENSION_AGE, months=DIVISORS[PENSION_AGE])
    head = (t["calculator_base_col"], *(t["pension_years_col"].format(years=y)
                                        for y in PENSION_YEARS))
    body = tuple((f"{row[0].base}%", *(  # the total, then its split on a line of its own
        tenths(p.total) + "\n" + t["pension_split"].format(basic=tenths(p.basic),
                                                            personal=tenths(p.personal))
        for p in row)) for row in rows)
    note = t["pension_table_note"].format(age=PENSION_AGE, m55=DIVISORS[55], m50=DIVISORS[50])
    return Costs(title, head, body, f"{note} {t['pension_confirm']}")


KINDS = (Kind("calculator", lambda draft, lang: [named_page(draft, lang, "calculator",
                                                            "calculator/")],
              _context, indexed=True, sheet=_sheet),)
