"""The result as one self-contained HTML report to print on A4 and sign: no network, every user
text escaped, every label in the current language."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from html import escape

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _, language, ngettext
from engine.data.model import Unit
from engine.periods import scored_label
from engine.render.charts import capaian_chart, rank_chart
from engine.render.comparisons import unit_names
from engine.render.counts import count_lines, counts
from engine.render.html_parts import (
    closing,
    derivation,
    figure,
    indicator_names,
    predikat_badge,
    predikat_labels,
    row_reasons,
    table,
    tag,
    texts,
    value_names,
)
from engine.render.html_style import CSS
from engine.render.html_summary import summary_html
from engine.render.html_values import Value, by_name, level_table, unit_values_table
from engine.render.summary import summarize
from engine.render.trend_chart import trends_of
from engine.ruleset.model import Ruleset
from engine.ruleset.names import ShownNames
from engine.scoring.noted import count_of, diagnostics_of
from engine.scoring.result import IndicatorRow, Presented, RankRow, Result, ValueRow

# a unit section estimated at more table rows than this starts a new printed page; a smaller
# one follows the previous section (a page per small unit would print near-empty pages)
PAGE_ROWS = 18
NA_CODE = "N001"  # an indicator row's N/A realisasi or capaian, with its reason
SEVERITIES = {"info": N_("info"), "warning": N_("warning"), "error": N_("error")}


# indicator rows above which no single page is made: the page's time is linear
# (benchmarks/README.md), but a browser laying out a table of 200,000 rows (about 2,700 kelurahan
# with the 2016 scorecard's full year) stalls; -o FILE then writes pages (html_pages.py)
MAX_HTML_ROWS = 200_000


class ReportTooLargeError(PerkinError):
    """A report larger than its format can usefully hold (an HTML page no browser can show)."""

    code = "O004"


def to_html(result: Result, ruleset: Ruleset | None = None) -> str:
    """The whole report; with the ruleset, names, formulas, predikat and scored levels."""
    if len(result.indicators) > MAX_HTML_ROWS:
        message = _("{rows} indicator rows are more than an HTML page can show ({limit})")
        raise ReportTooLargeError(
            message.format(rows=len(result.indicators), limit=MAX_HTML_ROWS),
            Location(file="--format"),
            _(
                "write it to a file with -o FILE.html (an index and a page per region), or the "
                "whole result as csv, xlsx or parquet"
            ),
        )
    rows = UnitRows.of(result, ruleset)
    carded = [u for u in result.units if u.id in rows.indicators]
    tabled = [u for u in result.units if u.id not in rows.indicators and u.id in rows.values]
    scored = ruleset.scored_levels if ruleset else None
    is_scored = [u for u in tabled if scored is None or u.level in scored]
    others = [u for u in tabled if not (scored is None or u.level in scored)]
    body = [
        header(result, ruleset, rows, carded, is_scored, others),
        summary_section(result, ruleset),
        trends_of(result, ruleset),
        *(ranking_section(result, ruleset, rid) for rid in rows.rankings),
        *(unit_section(rows, u, n, n > 0 or bool(rows.rankings)) for n, u in enumerate(carded)),
        *(level_section(rows, level, units, True) for level, units in levels(is_scored, ruleset)),
        others_section(rows, others, ruleset),
        diagnostics(result, rows),
        _closing(result),
    ]
    return document(f"{result.ruleset_title} — {result.period}", body)


def document(title: str, body: Iterable[str]) -> str:
    """A whole page in the report's style: its title and its non-empty parts."""
    return "".join(document_chunks(title, body))


def document_chunks(title: str, body: Iterable[str]) -> Iterator[str]:
    """The text of `document` part by part, each part made only when it is asked for."""
    head = f'<meta charset="utf-8"><title>{escape(title)}</title>'
    yield f'<!DOCTYPE html>\n<html lang="{language()}"><head>{head}<style>{CSS}</style></head>\n'
    yield "<body>\n"
    separator = ""
    for part in body:
        if part:
            yield separator + part
            separator = "\n"
    yield "\n</body></html>\n"


def summary_section(result: Result, ruleset: Ruleset | None) -> str:
    """The summary the other views open with (the PK table of the top scored unit, headline
    scores, rankings, N/A by kind), right after the header; it needs the ruleset's names."""
    if ruleset is None:
        return ""
    return summary_html(summarize(result, ruleset))


