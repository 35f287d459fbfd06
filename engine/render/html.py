"""The result as one self-contained HTML report: no network, printable, every user text escaped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from engine.data.model import Unit
from engine.periods import scored_label
from engine.render.charts import capaian_chart, rank_chart, tone_of
from engine.ruleset.model import Ruleset
from engine.scoring.result import (
    IndicatorRow,
    Presented,
    RankRow,
    Result,
    ValueRow,
    default_capaian_text,
)

CSS = """
:root{--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa}
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:var(--ink);
margin:0 auto;max-width:1120px;padding:24px;line-height:1.45;font-size:14px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;
border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.prov{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0;
background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:10px 14px}
.prov dt{color:var(--muted)}.prov dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,Consolas,monospace;font-size:12px}
nav{margin:8px 0 0}nav a{margin-right:12px;color:#0969da}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;vertical-align:top;text-align:left}
th{background:var(--bg);font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}tr.sub td{color:var(--muted);font-size:13px}
tr.sub td:nth-child(2){padding-left:22px}
.na{color:#9a3412;font-weight:600}.reason{color:#9a3412;font-size:12px;display:block}
.pk{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;
white-space:nowrap}
.pk-st{background:#1a7f37;color:#fff}.pk-t{background:#56b870;color:#0b2e13}
.pk-s{background:#f2c94c;color:#3d2e00}.pk-r{background:#f08c3a;color:#3a1a00}
.pk-sr{background:#cf222e;color:#fff}.pk-x{background:#e6e9ed;color:#1f2328}
details summary{cursor:pointer;color:#0969da;font-size:12px}
details dl{display:grid;grid-template-columns:max-content 1fr;gap:1px 10px;margin:4px 0;
font-size:12px}details dd{margin:0;overflow-wrap:anywhere}
svg{display:block;max-width:100%;height:auto;margin:4px 0 8px}
svg text{font-family:system-ui,Arial,sans-serif;font-size:12px;fill:#1f2328}
.legend span{margin-right:8px}.muted{color:var(--muted)}
footer{margin-top:36px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);
padding-top:8px}
@page{size:A4;margin:12mm}
@media print{body{max-width:none;padding:0;font-size:10pt}nav,details summary{display:none}
section.unit{break-before:page}table,svg,tr{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
LEGEND = ("Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah")
CARD_HEADER = (
    "Indikator",
    "Periode",
    "Target",
    "Realisasi",
    "Capaian (%)",
    "Predikat",
    "Keterangan",
)
RANK_HEADER = ("Peringkat", "Unit", "Nilai", "Penghargaan", "Keterangan")
VALUE_HEADER = ("Nilai", "Periode", "Angka", "Predikat", "Keterangan")
DIAGNOSTIC_HEADER = ("Jenis", "Kode", "Unit", "Nama", "Periode", "Pesan")


def to_html(result: Result, ruleset: Ruleset | None = None) -> str:
    """The whole report; with the ruleset, indicators show their names and formulas."""
    title = escape(result.ruleset_title)
    shown, grouped = units_shown(result), UnitRows.of(result, ruleset)
    body = [
        _header(result, shown),
        *(
            _ranking_section(result, rid)
            for rid in dict.fromkeys(r.ranking for r in result.rankings)
        ),
        *(_unit_section(grouped, u, i) for i, u in shown),
        _diagnostics(result),
        f"<footer>Dibuat oleh perkin {escape(result.perkin_version)}; berkas mandiri, "
        "tanpa sumber daring.</footer>",
    ]
    head = f'<meta charset="utf-8"><title>{title} — {escape(result.period)}</title>'
    return f'<!DOCTYPE html>\n<html lang="id"><head>{head}<style>{CSS}</style></head>\n<body>\n' + (
        "\n".join(body) + "\n</body></html>\n"
    )


def _names(ruleset: Ruleset | None) -> dict[str, str]:
    """Indicator id → printed name (empty without a ruleset)."""
    if ruleset is None:
        return {}
    return {i.id: f"{i.no}. {i.name}" if i.no else i.name for i in ruleset.indicators.values()}


@dataclass(frozen=True, slots=True)
class UnitRows:
    """A result's rows grouped by unit in one pass (a scan of every row per unit is quadratic),
    with what every unit section shares."""

    indicators: dict[str, list[IndicatorRow]]
    values: dict[str, list[ValueRow]]
    names: dict[str, str]
    main: str
    ruleset: Ruleset | None

    @classmethod
    def of(cls, result: Result, ruleset: Ruleset | None) -> UnitRows:
        """The rows of each unit, in result order."""
        indicators: dict[str, list[IndicatorRow]] = defaultdict(list)
        for r in result.indicators:
            indicators[r.unit].append(r)
        values: dict[str, list[ValueRow]] = defaultdict(list)
        for v in (*result.scores, *result.figures):
            values[v.unit].append(v)
        return cls(indicators, values, _names(ruleset), main_label(result.period), ruleset)


def units_shown(result: Result) -> list[tuple[int, Unit]]:
    """(anchor number, unit) of the units with an indicator row, a figure or a score."""
    used = {r.unit for r in result.indicators} | {v.unit for v in (*result.scores, *result.figures)}
    return [(i, u) for i, u in enumerate(result.units) if u.id in used]


def _header(result: Result, shown: Sequence[tuple[int, Unit]]) -> str:
    """Title, provenance, counts, predikat legend and a table of contents."""
    prov = [
        ("Ruleset", f"<code>{escape(result.ruleset_id)}</code>"),
        ("Periode", escape(result.period)),
        ("SHA-256 ruleset", f"<code>{escape(result.ruleset_hash)}</code>"),
        ("SHA-256 data", f"<code>{escape(result.input_hash)}</code>"),
        ("Versi perkin", escape(result.perkin_version)),
    ]
    items = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in prov)
    links = "".join(f'<a href="#u{i}">{escape(u.name)}</a>' for i, u in shown)
    return (
        f'<header><h1>{escape(result.ruleset_title)}</h1><dl class="prov">{items}</dl>'
        f'<p>{_counts(result)}</p><p class="legend">Predikat: {_legend()}</p>'
        f"<nav>Unit: {links}</nav></header>"
    )


def _counts(result: Result) -> str:
    """Units, indicator figures and N/A, in words."""
    na = sum(1 for d in result.diagnostics if d.code == "N001")
    return (
        f"{len(result.units)} unit, {len(result.indicators)} baris indikator, "
        f'{len(result.scores)} nilai, <span class="na">{na} capaian N/A</span> '
        "(alasannya di kolom Keterangan)."
    )


def _legend() -> str:
    """The predikat colours."""
    return "".join(predikat_badge(label) for label in LEGEND)


def predikat_badge(label: str | None) -> str:
    """A predikat as a coloured badge (neutral for labels not on the usual scale)."""
    if label is None:
        return ""
    return f'<span class="pk pk-{tone_of(label)}">{escape(label)}</span>'


def _ranking_section(result: Result, ranking: str) -> str:
    """One ranking: a chart and its table."""
    rows = [r for r in result.rankings if r.ranking == ranking]
    units = {u.id: u.name for u in result.units}
    body = [_rank_cells(r, units) for r in rows]
    chart = rank_chart([(units.get(r.unit, r.unit), r.rank, r.value) for r in rows])
    return (
        f'<section class="ranking"><h2>Peringkat: {escape(ranking)}</h2>{chart}'
        f"{_table(RANK_HEADER, body, num_cols={0, 2})}</section>"
    )


def _rank_cells(r: RankRow, units: dict[str, str]) -> list[str]:
    """A ranking row's cells (already HTML)."""
    rank = "" if r.rank is None else str(r.rank)
    texts = (units.get(r.unit, r.unit), r.award or "", r.note or "")
    return [rank, escape(texts[0]), _figure(r.value), *(escape(t) for t in texts[1:])]


def _unit_section(grouped: UnitRows, unit: Unit, index: int) -> str:
    """One unit: its capaian chart, its scorecard and its scores."""
    rows = grouped.indicators.get(unit.id, [])
    names, main = grouped.names, grouped.main
    bars = [(names.get(r.indicator, r.indicator), r.capaian, r.predikat) for r in rows]
    bars = [bar for bar, r in zip(bars, rows, strict=True) if r.period == main]
    parts = [
        f'<section class="unit" id="u{index}"><h2>{escape(unit.name)}</h2>',
        f'<p class="muted">{_unit_line(unit)}</p>',
    ]
    if bars:
        parts += ["<h3>Capaian per indikator (%)</h3>", capaian_chart(bars)]
    if rows:
        parts += ["<h3>Kartu kinerja</h3>", _scorecard(rows, names, main, grouped.ruleset)]
    values = grouped.values.get(unit.id, [])
    if values:
        parts += ["<h3>Nilai</h3>", _values_table(values)]
    return "".join(parts) + "</section>"


def main_label(period: str) -> str:
    """The label of the scored period inside the rows: '2024' → 'tahunan', '2024-TW2' → 'TW2'."""
    return scored_label(period)


def _unit_line(unit: Unit) -> str:
    """Id, level and parent of a unit."""
    parts = [f"id <code>{escape(unit.id)}</code>"]
    if unit.level:
        parts.append(f"level {escape(unit.level)}")
    if unit.parent:
        parts.append(f"induk <code>{escape(unit.parent)}</code>")
    return " · ".join(parts)


def _scorecard(
    rows: Sequence[IndicatorRow], names: dict[str, str], main: str, ruleset: Ruleset | None
) -> str:
    """The scorecard table: the scored period in plain rows, the periods inside it indented."""
    first = {ind: n for n, ind in enumerate(dict.fromkeys(r.indicator for r in rows))}
    ordered = sorted(rows, key=lambda r: (first[r.indicator], r.period != main))
    body = [_scorecard_cells(r, names, ruleset, r.period == main) for r in ordered]
    classes = ["" if r.period == main else "sub" for r in ordered]
    return _table(CARD_HEADER, body, num_cols={2, 3, 4}, row_classes=classes)


def _scorecard_cells(
    r: IndicatorRow, names: dict[str, str], ruleset: Ruleset | None, main: bool
) -> list[str]:
    """One scorecard row's cells (already HTML); rows of the periods inside leave the name out."""
    name = escape(names.get(r.indicator, r.indicator)) if main else ""
    figures = [_figure(f) for f in (r.target, r.realisasi, r.capaian)]
    note = _keterangan(r) + derivation(r, ruleset)
    return [name, escape(r.period), *figures, predikat_badge(r.predikat), note]


def _figure(fig: Presented) -> str:
    """A figure as presented; N/A marked."""
    return escape(fig.text()) if fig.value is not None else '<span class="na">N/A</span>'


def _keterangan(r: IndicatorRow) -> str:
    """Every N/A of the row with its reason, visible."""
    reasons = [
        (what, fig.reason)
        for what, fig in (("Target", r.target), ("Realisasi", r.realisasi), ("Capaian", r.capaian))
        if fig.reason
    ]
    if r.predikat is None and r.predikat_reason:
        reasons.append(("Predikat", r.predikat_reason))
    return "".join(f'<span class="reason">{w} N/A: {escape(why)}</span>' for w, why in reasons)


def derivation(r: IndicatorRow, ruleset: Ruleset | None) -> str:
    """The derivation on demand: full-precision values, N/A reasons and, if known, formulas."""
    items = [
        (what, _full(fig))
        for what, fig in (("Target", r.target), ("Realisasi", r.realisasi), ("Capaian", r.capaian))
    ]
    items.append(("Predikat", escape(r.predikat or f"— {r.predikat_reason or 'tidak ada tabel'}")))
    ind = ruleset.indicators.get(r.indicator) if ruleset else None
    if ind is not None:
        capaian = ind.capaian.text if ind.capaian else default_capaian_text(ind.polarity)
        items += [
            ("Rumus realisasi", f"<code>{escape(ind.realisasi.text)}</code>"),
            ("Rumus capaian", f"<code>{escape(capaian)}</code>"),
            ("Sumber", escape(ind.provenance.text())),
        ]
    dl = "".join(f"<dt>{w}</dt><dd>{v}</dd>" for w, v in items)
    return f"<details><summary>Rincian</summary><dl>{dl}</dl></details>"


def _full(fig: Presented) -> str:
    """A figure at full precision, its presentation rounding, or N/A with the reason."""
    if fig.value is None and fig.reason is None:
        return "— (tidak berlaku: tidak ada target)"
    if fig.value is None:
        return f'<span class="na">N/A</span>: {escape(fig.reason or "tidak diketahui")}'
    rounding = f"{fig.rounding.decimals} desimal, {fig.rounding.mode}"
    return f"<code>{fig.value!r}</code> → {escape(fig.text())} ({rounding})"


def _values_table(values: Iterable[ValueRow]) -> str:
    """A unit's scores and figures."""
    body = [[escape(v.name), escape(v.period), _figure(v.value), predikat_badge(v.predikat),
             _reason_text(v.value) or _full(v.value)] for v in values]  # fmt: skip
    return _table(VALUE_HEADER, body, num_cols={2})


def _reason_text(fig: Presented) -> str:
    """An N/A reason as a visible line, or nothing."""
    return f'<span class="reason">N/A: {escape(fig.reason)}</span>' if fig.reason else ""


def _diagnostics(result: Result) -> str:
    """Every diagnostic: N/A figures, ties and gaps."""
    fields = [(d.severity, d.code, d.unit, d.name, d.period, d.message) for d in result.diagnostics]
    body = [[escape(x or "") for x in row] for row in fields]
    table = _table(DIAGNOSTIC_HEADER, body) if body else "<p>Tidak ada.</p>"
    return f'<section class="diagnostics"><h2>Diagnostik</h2>{table}</section>'


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    num_cols: set[int] | None = None,
    row_classes: Sequence[str] | None = None,
) -> str:
    """An HTML table from header text and cells that are already HTML."""
    nums = num_cols or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    lines = []
    for n, row in enumerate(rows):
        cls = f' class="{row_classes[n]}"' if row_classes and row_classes[n] else ""
        cells = "".join(
            f'<td class="num">{c}</td>' if i in nums else f"<td>{c}</td>" for i, c in enumerate(row)
        )
        lines.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(lines)}</tbody></table>"
