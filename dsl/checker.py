"""Static checking of a formula against a scope, collecting every problem before any data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import assert_never

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
from dsl.call_checks import check_call
from dsl.diagnostics import (
    FormulaError,
    FormulaTypeError,
    SeriesLengthError,
    SourceText,
    UnknownNameError,
    series_lengths_differ,
)
from dsl.i18n import N_, _
from dsl.index_checks import check_index
from dsl.scope import (
    AnyType,
    BoolType,
    NumberType,
    Scope,
    SeriesType,
    TextType,
    ValueType,
    is_numeric,
    is_text,
)
from dsl.suggest import did_you_mean

ARITH_HINT = N_('text can only be compared, such as opini = "WTP"')


class Checker:
    """Infers the type of each node and records every problem it finds on the way."""

    def __init__(self, scope: Scope, source: SourceText) -> None:
        self.scope = scope
        self.source = source
        self.errors: list[FormulaError] = []
        # 1-based positions of the item keys written in brackets, by the key's offset.
        self.positions: dict[int, int] = {}
        self._suggestions: dict[str, str | None] = {}
        self.result: ValueType = AnyType()

    def suggest(self, name: str) -> str | None:
        """A 'did you mean' hint for an unknown name, computed once per name."""
        if name not in self._suggestions:
            self._suggestions[name] = did_you_mean(name, self.scope.names)
        return self._suggestions[name]

    def report(self, cls: type[FormulaError], message: str, node: Expr, hint: str | None) -> None:
        """Record one problem located at `node`."""
        self.errors.append(cls(message, self.source.location(node.span), hint))

    def type_of(self, expr: Expr) -> ValueType:
        """The static type of `expr`; problems are recorded, and unknowns count as AnyType."""
        match expr:
            case Number():
                return NumberType()
            case Text():
                return TextType()
            case Boolean():
                return BoolType()
            case NALiteral():
                return AnyType()
            case Name(name):
                return self.name_type(name, expr)
            case Index():
                return check_index(self, expr)
            case Percent(operand) | Sign(_, operand):
                return self.arithmetic(expr, [operand])
            case Power(base, exponent):
                return self.arithmetic(expr, [base, exponent])
            case Arith(first, rest):
                return self.arithmetic(expr, [first, *(e for _, e in rest)])
            case Compare(_, left, right):
                return self.comparison(expr, left, right)
            case Not(operand):
                return self.conditions([operand])
            case Logic(_, operands):
                return self.conditions(operands)
            case Call():
                return check_call(self, expr)
            case _:
                assert_never(expr)

    def name_type(self, name: str, node: Name) -> ValueType:
        """The declared type of a name, or AnyType after reporting it unknown."""
        declared = self.scope.names.get(name)
        if declared is not None:
            return declared
        if name in self.scope.tables:
            hint: str | None = _(
                "'{name}' is a table; use LOOKUP(key, {name}) or BAND(x, {name})"
            ).format(name=name)
        else:
            hint = self.suggest(name) or _("define it, or check the spelling")
        message = _("unknown name '{name}'").format(name=name)
        self.report(UnknownNameError, message, node, hint)
        return AnyType()

    def operand(self, expr: Expr) -> ValueType:
        """The type of an arithmetic operand; text is reported."""
        t = self.type_of(expr)
        if isinstance(t, SeriesType) and t.text:
            message = _("a series of texts cannot be used in arithmetic")
            hint = _('compare each element, such as COUNTIF(x, "A") or IF(x = "A", 1, 0)')
            self.report(FormulaTypeError, message, expr, hint)
        elif isinstance(t, TextType):
            message = _("text cannot be used in arithmetic")
            self.report(FormulaTypeError, message, expr, _(ARITH_HINT))
        return t

    def arithmetic(self, node: Expr, operands: Sequence[Expr]) -> ValueType:
        """The type of an arithmetic operation: a series if any operand is one."""
        return self.numeric_result(node, [self.operand(e) for e in operands], operands)

    def numeric_result(
        self, node: Expr, types: Sequence[ValueType], operands: Sequence[Expr] = ()
    ) -> ValueType:
        """A number, or a series when a series is involved (known lengths must agree).

        A length mismatch is reported at the first operand that differs, if operands are given.
        """
        if not any(isinstance(t, SeriesType) for t in types):
            return NumberType()
        known = [(t.length, i) for i, t in enumerate(types) if isinstance(t, SeriesType)]
        lengths = [(n, i) for n, i in known if n is not None]
        odd = next(((n, i) for n, i in lengths if n != lengths[0][0]), None)
        if odd is not None:
            where = operands[odd[1]] if operands else node
            message = series_lengths_differ(lengths[0][0], odd[0])
            hint = _("element-wise operations need series of equal length")
            self.report(SeriesLengthError, message, where, hint)
        return SeriesType(lengths[0][0] if lengths else None)

    def comparison(self, node: Compare, left: Expr, right: Expr) -> ValueType:
        """The type of a comparison: a boolean, or an element-wise series of 1 and 0."""
        lt, rt = self.type_of(left), self.type_of(right)
        texts = [is_text(t) for t in (lt, rt)]
        numbers = [is_numeric(t) for t in (lt, rt)]
        if (texts[0] and numbers[1]) or (texts[1] and numbers[0]):
            hint = _('compare text with text, such as opini = "WTP"')
            self.report(FormulaTypeError, _("text is compared with a number"), node, hint)
            return BoolType()
        if isinstance(lt, SeriesType) or isinstance(rt, SeriesType):
            return self.numeric_result(node, [lt, rt], [left, right])
        return BoolType()

    def condition(self, expr: Expr, series_ok: bool = False) -> ValueType:
        """The type of an expression used as a condition; text is reported, and so is a series
        unless `series_ok` (an element-wise IF)."""
        t = self.type_of(expr)
        if isinstance(t, SeriesType) and not series_ok:
            hint = _("reduce the series first, such as SUM(x) > 0 or COUNT(x) = 12")
            message = _("a series cannot be used as a condition")
            self.report(FormulaTypeError, message, expr, hint)
        elif is_text(t):
            hint = _('compare the text instead, such as opini = "WTP"')
            self.report(FormulaTypeError, _("text cannot be used as a condition"), expr, hint)
        return t

    def conditions(self, operands: Sequence[Expr]) -> ValueType:
        """The type of NOT, AND or OR: a boolean."""
        for operand in operands:
            self.condition(operand)
        return BoolType()

    def single(self, expr: Expr, what: str) -> ValueType:
        """The type of an argument that must be a single value (not a series); `what` names the
        argument in the current language, such as "the key of LOOKUP"."""
        t = self.type_of(expr)
        if isinstance(t, SeriesType):
            hint = _("reduce the series first, such as SUM(x) or AVERAGE(x)")
            message = _("{what} must be a single value").format(what=what)
            self.report(FormulaTypeError, message, expr, hint)
        return t

    def single_number(self, expr: Expr, what: str) -> ValueType:
        """The type of an argument that must be a single number."""
        t = self.single(expr, what)
        if is_text(t):
            message = _("{what} must be a number, not text").format(what=what)
            self.report(FormulaTypeError, message, expr, None)
        return t


def check(expr: Expr, scope: Scope, source: SourceText) -> Checker:
    """The checker after typing `expr`: its `errors` in source order, its `positions`."""
    checker = Checker(scope, source)
    checker.result = checker.type_of(expr)
    checker.errors.sort(key=_position)
    return checker


def _position(error: FormulaError) -> tuple[int, int]:
    """The sort key placing errors in source order."""
    return (error.location.line or 0, error.location.column or 0)
