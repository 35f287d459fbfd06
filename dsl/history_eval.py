"""PREV, HISTORY, GROWTH and TREND in both evaluators: over columns and for one unit, explained.

Both forms read the earlier-year values the engine gives under their `HistoryRef` keys and
compute with the same arithmetic in the same order (`vector.arith`, `scalar.arith`), so they
agree to the bit. A year the engine has no value for is N/A with its reason, never zero.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from dsl import scalar, vector
from dsl.ast import Call, Name
from dsl.column import Column
from dsl.diagnostics import EvaluationError
from dsl.explanation import Explanation, step
from dsl.history import HistoryRef, refs_of_call
from dsl.i18n import _, ngettext
from dsl.printer import to_source
from dsl.values import Scalar, format_value


class Columns(Protocol):
    """What the column forms need of the columnar evaluator (dsl.columnar provides it)."""

    n: int

    def name(self, name: str) -> Column: ...


class Values(Protocol):
    """What the explained forms need of the explaining evaluator (dsl.explain provides it)."""

    def name(self, name: str) -> Scalar: ...


def _refs(call: Call) -> tuple[HistoryRef, ...]:
    """The earlier-year values of a checked call (a call the checker let through has them)."""
    refs = refs_of_call(call)
    if not refs:
        raise EvaluationError(_("{function} was not checked").format(function=call.name))
    return refs


def _name(call: Call) -> str:
    arg = call.args[0]
    return arg.name if isinstance(arg, Name) else "?"


def trend_weights(n: int) -> tuple[float, ...]:
    """The least-squares slope as a weighted sum: the weight of each of n yearly values, oldest
    first (the slope is the change per year of the line that fits them best)."""
    mean = (n - 1) / 2
    spread = sum((t - mean) ** 2 for t in range(n))
    return tuple((t - mean) / spread for t in range(n))


# columns ------------------------------------------------------------------------------------


def _column_growth(current: Column, before: Column, n: int) -> Column:
    change = vector.arith("-", current, before)
    return vector.arith("*", vector.arith("/", change, before), Column.constant(100.0, n))


def _column_trend(values: Sequence[Column], n: int) -> Column:
    weights = trend_weights(len(values))
    total = vector.arith("*", values[0], Column.constant(weights[0], n))
    for value, weight in zip(values[1:], weights[1:], strict=True):
        total = vector.arith("+", total, vector.arith("*", value, Column.constant(weight, n)))
    return total


def column_call(ev: Columns, call: Call) -> Column:
    """A history call over all units."""
    refs = _refs(call)
    earlier = [ev.name(r.key) for r in refs]
    match call.name.upper():
        case "GROWTH":
            return _column_growth(ev.name(_name(call)), earlier[0], ev.n)
        case "TREND":
            return _column_trend([*earlier, ev.name(_name(call))], ev.n)
    return earlier[0]


# one unit, explained ------------------------------------------------------------------------


def _growth(current: Scalar, before: Scalar) -> Scalar:
    change = scalar.arith("-", current, before)
    return scalar.arith("*", scalar.arith("/", change, before), 100.0)


def _trend(values: Sequence[Scalar]) -> Scalar:
    weights = trend_weights(len(values))
    total = scalar.arith("*", values[0], weights[0])
    for value, weight in zip(values[1:], weights[1:], strict=True):
        total = scalar.arith("+", total, scalar.arith("*", value, weight))
    return total


def _earlier_step(call: Call, ref: HistoryRef, value: Scalar) -> Explanation:
    """The step of one earlier-year value, saying which year it is."""
    return Explanation(ref.name, call.span, value, (), None, _when(ref))


def _when(ref: HistoryRef) -> str:
    """Which year a value is of, for people: "in 2022", "1 year earlier"."""
    if ref.year is not None:
        return _("in {year}").format(year=ref.year)
    return ngettext("{n} year earlier", "{n} years earlier", ref.back).format(n=ref.back)


def explain_call(ex: Values, call: Call) -> Explanation:
    """A history call for one unit: the earlier-year values it read, each a step."""
    refs = _refs(call)
    values = [ex.name(r.key) for r in refs]
    steps = [_earlier_step(call, r, v) for r, v in zip(refs, values, strict=True)]
    function = call.name.upper()
    if function in ("PREV", "HISTORY"):
        return Explanation(to_source(call), call.span, values[0], (), None, steps[0].note)
    current = ex.name(_name(call))
    now = step(call.args[0], current, (), None)
    if function == "GROWTH":
        now_text, before_text = format_value(current), format_value(values[0])
        detail = f"({now_text} - {before_text}) / {before_text} × 100"
        return _made(call, _growth(current, values[0]), [*steps, now], detail)
    series = [*values, current]
    shown = "[" + ", ".join(format_value(v) for v in series) + "]"
    detail = _("slope of {values}").format(values=shown)
    return _made(call, _trend(series), [*steps, now], detail)


def _made(call: Call, value: Scalar, steps: list[Explanation], detail: str) -> Explanation:
    return Explanation(to_source(call), call.span, value, tuple(steps), detail)


COLUMN_FORMS: dict[str, Callable[[Columns, Call], Column]] = {
    name: column_call for name in ("PREV", "HISTORY", "GROWTH", "TREND")
}
EXPLAIN_FORMS: dict[str, Callable[[Values, Call], Explanation]] = {
    name: explain_call for name in ("PREV", "HISTORY", "GROWTH", "TREND")
}
