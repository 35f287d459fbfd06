"""Scores and figures in the HTML report: a unit's own table, and one table per level for the
units that have no scorecard (a table per level, never a page per unit)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from dsl.i18n import _
from engine.data.model import Unit
from engine.render.html_parts import figure, predikat_badge, reasons, table, texts
from engine.scoring.result import ValueRow

# a level table has units as rows up to this many names, else names as rows up to this many
# units, else one row per unit and name (A4 portrait holds about seven value columns)
MAX_COLUMNS = 6


@dataclass(slots=True)
class Value:
    """A score or figure of one unit: the scored period's value and the periods inside it."""

    main: ValueRow | None = None
    subs: list[ValueRow] = field(default_factory=list)

    def cell(self) -> str:
        """The value with its predikat, the periods inside on a small line, and every N/A
        reason, as HTML."""
        shown = figure(self.main.value) if self.main else '<span class="none">—</span>'
        badge = predikat_badge(self.main.predikat) if self.main else ""
        return f"{shown} {badge}".strip() + self.subs_line() + self.reasons()

    def subs_line(self) -> str:
        """'S1 88,10 · S2 89,20' for the periods inside the scored one, or nothing."""
        if not self.subs:
            return ""
        items = " · ".join(f"{escape(v.period)} {figure(v.value)}" for v in self.subs)
        return f'<span class="subs">{items}</span>'

    def reasons(self) -> str:
        """Every N/A reason once, after the periods it applies to."""
        rows = [self.main] if self.main else []
        return reasons((v.period, v.value.reason) for v in (*rows, *self.subs))


def by_name(rows: Iterable[ValueRow], main: str) -> dict[str, Value]:
    """A unit's values grouped by name, in the order they come."""
    out: dict[str, Value] = {}
    for v in rows:
        value = out.setdefault(v.name, Value())
        if v.period == main:
            value.main = v
        else:
            value.subs.append(v)
    return out


def unit_values_table(values: dict[str, Value], names: dict[str, str]) -> str:
    """A unit's scores and figures, one row per name; the predikat, periods and notes columns
    only when a row has something in them."""
    header = texts(_("Score or figure"), _("Value"), _("Predikat"), _("Periods inside"), _("Notes"))
    body = [
        [
            names.get(name) or escape(name),
            figure(v.main.value) if v.main else '<span class="none">—</span>',
            predikat_badge(v.main.predikat) if v.main else "",
            v.subs_line(),
            v.reasons(),
        ]
        for name, v in values.items()
    ]
    keep = [i for i in range(len(header)) if i < 2 or any(row[i] for row in body)]
    widths = [30, 16, 13, 21, 20]
    widths[0] += sum(w for i, w in enumerate(widths) if i not in keep)
    picked = [[row[i] for i in keep] for row in body]
    return table([header[i] for i in keep], picked, [widths[i] for i in keep], num_cols={1})


def level_table(
    units: Sequence[Unit], values: dict[str, dict[str, Value]], names: dict[str, str]
) -> str:
    """The scores and figures of a level's units in one table: units as rows, or names as rows
    when there are more names than fit across, or a row per unit and name when both are many."""
    order = list(dict.fromkeys(n for u in units for n in values.get(u.id, {})))
    label = {n: names.get(n) or escape(n) for n in order}
    if len(order) <= MAX_COLUMNS:
        head = [escape(_("Unit")), *(label[n] for n in order)]
        body = [[_unit(u), *(_cell(values, u, n) for n in order)] for u in units]
    elif len(units) <= MAX_COLUMNS:
        head = [escape(_("Score or figure")), *(_unit(u) for u in units)]
        body = [[label[n], *(_cell(values, u, n) for u in units)] for n in order]
    else:
        head = texts(_("Unit"), _("Score or figure"), _("Value"))
        body = [
            [_unit(u), label[n], v.cell()] for u in units for n, v in values.get(u.id, {}).items()
        ]
        return table(head, body, (36, 34, 30), num_cols={2})
    rest = 70 // (len(head) - 1)
    return table(head, body, (30, *[rest] * (len(head) - 1)), num_cols=range(1, len(head)))


def _unit(unit: Unit) -> str:
    """A unit's name, its id on hover."""
    return f'<span title="{escape(unit.id)}">{escape(unit.name)}</span>'


def _cell(values: dict[str, dict[str, Value]], unit: Unit, name: str) -> str:
    found = values.get(unit.id, {}).get(name)
    return found.cell() if found else '<span class="none">—</span>'
