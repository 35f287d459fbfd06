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

from collections.abc import Iterator

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from engine.data.model import DataFileError, Dataset
from engine.periods import WHOLE_YEAR
from engine.ruleset.model import Ruleset


def period_less_errors(ruleset: Ruleset, dataset: Dataset) -> Iterator[PerkinError]:
    """One error per wide column (at its header cell) or long-form row (at its value) whose
    values name no period for an input summed over periods shorter than the year."""
    columns: set[Location] = set()
    for record in dataset.records:
        if record.period is None and _periodic(ruleset, record.variable):
            where = record.header or record.location
            if where not in columns:
                columns.add(where)
                yield _error(ruleset, record.variable, where)
    for file in dataset.bulk.files:
        for column in file.columns:
            periodic = column.period is None and _periodic(ruleset, column.variable)
            if periodic and column.filled().any():
                where = Location(file=file.name, line=file.header_line, column=column.number)
                yield _error(ruleset, column.variable, where)


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
