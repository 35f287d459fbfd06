"""The ruleset as the familiar PK table: sasaran, indikator, targets per period, satuan, sumber."""

from __future__ import annotations

from collections.abc import Iterator

from dsl.i18n import _, pgettext
from dsl.rounding import apply_rounding
from engine.periods import WHOLE_YEAR, Period
from engine.render.markdown import md_table, md_text
from engine.render.show_rankings import rankings_markdown
from engine.render.show_scores import scores_markdown
from engine.ruleset.capaian import DEFAULT_CAPAIAN
from engine.ruleset.model import Indicator, Rounding, Ruleset
from engine.ruleset.names import ShownNames
from engine.scoring.result import no_target_reason

_PERCENT = frozenset({"%", "persen", "persentase", "percent", "prosentase"})


def target_columns(rs: Ruleset) -> tuple[tuple[str, str], ...]:
    """(period label, column title) of the target columns the ruleset has: quarters when an
    indicator (or the ruleset) is quarterly or a quarter has a target, semesters likewise, then
    Tahunan; none at all when no indicator has a target (a scorecard scored on realisasi)."""
    if not any(ind.target for ind in rs.indicators.values()):
        return ()
    kinds = {rs.cadence, *(ind.cadence for ind in rs.indicators.values())}
    labels = {
        label for ind in rs.indicators.values() if ind.target for label, _value in ind.target.values
    }
    quarters, semesters = WHOLE_YEAR.subperiods("triwulan"), WHOLE_YEAR.subperiods("semester")
    columns: list[Period] = []
    if "triwulan" in kinds or _any_of(quarters, labels):
        columns += quarters
    if "semester" in kinds or _any_of(semesters, labels):
        columns += semesters
    return tuple((p.engine_label, p.title) for p in (*columns, WHOLE_YEAR))


def _any_of(periods: tuple[Period, ...], labels: set[str]) -> bool:
    """Whether a target is declared for any of the periods."""
    return any(p.engine_label in labels for p in periods)


def show_header(rs: Ruleset, sources: bool, formulas: bool) -> list[str]:
    """The column titles: the first target column says 'Target', the rest only their period."""
    titles = [title for _label, title in target_columns(rs)]
    targets = [_("Target {period}").format(period=titles[0]), *titles[1:]] if titles else []
    header = [
        pgettext("PK table", "Sasaran"),
        pgettext("PK table", "Indicator"),
        *targets,
        pgettext("PK table", "Unit of measure"),
        _("Data source"),
    ]
    if formulas:
        header += [
            pgettext("PK table", "Realisasi"),
            pgettext("PK table", "Capaian"),
            _("Weight"),
            _("Roles"),
        ]
    if sources:
        header += [_("Indicator source"), *([_("Target source")] if titles else [])]
    return header


def show_rows(rs: Ruleset, sources: bool, formulas: bool) -> tuple[str, list[str], list[list[str]]]:
    """(title, header, rows): one heading row per indicator group, one row per indicator."""
    header = show_header(rs, sources, formulas)
    rows: list[list[str]] = []
    names = ShownNames.of(rs)
    for group, indicators in _groups(rs):
        if group is not None:
            rows.append([group_title(group), *([""] * (len(header) - 1))])
        previous: str | None = None
        for ind in indicators:
            row = indicator_row(rs, ind, sources, formulas, names)
            if ind.sasaran is not None and ind.sasaran == previous:
                row[0] = ""  # the PK table prints a sasaran once for the indicators under it
            previous = ind.sasaran
            rows.append(row)
    return table_title(rs, sources), header, rows


def show_markdown(rs: Ruleset, sources: bool, formulas: bool) -> str:
    """The PK table as Markdown, group headings in bold; the scores of a ruleset without
    indicators."""
    if not rs.indicators:
        text = scores_markdown(rs, table_title(rs, sources), sources, formulas)
        return "\n".join([text.rstrip("\n"), *rankings_markdown(rs, sources), ""])
    title, header, rows = show_rows(rs, sources, formulas)
    groups = {group_title(g) for g, _members in _groups(rs) if g is not None}
    shown = [[f"**{r[0]}**", *r[1:]] if r[0] in groups and not any(r[1:]) else r for r in rows]
    lines = [f"# {md_text(title)}", "", *md_table(header, shown), "", md_text(table_note(rs))]
    lines += rankings_markdown(rs, sources)
    return "\n".join([*lines, ""])


