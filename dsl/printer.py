"""Syntax tree back to formula text, with only the parentheses that precedence needs."""

from __future__ import annotations

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

# Binding strength, loosest first; it mirrors the rule order of grammar.lark.
_OR, _AND, _NOT, _COMPARE, _ADD, _MUL, _SIGN, _POWER, _POSTFIX, _ATOM = range(1, 11)


def precedence(expr: Expr) -> int:
    """How tightly the top operator of `expr` binds (atoms bind tightest)."""
    match expr:
        case Logic(op):
            return _OR if op == "OR" else _AND
        case Not():
            return _NOT
        case Compare():
            return _COMPARE
        case Arith():
            return _ADD if expr.additive else _MUL
        case Sign():
            return _SIGN
        case Power():
            return _POWER
        case Percent() | Index():
            return _POSTFIX
        case Number() | Text() | Boolean() | NALiteral() | Name() | Call():
            return _ATOM
        case _:
            assert_never(expr)


def format_number_literal(value: float) -> str:
    """A number literal that parses back to exactly `value`."""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def to_source(expr: Expr) -> str:
    """Formula text for `expr`, such that parsing it gives the same tree (spans aside)."""
    match expr:
        case Number(value):
            return format_number_literal(value)
        case Text(value):
            return '"' + value.replace('"', '""') + '"'
        case Boolean(value):
            return "TRUE" if value else "FALSE"
        case NALiteral():
            return "NA"
        case Name(name):
            return name
        case Call(name, args):
            return f"{name}({', '.join(to_source(a) for a in args)})"
        case Percent(operand):
            return _wrap(operand, _POSTFIX) + "%"
        case Index(target, index):
            return f"{_wrap(target, _POSTFIX)}[{to_source(index)}]"
        case Sign(op, operand):
            return op + _wrap(operand, _SIGN)
        case Not(operand):
            return "NOT " + _wrap(operand, _NOT)
        case Power(base, exponent):
            return _wrap(base, _POSTFIX) + "^" + _wrap(exponent, _SIGN)
        case Arith(first, rest):
            level = precedence(expr) + 1
            return _wrap(first, level) + "".join(f" {op} {_wrap(e, level)}" for op, e in rest)
        case Compare(op, left, right):
            return f"{_wrap(left, _ADD)} {op} {_wrap(right, _ADD)}"
        case Logic(op, operands):
            return f" {op} ".join(_wrap(e, precedence(expr) + 1) for e in operands)
        case _:
            assert_never(expr)


def _wrap(expr: Expr, weakest: int) -> str:
    """The text of `expr`, in parentheses if it binds looser than `weakest` allows."""
    text = to_source(expr)
    return text if precedence(expr) >= weakest else f"({text})"
