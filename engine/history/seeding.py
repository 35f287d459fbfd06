"""Evaluators that read chosen values (a report's printed figures, corrections) in place of the
engine's own, and recompute from them everything above: roll-ups and periods combined."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from engine.history.causes import aggregate
from engine.history.derivations import Deriver, Part
from engine.history.earlier_cells import history_key, with_values
from engine.history.replay import Recomputation, series_items
from engine.periods import sub_labels
from engine.scoring.aggregates import AGGREGATES
from engine.scoring.evaluate import Evaluator
from engine.scoring.vectors import Vec

Key = tuple[str, str, str | None, str]  # unit, canonical engine name, series item, period label
Group = tuple[str, str]  # engine name, period label
ANNUAL = "tahunan"


class Seeder:
    """Builds evaluators seeded with values for some (unit, name, item, period) keys."""

    def __init__(self, rec: Recomputation, derive: Deriver) -> None:
        """The recomputation whose evaluator gives every value not seeded."""
        self.rec, self.derive = rec, derive
        self.parents = rec.evaluator.parents
        self._plain: dict[tuple[Group, tuple[tuple[Key, float | None], ...]], Vec | None] = {}
        self._combined: dict[str, list[str]] = {}  # a combined name's periods in a year

    def evaluator(self, values: Mapping[Key, float | None], skip: set[Key]) -> Evaluator:
        """A fresh evaluator reading `values` except for the skipped keys, which are computed
        from what lies below them (the engine combines periods from formulas, not from the
        values it holds, so combined periods and roll-ups above seeded values are redone here).
        An earlier year's value (a history file's cell) is put into the evaluator's history."""
        earlier = {
            where: value
            for key, value in values.items()
            if key not in skip and (where := history_key(key)) is not None
        }
        history = with_values(self.rec.history, earlier)
        ev = Evaluator(self.rec.ruleset, self.rec.bound, history)
        groups: dict[Group, list[tuple[Key, float | None]]] = {}
        for key, value in values.items():
            if key not in skip and history_key(key) is None:
                groups.setdefault((key[1], key[3]), []).append((key, value))
        touched: dict[Group, set[int]] = {}
        for key in [*values, *skip]:
            if history_key(key) is None:
                touched.setdefault((key[1], key[3]), set()).add(self.rec.bound.index[key[0]])
        skipped = {(k[1], k[3]) for k in skip if history_key(k) is None}
        later = skipped | self._combined_above(touched)
        inputs = {k[1] for k in values if k[1] in self.rec.ruleset.inputs}
        for group, entries in groups.items():
            if group not in later:
                vec = self._plain_vec(ev, group, entries)
                if vec is not None:
                    ev.memo[group] = vec
        for group in sorted(later, key=self._depth):
            redo = self._with_ancestors(touched.get(group, set()) | self._below(group, touched))
            # a name above no corrected input differs from the engine's only where touched
            moved = bool(earlier) or bool(inputs & self.derive.upstream(group[0]))
            fresh = group in skipped or moved
            base = ev.get(*group) if fresh else self.rec.evaluator.get(*group)
            vec = self._patched(ev, group, groups.get(group, []), base, redo)
            if vec is not None:
                ev.memo[group] = vec
        return ev

    def _plain_vec(
        self, ev: Evaluator, group: Group, entries: Sequence[tuple[Key, float | None]]
    ) -> Vec | None:
        """The engine's vector with seeded units replaced (the same seeds give the same vector)."""
        memo = (group, tuple(entries))
        if memo not in self._plain:
            base = self.rec.evaluator.get(*group)
            self._plain[memo] = self._patched(ev, group, entries, base, {})
        return self._plain[memo]

    def _combined_above(self, touched: Mapping[Group, set[int]]) -> set[Group]:
        """The longer periods of combined names whose shorter periods are touched."""
        out: set[Group] = set()
        for node, label in touched:
            if node not in self._combined:
                how, cadence, _level, _rollup = self.derive.definition(node)
                subs = sub_labels(ANNUAL, cadence) if how and cadence else []
                self._combined[node] = subs
            if label != ANNUAL and label in self._combined[node]:
                out.add((node, ANNUAL))
        return out

    def _below(self, group: Group, touched: Mapping[Group, set[int]]) -> set[int]:
        """Units whose shorter periods of a combined name are touched."""
        node, label = group
        how, cadence, _level, _rollup = self.derive.definition(node)
        if how is None or cadence is None:
            return set()
        subs = sub_labels(label, cadence)
        rows = set()
        for sub in subs if subs != [label] else []:
            rows |= touched.get((node, sub), set())
        return rows

    def _with_ancestors(self, rows: set[int]) -> dict[int, int]:
        """Rows and the units above them, each with its height (0 for the rows themselves)."""
        out = dict.fromkeys(rows, 0)
        for row in rows:
            height, current = 0, int(self.parents[row])
            while current >= 0:
                height += 1
                out[current] = max(out.get(current, 0), height)
                current = int(self.parents[current])
        return out

    def _depth(self, group: Group) -> tuple[int, int]:
        """Names computed from fewer names first, shorter periods first."""
        node, label = group
        span = 1 if label.startswith("B") else 3 if label.startswith("TW") else 6
        return (len(self.derive.upstream(node)), 12 if label == ANNUAL else span)

    def _patched(
        self, ev: Evaluator, group: Group, entries: Sequence[tuple[Key, float | None]], base: Vec,
        redo: Mapping[int, int],
    ) -> Vec | None:  # fmt: skip
        """A name's vector with seeded units replaced and the units in `redo` recomputed from
        the periods or units below them, lowest first."""
        if base.values.dtype == object:
            return None
        node = group[0]
        values, codes = base.values.astype(np.float64), base.codes.copy()
        seeded = set()
        for (unit, _node, item, _label), value in entries:
            row = self.rec.bound.index[unit]
            seeded.add(row)
            column = self._column(node, item, values.ndim)
            number = np.nan if value is None else value
            if values.ndim == 1:
                values[row], codes[row] = number, (codes[row] if value is None else 0)
            elif column is not None:
                values[row, column], codes[row] = number, 0
        if values.ndim == 1:
            for row in sorted(set(redo) - seeded, key=lambda r: redo[r]):
                self._redo(ev, group, row, values, codes)
        return Vec(values, codes)

    def _redo(
        self, ev: Evaluator, group: Group, row: int, values: np.ndarray, codes: np.ndarray
    ) -> None:
        """One unit's value from its main derivation (periods combined or units rolled up)."""
        node, label = group
        unit = self.rec.bound.units[row].id
        found = self.derive.derivations(Part(node, unit, label, None))
        if not found or found[0].how not in AGGREGATES:
            return  # a formula's value is the engine's (computed from the seeded parts)
        d = found[0]
        if all(p.label == label for p in d.parts):
            kids = [self.rec.bound.index[p.unit] for p in d.parts]
            parts = [None if np.isnan(values[k]) else float(values[k]) for k in kids]
        else:
            parts = [self.derive.value(ev, p) for p in d.parts]
        number = aggregate(d.how, parts, d.weights)
        if number is not None:
            values[row], codes[row] = number, 0

    def _column(self, node: str, item: str | None, ndim: int) -> int | None:
        """The series column of an item."""
        if item is None or ndim != 2:
            return None
        items = series_items(self.rec.ruleset, node) or ()
        return items.index(item) if item in items else None
