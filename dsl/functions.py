"""The catalogue of formula functions: names, aliases, argument counts and usage lines."""

from __future__ import annotations

from dataclasses import dataclass

from dsl.ast import Call, Expr, Text, references
from dsl.i18n import N_, _, ngettext
from dsl.values import NA_LITERAL


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    """One function: its canonical name, how many arguments it takes, and how to call it
    (`usage`, a catalogue text: show it with `_()`, which names the arguments in the language)."""

    name: str
    min_args: int
    max_args: int | None
    usage: str

    def arity_text(self) -> str:
        """The accepted argument count in words, such as "2 or 3 arguments"."""
        low, high = self.min_args, self.max_args
        if high is None:
            return ngettext("at least {n} argument", "at least {n} arguments", low).format(n=low)
        if low == high:
            return ngettext("{n} argument", "{n} arguments", low).format(n=low)
        if high > low + 1:
            return _("{low} to {high} arguments").format(low=low, high=high)
        return _("{low} or {high} arguments").format(low=low, high=high)

    def accepts(self, count: int) -> bool:
        """Whether a call with `count` arguments is allowed."""
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)


_SPECS = (
    FunctionSpec("IF", 3, 3, N_("IF(condition, value_if_true, value_if_false)")),
    FunctionSpec("IFNA", 2, 2, N_("IFNA(value, value_if_na)")),
    FunctionSpec("ISNA", 1, 1, N_("ISNA(value)")),
    FunctionSpec("SWITCH", 3, None, N_("SWITCH(x, value1, result1, value2, result2, …, default)")),
    FunctionSpec("MIN", 1, None, N_("MIN(value1, value2, …)")),
    FunctionSpec("MAX", 1, None, N_("MAX(value1, value2, …)")),
    FunctionSpec("SUM", 1, None, N_("SUM(value1, value2, …)")),
    FunctionSpec("AVERAGE", 1, None, N_("AVERAGE(value1, value2, …)")),
    FunctionSpec("COUNT", 1, None, N_("COUNT(value1, value2, …)")),
    FunctionSpec("GEOMEAN", 1, None, N_("GEOMEAN(value1, value2, …)")),
    FunctionSpec("SUMPRODUCT", 1, None, N_("SUMPRODUCT(series1, series2, …)")),
    FunctionSpec("ABS", 1, 1, N_("ABS(x)")),
    FunctionSpec("ROUND", 1, 2, N_("ROUND(x, decimals)")),
    FunctionSpec("TRUNC", 1, 2, N_("TRUNC(x, decimals)")),
    FunctionSpec("CLAMP", 3, 3, N_("CLAMP(x, low, high)")),
    FunctionSpec("LOOKUP", 2, 2, N_("LOOKUP(key, table)")),
    FunctionSpec("BAND", 2, 2, N_("BAND(x, table)")),
    FunctionSpec("COUNTIF", 2, 2, N_("COUNTIF(range, criterion)")),
    FunctionSpec("SUMIF", 2, 3, N_("SUMIF(range, criterion, sum_range)")),
    FunctionSpec("AVERAGEIF", 2, 3, N_("AVERAGEIF(range, criterion, average_range)")),
    FunctionSpec("COUNTA", 1, None, N_("COUNTA(value1, value2, …)")),
    FunctionSpec("COUNTNA", 1, 1, N_("COUNTNA(x)")),
    FunctionSpec("NA", 0, 1, N_('NA("reason")')),
    FunctionSpec("AND", 1, None, N_("AND(condition1, condition2, …)")),
    FunctionSpec("OR", 1, None, N_("OR(condition1, condition2, …)")),
    FunctionSpec("PREV", 1, 1, N_("PREV(name)")),
    FunctionSpec("HISTORY", 2, 2, N_("HISTORY(name, year)")),
    FunctionSpec("GROWTH", 1, 1, N_("GROWTH(name)")),
    FunctionSpec("TREND", 2, 2, N_("TREND(name, years)")),
)
FUNCTIONS: dict[str, FunctionSpec] = {spec.name: spec for spec in _SPECS}
ALIASES: dict[str, str] = {"MEAN": "AVERAGE"}
AGGREGATES = frozenset({"MIN", "MAX", "SUM", "AVERAGE", "COUNT", "GEOMEAN", "SUMPRODUCT"})
ELEMENTWISE = frozenset({"ABS", "ROUND", "TRUNC", "CLAMP"})
LOGICAL = frozenset({"AND", "OR"})


def resolve(name: str) -> FunctionSpec | None:
    """The function called `name` (any case, aliases allowed), or None."""
    upper = name.upper()
    return FUNCTIONS.get(ALIASES.get(upper, upper))


def all_names() -> list[str]:
    """Every function name and alias, for 'did you mean' hints."""
    return [*FUNCTIONS, *ALIASES]


# Aggregates skip N/A elements, but a constant written in the formula is not data: when every
# argument that reads a name is N/A, the aggregate is N/A (MIN(x, 100) with x N/A is N/A, not
# 100), so absent data never turns into a figure. Both evaluators apply this one rule.
SKIPS_NA = frozenset({"SUM", "AVERAGE", "MIN", "MAX", "GEOMEAN"})
# Every function whose value leaves N/A elements out: those above, the counts, the conditional
# ones and SUMPRODUCT (positions); an element arithmetic gave no value is noted (dsl/skips.py).
# COUNTNA is not one: an N/A element is what it counts.
LEAVES_OUT_NA = SKIPS_NA | {"COUNT", "COUNTA", "COUNTIF", "SUMIF", "AVERAGEIF", "SUMPRODUCT"}


def reads_data(expr: Expr) -> bool:
    """Whether an argument reads a value name (an input, figure or part), not only constants."""
    return bool(references(expr)[0])


def na_reason(call: Call) -> str:
    """The reason of `NA("reason")` as written (the checker makes it a text in quotes), or the
    plain NA's reason for `NA()`."""
    if call.args and isinstance(call.args[0], Text):
        return call.args[0].value
    return _(NA_LITERAL)
