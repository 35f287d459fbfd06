"""Readable descriptions of parser tokens and hints that explain common syntax mistakes."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from lark import Token

from dsl.diagnostics import SourceText
from dsl.i18n import N_, _

_STARTS_VALUE = frozenset(
    {"NUMBER", "STRING", "NAME", "LPAR", "TRUE", "FALSE", "NA", "NOT", "MINUS", "PLUS"}
)
_OPERATORS = frozenset(
    {"PLUS", "MINUS", "STAR", "SLASH", "CARET", "PERCENT", "COMP_OP", "AND", "OR"}
)
_PUNCTUATION = {"RPAR": "')'", "COMMA": "','"}
_KINDS = {
    "NUMBER": N_("number '{value}'"),
    "STRING": N_("text {value}"),
    "NAME": N_("name '{value}'"),
}


# characters a word processor or a full-width keyboard puts where the formula wants ASCII
LOOK_ALIKES = {
    "\u00d7": "*",  # × multiplication sign
    "\u2715": "*",  # ✕
    "\u00b7": "*",  # · middle dot
    "\u22c5": "*",  # ⋅ dot operator
    "\uff0a": "*",  # ＊
    "\u00f7": "/",  # ÷
    "\uff0f": "/",  # ／
    "\u2212": "-",  # − minus sign
    "\u2013": "-",  # – en dash
    "\u2014": "-",  # — em dash
    "\uff0d": "-",  # －
    "\uff0b": "+",  # ＋
    "\uff1d": "=",  # ＝
    "\uff08": "(",  # （
    "\uff09": ")",  # ）
    "\uff0c": ",",  # ，
    "\uff05": "%",  # ％
    "\uff3e": "^",  # ＾
    "\uff1c": "<",  # ＜
    "\uff1e": ">",  # ＞
    "\u2264": "<=",  # ≤
    "\u2265": ">=",  # ≥
    "\u2260": "<>",  # ≠
}


def describe_token(token: Token) -> str:
    """A token as a reader would name it, such as `name 'foo'` or `')'`."""
    shape = _KINDS.get(token.type)
    return _(shape).format(value=token.value) if shape else f"'{token.value}'"


def expected_hint(expected: set[str]) -> str | None:
    """What the parser would have accepted, in words."""
    if expected & {"NUMBER", "NAME", "STRING"}:
        return _("expected a value: a number, a name, text in double quotes, or '('")
    wanted = [text for name, text in _PUNCTUATION.items() if name in expected]
    if expected & _OPERATORS:
        wanted.append(_("an operator"))
    if "$END" in expected and not wanted:
        return _("expected the end of the formula")
    if not wanted:
        return None
    listed = wanted[0]
    if len(wanted) > 1:
        listed = _("{items} or {last}").format(items=", ".join(wanted[:-1]), last=wanted[-1])
    return _("expected {what}").format(what=listed)


def extra_hints(
    found: str, expected: set[str], source: SourceText, offset: int, unclosed: tuple[int, ...]
) -> Iterator[str]:
    """Hints for typical slips: locale separators, single quotes, chained comparisons."""
    if found == "$END" and unclosed:
        line, column = source.position(unclosed[-1])
        yield _("the '(' at line {line}, column {column} is never closed").format(
            line=line, column=column
        )
    elif found == ";":
        yield _("separate function arguments with ',' (formulas use the English locale)")
    elif found in ("'", "\u2018", "\u2019", "\u201c", "\u201d"):
        yield _('write text in straight double quotes, such as "WTP"')
    elif found == "COMP_OP" and offset == _first_content(source.text):
        yield _("a formula does not start with '='")
    elif found == "COMP_OP" and "NAME" not in expected:
        yield _("comparisons cannot be chained; combine them with AND")
    elif found == "&":
        yield _("text cannot be joined with '&' in formulas")
    elif found in LOOK_ALIKES:
        yield _("write {ascii} instead of {char} (a look-alike from a word processor)").format(
            ascii=LOOK_ALIKES[found], char=repr(found)
        )
    elif len(found) == 1 and unicodedata.category(found) in ("Cf", "Zs", "Zl", "Zp"):
        yield _("delete the invisible character {code} ({name}), copied with the text").format(
            code=f"U+{ord(found):04X}", name=unicodedata.name(found, "?").lower()
        )
    elif found == "COMMA" and _decimal_comma(source.text, offset):
        yield _("write decimals with a dot ({number}): formulas use the English locale").format(
            number=_decimal_comma(source.text, offset)
        )


def _decimal_comma(text: str, offset: int) -> str | None:
    """The number a comma between digits would be with a dot (`1,5` → `1.5`), or None."""
    before = len(text[:offset]) - len(text[:offset].rstrip("0123456789"))
    after = len(text[offset + 1 :]) - len(text[offset + 1 :].lstrip("0123456789"))
    if not before or not after:
        return None
    return f"{text[offset - before : offset]}.{text[offset + 1 : offset + 1 + after]}"


def _first_content(text: str) -> int:
    """The offset of the first character that is not blank."""
    return len(text) - len(text.lstrip())
