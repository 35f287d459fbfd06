"""Where an input value of one unit came from: the slot binding filled (engine.data.bind), its
cell ('file:line:column', 'workbook!sheet!cell', 'file:line') and the record's source and note."""

from __future__ import annotations

from dataclasses import dataclass, field

from dsl.i18n import _
from engine.data.bind import ABSENT, Bound, Slot
from engine.data.model import Dataset, Record
from engine.ruleset.model import Input

EVERY_PERIOD = "*"  # the slot of a value given without a period (engine.data.bind.period_key)


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
        return out

    def _slot(self, spec: Input, key: str) -> Slot | None:
        return self.bound.slots.get(spec.id, {}).get((key, None))

    def _record(self, where: str) -> Record | None:
        """The record read at that cell (values read column-wise have no source or note)."""
        if self._records is None:
            self._records = {r.location.label(): r for r in self.dataset.records}
        return self._records.get(where)
