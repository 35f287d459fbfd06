"""The summary view as sections in the current language (heading, table, notes), and as
Markdown; the terminal and HTML views lay out the same sections."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from dsl.i18n import N_, _, and_more, ngettext, pgettext
from dsl.values import NaKind
from engine.data.validation_check import UnitValidation, ValidationState
from engine.periods import Period
from engine.render.comparisons import comparison_table
from engine.render.counts import NA_KIND_LABELS, kind_count_label
from engine.render.markdown import md_table, md_text, provenance_text
from engine.render.show import group_title
from engine.render.summary import Hidden, Named, RankTable, Recap, Summary, UnitTable
from engine.scoring.result import Presented, Tie
from engine.scoring.validation_state import POLICY_TEXT, STATE_TEXT

SHOWN_UNITS = 5  # units named per validation state in the summary line

TIE_NOTES = {
    Tie.SEPARATED: N_("tie separated by a tie-breaker"),
    Tie.SHARED: N_("tie: shares the rank"),
    Tie.UNDECIDED: N_("tie for the Tim Penilai to decide"),
}


@dataclass(frozen=True, slots=True)
class Row:
    """A table row; `heading` marks a group heading (one text in the first cell)."""

    cells: tuple[str, ...]
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the summary: a heading, an optional table and lines of text under it."""

    heading: str
    level: int  # 1 the title, 2 a section, 3 a part of a section
    header: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()
    predikat_column: int | None = None  # where a predikat is, for colour on a terminal
    plain: tuple[str, ...] = field(default=())  # lines before the table
    pk: bool = False  # a Perjanjian Kinerja table (Sasaran and Indikator take most of the width)


def sections(summary: Summary) -> list[Section]:
    """Every part of the summary, in reading order, texts in the current language."""
    head = Section(
        summary.title,
        1,
        plain=(
            _("Period: {period}").format(period=summary.period),
            provenance_text(*summary.provenance),
        ),
    )
    out = [head]
    for table in summary.tables:
        out += unit_sections(table)
    out += [ranking_section(r) for r in summary.rankings]
    if summary.recap is not None:
        out.append(recap_section(summary.recap))
    out += closing_sections(summary)
    return out


def unit_sections(table: UnitTable) -> list[Section]:
    """A unit's PK table, then its headline scores."""
    unit = table.unit
    heading = (
        _("{unit} ({level})").format(unit=unit.name or unit.id, level=unit.level)
        if unit.level
        else unit.name or unit.id
    )
    header: tuple[str, ...] = (
        pgettext("PK table", "Sasaran"),
        pgettext("PK table", "Indicator"),
        pgettext("PK table", "Unit of measure"),
        pgettext("PK table", "Target"),
        pgettext("PK table", "Realisasi"),
        pgettext("PK table", "Capaian"),
        pgettext("PK table", "Predikat"),
    )
    rows = tuple(_pk_rows(table))
    if not any(block.text for block in table.sasaran):  # no sasaran printed: no empty column
        header = header[1:]
        rows = tuple(Row(r.cells[:-1] if r.heading else r.cells[1:], r.heading) for r in rows)
    if not rows:  # a unit scored by scores alone (an IKM per kelurahan): no empty PK table
        empty = () if table.scores else (_("No indicator or score of this unit in the period."),)
        out = [Section(heading, 2, notes=empty)]
    else:
        out = [Section(heading, 2, header, rows, predikat_column=len(header) - 1, pk=True)]
    if table.scores:
        out.append(scores_section(table.scores))
    if table.comparisons:
        header, cells = comparison_table(table.comparisons)
        out.append(Section(_("Comparisons"), 3, header, tuple(Row(r) for r in cells)))
    return out


