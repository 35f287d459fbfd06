"""Static checks of function calls: the function exists, its arity, and its argument types."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

from dsl.ast import Call, Expr, Name, Span, Text
from dsl.diagnostics import (
    ArityError,
    FormulaError,
    FormulaTypeError,
    SourceText,
    UnknownFunctionError,
    UnknownTableError,
)
from dsl.functions import all_names, resolve
from dsl.history import HISTORY_FUNCTIONS, check_history
from dsl.i18n import _
from dsl.printer import to_source
from dsl.scope import (
    AnyType,
    BoolType,
    NumberType,
    Scope,
    SeriesType,
    TableInfo,
    TextType,
    ValueType,
    is_numeric,
    is_text,
    join,
)
from dsl.suggest import did_you_mean


class TypeChecker(Protocol):
    """What the call rules need of the formula checker (dsl.checker.Checker provides it)."""

    scope: Scope
    source: SourceText

    def report(
        self, cls: type[FormulaError], message: str, node: Expr, hint: str | None
    ) -> None: ...
    def type_of(self, expr: Expr) -> ValueType: ...
    def operand(self, expr: Expr) -> ValueType: ...
    def numeric_result(
        self, node: Expr, types: Sequence[ValueType], operands: Sequence[Expr] = ()
    ) -> ValueType: ...
    def condition(self, expr: Expr, series_ok: bool = False) -> ValueType: ...
    def conditions(self, operands: Sequence[Expr]) -> ValueType: ...
    def single(self, expr: Expr, what: str) -> ValueType: ...
    def single_number(self, expr: Expr, what: str) -> ValueType: ...


Rule = Callable[[TypeChecker, Call], ValueType]


def check_call(checker: TypeChecker, call: Call) -> ValueType:
    """The result type of a call, after checking the function, its arity and arguments."""
    spec = resolve(call.name)
    if spec is None:
        _unknown_function(checker, call)
    elif not spec.accepts(len(call.args)):
        message = _("{function} takes {arity}, got {n}").format(
            function=spec.name, arity=spec.arity_text(), n=len(call.args)
        )
        checker.report(ArityError, message, call, _("use {usage}").format(usage=_(spec.usage)))
    else:
        return _RULES.get(spec.name, _aggregate)(checker, call)
    for arg in call.args:
        # A bare table name is a plausible argument of a misspelt function; do not add noise.
        if not (isinstance(arg, Name) and arg.name in checker.scope.tables):
            checker.type_of(arg)
    return AnyType()


def _unknown_function(checker: TypeChecker, call: Call) -> None:
    """Report a call of a function that does not exist."""
    written = checker.source.text[call.span.start_pos : call.span.end_pos].split("(")[0].strip()
    if written in checker.scope.names:
        hint = _("'{name}' is a value, not a function").format(name=written)
    else:
        hint = did_you_mean(call.name, all_names()) or _("see the list of formula functions")
    where = Call(call.name, call.args, _name_span(call, len(written)))
    message = _("unknown function '{name}'").format(name=written)
    checker.report(UnknownFunctionError, message, where, hint)


def _name_span(call: Call, length: int) -> Span:
    """The span of just the function name of a call."""
    s = call.span
    return Span(s.line, s.column, s.line, s.column + length, s.start_pos, s.start_pos + length)


def _same_shape(
    checker: TypeChecker,
    node: Expr,
    types: Sequence[ValueType],
    what: str,
    operands: Sequence[Expr] = (),
) -> None:
    """Report a mix of series and single values where all must be alike; `what` names the
    values in the current language, such as "the branches of IF"."""
    series = [isinstance(t, SeriesType) for t in types]
    if any(series) and not all(series):
        hint = _("make both series, or reduce the series with SUM, AVERAGE, …")
        message = _("{what} mix a series and a single value").format(what=what)
        checker.report(FormulaTypeError, message, node, hint)
    elif any(series):
        checker.numeric_result(node, types, operands)


def _if(checker: TypeChecker, call: Call) -> ValueType:
    """IF(condition, then, else): the branches must both be series or both single values; over
    a series condition, IF works per element and its branches are numbers or series."""
    cond = checker.condition(call.args[0], series_ok=True)
    then, other = checker.type_of(call.args[1]), checker.type_of(call.args[2])
    if isinstance(cond, SeriesType):
        return _per_element(checker, call, [cond, then, other], call.args, call.args[1:])
    _same_shape(checker, call, [then, other], _("the branches of IF"), call.args[1:])
    return join(then, other)


def _per_element(
    checker: TypeChecker,
    call: Call,
    types: Sequence[ValueType],
    operands: Sequence[Expr],
    results: Sequence[Expr],
) -> ValueType:
    """The series an element-wise IF or SWITCH gives: its results must not be text, and its
    series must agree in length."""
    for expr, t in zip(operands, types, strict=True):
        if any(expr is r for r in results) and is_text(t):
            message = _("{function} over a series gives numbers, not text").format(
                function=call.name
            )
            hint = _("give numbers per element, or take one item first, such as x[1]")
            checker.report(FormulaTypeError, message, expr, hint)
    return checker.numeric_result(call, types, operands)


def _ifna(checker: TypeChecker, call: Call) -> ValueType:
    """IFNA(x, fallback): a series x takes a number or an equally long series as fallback."""
    x, fallback = checker.type_of(call.args[0]), checker.type_of(call.args[1])
    if isinstance(x, SeriesType) and x.text:
        message = _("IFNA cannot fill a series of texts")
        hint = _("map the texts to numbers first, such as IFNA(LOOKUP(x, table), 0)")
        checker.report(FormulaTypeError, message, call.args[0], hint)
        return AnyType()
    if not isinstance(x, SeriesType):
        _same_shape(checker, call, [x, fallback], _("IFNA's value and fallback"))
        return join(x, fallback)
    if isinstance(fallback, TextType):
        message = _("the fallback of a series must be a number")
        checker.report(FormulaTypeError, message, call.args[1], None)
    return checker.numeric_result(call, [x, fallback], call.args)


def _isna(checker: TypeChecker, call: Call) -> ValueType:
    """ISNA(x): a boolean; a series is NA when all of its elements are."""
    checker.type_of(call.args[0])
    return BoolType()


def _switch(checker: TypeChecker, call: Call) -> ValueType:
    """SWITCH(x, v1, r1, …, default): values comparable with x, results all alike; over a
    series x, SWITCH works per element and its results are numbers or series."""
    x = checker.type_of(call.args[0])
    rest = call.args[1:]
    results: list[ValueType] = []
    for i in range(0, len(rest) - 1, 2):
        _comparable(checker, x, rest[i])
        results.append(checker.type_of(rest[i + 1]))
    if len(rest) % 2:
        results.append(checker.type_of(rest[-1]))
    result_exprs = [*rest[1::2], *rest[-1:]] if len(rest) % 2 else list(rest[1::2])
    if isinstance(x, SeriesType):
        return _per_element(
            checker, call, [x, *results], [call.args[0], *result_exprs], result_exprs
        )
    _same_shape(checker, call, results, _("the results of SWITCH"))
    result = results[0]
    for t in results[1:]:
        result = join(result, t)
    return result


def _comparable(checker: TypeChecker, x: ValueType, value: Expr) -> None:
    """Report a SWITCH case value that can never equal the tested value."""
    t = checker.single(value, _("a SWITCH case value"))
    text = [is_text(v) for v in (x, t)]
    number = [is_numeric(v) for v in (x, t)]
    if (text[0] and number[1]) or (text[1] and number[0]):
        message = _("this case compares text with a number and can never match")
        checker.report(FormulaTypeError, message, value, None)


def _aggregate(checker: TypeChecker, call: Call) -> ValueType:
    """MIN, MAX, SUM, AVERAGE, COUNT, GEOMEAN, SUMPRODUCT: numbers and series in, a number out."""
    types = [checker.operand(arg) for arg in call.args]
    if call.name == "SUMPRODUCT" and any(isinstance(t, SeriesType) for t in types):
        checker.numeric_result(call, types, call.args)
    return NumberType()


def _elementwise(checker: TypeChecker, call: Call) -> ValueType:
    """ABS, ROUND, TRUNC, CLAMP: the first argument may be a series, the others are numbers."""
    x = checker.operand(call.args[0])
    for arg in call.args[1:]:
        checker.single_number(arg, _("this argument of {function}").format(function=call.name))
    return x if isinstance(x, SeriesType) else NumberType()


def _logical(checker: TypeChecker, call: Call) -> ValueType:
    """AND(…) and OR(…) in function form."""
    return checker.conditions(call.args)


def _table_call(kind: str) -> Rule:
    """LOOKUP(key, table) or BAND(x, table): a single key and a known table of that kind."""

    def rule(checker: TypeChecker, call: Call) -> ValueType:
        if kind == "band":
            checker.single_number(call.args[0], _("the value BAND places"))
            return _table_type(checker, call, kind)
        key = checker.type_of(call.args[0])
        value = _table_type(checker, call, kind)
        if not isinstance(key, SeriesType):
            return value
        if isinstance(value, TextType):
            message = _("LOOKUP over a series gives numbers; '{table}' gives text").format(
                table=to_source(call.args[1])
            )
            hint = _("look up one item, such as LOOKUP(x[1], table)")
            checker.report(FormulaTypeError, message, call, hint)
        return SeriesType(key.length)

    return rule


def _table_type(checker: TypeChecker, call: Call, kind: str) -> ValueType:
    """The value type of the table a LOOKUP or BAND names, reporting a wrong table."""
    arg, tables = call.args[1], checker.scope.tables
    if not isinstance(arg, Name):
        message = _("the second argument of {function} must be the name of a table").format(
            function=call.name
        )
        checker.report(UnknownTableError, message, arg, _tables_hint(tables, kind))
        return AnyType()
    info = tables.get(arg.name)
    if info is None:
        hint = did_you_mean(arg.name, tables) or _tables_hint(tables, kind)
        message = _("unknown table '{name}'").format(name=arg.name)
        checker.report(UnknownTableError, message, arg, hint)
        return AnyType()
    if info.kind != kind:
        other = "BAND" if info.kind == "band" else "LOOKUP"
        message = _("'{name}' is a {kind} table, not a {wanted} table").format(
            name=arg.name, kind=info.kind, wanted=kind
        )
        usage = f"{other}(…, {arg.name})"
        checker.report(UnknownTableError, message, arg, _("use {usage}").format(usage=usage))
    return info.value_type


def _tables_hint(tables: Mapping[str, TableInfo], kind: str) -> str:
    """A hint listing the known tables of one kind."""
    names = sorted(name for name, info in tables.items() if info.kind == kind)
    if not names:
        return _("no {kind} tables are defined").format(kind=kind)
    return _("known {kind} tables: {names}").format(kind=kind, names=", ".join(names))


def _na(checker: TypeChecker, call: Call) -> ValueType:
    """NA("reason"): the reason is a text written in quotes."""
    if call.args and not isinstance(call.args[0], Text):
        checker.type_of(call.args[0])
        message = _("the reason of NA must be a text in quotes")
        checker.report(FormulaTypeError, message, call.args[0], _('such as NA("not surveyed")'))
    return AnyType()


def _countif(checker: TypeChecker, call: Call) -> ValueType:
    """COUNTIF(range, criterion): any range; a single criterion."""
    checker.type_of(call.args[0])
    checker.single(call.args[1], _("the criterion of {function}").format(function=call.name))
    return NumberType()


def _sumif(checker: TypeChecker, call: Call) -> ValueType:
    """SUMIF and AVERAGEIF(range, criterion[, numbers]): the numbers as long as the range."""
    what = _("the criterion of {function}").format(function=call.name)
    if len(call.args) < 3:
        checker.operand(call.args[0])
        checker.single(call.args[1], what)
        return NumberType()
    keys = checker.type_of(call.args[0])
    checker.single(call.args[1], what)
    values = checker.operand(call.args[2])
    if isinstance(keys, SeriesType) or isinstance(values, SeriesType):
        _same_shape(checker, call, [keys, values], _("the range and the numbers"), call.args[::2])
    return NumberType()


def _countna(checker: TypeChecker, call: Call) -> ValueType:
    """COUNTNA(x) and COUNTA(x, …): any values or series, texts included."""
    for arg in call.args:
        checker.type_of(arg)
    return NumberType()


_RULES: dict[str, Rule] = {
    "IF": _if,
    "IFNA": _ifna,
    "ISNA": _isna,
    "SWITCH": _switch,
    "ABS": _elementwise,
    "ROUND": _elementwise,
    "TRUNC": _elementwise,
    "CLAMP": _elementwise,
    "AND": _logical,
    "OR": _logical,
    "LOOKUP": _table_call("lookup"),
    "BAND": _table_call("band"),
    "NA": _na,
    "COUNTIF": _countif,
    "SUMIF": _sumif,
    "AVERAGEIF": _sumif,
    "COUNTNA": _countna,
    "COUNTA": _countna,
    **dict.fromkeys(HISTORY_FUNCTIONS, check_history),
}
