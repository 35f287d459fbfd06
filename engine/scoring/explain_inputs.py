"""Where an input value of one unit came from: the slot binding filled (engine.data.bind), its
cell ('file:line:column', 'workbook!sheet!cell', 'file:line') and the record's source and note."""

from __future__ import annotations

from dataclasses import dataclass, field

from dsl.i18n import _, ngettext
from engine.data.bind import ABSENT, NA_REPORTED, PRESENT, Bound, Slot
from engine.data.model import Dataset, Record
from engine.data.records import row_items, rows_at, table_of
from engine.data.validation_check import validation_line
from engine.ruleset.model import Input, Ruleset

EVERY_PERIOD = "*"  # the slot of a value given without a period (engine.data.bind.period_key)
SHOWN_SKIPPED = 10  # skipped rows named one by one in an explanation


@dataclass
class InputCells:
    """The cells behind the input values of a bound dataset, and the records read at them."""

    bound: Bound
    dataset: Dataset
    _records: dict[str, Record] | None = field(default=None, init=False)

    def given(self, spec: Input, label: str, unit: int) -> str | None:
        """The period key of the slot holding unit's value for `label`: the label itself, or
        EVERY_PERIOD when only a value for every period was given; None when neither holds one
        (then the value, if any, is combined from sub-periods)."""
        for key in (label, EVERY_PERIOD):
            slot = self._slot(spec, key)
            if slot is not None and int(slot.state[unit]) != ABSENT:
                return key
        return None

    def cell(self, spec: Input, label: str, unit: int) -> str | None:
        """Where unit's value of a plain input for `label` was read, if it was read as such."""
        key = self.given(spec, label, unit) if spec.axis is None else None
        slot = self._slot(spec, key) if key is not None else None
        return slot.label(unit) if slot is not None else None

    def lines(self, spec: Input, key: str, unit: int, label: str) -> list[str]:
        """'from FILE:LINE:COL', the fallback said, then the record's source and note."""
        slot = self._slot(spec, key)
        where = slot.label(unit) if slot is not None else None
        if where is None:
            return [_("from: (no cell recorded)")]
        out = [_("from {where}").format(where=where)]
        if key == EVERY_PERIOD:
            out[0] += "  " + _("(a value given for every period, used for {period})").format(
                period=label
            )
        record = self._record(where)
        if record is not None and record.source:
            out.append(_("source: {source}").format(source=record.source))
        if record is not None and record.note:
            out.append(_("note: {note}").format(note=record.note))
        said = validation_line(self.bound, spec.id, (key, None), unit, record)
        return [*out, said] if said else out

    def rows(self, ruleset: Ruleset, spec: Input, label: str, unit: int) -> list[str]:
        """A column of a table of records at one unit: how many of the unit's rows were used and
        which were skipped (N/A), each with its reason."""
        table = table_of(ruleset, spec)
        items = row_items(self.bound, table)
        held = rows_at(self.bound, table, (label, EVERY_PERIOD), items)[unit]
        mine = [item for item, has in zip(items, held.tolist(), strict=True) if has]
        skipped = [(item, why) for item in mine if (why := self._skip(spec, label, item, unit))]
        said = ngettext(
            "{name}: {used} of {n} row of {rows} used, {skipped} skipped (N/A)",
            "{name}: {used} of {n} rows of {rows} used, {skipped} skipped (N/A)",
            len(mine),
        ).format(
            name=spec.id,
            used=len(mine) - len(skipped),
            n=len(mine),
            rows=spec.axis,
            skipped=len(skipped),
        )
        out = [said, *(f"  {item}: {why}" for item, why in skipped[:SHOWN_SKIPPED])]
        if len(skipped) > SHOWN_SKIPPED:
            more = len(skipped) - SHOWN_SKIPPED
            out.append("  " + _("… and {n} more").format(n=more))
        return out

    def _skip(self, spec: Input, label: str, item: str, unit: int) -> str | None:
        """Why a row's value is N/A (None when it is used)."""
        for key in (label, EVERY_PERIOD):
            slot = self.bound.slots.get(spec.id, {}).get((key, item))
            state = ABSENT if slot is None else int(slot.state[unit])
            if state == PRESENT:
                return None
            if state == NA_REPORTED and slot is not None:
                where = slot.label(unit) or "?"
                if (spec.id, (key, item), unit) in self.bound.blanks:
                    return _("an empty cell at {where}").format(where=where)
                return _("reported N/A at {where}").format(where=where)
        return _("no value: the row leaves this column empty")

    def _slot(self, spec: Input, key: str) -> Slot | None:
        return self.bound.slots.get(spec.id, {}).get((key, None))

    def _record(self, where: str) -> Record | None:
        """The record read at that cell (values read column-wise have no source or note)."""
        if self._records is None:
            self._records = {r.location.label(): r for r in self.dataset.records}
        return self._records.get(where)