def _pk_rows(table: UnitTable) -> Iterator[Row]:
    group: str | None = None
    for block in table.sasaran:
        if block.group is not None and block.group != group:
            yield Row((group_title(block.group), "", "", "", "", "", ""), heading=True)
        group = block.group
        first = True
        for line in block.lines:
            name = f"{line.no}. {line.name}" if line.no else line.name
            yield Row(
                (
                    (block.text or "") if first else "",
                    name,
                    line.satuan,
                    line.target.office_text(),
                    line.realisasi.office_text(),
                    number(line.capaian),
                    line.predikat or "",
                )
            )
            first = False
        if block.mean is not None:
            # under a sasaran the PK's own words; a group's mean keeps the score's title
            label = _("Mean capaian of the sasaran") if block.text else block.mean.title
            yield Row(("", label, "", "", "", number(block.mean.value), block.mean.predikat or ""))


def scores_section(scores: Sequence[Named]) -> Section:
    """A unit's headline scores."""
    header = (_("Score"), _("Value"), pgettext("PK table", "Predikat"))
    rows = tuple(Row((s.title, number(s.value), s.predikat or "")) for s in scores)
    return Section(_("Headline scores"), 3, header, rows, predikat_column=2)


def ranking_section(ranking: RankTable) -> Section:
    """A ranking, in rank order, with awards and ties."""
    header = (_("Rank"), pgettext("organisation", "Unit"), ranking.by, _("Award"), _("Note"))
    rows = tuple(
        Row(
            (
                "" if p.rank is None else str(p.rank),
                p.unit,
                number(p.value),
                p.award or "",
                _(TIE_NOTES[p.tie]) if p.tie is not None else "",
            )
        )
        for p in ranking.places
    )
    return Section(ranking.title, 2, header, rows)


def recap_section(recap: Recap) -> Section:
    """Each unit's scores side by side."""
    header = (pgettext("organisation", "Unit"), *recap.titles)
    rows = tuple(Row((name, *(_named_text(v) for v in values))) for name, values in recap.rows)
    return Section(_("Scores per unit"), 2, header, rows)


def _named_text(value: Named | None) -> str:
    if value is None:
        return ""
    text = number(value.value)
    return f"{text} ({value.predikat})" if value.predikat else text


def closing_sections(summary: Summary) -> list[Section]:
    """N/A per kind over the whole result, then what is hidden and how to show it."""
    out = []
    if summary.na:
        notes = tuple(
            _("{kind}: {count}").format(kind=kind_count_label(kind), count=n)
            for kind, n in summary.na
        )
        out.append(Section(_("N/A by kind (every period and unit of the result)"), 2, notes=notes))
    else:
        out.append(Section("", 2, plain=(_("No N/A in the result."),)))
    if summary.rollup_gaps:
        out.append(Section("", 2, plain=(gaps_text(summary.rollup_gaps),)))
    if summary.aggregate_skips:
        out.append(Section("", 2, plain=(skips_text(summary.aggregate_skips),)))
    if summary.validation and summary.policy is not None:
        out.append(validation_section(summary.validation, summary.policy))
    hidden = hidden_text(summary.hidden)
    if hidden:
        out.append(Section("", 2, plain=(hidden,)))
    return out


def gaps_text(n: int) -> str:
    """The one line on roll-ups that left out children with no data (the N006 notes)."""
    return ngettext(
        "{n} rolled-up value leaves out children that have no value: see the N006 notes "
        "(-o report.csv, .json or .html) or perkin explain",
        "{n} rolled-up values leave out children that have no value: see the N006 notes "
        "(-o report.csv, .json or .html) or perkin explain",
        n,
    ).format(n=n)


def skips_text(n: int) -> str:
    """The one line on the values whose aggregates left out elements arithmetic gave no value
    (N020: one note per value, unit and period, naming each such call)."""
    return ngettext(
        "{n} value has aggregates that left out elements that arithmetic gave no value: see the "
        "N020 notes (-o report.csv, .json or .html) or perkin explain",
        "{n} values have aggregates that left out elements that arithmetic gave no value: see "
        "the N020 notes (-o report.csv, .json or .html) or perkin explain",
        n,
    ).format(n=n)


def validation_section(states: Sequence[UnitValidation], policy: str) -> Section:
    """The summary's validation line (validation_text)."""
    return Section("", 2, plain=(validation_text(states, policy),))


