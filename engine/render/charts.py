"""Predikat colours and the report's inline SVG charts (capaian per indicator, rankings), with
labels measured so that no label is ever cut at the chart's edge."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from dsl.i18n import _
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


# measuring text ------------------------------------------------------------------------------

FONT_PX = 12
# advance widths in em, the wider of Arial/Liberation Sans and DejaVu Sans (the fallback on
# Linux), so an estimate is never short whichever of them the reader's machine has
_NARROW, _SLIM, _WIDE = set("ijl.,:;'|!"), set("ftrI()[]-/ "), set("mwMW%@")


def text_width(text: str, size: float = FONT_PX) -> float:
    """A text's width in px at `size`, estimated from conservative advance widths."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.32
        elif ch in _SLIM:
            em += 0.40
        elif ch in _WIDE:
            em += 0.98
        elif ch.isupper():
            em += 0.78
        else:
            em += 0.64
    return em * size


def fit_lines(text: str, width: float, lines: int = 2) -> list[str]:
    """The text wrapped at spaces into at most `lines` lines of `width` px; the last line ends
    with an ellipsis when the text does not fit."""
    words, out = text.split(), [""]
    for n, word in enumerate(words):
        trial = f"{out[-1]} {word}".strip()
        if text_width(trial) <= width or not out[-1]:
            out[-1] = trial
        elif len(out) < lines:
            out.append(word)
        else:
            out[-1] += " " + " ".join(words[n:])
            break
    last = out[-1]
    if text_width(last) > width:
        while last and text_width(last + "…") > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return out


# charts --------------------------------------------------------------------------------------

_LABEL_W, _GAP, _BAR_W, _VALUE_W = 300.0, 8.0, 380.0, 84.0
_LINE_H = 14


def capaian_chart(bars: Sequence[tuple[str, Presented, str | None]]) -> str:
    """Horizontal capaian bars per indicator with a dashed 100% line, as inline SVG; "" when no
    bar has a value (an empty chart says nothing)."""
    values = [f.rounded for _, f, _ in bars if f.rounded is not None]
    if not values:
        return ""
    scale = min(max([120.0, *values]), 200.0)
    row_h, labels = _rows([label for label, _, _ in bars])
    x100 = _LABEL_W + _GAP + 100 / scale * _BAR_W
    bottom = 4 + len(bars) * row_h
    parts = [
        f'<line x1="{x100:.1f}" y1="2" x2="{x100:.1f}" y2="{bottom}" stroke="#1f2328" '
        'stroke-dasharray="4 3"/>',
        f'<text x="{x100:.1f}" y="{bottom + 14}" text-anchor="middle">100%</text>',
    ]
    parts += [
        _bar_row(n, row_h, lines, label, fig, _bar_colour(pred), scale)
        for n, ((label, fig, pred), lines) in enumerate(zip(bars, labels, strict=True))
    ]
    return _svg(parts, bottom + 20, _("Capaian per indicator"))


def rank_chart(rows: Sequence[tuple[str, int | None, Presented]]) -> str:
    """Horizontal bars of the ranked value per unit, in rank order, as inline SVG; "" when no
    unit has a value."""
    values = [f.rounded for _, _, f in rows if f.rounded is not None]
    if not values:
        return ""
    scale = max([*values, 1e-9]) * 1.05
    names = [f"{rank if rank is not None else '–'}. {label}" for label, rank, _ in rows]
    row_h, labels = _rows(names)
    parts = [
        _bar_row(n, row_h, lines, name, fig, "#0969DA", scale)
        for n, ((_, _, fig), name, lines) in enumerate(zip(rows, names, labels, strict=True))
    ]
    return _svg(parts, 8 + len(rows) * row_h, _("Ranking"))


def _rows(labels: Sequence[str]) -> tuple[int, list[list[str]]]:
    """The row height (one or two text lines) and each label's lines."""
    lines = [fit_lines(label, _LABEL_W) for label in labels]
    return (18 if all(len(x) == 1 for x in lines) else 32), lines


def _bar_colour(predikat: str | None) -> str:
    """The bar fill: the predikat colour, or blue when the indicator has no predikat."""
    return "#" + TONE_COLOURS[tone_of(predikat)] if predikat else "#4F81BD"


def _bar_row(
    n: int, row_h: int, lines: list[str], label: str, fig: Presented, colour: str, scale: float
) -> str:
    """One labelled bar (or an N/A mark) at row n; the full label in its title."""
    y = 4 + n * row_h
    base = y + (row_h - _LINE_H * len(lines)) / 2 + 11
    spans = "".join(
        f'<tspan x="0" y="{base + i * _LINE_H:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    text = f"<text><title>{escape(label)}</title>{spans}</text>"
    x0, mid = _LABEL_W + _GAP, y + row_h / 2 + 4
    if fig.rounded is None:
        return text + f'<text x="{x0 + 4}" y="{mid:.1f}" fill="#59636e">N/A</text>'
    width = max(0.0, min(fig.rounded / scale, 1.0)) * _BAR_W
    bar = f'<rect x="{x0}" y="{y + 2}" width="{width:.1f}" height="{row_h - 5}" fill="{colour}"/>'
    value = (
        f'<text x="{x0 + width + 4:.1f}" y="{mid:.1f}" stroke="#fff" stroke-width="3" '
        f'paint-order="stroke">{escape(fig.office_text())}</text>'
    )
    return text + bar + value


def _svg(parts: Sequence[str], height: float, label: str) -> str:
    """The chart's SVG element (no namespace URL needed inline in HTML)."""
    width = _LABEL_W + _GAP + _BAR_W + _VALUE_W
    return (
        f'<svg class="chart" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
        f'height="{height:.0f}" role="img" aria-label="{escape(label)}">{"".join(parts)}</svg>'
    )
