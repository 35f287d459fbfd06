"""The columnar evaluator: one pass over the tree computes a formula for all n units at once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import assert_never

from dsl import vector
from dsl import vector_functions as vf
from dsl.ast import (
    Arith,
    Boolean,
    Call,
    Compare,
    Expr,
    Index,
    Logic,
    NALiteral,
    Name,
    Not,
    Number,
    Percent,
    Power,
    Sign,
    Text,
)
from dsl.column import Column
from dsl.diagnostics import EvaluationError, FormulaError, SourceText
from dsl.functions import SKIPS_NA, na_reason, reads_data, resolve
from dsl.history_eval import COLUMN_FORMS
from dsl.i18n import _, ngettext
from dsl.series_ops import each_column, item_column, position_of
from dsl.skips import Skipped, arithmetic_skips
from dsl.tables import Table
from dsl.values import NA_LITERAL, NaKind, Scalar

Env = Mapping[str, Column | Scalar | int]


class ColumnarEvaluator:
    """Evaluates expressions over n units, given values (columns or constants) and tables."""

    def __init__(
        self,
        env: Env,
        n: int,
        tables: Mapping[str, Table],
        text: str,
        positions: Mapping[int, int] | None = None,
        skips: list[Skipped] | None = None,
    ) -> None:
        self.env = env
        self.skips = skips  # where the aggregates' arithmetic skips are recorded, if anywhere
        self.positions = positions or {}
        self.n = n
        self.tables = tables
        self.text = text
        self._names: dict[str, Column] = {}

    def evaluate(self, expr: Expr) -> Column:
        """The column of `expr`; an error without a location is placed at this node."""
        try:
            return self._evaluate(expr)
        except FormulaError as err:
            if err.location.line is None:
                raise err.with_location(SourceText(self.text).location(expr.span)) from None
            raise

    def _evaluate(self, expr: Expr) -> Column:
        """The column of `expr` by node type."""
        match expr:
            case Number(value) | Text(value) | Boolean(value):
                return Column.constant(value, self.n)
            case NALiteral():
                return Column.na(_(NA_LITERAL), self.n, NaKind.RULE)
            case Name(name):
                return self.name(name)
            case Percent(operand):
                return vector.percent(self.evaluate(operand))
            case Index(target):
                return item_column(self.evaluate(target), position_of(expr, self.positions))
            case Sign(op, operand):
                column = self.evaluate(operand)
                return vector.negate(column) if op == "-" else vector.plus(column)
            case Not(operand):
                return vector.negation(self.evaluate(operand))
            case Power(base, exponent):
                return vector.arith("^", self.evaluate(base), self.evaluate(exponent))
            case Arith(first, rest):
                return self.arith(first, rest)
            case Compare(op, left, right):
                return vector.compare(op, self.evaluate(left), self.evaluate(right))
            case Logic(op, operands):
                return vector.logic(op, [self.evaluate(e) for e in operands])
            case Call():
                return self.call(expr)
            case _:
                assert_never(expr)

    def name(self, name: str) -> Column:
        """The column of a name, converted once and kept for later uses."""
        column = self._names.get(name)
        if column is None:
            column = self._names[name] = self._convert(name)
        return column

    def _convert(self, name: str) -> Column:
        """The value given for a name, as a column of n units."""
        if name not in self.env:
            raise EvaluationError(_("no value was given for '{name}'").format(name=name))
        value = self.env[name]
        column = value if isinstance(value, Column) else Column.constant(value, self.n)
        if len(column) != self.n:
            message = ngettext(
                "the value of '{name}' has {n} unit, expected {expected}",
                "the value of '{name}' has {n} units, expected {expected}",
                len(column),
            ).format(name=name, n=len(column), expected=self.n)
            raise EvaluationError(message)
        return column

    def arith(self, first: Expr, rest: tuple[tuple[str, Expr], ...]) -> Column:
        """A left-to-right run of + - or * /."""
        result = self.evaluate(first)
        for op, operand in rest:
            result = vector.arith(op, result, self.evaluate(operand))
        return result

    def call(self, call: Call) -> Column:
        """A function call: the lazy ones and table ones by name, the rest generically."""
        spec = resolve(call.name)
        if spec is None:
            raise EvaluationError(_("unknown function '{name}'").format(name=call.name))
        special = _SPECIAL.get(spec.name)
        if special is not None:
            return special(self, call)
        args = [self.evaluate(a) for a in call.args]
        result = vf.STRICT[spec.name](args)
        if self.skips is not None:
            skipped = arithmetic_skips(spec.name, args)
            if skipped is not None:
                self.skips.append(skipped)
        if spec.name in SKIPS_NA and not all(reads_data(a) for a in call.args):
            data = [c for a, c in zip(call.args, args, strict=True) if reads_data(a)]
            result = vf.without_data(result, data)
        return result

    def table(self, arg: Expr) -> Table:
        """The table a LOOKUP or BAND names."""
        name = arg.name if isinstance(arg, Name) else "?"
        table = self.tables.get(name)
        if table is None:
            raise EvaluationError(_("no table '{name}' was given").format(name=name))
        return table


def _if(ev: ColumnarEvaluator, call: Call) -> Column:
    """IF over all units: both branches are computed and the condition picks (per element,
    when the condition is a series)."""
    args = [ev.evaluate(a) for a in call.args]
    if args[0].width is None:
        return vf.select(*args)
    return each_column(lambda a: vf.select(*a), args)


def _switch(ev: ColumnarEvaluator, call: Call) -> Column:
    """SWITCH over all units (per element, when the tested value is a series)."""
    args = [ev.evaluate(a) for a in call.args]
    return each_column(vf.switch_args, args) if args[0].width else vf.switch_args(args)


def _lookup(ev: ColumnarEvaluator, call: Call) -> Column:
    """LOOKUP over all units (per element, when the key is a series)."""
    table, keys = ev.table(call.args[1]), ev.evaluate(call.args[0])
    if keys.width is None:
        return vf.lookup(table, keys)
    return each_column(lambda a: vf.lookup(table, a[0]), [keys])


def _na(ev: ColumnarEvaluator, call: Call) -> Column:
    """NA("reason"): N/A with the ruleset's own reason; NA() is the plain NA."""
    return Column.na(na_reason(call), ev.n, NaKind.RULE)


_SPECIAL: dict[str, Callable[[ColumnarEvaluator, Call], Column]] = {
    "IF": _if,
    "IFNA": lambda ev, c: vf.ifna(ev.evaluate(c.args[0]), ev.evaluate(c.args[1])),
    "ISNA": lambda ev, c: vf.isna(ev.evaluate(c.args[0])),
    "SWITCH": _switch,
    "LOOKUP": _lookup,
    "NA": _na,
    "BAND": lambda ev, c: vf.band(ev.table(c.args[1]), ev.evaluate(c.args[0])),
    **COLUMN_FORMS,
}
