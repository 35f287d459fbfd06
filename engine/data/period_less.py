"""Values that name no period, for an input summed over its triwulan, semester or bulan (D303).

A value without a period is bound for every period at once. For an input whose periods are
summed into the year (`combine: sum`) that contradicts itself: a wide column `aduan` of 5 gave 5
in each of the four triwulan and 5 for the year, and whether the office meant 5 a quarter or 5
a year is a guess. The period must be named: `aduan@TW1` (a column per period), a period cell,
or `period:` in perkin-data.yaml. An input reported once a year (`period: tahunan`), or one
whose year is its last, first, mean, least or greatest period's value (a level, such as an
index re-measured each quarter), takes a value without a period as the same value in every
period, which its year then agrees with.
"""

from __future__ import annotations

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from engine.data.model import DataFileError, Dataset, position
from engine.periods import WHOLE_YEAR
from engine.ruleset.model import Ruleset


def period_less_errors(ruleset: Ruleset, dataset: Dataset) -> list[PerkinError]:
    """One error per wide column (at its header cell) or long-form row (at its value) whose
    values name no period for an input summed over periods shorter than the year, in reading
    order whichever reader (per record, or in bulk) read them."""
    found: dict[Location, tuple[int, PerkinError]] = {}
    if any(r.period is None and _periodic(ruleset, r.variable) for r in dataset.records):
        for at, record in dataset.positioned():  # places only when a record needs one
            if record.period is None and _periodic(ruleset, record.variable):
                where = record.header or record.location
                found.setdefault(where, (at, _error(ruleset, record.variable, where)))
    for file in dataset.bulk.files:
        for column in file.columns:
            if column.period is not None or not _periodic(ruleset, column.variable):
                continue
            rows = np.flatnonzero(column.filled()).tolist()
            if file.header_line is not None and rows:  # a wide column: once, at its header
                rows = rows[:1]
            for row in rows:
                line = file.header_line or int(file.lines[row])  # long form: at each value
                where = Location(file=file.name, line=line, column=column.number)
                at = position(file.index, line, column.number)
                found.setdefault(where, (at, _error(ruleset, column.variable, where)))
    return [error for _at, error in sorted(found.values(), key=lambda pair: pair[0])]


def _periodic(ruleset: Ruleset, variable: str) -> bool:
    """Whether the input's periods are summed into the year (a value for every period would
    then contradict itself)."""
    spec = ruleset.inputs.get(variable)
    return spec is not None and spec.period != "tahunan" and spec.combine == "sum"


def _error(ruleset: Ruleset, variable: str, where: Location) -> DataFileError:
    kind = ruleset.inputs[variable].period
    message = _(
        "'{variable}' is summed over its {period} periods into the year, but its value here "
        "names no period: a value for each {period} or for the whole year?"
    )
    hint = _(
        "name the period of each value: a column such as {variable}@{label}, a period cell "
        "such as {label}, or period: in perkin-data.yaml"
    )
    label = WHOLE_YEAR.subperiods(kind)[0].engine_label
    return DataFileError(
        message.format(variable=variable, period=kind),
        where,
        hint.format(variable=variable, label=label),
        "D303",
    )
