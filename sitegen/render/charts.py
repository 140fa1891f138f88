"""Survey charts drawn at build time: SVG bars labelled with their values, plus a data table.

The values are printed beside every bar, so the chart reads without colour; the table beside
it carries the same numbers for screen readers and for copying.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

CHARTS = ("participation", "top_reasons_not_insured", "services_wanted",
          "reasons_by_platform_type", "reasons_by_region")
WIDTH, BAR_MAX, ROW = 640, 520, 40


@dataclass(frozen=True)
class Bar:
    """One labelled value."""

    label: str
    value: float


def chart_html(name: str, survey: dict[str, Any], lang: str, default: str,
               strings: dict[str, str]) -> str:
    """The figure (SVG and data table) for one survey table."""
    table = survey[name]
    title = strings[f"chart_{name}"]
    if "columns" in table:
        columns = [_label(col, lang, default) for col in table["columns"]]
        groups = [(_label(row, lang, default), [
            Bar(column, value) for column, value in zip(columns, row["values"], strict=True)
        ]) for row in table["rows"]]
    else:
        groups = [("", [Bar(_label(row, lang, default), row["percent"])
                        for row in table["rows"]])]
    svg = _svg(name, title, groups)
    data = _table(title, groups, strings)
    caption = escape(title)
    return str(Markup(
        '<figure class="chart" id="chart-{}"><figcaption>{}</figcaption>{}'
        '<details class="chart-data" open><summary>{}</summary>{}</details></figure>'
    ).format(name, caption, Markup(svg), strings["chart_data"], Markup(data)))


def _label(row: dict[str, Any], lang: str, default: str) -> str:
    return str(row.get(lang, row[default]))


def _svg(name: str, title: str, groups: list[tuple[str, list[Bar]]]) -> str:
    parts: list[str] = []
    y = 0
    for heading, bars in groups:
        if heading:
            y += 28
            parts.append(f'<text x="0" y="{y}" class="chart-group">{escape(heading)}</text>')
            y += 6
        for bar in bars:
            width = round(BAR_MAX * bar.value / 100, 1)
            parts.append(
                f'<text x="0" y="{y + 16}">{escape(bar.label)}</text>'
                f'<rect x="0" y="{y + 22}" width="{width}" height="12"/>'
                f'<text x="{width + 6}" y="{y + 33}" class="chart-value">{bar.value:g}%</text>'
            )
            y += ROW
    height = y + 8
    return (f'<svg role="img" aria-labelledby="chart-{name}-title" viewBox="0 0 {WIDTH} '
            f'{height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="chart-{name}-title">{escape(title)}</title>{"".join(parts)}</svg>')


def _table(title: str, groups: list[tuple[str, list[Bar]]], strings: dict[str, str]) -> str:
    if len(groups) == 1:
        item = escape(strings["chart_item"])
        head = f'<tr><th scope="col">{item}</th><th scope="col">%</th></tr>'
        rows = "".join(f'<tr><th scope="row">{escape(b.label)}</th><td>{b.value:g}</td></tr>'
                       for b in groups[0][1])
    else:
        labels = [b.label for b in groups[0][1]]
        head = "<tr><td></td>" + "".join(
            f'<th scope="col">{escape(g)}</th>' for g, _ in groups) + "</tr>"
        rows = "".join(
            f'<tr><th scope="row">{escape(label)}</th>'
            + "".join(f"<td>{bars[i].value:g}</td>" for _, bars in groups) + "</tr>"
            for i, label in enumerate(labels))
    return (f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(title)}">'
            f"<table><thead>{head}</thead><tbody>{rows}</tbody></table></div>")
