"""The explaining evaluator: one unit, lazily, recording how each value was derived."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import assert_never

from dsl import scalar
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
from dsl.diagnostics import EvaluationError, FormulaError, SourceText
from dsl.explain_calls import explain_call
from dsl.explanation import Explanation, step
from dsl.i18n import _
from dsl.series_ops import item_value, position_of
from dsl.tables import Table
from dsl.values import NA_LITERAL, NaKind, Scalar, format_value, na, normalize

_SYMBOLS = {"*": "×", "/": "/", "+": "+", "-": "-"}


class Explainer:
    """Evaluates expressions for one unit and keeps an Explanation of every step."""

    def __init__(
        self,
        values: Mapping[str, object],
        tables: Mapping[str, Table],
        text: str,
        positions: Mapping[int, int] | None = None,
    ) -> None:
        self.values = values
        self.positions = positions or {}
        self.tables = tables
        self.text = text

    def explain(self, expr: Expr) -> Explanation:
        """The explanation of `expr`; an error without a location is placed at this node."""
        try:
            return self._explain(expr)
        except FormulaError as err:
            if err.location.line is None:
                raise err.with_location(SourceText(self.text).location(expr.span)) from None
            raise

    def value(self, expr: Expr) -> Scalar:
        """The value of `expr` alone, as when a lazy function needs a series' length."""
        return self.explain(expr).value

    def _explain(self, expr: Expr) -> Explanation:
        """The explanation of `expr` by node type."""
        match expr:
            case Number(value) | Text(value) | Boolean(value):
                return step(expr, value, (), None)
            case NALiteral():
                return step(expr, na(NA_LITERAL, NaKind.RULE), (), None)
            case Name(name):
                return step(expr, self.name(name), (), None)
            case Percent(operand):
                return self.unary(expr, operand, scalar.percent, "{}%")
            case Index(target):
                position = position_of(expr, self.positions)
                f = lambda value: item_value(value, position)  # noqa: E731 - one use, here
                return self.unary(expr, target, f, "{}" + f"[{position}]")
            case Sign(op, operand):
                f = scalar.negate if op == "-" else scalar.plus
                return self.unary(expr, operand, f, op + "{}")
            case Not(operand):
                return self.unary(expr, operand, scalar.negation, "NOT {}")
            case Power(base, exponent):
                return self.binary(expr, base, exponent, "^", _power)
            case Arith(first, rest):
                return self.arith(expr, first, rest)
            case Compare(op, left, right):
                return self.binary(expr, left, right, op, _comparison(op))
            case Logic(op, operands):
                return self.logic(expr, op, operands)
            case Call():
                return explain_call(self, expr)
            case _:
                assert_never(expr)

    def name(self, name: str) -> Scalar:
        """The value given for a name."""
        if name not in self.values:
            raise EvaluationError(_("no value was given for '{name}'").format(name=name))
        return normalize(self.values[name])

    def unary(
        self, expr: Expr, operand: Expr, f: Callable[[Scalar], Scalar], shape: str
    ) -> Explanation:
        """A one-operand operator."""
        inner = self.explain(operand)
        detail = shape.format(format_value(inner.value))
        return step(expr, f(inner.value), [(operand, inner)], detail)

    def binary(
        self,
        expr: Expr,
        left: Expr,
        right: Expr,
        symbol: str,
        f: Callable[[Scalar, Scalar], Scalar],
    ) -> Explanation:
        """A two-operand operator."""
        a, b = self.explain(left), self.explain(right)
        detail = f"{format_value(a.value)} {symbol} {format_value(b.value)}"
        return step(expr, f(a.value, b.value), [(left, a), (right, b)], detail)

    def arith(self, expr: Arith, first: Expr, rest: tuple[tuple[str, Expr], ...]) -> Explanation:
        """A run of + - or * /, folded left to right."""
        operands = [first, *(e for _, e in rest)]
        parts = [self.explain(e) for e in operands]
        value = parts[0].value
        shown = [format_value(value)]
        for (op, _operand), part in zip(rest, parts[1:], strict=True):
            value = scalar.arith(op, value, part.value)
            shown.append(f"{_SYMBOLS[op]} {format_value(part.value)}")
        return step(expr, value, list(zip(operands, parts, strict=True)), " ".join(shown))

    def logic(self, expr: Logic, op: str, operands: tuple[Expr, ...]) -> Explanation:
        """AND or OR of conditions (all are evaluated, as NA in any of them matters)."""
        parts = [self.explain(e) for e in operands]
        value = scalar.logic(op, [p.value for p in parts])
        detail = f" {op} ".join(format_value(p.value) for p in parts)
        return step(expr, value, list(zip(operands, parts, strict=True)), detail)


def _power(a: Scalar, b: Scalar) -> Scalar:
    """a ^ b."""
    return scalar.arith("^", a, b)


def _comparison(op: str) -> Callable[[Scalar, Scalar], Scalar]:
    """The comparison `op` as a function of two values."""
    return lambda a, b: scalar.compare(op, a, b)
