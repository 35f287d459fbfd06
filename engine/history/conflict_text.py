"""Conflicts as people read them: the cells, each alternative with the values it needs and what
else would change, and the figures that follow; in the language of the run."""

from __future__ import annotations

from collections.abc import Sequence

from dsl.i18n import _, ngettext
from dsl.rounding import format_fixed
from engine.history.conflicts import Conflict
from engine.history.derivations import list_text, number_text
from engine.history.diagnosis import BandChange, Change, Diagnosis, Fix
from engine.history.figures import office, quoted
from engine.history.network import PrintedCell
from engine.history.replay import Check, title

SHOWN_ALTERNATIVES = 5  # alternatives a text shows; the JSON keeps up to MAX_ALTERNATIVES
SHOWN_CHANGES = 6


def cell_text(cell: PrintedCell, unit: str | None) -> str:
    """A cell with its printed value: '003:1981 … value 2024-S2 (printed 97,43)'."""
    return _("{cell} (printed {printed})").format(cell=cell.name(unit), printed=printed(cell))


def printed(cell: PrintedCell) -> str:
    """A cell's printed value as an office of the run's language writes it; a blank is 'blank'."""
    if cell.number is None:
        return _("blank")
    if cell.pubs:
        return quoted(cell.pubs[0].printed, cell.pubs[0].decimals)
    return office(cell.text)


def value_text(cell: PrintedCell, value: float | None) -> str:
    """A value as the cell would print it (N/A when there is none)."""
    if value is None:
        return "N/A"
    if cell.pubs:
        pub = cell.pubs[0]
        return office(format_fixed(value, pub.decimals, pub.mode), pub.printed)
    return number_text(value)


def fix_text(fix: Fix, unit: str | None) -> str:
    """'CELL printed 97,73 would be 95,45 (any value from 95,195 to 95,465; copied value)'."""
    shown = value_text(fix.cell, fix.value)
    if fix.low is not None and fix.high is not None:
        span = _("any value from {low} to {high}").format(
            low=number_text(fix.low), high=number_text(fix.high)
        )
        how = f"{span}; {fix.kind.title()}"
    else:
        how = fix.kind.title()
    text = _("{cell} printed {printed} would be {value} ({how})")
    return text.format(cell=fix.cell.name(unit), printed=printed(fix.cell), value=shown, how=how)


def change_text(change: Change, unit: str | None) -> str:
    """'003:1969 ek realisasi 2024-S2: 96,81 → 96,84'."""
    return _("{figure}: {printed} → {value}").format(
        figure=change.cell.name(unit),
        printed=printed(change.cell),
        value=value_text(change.cell, change.value),
    )


def band_text(band: BandChange, unit: str | None) -> str:
    """'predikat of 003:1574 sasaran_02 predikat 2024: Rendah → Sangat Tinggi'."""
    return _("predikat of {figure}: {before} → {after}").format(
        figure=title(band.pub, unit), before=band.before, after=band.after
    )


def changes_text(diagnosis: Diagnosis, unit: str | None) -> str:
    """What else would change with an alternative (figures, then predikat), or that nothing
    else would."""
    figures = _figure_changes(diagnosis, unit)
    if not diagnosis.bands:
        return figures
    return f"{figures}; {list_text([band_text(b, unit) for b in diagnosis.bands])}"


def _figure_changes(diagnosis: Diagnosis, unit: str | None) -> str:
    """The printed figures an alternative would change."""
    changes = diagnosis.changes
    if not changes:
        return _("no other printed figure changes")
    shown = list_text([change_text(c, unit) for c in changes[:SHOWN_CHANGES]])
    rest = len(changes) - SHOWN_CHANGES
    more = ngettext(" and {n} more", " and {n} more", rest).format(n=rest) if rest > 0 else ""
    return ngettext(
        "{n} printed figure computed from it changes: {changes}{more}",
        "{n} printed figures computed from it change: {changes}{more}",
        len(changes),
    ).format(n=len(changes), changes=shown, more=more)


def alternative_text(number: int, diagnosis: Diagnosis, unit: str | None) -> str:
    """'alternative 1 (2 cells): FIX; FIX; no other printed figure changes'."""
    head = ngettext(
        "alternative {number} ({n} cell)", "alternative {number} ({n} cells)", len(diagnosis.fixes)
    ).format(number=number, n=len(diagnosis.fixes))
    fixes = list_text([fix_text(f, unit) for f in diagnosis.fixes])
    return f"{head}: {fixes}; {changes_text(diagnosis, unit)}"


def conflict_heading(number: int, conflict: Conflict) -> str:
    """'conflict 1: 15 printed cells, 26 figures that do not reproduce'."""
    cells = ngettext(
        "conflict {number}: {n} printed cell", "conflict {number}: {n} printed cells",
        len(conflict.cells),
    ).format(number=number, n=len(conflict.cells))  # fmt: skip
    figures = ngettext(
        "{n} figure that does not reproduce", "{n} figures that do not reproduce",
        conflict.severity,
    ).format(n=conflict.severity)  # fmt: skip
    return f"{cells}, {figures}"


def conflict_lines(number: int, conflict: Conflict, unit: str | None) -> list[str]:
    """A conflict as text: its heading, cells, ranked alternatives and the figures following."""
    lines = [conflict_heading(number, conflict)]
    if conflict.cells:
        cells = list_text([cell_text(c, unit) for c in _shown_cells(conflict.cells)])
        more = len(conflict.cells) - len(_shown_cells(conflict.cells))
        extra = _(" and {n} more input cells").format(n=more) if more else ""
        lines.append(_("    cells: {cells}{more}").format(cells=cells, more=extra))
    for index, diagnosis in enumerate(conflict.alternatives[:SHOWN_ALTERNATIVES], start=1):
        lines.append(f"    {alternative_text(index, diagnosis, unit)}")
    rest = len(conflict.alternatives) + conflict.more - SHOWN_ALTERNATIVES
    if rest > 0:
        text = ngettext("    … and {n} more alternative", "    … and {n} more alternatives", rest)
        lines.append(text.format(n=rest))
    lines += _search_lines(conflict)
    own = [c for c in conflict.checks if c not in conflict.follows]
    lines.append(_("    does not reproduce: {figures}").format(figures=_titles(own, unit)))
    if conflict.follows:
        text = _("    follows as printed: {figures}")
        lines.append(text.format(figures=_titles(conflict.follows, unit)))
    return lines


def _search_lines(conflict: Conflict) -> list[str]:
    """Why a conflict shows no alternative, or that the search stopped at its bound."""
    if conflict.gave_up:
        return [_("    the search for alternatives stopped at its bound; more may exist")]
    if not conflict.alternatives:
        if not conflict.cells:
            return [_("    no alternative: only the printed text itself can be wrong")]
        return [_("    no set of at most 3 printed cells makes these figures consistent")]
    return []


def _shown_cells(cells: Sequence[PrintedCell]) -> list[PrintedCell]:
    """Printed figures, then at most 6 input cells."""
    printed_cells = [c for c in cells if c.pubs]
    return printed_cells + [c for c in cells if c.is_input][:6]


def _titles(checks: Sequence[Check], unit: str | None) -> str:
    """Published figures as the lines name them, with their printed values."""
    each = _("{figure} ({printed})")
    return list_text([each.format(figure=title(c.pub, unit), printed=c.printed) for c in checks])
