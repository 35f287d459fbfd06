"""Values given for a unit of a level that does not report the input.

A kecamatan total typed into the kelurahan file, or a kota value in a column of a kelurahan
input, would be bound and never used: no formula reads an input at a level that does not report
it. Each such column (or file of records) is one located error at its first cell, with the
count, rather than a value dropped without a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import _, ngettext
from engine.data.bind import Bound, DataBindingError
from engine.data.cells import Missing
from engine.data.model import NUMBER, BulkColumn, BulkFile, Positioned, position
from engine.ruleset.model import Input, Ruleset

# (reading position, where, input, unit) of a value at a unit whose level does not report it
Offender = tuple[int, Location, Input, str]
# a bulk column, its input and the rows it binds
Column = tuple[BulkFile, BulkColumn, Input | None, np.ndarray]


def wrong_levels(
    ruleset: Ruleset,
    bound: Bound,
    records: Iterable[Positioned],
    columns: Iterable[Column],
) -> list[PerkinError]:
    """One error per input and file whose values sit at units of a level that does not report
    the input; `columns` are the bulk columns with the rows they bind."""
    groups: dict[tuple[str, str | None], list[Offender]] = {}
    for found in (*_in_records(ruleset, bound, records), *_in_columns(bound, columns)):
        groups.setdefault((found[2].id, found[1].file), []).append(found)
    ordered = [sorted(g, key=lambda f: f[0]) for g in groups.values()]
    ordered.sort(key=lambda g: g[0][0])  # in reading order, whichever path read the values
    return [_error(bound, g) for g in ordered]


def _in_records(
    ruleset: Ruleset, bound: Bound, records: Iterable[Positioned]
) -> Iterator[Offender]:
    for pos, r in records:
        spec = ruleset.inputs.get(r.variable)
        if spec is None or isinstance(r.value, Missing) or r.unit not in bound.index:
            continue
        level = bound.units[bound.index[r.unit]].level
        if level is not None and not spec.at(level):
            yield pos, r.location, spec, r.unit


def _in_columns(bound: Bound, columns: Iterable[Column]) -> Iterator[Offender]:
    """Column-wise: each file's rows get their unit's level code once, and only the rows at a
    level that does not report the column's input are looked at one by one."""
    levels = sorted({u.level for u in bound.units if u.level is not None})
    codes = {level: i for i, level in enumerate(levels)}
    unit_code = {u.id: codes[u.level] if u.level is not None else -1 for u in bound.units}
    per_file: dict[int, np.ndarray] = {}
    for f, column, spec, rows in columns:
        names = spec.reported_at() if spec is not None else None
        if spec is None or names is None:
            continue
        if id(f) not in per_file:  # -1: a unit without a level, or not bound
            per_file[id(f)] = np.array([unit_code.get(u, -1) for u in f.units], dtype=np.int64)
        level = per_file[id(f)]
        allowed = np.array([codes[n] for n in names if n in codes], dtype=np.int64)
        elsewhere = (level >= 0) & ~np.isin(level, allowed)
        for row in np.flatnonzero(rows & (column.state == NUMBER) & elsewhere).tolist():
            unit, line = f.units[row], int(f.lines[row])
            where = Location(file=f.name, line=line, column=column.number)
            yield position(f.index, line, column.number), where, spec, unit


def _error(bound: Bound, found: list[Offender]) -> DataBindingError:
    where, spec, unit = found[0][1:]
    level = bound.units[bound.index[unit]].level
    message = ngettext(
        "'{input}' is reported at level {levels}, but {n} value is given for a unit of another "
        "level (first: '{unit}', level {level}); it would not be used",
        "'{input}' is reported at level {levels}, but {n} values are given for units of another "
        "level (first: '{unit}', level {level}); they would not be used",
        len(found),
    )
    hint = _(
        "remove the values, move them to a unit of level {levels}, or declare the input "
        "`level: [...]` with level {level} in the ruleset"
    )
    levels = spec.level_text() or ""
    text = message.format(input=spec.id, levels=levels, n=len(found), unit=unit, level=level)
    return DataBindingError(text, where, hint.format(levels=levels, level=level), code="D190")