def table_note(rs: Ruleset) -> str:
    """What the target cells mean, or that there are none."""
    if not target_columns(rs):
        return _("No indicator has a target, so the table has no target columns.")
    return _("N/A: no target for that period; blank: the indicator is not reported then.")


def indicator_row(
    rs: Ruleset, ind: Indicator, sources: bool, formulas: bool, names: ShownNames
) -> list[str]:
    """One indicator's cells in header order (`names`: the ruleset's, made once per table)."""
    name = names.numbered(ind)
    row = [ind.sasaran or "", name, *target_cells(rs, ind), ind.satuan or "", ind.system or ""]
    if formulas:
        row += [
            ind.realisasi.text,
            capaian_rule(ind),
            weight_text(ind, sources),
            roles_text(rs, ind),
        ]
    if sources:
        row.append(ind.provenance.text())
        if target_columns(rs):
            row.append(ind.target.provenance.text() if ind.target else "")
    return row


def target_cells(rs: Ruleset, ind: Indicator) -> list[str]:
    """The target of each target column: a number, N/A, a formula, or blank when not reported."""
    cells = []
    for label, _title in target_columns(rs):
        declared, value = ind.target.for_label(label) if ind.target else (False, None)
        if declared:
            cells.append(number_text(value, ind.rounding["target"], is_percent(ind)))
        else:
            cells.append("")
    if cells and ind.target is not None and ind.target.formula is not None and not cells[-1]:
        cells[-1] = f"= {ind.target.formula.text}"
    return cells


def number_text(value: float | None, rounding: Rounding, percent: bool = False) -> str:
    """A target as a person writes it: 100, 86.75, 100% or N/A."""
    if value is None:
        return "N/A"
    shown = apply_rounding(value, rounding.decimals, rounding.mode)
    text = f"{shown:.{max(rounding.decimals, 0)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return f"{text}%" if percent else text


def is_percent(ind: Indicator) -> bool:
    """Whether the indicator's satuan is a percentage."""
    return (ind.satuan or "").strip().casefold() in _PERCENT


def capaian_rule(ind: Indicator) -> str:
    """The capaian formula (the polarity default when none is written) with its limits."""
    default = DEFAULT_CAPAIAN[ind.polarity].format(realisasi="realisasi", target="target")
    default = default.replace(" * ", " × ").replace(" - ", " − ")
    if ind.capaian is None and ind.target is None:
        # what evaluate gives it (not a formula): the one reason of a part that does not apply
        default = _("N/A: {reason}").format(reason=no_target_reason(ind.id))
    parts = [ind.capaian.text if ind.capaian else default]
    if ind.cap is not None:
        parts.append(_("at most {cap}").format(cap=f"{ind.cap:g}"))
    if ind.floor is not None:
        parts.append(_("at least {floor}").format(floor=f"{ind.floor:g}"))
    if ind.predikat is not None:
        text = _("predikat: {table} (on {part})")
        parts.append(text.format(table=ind.predikat, part=ind.predikat_on))
    return "; ".join(parts)


def weight_text(ind: Indicator, sources: bool) -> str:
    """The weight in percent points, with its source when sources are asked for."""
    if ind.weight is None:
        return ""
    text = f"{ind.weight.value:g}%"
    return f"{text} ({ind.weight.provenance.text()})" if sources else text


def roles_text(rs: Ruleset, ind: Indicator) -> str:
    """The titles of the roles carrying the indicator."""
    return ", ".join(rs.roles[r].title if r in rs.roles else r for r in ind.roles)


def group_title(group: str) -> str:
    """'sasaran_strategis' → 'Sasaran Strategis'."""
    return " ".join(word.capitalize() for word in group.replace("_", " ").split())


def _groups(rs: Ruleset) -> Iterator[tuple[str | None, list[Indicator]]]:
    """Indicators by group in order of first appearance; no heading when nothing is grouped."""
    groups: dict[str | None, list[Indicator]] = {}
    for ind in rs.indicators.values():
        groups.setdefault(ind.group, []).append(ind)
    if list(groups) == [None]:
        yield None, groups[None]
        return
    for group, indicators in groups.items():
        yield group if group is not None else "tanpa_kelompok", indicators


def table_title(rs: Ruleset, sources: bool = False) -> str:
    """The table's title: ruleset title, id, year and evaluation cycle (with its source)."""
    year = f", {rs.year}" if rs.year else ""
    if rs.cycle is not None:
        year += ", " + _("evaluated {cycle}").format(cycle=rs.cycle.text())
        if sources and rs.cycle.source:
            year += f" ({rs.cycle.source})"
    return f"{rs.title} ({rs.id}{year})"
