"""Formulas pasted from a word processor or typed on a full-width keyboard (trust sweep, second
round): a look-alike operator (×, ÷, −, ＊), an invisible character, a decimal comma. Each is a
syntax error at its character, with a hint that names the character to write instead."""

from __future__ import annotations

import pytest

from dsl import FormulaSyntaxError, parse
from dsl.i18n import set_language


@pytest.mark.parametrize(
    ("formula", "column", "hint"),
    [
        ("a × b", 3, "write * instead of '×'"),
        ("a ＊ b", 3, "write * instead of '＊'"),
        ("a ÷ b", 3, "write / instead of '÷'"),
        ("a − b", 3, "write - instead of '−'"),
        ("a – b", 3, "write - instead of '–'"),
        ("（a + b) * 2", 1, "write ( instead of '（'"),
        ("MIN(a， b)", 6, "write , instead of '，'"),
        ("a ≥ 80", 3, "write >= instead of '≥'"),
    ],
)
def test_a_look_alike_operator_is_named(formula: str, column: int, hint: str) -> None:
    with pytest.raises(FormulaSyntaxError) as raised:
        parse(formula)
    error = raised.value
    assert error.location.column == column, error.location
    assert error.hint is not None and hint in error.hint, error.hint


def test_an_invisible_character_is_named() -> None:
    with pytest.raises(FormulaSyntaxError) as raised:
        parse("a \u200b* b")
    error = raised.value
    assert error.location.column == 3
    assert error.hint is not None
    assert "delete the invisible character U+200B (zero width space)" in error.hint


def test_a_decimal_comma_is_named() -> None:
    with pytest.raises(FormulaSyntaxError) as raised:
        parse("realisasi * 1,5")
    error = raised.value
    assert error.location.column == 14
    assert error.hint is not None and "write decimals with a dot (1.5)" in error.hint


def test_a_look_alike_is_named_in_indonesian() -> None:
    set_language("id")
    with pytest.raises(FormulaSyntaxError) as raised:
        parse("a × b")
    assert raised.value.hint is not None
    assert "tulis * sebagai ganti '×'" in raised.value.hint
