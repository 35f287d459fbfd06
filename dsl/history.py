"""The history functions PREV, HISTORY, GROWTH and TREND: which earlier-year values a formula
reads, and their static checks.

A history function reads a name (an input, figure, indicator part or score) in an earlier year.
The formula language knows no years: the engine gives each value a formula reads under the key
of a `HistoryRef` (`realisasi@-1`: one year before the evaluated one; `realisasi@2022`: the year
2022), beside the names it gives, and says why a year it has no value for is N/A.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from dsl.ast import Call, Expr, Name, Number, children
from dsl.diagnostics import FormulaError
from dsl.i18n import _
from dsl.scope import NumberType, Scope, SeriesType, ValueType, is_text

FIRST_YEAR, LAST_YEAR = 1900, 2999  # the years HISTORY(x, year) accepts
MAX_TREND_YEARS = 20  # TREND(x, n) reads at most this many years


class HistoryArgumentError(FormulaError):
    """A history function whose argument is not a name, or whose year or count is not a whole
    number written in the formula."""

    code = "F020"


@dataclass(frozen=True, slots=True, order=True)
class HistoryRef:
    """One earlier-year value a formula reads: `name` `back` years before the evaluated year,
    or in the year `year`."""

    name: str
    back: int = 0
    year: int | None = None

    @property
    def key(self) -> str:
        """The key the engine gives the value under: `name@-1` or `name@2022`."""
        return f"{self.name}@{self.year}" if self.year is not None else f"{self.name}@-{self.back}"


def prev_ref(name: str, back: int = 1) -> HistoryRef:
    """The value of `name` `back` years before the evaluated year."""
    return HistoryRef(name, back)


def year_ref(name: str, year: int) -> HistoryRef:
    """The value of `name` in the year `year`."""
    return HistoryRef(name, 0, year)


def trend_years(call: Call) -> int | None:
    """The number of years TREND(x, n) reads, when n is a whole number in range."""
    return _whole(call.args[1], 2, MAX_TREND_YEARS) if len(call.args) == 2 else None


def refs_of_call(call: Call) -> tuple[HistoryRef, ...]:
    """The earlier-year values one history call reads, oldest first (none if it is ill-formed)."""
    if not call.args or not isinstance(call.args[0], Name):
        return ()
    name = call.args[0].name
    match call.name.upper():
        case "PREV" | "GROWTH" if len(call.args) == 1:
            return (prev_ref(name),)
        case "HISTORY" if len(call.args) == 2:
            year = _whole(call.args[1], FIRST_YEAR, LAST_YEAR)
            return () if year is None else (year_ref(name, year),)
        case "TREND":
            n = trend_years(call)
            return () if n is None else tuple(prev_ref(name, b) for b in range(n - 1, 0, -1))
    return ()


HISTORY_FUNCTIONS = frozenset({"PREV", "HISTORY", "GROWTH", "TREND"})


def history_refs(expr: Expr) -> frozenset[HistoryRef]:
    """Every earlier-year value `expr` reads, found without recursion."""
    found: set[HistoryRef] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Call) and node.name.upper() in HISTORY_FUNCTIONS:
            found.update(refs_of_call(node))
        stack.extend(children(node))
    return frozenset(found)


def earlier_only_names(expr: Expr) -> frozenset[str]:
    """The names `expr` reads only of earlier years (as PREV's or HISTORY's argument), not of the
    year scored: they are not this year's dependencies, so `target: PREV(target) * 1.05` is no
    cycle. GROWTH and TREND read the name's value of this year too."""
    earlier: set[str] = set()
    now: set[str] = set()
    stack: list[tuple[Expr, bool]] = [(expr, False)]
    while stack:
        node, inside = stack.pop()
        if isinstance(node, Name):
            (earlier if inside else now).add(node.name)
        elif isinstance(node, Call) and node.name.upper() in ("PREV", "HISTORY") and node.args:
            stack.append((node.args[0], True))
            stack.extend((arg, inside) for arg in node.args[1:])
        else:
            stack.extend((child, inside) for child in children(node))
    return frozenset(earlier - now)


def _whole(expr: Expr, low: int, high: int) -> int | None:
    """The whole number written as `expr`, when it lies in [low, high]."""
    if isinstance(expr, Number) and expr.value.is_integer() and low <= expr.value <= high:
        return int(expr.value)
    return None


# static checks ---------------------------------------------------------------------------


class ChecksHistory(Protocol):
    """What the history rules need of the formula checker (dsl.checker.Checker provides it)."""

    scope: Scope

    def report(
        self, cls: type[FormulaError], message: str, node: Expr, hint: str | None
    ) -> None: ...
    def type_of(self, expr: Expr) -> ValueType: ...


def check_history(checker: ChecksHistory, call: Call) -> ValueType:
    """PREV(x), GROWTH(x), HISTORY(x, year), TREND(x, n): x a name of a single number, year and
    n whole numbers written in the formula; the result is a number."""
    function = call.name.upper()
    _read_name(checker, call, function)
    if function == "HISTORY":
        _literal(checker, call.args[1], FIRST_YEAR, LAST_YEAR, _("the year of HISTORY"))
    elif function == "TREND":
        _literal(checker, call.args[1], 2, MAX_TREND_YEARS, _("the number of years of TREND"))
    return NumberType()


def _read_name(checker: ChecksHistory, call: Call, function: str) -> None:
    """The first argument is a name of a single number (unknown names are reported as such)."""
    arg = call.args[0]
    if not isinstance(arg, Name):
        checker.type_of(arg)
        message = _("{function} reads a name, not an expression").format(function=function)
        hint = _("name an input, figure, indicator part or score, such as {function}(x)").format(
            function=function
        )
        checker.report(HistoryArgumentError, message, arg, hint)
        return
    t = checker.type_of(arg)
    if isinstance(t, SeriesType) or is_text(t):
        message = _("{function} reads a single number; '{name}' is a {type}").format(
            function=function, name=arg.name, type=t
        )
        checker.report(HistoryArgumentError, message, arg, None)


def _literal(checker: ChecksHistory, arg: Expr, low: int, high: int, what: str) -> None:
    """An argument that must be a whole number from low to high, written in the formula."""
    if _whole(arg, low, high) is None:
        checker.type_of(arg)
        message = _("{what} must be a whole number from {low} to {high} written in the formula")
        checker.report(
            HistoryArgumentError, message.format(what=what, low=low, high=high), arg, None
        )