@dataclass(frozen=True, slots=True)
class UnitRows:
    """A result's rows grouped by unit in one pass each (a scan of every row per unit is
    quadratic), with what every section shares."""

    indicators: dict[str, list[IndicatorRow]]
    values: dict[str, dict[str, Value]]
    units: dict[str, Unit]
    names: dict[str, str]  # indicator id → printed name
    value_names: dict[str, str]  # score or figure id → name as HTML
    predikat: list[str]  # the predikat labels a legend shows
    rankings: list[str]
    main: str
    ruleset: Ruleset | None

    @classmethod
    def of(cls, result: Result, ruleset: Ruleset | None) -> UnitRows:
        """The rows of each unit, in result order."""
        main = main_label(result.period)
        indicators: dict[str, list[IndicatorRow]] = defaultdict(list)
        seen: dict[str, None] = {}
        for r in result.indicators:
            indicators[r.unit].append(r)
            seen[r.predikat or ""] = None
        values: dict[str, list[ValueRow]] = defaultdict(list)
        for v in (*result.scores, *result.figures):
            values[v.unit].append(v)
            seen[v.predikat or ""] = None
        legend = predikat_labels(ruleset) if ruleset else [p for p in seen if p]
        return cls(
            dict(indicators),
            {unit: by_name(rows, main) for unit, rows in values.items()},
            {u.id: u for u in result.units},
            indicator_names(ruleset),
            value_names(ruleset),
            legend,
            list(dict.fromkeys(r.ranking for r in result.rankings)),
            main,
            ruleset,
        )

    def unit_name(self, unit_id: str | None) -> str:
        """A unit's name, its id when the result does not know it."""
        found = self.units.get(unit_id or "")
        return found.name if found else unit_id or ""


def main_label(period: str) -> str:
    """The label of the scored period inside the rows: '2024' → 'tahunan', '2024-TW2' → 'TW2'."""
    return scored_label(period)


def header(
    result: Result,
    ruleset: Ruleset | None,
    rows: UnitRows,
    carded: Sequence[Unit],
    scored: Sequence[Unit],
    others: Sequence[Unit],
) -> str:
    """Title, provenance, counts, predikat legend and a table of contents."""
    prov = [
        (_("Ruleset"), f"<code>{escape(result.ruleset_id)}</code>"),
        (_("Period"), escape(result.period_text())),
        (_("perkin version"), escape(result.perkin_version)),
        (_("Ruleset SHA-256"), f"<code>{escape(result.ruleset_hash)}</code>"),
        (_("Data SHA-256"), f"<code>{escape(result.input_hash)}</code>"),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in prov)
    stated = "".join(
        f"<li><b>{n}</b> {escape(label)}</li>" for label, n in count_lines(counts(result, ruleset))
    )
    legend = "".join(predikat_badge(label) for label in rows.predikat)
    legend_label = escape(_("Predikat:"))
    legend_line = f'<p class="legend">{legend_label} {legend}</p>' if legend else ""
    links = [f'<a href="#u{n}">{escape(u.name)}</a>' for n, u in enumerate(carded)]
    links += [
        f'<a href="#l-{escape(lv or "")}">{escape(level_heading(lv))}</a>'
        for lv, _u in levels(scored, ruleset)
    ]
    if others:
        links.append('<a href="#others">' + escape(_("Other units")) + "</a>")
    return (
        f'<header><h1>{escape(result.ruleset_title)}</h1><dl class="prov">{items}</dl>'
        f'<ul class="counts">{stated}</ul>{legend_line}'
        f"<nav>{''.join(links)}</nav></header>"
    )


def level_heading(level: str | None) -> str:
    """A level as a heading: 'Level kelurahan' (a unit without a level: 'Units')."""
    if level is None:
        return _("Units")
    return _("Level {level}").format(level=level.replace("_", " "))


def levels(
    units: Sequence[Unit], ruleset: Ruleset | None = None
) -> list[tuple[str | None, list[Unit]]]:
    """Units grouped by level, in the ruleset's level order, else as they come."""
    grouped: dict[str | None, list[Unit]] = {}
    for u in units:
        grouped.setdefault(u.level, []).append(u)
    order = {lv: n for n, lv in enumerate(ruleset.levels)} if ruleset else {}
    return sorted(grouped.items(), key=lambda kv: order.get(kv[0] or "", len(order)))


