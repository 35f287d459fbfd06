"""Static checks of taking one item of a series: `u[1]` by position, `u["U1"]` by item key."""

from __future__ import annotations

from typing import Protocol

from dsl.ast import Expr, Index, Number, Text
from dsl.diagnostics import FormulaError, FormulaTypeError, SeriesLengthError, UnknownNameError
from dsl.i18n import _
from dsl.scope import AnyType, NumberType, SeriesType, TextType, ValueType
from dsl.suggest import did_you_mean


class IndexChecker(Protocol):
    """What the index rule needs of the formula checker (dsl.checker.Checker provides it)."""

    positions: dict[int, int]

    def report(
        self, cls: type[FormulaError], message: str, node: Expr, hint: str | None
    ) -> None: ...
    def type_of(self, expr: Expr) -> ValueType: ...


def check_index(checker: IndexChecker, node: Index) -> ValueType:
    """The type of `x[i]`: a number, after checking x is a series and i names one of its items."""
    t = checker.type_of(node.target)
    if not isinstance(t, SeriesType):
        if not isinstance(t, AnyType):
            message = _("only a series can be indexed; this is a {type}").format(type=t)
            hint = _('take an item of a series input, such as pk_a[1] or pk_a["U1"]')
            checker.report(FormulaTypeError, message, node.target, hint)
        return NumberType()
    match node.index:
        case Number(value):
            _check_position(checker, t, node.index, value)
        case Text(key):
            _check_key(checker, t, node.index, key)
        case _:
            message = _("an index must be a position or an item key written out")
            hint = _('write a whole number from 1 or a key in quotes, such as x[1] or x["U1"]')
            checker.report(FormulaTypeError, message, node.index, hint)
    return TextType() if t.text else NumberType()


def _check_position(checker: IndexChecker, t: SeriesType, where: Expr, value: float) -> None:
    """Report a position that is not a whole number from 1, or beyond a known length."""
    if not value.is_integer() or value < 1:
        message = _("a position must be a whole number from 1, not {value}").format(
            value=f"{value:g}"
        )
        checker.report(FormulaTypeError, message, where, _("the first item is [1]"))
    elif t.length is not None and value > t.length:
        message = _("position {position} is beyond the {n} items of the series").format(
            position=int(value), n=t.length
        )
        checker.report(SeriesLengthError, message, where, _items_hint(t))


def _check_key(checker: IndexChecker, t: SeriesType, where: Text, key: str) -> None:
    """Record the position of an item key, or report a key the series does not declare."""
    if t.items is None:
        message = _("this series declares no item keys, so '{key}' cannot be found").format(key=key)
        hint = _("declare the input's items: in the ruleset, or take the item by position")
        checker.report(FormulaTypeError, message, where, hint)
    elif key in t.items:
        checker.positions[where.span.start_pos] = t.items.index(key) + 1
    else:
        message = _("unknown item '{key}'").format(key=key)
        checker.report(
            UnknownNameError, message, where, did_you_mean(key, t.items) or _items_hint(t)
        )


def _items_hint(t: SeriesType) -> str | None:
    """A hint listing the declared items of a series, if it declares them."""
    if not t.items:
        return None
    shown = ", ".join(t.items[:12]) + (", …" if len(t.items) > 12 else "")
    return _("the items are {items}").format(items=shown)
