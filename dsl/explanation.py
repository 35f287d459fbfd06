"""The derivation of one value: each step's text, span, value and the steps it used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dsl.ast import Boolean, Expr, NALiteral, Number, Percent, Sign, Span, Text
from dsl.printer import to_source
from dsl.values import Scalar, format_value


@dataclass(frozen=True, slots=True)
class Explanation:
    """How one sub-expression got its value: its text, span, value, and the steps below it.

    `detail` is the expression with its operands' values put in, such as "0.95 × 0.4";
    `note` says which way a choice went, such as "the condition is TRUE".
    Literal operands get no step of their own; their values appear in the detail.
    """

    source: str
    span: Span
    value: Scalar
    children: tuple[Explanation, ...] = ()
    detail: str | None = None
    note: str | None = None

    def headline(self) -> str:
        """One line: source = detail = value, leaving out parts that repeat."""
        value = format_value(self.value)
        parts = [self.source]
        if self.detail is not None and self.detail not in (self.source, value):
            parts.append(self.detail)
        if value != self.source:
            parts.append(value)
        line = " = ".join(parts)
        return f"{line}   ({self.note})" if self.note else line

    def render(self, indent: str = "  ") -> str:
        """The derivation as indented lines, each step under the one that used it."""
        return "\n".join(self._lines(0, indent))

    def _lines(self, depth: int, indent: str) -> list[str]:
        """The rendered lines of this step and the steps below it."""
        lines = [indent * depth + self.headline()]
        for child in self.children:
            lines.extend(child._lines(depth + 1, indent))
        return lines


def step(
    expr: Expr,
    value: Scalar,
    used: Sequence[tuple[Expr, Explanation]],
    detail: str | None,
    note: str | None = None,
) -> Explanation:
    """The explanation of `expr`, given the explanations of the operands it used.

    Steps for literal operands are left out.
    """
    children = tuple(ex for e, ex in used if not is_literal(e))
    return Explanation(to_source(expr), expr.span, value, children, detail, note)


def is_literal(expr: Expr) -> bool:
    """Whether an expression is a constant written in the formula, such as 40% or "WTP"."""
    if isinstance(expr, Percent | Sign):
        return is_literal(expr.operand)
    return isinstance(expr, Number | Text | Boolean | NALiteral)