def ranking_section(
    result: Result,
    ruleset: Ruleset | None,
    ranking: str,
    shown: Sequence[RankRow] | None = None,
    note: str = "",
    units: dict[str, str] | None = None,
) -> str:
    """One ranking: a chart and its table; of the rows `shown` only, when given, with a `note`
    saying what was left out (`units`: the names, when the caller has them already)."""
    rows = [r for r in result.rankings if r.ranking == ranking] if shown is None else shown
    units = unit_names(result, ruleset) if units is None else units  # peers too
    found = ruleset.rankings.get(ranking) if ruleset else None
    title = ShownNames.of(ruleset).ranking(ranking) if found and ruleset else ranking
    chart = rank_chart([(units.get(r.unit, r.unit), r.rank, r.value) for r in rows])
    header = texts(_("Rank"), _("Unit"), _("Value"), _("Award"), _("Notes"))
    body = table(header, [_rank_cells(r, units) for r in rows], (9, 33, 11, 17, 30), {0, 2})
    heading = escape(_("Ranking: {title}").format(title=title))
    said = tag("p", note) if note else ""
    return f'<section class="ranking"><h2>{heading}</h2>{said}{chart}{body}</section>'


def _rank_cells(r: RankRow, units: dict[str, str]) -> list[str]:
    """A ranking row's cells (already HTML)."""
    rank = "" if r.rank is None else str(r.rank)
    name = units.get(r.unit, r.unit)
    return [rank, escape(name), figure(r.value), escape(r.award or ""), escape(r.note or "")]


def unit_section(rows: UnitRows, unit: Unit, index: int, after: bool) -> str:
    """One unit with a scorecard: its capaian chart, the scorecard and its scores; a large one
    starts a printed page unless it comes right after the header (`after` is False)."""
    cards = rows.indicators[unit.id]
    main = [r for r in cards if r.period == rows.main]
    bars = [(rows.names.get(r.indicator, r.indicator), r.capaian, r.predikat) for r in main]
    bars = [bar for bar in bars if _shown(bar[1])]
    chart = capaian_chart(bars)
    values = rows.values.get(unit.id, {})
    parts = [f"<h2>{escape(unit.name)}</h2>", f'<p class="muted">{_unit_line(rows, unit)}</p>']
    if chart:
        parts += [tag("h3", _("Capaian per indicator (%)")), chart]
    elif bars:
        parts.append(tag("p", _("No capaian chart: every capaian is N/A."), "muted"))
    parts += [tag("h3", _("Scorecard")), _scorecard(rows, cards)]
    if values:
        parts += [tag("h3", _("Scores and figures"))]
        parts.append(unit_values_table(values, rows.value_names))
    size = len(cards) + len(values) + (len(bars) if chart else 0)
    cls = "unit page" if size > PAGE_ROWS and after else "unit" if size > PAGE_ROWS else "unit keep"
    return f'<section class="{cls}" id="u{index}">{"".join(parts)}</section>'


def _unit_line(rows: UnitRows, unit: Unit) -> str:
    """Level and parent of a unit, and its id, small."""
    parts = [escape(level_heading(unit.level))] if unit.level else []
    if unit.parent:
        parts.append(escape(_("part of {parent}").format(parent=rows.unit_name(unit.parent))))
    parts.append(f'<code class="id">{escape(unit.id)}</code>')
    return " · ".join(parts)


def _scorecard(rows: UnitRows, cards: Sequence[IndicatorRow]) -> str:
    """The scorecard table: the scored period in plain rows, the periods inside it indented;
    a target, capaian or predikat column none of the rows has is left out, and said so."""
    first = {ind: n for n, ind in enumerate(dict.fromkeys(r.indicator for r in cards))}
    ordered = sorted(cards, key=lambda r: (first[r.indicator], r.period != rows.main))
    body = [_scorecard_cells(rows, r, r.period == rows.main) for r in ordered]
    classes = ["" if r.period == rows.main else "sub" for r in ordered]
    plain = [
        _("Indicator"),
        _("Period"),
        _("Target"),
        _("Realisasi"),
        _("Capaian (%)"),
        _("Predikat"),
        _("Notes"),
    ]
    header = texts(*plain)
    present = {
        2: any(_shown(r.target) for r in cards),
        4: any(_shown(r.capaian) for r in cards),
        5: any(r.predikat is not None or r.predikat_reason is not None for r in cards),
    }
    keep = [i for i in range(len(header)) if present.get(i, True)]
    widths = [26, 8, 9, 10, 9, 15, 23]
    widths[0] += sum(widths[i] for i in range(len(widths)) if i not in keep)
    picked = [[row[i] for i in keep] for row in body]
    nums = {keep.index(i) for i in (2, 3, 4) if i in keep}
    found = table([header[i] for i in keep], picked, [widths[i] for i in keep], nums, classes)
    if len(keep) == len(header):
        return found
    left_out = ", ".join(h for i, h in enumerate(plain) if i not in keep)
    line = _("Left out, as none of these rows has one: {columns}.").format(columns=left_out)
    return tag("p", line, "muted") + found


