"""The formula syntax tree: frozen, slotted dataclasses that each carry their source span."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, TypeAlias, assert_never


@dataclass(frozen=True, slots=True)
class Span:
    """A region of formula text: 1-based lines and columns (end exclusive) and 0-based offsets."""

    line: int
    column: int
    end_line: int
    end_column: int
    start_pos: int
    end_pos: int

    def cover(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(
            self.line, self.column, other.end_line, other.end_column, self.start_pos, other.end_pos
        )


NO_SPAN = Span(0, 0, 0, 0, 0, 0)

ArithOp: TypeAlias = Literal["+", "-", "*", "/"]
CompareOp: TypeAlias = Literal["=", "<>", "<", "<=", ">", ">="]
LogicOp: TypeAlias = Literal["AND", "OR"]
SignOp: TypeAlias = Literal["+", "-"]

ADDITIVE: frozenset[str] = frozenset({"+", "-"})
MULTIPLICATIVE: frozenset[str] = frozenset({"*", "/"})


@dataclass(frozen=True, slots=True)
class Number:
    """A non-negative number literal such as `86.75` or `1e3` (a minus sign is a `Sign`)."""

    value: float
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Text:
    """A text literal such as `"WTP"`."""

    value: str
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Boolean:
    """The literal `TRUE` or `FALSE`."""

    value: bool
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class NALiteral:
    """The literal `NA`, a value that is missing on purpose."""

    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Name:
    """A reference to a value by its full (possibly dotted) name, such as `ikm.realisasi`."""

    name: str
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Percent:
    """The postfix `%` operator, which divides its operand by 100."""

    operand: Expr
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Index:
    """One item of a series, by 1-based position or by item key: `u[1]`, `u["U1"]`."""

    target: Expr
    index: Expr
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Sign:
    """A unary minus or plus."""

    op: SignOp
    operand: Expr
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Not:
    """The logical negation `NOT x`."""

    operand: Expr
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Power:
    """Exponentiation `base ^ exponent`, which is right-associative."""

    base: Expr
    exponent: Expr
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Arith:
    """One left-associative run of operators of one precedence: `a + b - c` or `a * b / c`."""

    first: Expr
    rest: tuple[tuple[ArithOp, Expr], ...]
    span: Span = NO_SPAN

    @property
    def additive(self) -> bool:
        """Whether this run is of `+`/`-` (rather than `*`/`/`)."""
        return self.rest[0][0] in ADDITIVE


@dataclass(frozen=True, slots=True)
class Compare:
    """A comparison such as `a >= b`; comparisons do not chain."""

    op: CompareOp
    left: Expr
    right: Expr
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Logic:
    """A run of one logical operator: `a AND b AND c` or `a OR b`."""

    op: LogicOp
    operands: tuple[Expr, ...]
    span: Span = NO_SPAN


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; `name` is upper-cased, as function names are case-insensitive."""

    name: str
    args: tuple[Expr, ...]
    span: Span = NO_SPAN


Expr: TypeAlias = (
    Number
    | Text
    | Boolean
    | NALiteral
    | Name
    | Percent
    | Index
    | Sign
    | Not
    | Power
    | Arith
    | Compare
    | Logic
    | Call
)
LITERALS = (Number, Text, Boolean, NALiteral)


def children(expr: Expr) -> tuple[Expr, ...]:
    """The direct sub-expressions of `expr`, left to right."""
    match expr:
        case Number() | Text() | Boolean() | NALiteral() | Name():
            return ()
        case Percent(operand) | Sign(_, operand) | Not(operand):
            return (operand,)
        case Power(base, exponent):
            return (base, exponent)
        case Index(target, index):
            return (target, index)
        case Arith(first, rest):
            return (first, *(operand for _, operand in rest))
        case Compare(_, left, right):
            return (left, right)
        case Logic(_, operands):
            return operands
        case Call(_, args):
            return args
        case _:
            assert_never(expr)


def depth_exceeding(expr: Expr, limit: int) -> Expr | None:
    """The first node nested deeper than `limit`, found without recursion, or None."""
    stack: list[tuple[Expr, int]] = [(expr, 1)]
    while stack:
        node, level = stack.pop()
        if level > limit:
            return node
        stack.extend((child, level + 1) for child in children(node))
    return None


def strip_spans(expr: Expr) -> Expr:
    """A copy of `expr` with every span replaced by NO_SPAN, for comparing shapes."""
    match expr:
        case Number() | Text() | Boolean() | NALiteral() | Name():
            return replace(expr, span=NO_SPAN)
        case Percent(operand) | Not(operand):
            return replace(expr, operand=strip_spans(operand), span=NO_SPAN)
        case Sign(op, operand):
            return Sign(op, strip_spans(operand))
        case Power(base, exponent):
            return Power(strip_spans(base), strip_spans(exponent))
        case Index(target, index):
            return Index(strip_spans(target), strip_spans(index))
        case Arith(first, rest):
            return Arith(strip_spans(first), tuple((op, strip_spans(e)) for op, e in rest))
        case Compare(op, left, right):
            return Compare(op, strip_spans(left), strip_spans(right))
        case Logic(op, operands):
            return Logic(op, tuple(strip_spans(e) for e in operands))
        case Call(name, args):
            return Call(name, tuple(strip_spans(e) for e in args))
        case _:
            assert_never(expr)


def same_shape(a: Expr, b: Expr) -> bool:
    """Whether two trees are equal when their spans are ignored."""
    return strip_spans(a) == strip_spans(b)


def table_argument(call: Call) -> Name | None:
    """The table named by a LOOKUP or BAND call (its second argument), if it is a bare name."""
    if call.name in ("LOOKUP", "BAND") and len(call.args) == 2:
        arg = call.args[1]
        return arg if isinstance(arg, Name) else None
    return None


def references(expr: Expr) -> tuple[frozenset[str], frozenset[str]]:
    """The value names and the table names that `expr` refers to, found without recursion."""
    names: set[str] = set()
    tables: set[str] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Name):
            names.add(node.name)
            continue
        kids = children(node)
        table = table_argument(node) if isinstance(node, Call) else None
        if table is not None:
            tables.add(table.name)
            kids = kids[:1]
        stack.extend(kids)
    return frozenset(names), frozenset(tables)


def dump(expr: Expr, indent: int = 0) -> str:
    """An indented, one-node-per-line text form of the tree with spans, for golden files."""
    pad = "  " * indent
    where = f"@{expr.span.line}:{expr.span.column}-{expr.span.end_line}:{expr.span.end_column}"
    head = f"{pad}{_label(expr)} {where}"
    kids = [dump(child, indent + 1) for child in children(expr)]
    return "\n".join([head, *kids])


def _label(expr: Expr) -> str:
    """The one-line description of a node without its children."""
    match expr:
        case Number(value) | Boolean(value):
            return f"{type(expr).__name__} {value!r}"
        case Text(value) | Name(value):
            return f"{type(expr).__name__} {value!r}"
        case NALiteral() | Percent() | Not() | Power() | Index():
            return type(expr).__name__
        case Sign(op) | Compare(op) | Logic(op):
            return f"{type(expr).__name__} {op}"
        case Arith(_, rest):
            return "Arith " + " ".join(op for op, _ in rest)
        case Call(name, args):
            return f"Call {name}/{len(args)}"
        case _:
            assert_never(expr)