def validation_text(states: Sequence[UnitValidation], policy: str) -> str:
    """One line: how many units are validated, partially or not, naming the units of the last
    two states (the first SHOWN_UNITS of each) with their counts."""
    parts = []
    for state in ValidationState:
        mine = [s for s in states if s.state is state]
        if not mine:
            continue
        units = ngettext("{n} unit", "{n} units", len(mine)).format(n=len(mine))
        text = _("{state}: {units}").format(state=_(STATE_TEXT[state]), units=units)
        if state is not ValidationState.VALIDATED:
            named = and_more([_unit_validation(s) for s in mine[:SHOWN_UNITS]], len(mine))
            text += f" ({', '.join(named)})"
        parts.append(text)
    return _("Validation ({policy}): {states}").format(
        policy=_(POLICY_TEXT[policy]), states="; ".join(parts)
    )


def _unit_validation(state: UnitValidation) -> str:
    """'kebon_sirih 66 of 72 by camat'."""
    return _("{unit} {validated} of {n} by {role}").format(
        unit=state.unit, validated=state.validated, n=state.values, role=state.role
    )


def hidden_text(hidden: Hidden) -> str:
    """'Hidden: 292 figures, 73 other units, periods S1–S2, TW1–TW4 — show them with --detail'."""
    parts = []
    if hidden.level is not None:
        parts.append(_("a PK table per {level}").format(level=hidden.level))
    if hidden.figures:
        parts.append(ngettext("{n} figure", "{n} figures", hidden.figures).format(n=hidden.figures))
    if hidden.units:
        parts.append(
            ngettext("{n} other unit", "{n} other units", hidden.units).format(n=hidden.units)
        )
    if hidden.periods:
        parts.append(_("periods {periods}").format(periods=period_ranges(hidden.periods)))
    for title, level in hidden.rankings:
        parts.append(_("{ranking} ({level})").format(ranking=title, level=level or "—"))
    if not parts:
        return ""
    text = _("Hidden: {what} — show them with --detail").format(what=", ".join(parts))
    if hidden.level is not None:
        text += " " + _("(one unit: --unit ID; one level: --level {level})").format(
            level=hidden.level
        )
    return text


def period_ranges(labels: Sequence[str]) -> str:
    """Runs of one kind written as ranges: 'S1–S2, TW1–TW4, B01–B12'."""
    runs: list[list[Period]] = []
    for period in map(Period.from_label, labels):
        last = runs[-1][-1] if runs else None
        if last is not None and last.kind == period.kind and last.index + 1 == period.index:
            runs[-1].append(period)
        else:
            runs.append([period])
    return ", ".join(
        run[0].engine_label if len(run) == 1 else f"{run[0].engine_label}–{run[-1].engine_label}"
        for run in runs
    )


def number(value: Presented) -> str:
    """A presented number as offices write it; N/A with what kind of N/A it is (a capaian or a
    score: a target or realisasi beside it shows a plain N/A, one reason a row), or with the
    ruleset's own words when a formula of the ruleset set it (NA("reason"))."""
    text = value.office_text()
    if value.reason is None or value.kind is None:
        return text
    reason = value.reason if value.kind is NaKind.RULE else _(NA_KIND_LABELS[value.kind])
    return _("N/A ({reason})").format(reason=reason)


def summary_markdown(summary: Summary) -> str:
    """The summary as Markdown, every user text escaped."""
    lines: list[str] = []
    for block in sections(summary):
        if block.heading:
            lines += [f"{'#' * block.level} {md_text(block.heading)}", ""]
        if block.plain:
            lines += [md_text(p) + "  " for p in block.plain[:-1]]
            lines += [md_text(block.plain[-1]), ""]
        if block.header:
            rows = [_md_row(r) for r in block.rows]
            lines += [*md_table(block.header, rows), ""]
        if block.notes:
            lines += [f"- {md_text(n)}" for n in block.notes]
            lines.append("")
    return "\n".join(lines)


def _md_row(row: Row) -> tuple[str, ...]:
    """A row's cells; a group heading in bold (md_table escapes the text, not the stars)."""
    if row.heading:
        return (f"**{row.cells[0]}**", *row.cells[1:])
    return row.cells