def _shown(fig: Presented) -> bool:
    """Whether a figure has a bar or a column: a number or an N/A, unless it does not apply
    (no target: its reason is in the notes)."""
    return fig.applies() and (fig.value is not None or fig.reason is not None)


def _scorecard_cells(rows: UnitRows, r: IndicatorRow, main: bool) -> list[str]:
    """One scorecard row's cells (already HTML); rows of the periods inside leave the name out."""
    name = rows.names.get(r.indicator, r.indicator)
    named = f'<span title="{escape(r.indicator)}">{escape(name)}</span>' if main else ""
    figures = [figure(f) for f in (r.target, r.realisasi, r.capaian)]
    note = row_reasons(r) + derivation(r, rows.ruleset)
    return [named, escape(r.period), *figures, predikat_badge(r.predikat), note]


def level_section(rows: UnitRows, level: str | None, units: list[Unit], scored: bool) -> str:
    """The scored units of one level that have no scorecard, in one table."""
    heading = (
        _("Scored units: {level}").format(level=level_heading(level))
        if scored
        else level_heading(level)
    )
    anchor = f' id="l-{escape(level or "")}"' if scored else ""
    table_html = level_table(units, rows.values, rows.value_names)
    tag = "h2" if scored else "h3"
    return f"<section{anchor}><{tag}>{escape(heading)}</{tag}>{table_html}</section>"


def others_section(rows: UnitRows, units: Sequence[Unit], ruleset: Ruleset | None) -> str:
    """Units of levels that are not scored (budget lines, programs, outputs): a table per level."""
    if not units:
        return ""
    parts = [level_section(rows, lv, us, False) for lv, us in levels(units, ruleset)]
    heading = escape(_("Other units (they feed figures, they are not scored)"))
    return f'<section class="page" id="others"><h2>{heading}</h2>{"".join(parts)}</section>'


def diagnostics(result: Result, rows: UnitRows) -> str:
    """Every diagnostic; the N001 N/As, in their scorecards' Notes already, in one line."""
    shown = list(diagnostics_of(result.diagnostics, NA_CODE.__ne__))
    in_notes = count_of(result.diagnostics, NA_CODE)
    body = [
        [
            escape(_(SEVERITIES.get(d.severity, d.severity))),
            f"<code>{escape(d.code)}</code>",
            escape(rows.unit_name(d.unit)),
            _diagnostic_name(rows, d.name),
            escape(d.period or ""),
            escape(d.message),
        ]
        for d in shown
    ]
    header = texts(_("Kind"), _("Code"), _("Unit"), _("Name"), _("Period"), _("Message"))
    parts = [table(header, body, (9, 7, 17, 22, 9, 36))] if body else []
    if in_notes:
        line = ngettext(
            "{n} indicator row with an N/A realisasi or capaian ({code}): the reason is in the "
            "Notes column of its scorecard.",
            "{n} indicator rows with an N/A realisasi or capaian ({code}): each reason is in the "
            "Notes column of the scorecards.",
            in_notes,
        ).format(n=in_notes, code=NA_CODE)
        parts.append(f"<p>{escape(line)}</p>")
    found = "".join(parts) or tag("p", _("None."))
    heading = tag("h2", _("Diagnostics"))
    return f'<section class="diagnostics">{heading}{found}</section>'


def _diagnostic_name(rows: UnitRows, name: str | None) -> str:
    """The indicator, score or figure a diagnostic is about, by name."""
    if name is None:
        return ""
    if name in rows.names:
        return escape(rows.names[name])
    return rows.value_names.get(name) or escape(name)


def _closing(result: Result) -> str:
    """Lines to sign the printed report on, and what made it, kept on one page together."""
    return closing(result.perkin_version)
