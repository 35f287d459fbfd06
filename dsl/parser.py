"""Formula text to syntax tree: a size pre-check, an LALR parse, and syntax errors with hints."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import cast

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput, UnexpectedToken, VisitError

from dsl.ast import (
    Arith,
    ArithOp,
    Boolean,
    Call,
    Compare,
    CompareOp,
    Expr,
    Index,
    Logic,
    LogicOp,
    NALiteral,
    Name,
    Not,
    Number,
    Percent,
    Power,
    Sign,
    SignOp,
    Span,
    Text,
    depth_exceeding,
)
from dsl.diagnostics import (
    MAX_DEPTH,
    MAX_LENGTH,
    FormulaError,
    FormulaLimitError,
    FormulaSyntaxError,
    SourceText,
)
from dsl.errors import Location
from dsl.i18n import N_, _, number_text
from dsl.syntax_hints import describe_token, expected_hint, extra_hints


@dataclass(frozen=True, slots=True)
class _Group:
    """A parenthesised expression while parsing: the inner node and the span with parentheses."""

    inner: Expr
    span: Span


_Item = Expr | _Group | Token
_COMPARE_SPELLINGS: dict[str, CompareOp] = {
    "=": "=",
    "==": "=",
    "<>": "<>",
    "!=": "<>",
    "<": "<",
    "<=": "<=",
    ">": ">",
    ">=": ">=",
}


def _token_span(token: Token) -> Span:
    """The span of one token."""
    return Span(
        cast(int, token.line),
        cast(int, token.column),
        cast(int, token.end_line),
        cast(int, token.end_column),
        cast(int, token.start_pos),
        cast(int, token.end_pos),
    )


def _span(item: _Item) -> Span:
    """The source span of a token, a node or a parenthesised group."""
    return _token_span(item) if isinstance(item, Token) else item.span


def _expr(item: _Item) -> Expr:
    """The expression inside an item; a token here would be a grammar bug."""
    if isinstance(item, _Group):
        return item.inner
    if isinstance(item, Token):
        raise TypeError(f"token {item!r} where an expression belongs")
    return item


def _over(first: _Item, last: _Item) -> Span:
    """The span from the start of `first` to the end of `last`."""
    return _span(first).cover(_span(last))


class _AstBuilder(Transformer[Token, _Item]):
    """Builds syntax-tree nodes while the LALR parser reduces, so no step recurses."""

    def number(self, items: list[Token]) -> Number:
        value = float(items[0])
        if not math.isfinite(value):
            raise _TooLarge(_token_span(items[0]))
        return Number(value, _token_span(items[0]))

    def text(self, items: list[Token]) -> Text:
        return Text(items[0][1:-1].replace('""', '"'), _token_span(items[0]))

    def true(self, items: list[Token]) -> Boolean:
        return Boolean(True, _token_span(items[0]))

    def false(self, items: list[Token]) -> Boolean:
        return Boolean(False, _token_span(items[0]))

    def na(self, items: list[Token]) -> NALiteral:
        return NALiteral(_token_span(items[0]))

    def name(self, items: list[Token]) -> Name:
        return Name(str(items[0]), _token_span(items[0]))

    def group(self, items: list[_Item]) -> _Group:
        return _Group(_expr(items[1]), _over(items[0], items[-1]))

    def call(self, items: list[_Item]) -> Call:
        args = tuple(_expr(item) for item in items[2:-1])
        return Call(str(items[0]).upper(), args, _over(items[0], items[-1]))

    def percent(self, items: list[_Item]) -> Percent:
        return Percent(_expr(items[0]), _over(items[0], items[1]))

    def index(self, items: list[_Item]) -> Index:
        return Index(_expr(items[0]), _expr(items[2]), _over(items[0], items[3]))

    def sign(self, items: list[_Item]) -> Sign:
        return Sign(cast(SignOp, str(items[0])), _expr(items[1]), _over(items[0], items[1]))

    def not_op(self, items: list[_Item]) -> Not:
        return Not(_expr(items[1]), _over(items[0], items[1]))

    def power(self, items: list[_Item]) -> Power:
        return Power(_expr(items[0]), _expr(items[2]), _over(items[0], items[2]))

    def comparison(self, items: list[_Item]) -> Compare:
        op = _COMPARE_SPELLINGS[str(items[1])]
        return Compare(op, _expr(items[0]), _expr(items[2]), _over(items[0], items[2]))

    def sum(self, items: list[_Item]) -> Arith:
        return _arith(items)

    def product(self, items: list[_Item]) -> Arith:
        return _arith(items)

    def and_expr(self, items: list[_Item]) -> Logic:
        return _logic("AND", items)

    def or_expr(self, items: list[_Item]) -> Logic:
        return _logic("OR", items)


def _arith(items: list[_Item]) -> Arith:
    """An operator run from alternating operands and operator tokens."""
    rest = tuple(
        (cast(ArithOp, str(items[i])), _expr(items[i + 1])) for i in range(1, len(items), 2)
    )
    return Arith(_expr(items[0]), rest, _over(items[0], items[-1]))


def _logic(op: LogicOp, items: list[_Item]) -> Logic:
    """A logical run from alternating operands and operator tokens."""
    operands = tuple(_expr(item) for item in items[::2])
    return Logic(op, operands, _over(items[0], items[-1]))


class _TooLarge(Exception):
    """A number literal beyond the float range, raised from inside the parse."""

    def __init__(self, span: Span) -> None:
        super().__init__("number too large")
        self.span = span


@cache
def _lark() -> Lark:
    """The LALR parser, built once, with the node builder applied during the parse."""
    grammar = (Path(__file__).parent / "grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", transformer=_AstBuilder(), propagate_positions=True)


def parse(text: str) -> Expr:
    """The syntax tree of a formula; raises a FormulaError for any syntax or size problem."""
    source = SourceText(text)
    unclosed = _prescan(source)
    try:
        item = cast(_Item, _lark().parse(text))
    except VisitError as err:
        raise _unwrap(err.orig_exc, source) from None
    except (_TooLarge, UnexpectedInput) as err:
        raise _unwrap(err, source, unclosed) from None
    expr = _expr(item)
    _check_depth(expr, source)
    return expr


def _unwrap(err: BaseException, source: SourceText, unclosed: tuple[int, ...] = ()) -> Exception:
    """The FormulaError for an exception raised while parsing."""
    if isinstance(err, FormulaError):
        return err
    if isinstance(err, _TooLarge):
        hint = _("numbers must be below about 1.8e308")
        return FormulaSyntaxError(_("number is too large"), source.location(err.span), hint)
    if isinstance(err, UnexpectedInput):
        return _syntax_error(err, source, unclosed)
    return err if isinstance(err, Exception) else RuntimeError(str(err))


_SPLIT_HINT = N_("split the formula into smaller named parts")
_SCAN = re.compile(r'"(?:[^"\n]|"")*"?|#[^\n]*|[()]|(?![0-9])\d')  # \d: any script's digits


def _prescan(source: SourceText) -> tuple[int, ...]:
    """Reject too-long or too-deeply parenthesised text in one linear pass, before parsing.

    Returns the offsets of the parentheses that are never closed, for the syntax-error hint.
    """
    text = source.text
    if len(text) > MAX_LENGTH:
        message = _("formula is too long ({n} characters; the limit is {limit})").format(
            n=number_text(len(text)), limit=number_text(MAX_LENGTH)
        )
        hint = _(_SPLIT_HINT)
        raise FormulaLimitError(message, _bare(source, MAX_LENGTH), hint)
    if not _has_content(text):
        raise FormulaSyntaxError(_("empty formula"), source.offsets(0, 1), _("write an expression"))
    opened: list[int] = []
    for match in _SCAN.finditer(text):
        if match.group() == "(":
            opened.append(match.start())
            if len(opened) > MAX_DEPTH:
                raise _too_deep(source, match.start())
        elif match.group() == ")" and opened:
            opened.pop()
        elif match.group().isdigit():
            raise _foreign_digit(source, match.start())
    return tuple(opened)


def _foreign_digit(source: SourceText, offset: int) -> FormulaSyntaxError:
    """The error for a digit of another script (١٢٣, １２３, Bengali ৪), as data and YAML refuse."""
    char = source.text[offset]
    unicode_name = unicodedata.name(char, "").lower() or _("non-ASCII digit")
    message = _("digit {char} ({name}) in a formula").format(char=repr(char), name=unicode_name)
    hint = _("write digits 0–9 (this one means {value})").format(value=unicodedata.digit(char, "?"))
    return FormulaSyntaxError(message, source.offsets(offset, offset + 1), hint)


def _has_content(text: str) -> bool:
    """Whether the text holds anything besides blanks and comments."""
    return any(line.split("#", 1)[0].strip() for line in text.split("\n"))


def _too_deep(source: SourceText, offset: int) -> FormulaLimitError:
    """The error for nesting deeper than MAX_DEPTH at a character offset."""
    message = _("formula is nested too deeply (more than {n} levels)").format(n=MAX_DEPTH)
    hint = _(_SPLIT_HINT)
    return FormulaLimitError(message, _bare(source, offset), hint)


def _bare(source: SourceText, offset: int) -> Location:
    """The location of an offset without its source line, which may be huge."""
    return replace(source.offsets(offset, offset + 1), source_line=None)


def _check_depth(expr: Expr, source: SourceText) -> None:
    """Reject trees too deep for the recursive passes that follow, such as long `- - - x`."""
    deep = depth_exceeding(expr, MAX_DEPTH)
    if deep is not None:
        raise _too_deep(source, deep.span.start_pos)


def _syntax_error(
    err: UnexpectedInput, source: SourceText, unclosed: tuple[int, ...]
) -> FormulaSyntaxError:
    """The syntax error, located and hinted, for one Lark failure."""
    if isinstance(err, UnexpectedToken):
        token = err.token
        at_end = token.type == "$END"
        start = cast(int, token.end_pos if at_end else token.start_pos)
        end = start + 1 if at_end else cast(int, token.end_pos)
        message = (
            _("unexpected end of formula")
            if at_end
            else _("unexpected {token}").format(token=describe_token(token))
        )
        expected = set(err.accepts or err.expected)
        found = "$END" if at_end else token.type
    else:
        start = err.pos_in_stream if err.pos_in_stream is not None else 0
        end = start + 1
        char = source.text[start] if start < len(source.text) else ""
        message = _("unexpected character {char}").format(char=repr(char))
        expected = set(getattr(err, "allowed", None) or ())
        found = char
    hints = [expected_hint(expected), *extra_hints(found, expected, source, start, unclosed)]
    hint = "; ".join(h for h in hints if h)
    return FormulaSyntaxError(message, source.offsets(start, end), hint or None)
