"""number_text formats a fixed number of places with Python's Decimal formatting and Babel's
symbols (Babel's own formatter parsed its pattern and locale on every call: 74 % of an HTML
report's time). Babel's format_decimal is the oracle: both must agree on every number."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import example, given
from hypothesis import strategies as st

from dsl.i18n import number_text, set_language

LOCALES = {"id": "id_ID", "en": "en_US"}


def babel_text(value: Decimal, decimals: int, lang: str) -> str:
    """What Babel itself writes for a number already rounded to `decimals` places."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(
        format_decimal(value, format=pattern, locale=LOCALES[lang], decimal_quantization=False)
    )


@pytest.mark.parametrize("lang", ["id", "en"])
@given(
    value=st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15),
    decimals=st.integers(min_value=0, max_value=6),
)
@example(value=Decimal("1234567.891"), decimals=2)
@example(value=Decimal("-0.5"), decimals=0)
@example(value=Decimal("0"), decimals=2)
@example(value=Decimal("1E+20"), decimals=2)
def test_fixed_places_agree_with_babel(lang: str, value: Decimal, decimals: int) -> None:
    set_language(lang)
    rounded = value.quantize(Decimal(1).scaleb(-decimals))
    assert number_text(rounded, decimals) == babel_text(rounded, decimals, lang)


def test_office_examples() -> None:
    set_language("id")
    assert number_text(1234567.89, 2) == "1.234.567,89"
    assert number_text(97.5, 2) == "97,50"
    assert number_text(85.44800000000001) == "85,448"
    set_language("en")
    assert number_text(1234567.89, 2) == "1,234,567.89"
    assert number_text(779977900621, 0) == "779,977,900,621"
