"""Predikat colours and the report's inline SVG charts (capaian per indicator, rankings)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from engine.scoring.result import Presented

# predikat colours ----------------------------------------------------------------------------

# (words in the label, tone); the first match wins, so "sangat rendah" is tested before "rendah".
_TONES = (
    (("sangat rendah", "sangat kurang", "tidak baik", "buruk"), "sr"),
    (("sangat tinggi", "sangat baik", "istimewa"), "st"),
    (("kurang", "rendah"), "r"),
    (("sedang", "cukup"), "s"),
    (("tinggi", "baik"), "t"),
)
TONE_COLOURS = {
    "st": "1A7F37",
    "t": "56B870",
    "s": "F2C94C",
    "r": "F08C3A",
    "sr": "CF222E",
    "x": "8C959F",
}


def tone_of(label: str) -> str:
    """The colour tone of a predikat: st, t, s, r, sr, or x for labels not on the usual scale."""
    folded = " ".join(label.casefold().split())
    return next((tone for words, tone in _TONES if any(w in folded for w in words)), "x")


# charts --------------------------------------------------------------------------------------

_LABEL_W, _BAR_W, _ROW_H = 330, 430, 22


def capaian_chart(bars: Sequence[tuple[str, Presented, str | None]]) -> str:
    """Horizontal capaian bars per indicator with a dashed 100% line, as inline SVG."""
    values = [f.rounded for _, f, _ in bars if f.rounded is not None]
    scale = min(max([120.0, *values]), 200.0)
    x100 = _LABEL_W + 100 / scale * _BAR_W
    bottom = 8 + len(bars) * _ROW_H
    parts = [
        f'<line x1="{x100:.1f}" y1="4" x2="{x100:.1f}" y2="{bottom}" stroke="#1f2328" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{x100:.1f}" y="{bottom + 14}" text-anchor="middle">100%</text>',
    ]
    parts += [
        _bar_row(n, label, fig, _bar_colour(pred), scale)
        for n, (label, fig, pred) in enumerate(bars)
    ]
    return _svg(parts, bottom + 20, "Capaian per indikator")


def rank_chart(rows: Sequence[tuple[str, int | None, Presented]]) -> str:
    """Horizontal bars of the ranked value per unit, in rank order, as inline SVG."""
    values = [f.rounded for _, _, f in rows if f.rounded is not None]
    scale = max([*values, 1e-9]) * 1.05
    parts = [
        _bar_row(n, f"{rank if rank is not None else '–'}. {label}", fig, "#0969DA", scale)
        for n, (label, rank, fig) in enumerate(rows)
    ]
    return _svg(parts, 12 + len(rows) * _ROW_H, "Peringkat")


def _bar_colour(predikat: str | None) -> str:
    """The bar fill: the predikat colour, or blue when the indicator has no predikat."""
    return "#" + TONE_COLOURS[tone_of(predikat)] if predikat else "#4F81BD"


def _bar_row(n: int, label: str, fig: Presented, colour: str, scale: float) -> str:
    """One labelled bar (or an N/A mark) at row n."""
    y = 8 + n * _ROW_H
    short = label if len(label) <= 48 else label[:47] + "…"
    text = (
        f'<text x="{_LABEL_W - 8}" y="{y + 14}" text-anchor="end"><title>{escape(label)}'
        f"</title>{escape(short)}</text>"
    )
    if fig.rounded is None:
        return text + f'<text x="{_LABEL_W + 4}" y="{y + 14}" fill="#9a3412">N/A</text>'
    width = max(0.0, min(fig.rounded / scale, 1.0)) * _BAR_W
    size = f'width="{width:.1f}" height="{_ROW_H - 6}"'
    bar = f'<rect x="{_LABEL_W}" y="{y + 2}" {size} fill="{colour}"/>'
    value = (
        f'<text x="{_LABEL_W + width + 4:.1f}" y="{y + 14}" stroke="#fff" stroke-width="3" '
        f'paint-order="stroke">{escape(fig.text())}</text>'
    )
    return text + bar + value


def _svg(parts: Sequence[str], height: int, label: str) -> str:
    """The chart's SVG element (no namespace URL needed inline in HTML)."""
    width = _LABEL_W + _BAR_W + 80
    return (
        f'<svg viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{label}">{"".join(parts)}</svg>'
    )
