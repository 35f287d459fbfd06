"""The HTML report's trend per indicator: a small inline SVG line chart of the realisasi over
the years available (earlier years from the data, then the scored year), with no script and no
external resource, so that it prints as drawn."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dsl.i18n import _
from engine.render.charts import fit_lines
from engine.render.comparisons import IndicatorComparison
from engine.render.summary import summarize
from engine.ruleset.model import Ruleset
from engine.scoring.result import Presented, Result

_W, _H = 360.0, 150.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 28.0, 28.0, 34.0, 26.0


def trend_chart(compared: IndicatorComparison) -> str:
    """The indicator's realisasi per year as an SVG line chart; "" with fewer than two years
    that have a value (one point is no trend)."""
    points = [(year, value) for year, value in compared.trend if value.rounded is not None]
    if len(points) < 2:
        return ""
    values = [float(value.rounded or 0.0) for _year, value in points]
    low, high = min(values), max(values)
    span = (high - low) or max(abs(high), 1.0) * 0.1
    step = (_W - _LEFT - _RIGHT) / (len(points) - 1)

    def y(v: float) -> float:
        return _TOP + (high - v) / span * (_H - _TOP - _BOTTOM)

    xy = [(_LEFT + n * step, y(v)) for n, v in enumerate(values)]
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in xy)
    name = fit_lines(compared.name, _W - 8, 1)[0]
    parts = [
        f'<text x="4" y="14" font-weight="bold">{escape(name)}</text>',
        f'<polyline points="{line}" fill="none" stroke="#0969DA" stroke-width="2"/>',
    ]
    parts += [_point(x, yy, year, value) for (x, yy), (year, value) in zip(xy, points, strict=True)]
    label = _("Trend of {indicator}").format(indicator=compared.name)
    return (
        f'<svg class="chart trend" viewBox="0 0 {_W:.0f} {_H:.0f}" width="{_W:.0f}" '
        f'height="{_H:.0f}" style="max-width:{_W:.0f}px" role="img" '
        f'aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>{''.join(parts)}</svg>"
    )


def _point(x: float, y: float, year: str, value: Presented) -> str:
    """A point with its value above it and its year below the axis."""
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="#0969DA"/>'
        f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="10">'
        f"{escape(value.office_text())}</text>"
        f'<text x="{x:.1f}" y="{_H - 8:.0f}" text-anchor="middle" font-size="10">'
        f"{escape(year)}</text>"
    )


def trend_section(rows: Sequence[IndicatorComparison]) -> str:
    """The charts of the indicators with a trend, as one `<section>`; "" when none has one."""
    charts = [chart for chart in map(trend_chart, rows) if chart]
    if not charts:
        return ""
    heading = escape(_("Trend per indicator"))
    figures = "".join(f'<figure style="margin:0">{chart}</figure>' for chart in charts)
    grid = f'<div style="display:flex;flex-wrap:wrap;gap:8px 16px">{figures}</div>'
    return f'<section class="trends"><h2>{heading}</h2>{grid}</section>'


def trends_of(result: Result, ruleset: Ruleset | None) -> str:
    """The trend section of the units the summary shows a table for; "" when the result has no
    earlier year (a ruleset without them keeps its report)."""
    if ruleset is None or not result.earlier:
        return ""
    tables = summarize(result, ruleset).tables
    return "".join(trend_section(table.comparisons) for table in tables)
