"""Readable descriptions of parser tokens and hints that explain common syntax mistakes."""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token

from dsl.diagnostics import SourceText

_STARTS_VALUE = frozenset(
    {"NUMBER", "STRING", "NAME", "LPAR", "TRUE", "FALSE", "NA", "NOT", "MINUS", "PLUS"}
)
_OPERATORS = frozenset(
    {"PLUS", "MINUS", "STAR", "SLASH", "CARET", "PERCENT", "COMP_OP", "AND", "OR"}
)
_PUNCTUATION = {"RPAR": "')'", "COMMA": "','"}
_KINDS = {"NUMBER": "number", "STRING": "text", "NAME": "name"}


def describe_token(token: Token) -> str:
    """A token as a reader would name it, such as `name 'foo'` or `')'`."""
    kind = _KINDS.get(token.type)
    if kind == "text":
        return f"text {token.value}"
    return f"{kind} '{token.value}'" if kind else f"'{token.value}'"


def expected_hint(expected: set[str]) -> str | None:
    """What the parser would have accepted, in words."""
    if expected & {"NUMBER", "NAME", "STRING"}:
        return "expected a value: a number, a name, text in double quotes, or '('"
    wanted = [text for name, text in _PUNCTUATION.items() if name in expected]
    if expected & _OPERATORS:
        wanted.append("an operator")
    if "$END" in expected and not wanted:
        return "expected the end of the formula"
    if not wanted:
        return None
    listed = ", ".join(wanted[:-1]) + (" or " if len(wanted) > 1 else "") + wanted[-1]
    return f"expected {listed}"


def extra_hints(
    found: str, expected: set[str], source: SourceText, offset: int, unclosed: tuple[int, ...]
) -> Iterator[str]:
    """Hints for typical slips: locale separators, single quotes, chained comparisons."""
    if found == "$END" and unclosed:
        line, column = source.position(unclosed[-1])
        yield f"the '(' at line {line}, column {column} is never closed"
    elif found == ";":
        yield "separate function arguments with ',' (formulas use the English locale)"
    elif found in ("'", "\u2018", "\u2019", "\u201c", "\u201d"):
        yield 'write text in straight double quotes, such as "WTP"'
    elif found == "COMP_OP" and offset == _first_content(source.text):
        yield "a formula does not start with '='"
    elif found == "COMP_OP" and "NAME" not in expected:
        yield "comparisons cannot be chained; combine them with AND"
    elif found == "&":
        yield "text cannot be joined with '&' in formulas"


def _first_content(text: str) -> int:
    """The offset of the first character that is not blank."""
    return len(text) - len(text.lstrip())
