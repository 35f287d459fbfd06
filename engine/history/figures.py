"""Published and recomputed numbers as text: read from what a report printed, and written as an
office of the current language writes them; comparing them is replay's, on canonical text."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from dsl.i18n import number_text
from dsl.rounding import format_fixed
from engine.data.cells import CellError, parse_cell


def office(presented: str, printed: str = "") -> str:
    """A canonical presented number as an office writes it ('97.60' → '97,60' in Indonesian,
    'Rp 2.714.793.472' when the report printed Rupiah); a label or N/A as it is."""
    try:
        number = Decimal(presented)
    except InvalidOperation:
        return presented
    if not number.is_finite():
        return presented
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    text = number_text(number, places)
    return f"Rp {text}" if printed.strip().casefold().startswith("rp") else text


def quoted(printed: str, decimals: int) -> str:
    """A printed number as an office of the current language writes it, with the digits,
    '%' and 'Rp' the report printed ('104.08%' → '104,08%' in Indonesian); other text as is."""
    number = printed_number(printed, decimals)
    if number is None:
        return printed
    digits = "".join(c for c in printed if c.isdigit())
    for places in range(8):
        canonical = format_fixed(number, places, "half_up")
        if "".join(c for c in canonical if c.isdigit()) == digits:
            percent = "%" if printed.strip().endswith("%") else ""
            return office(canonical, printed) + percent
    return printed


def precise_text(value: float, digits: int) -> str:
    """A number to at most `digits` decimals (12 significant kept), as an office writes it."""
    return number_text(Decimal(f"{round(value, digits):.15g}"))


def printed_number(text: str, decimals: int) -> float | None:
    """The number a printed text shows ('95,70' → 95.7, '1036,99%' → 1036.99), else None."""
    body = text.strip().rstrip("%").strip()
    try:
        cell = parse_cell(body, kind="currency" if decimals == 0 else None)
    except CellError:
        return None
    return float(cell) if isinstance(cell, float | int) else None


def decimals_in(text: str) -> int | None:
    """Digits after the decimal mark of a printed number (0 for 8.052.731.877 or 100)."""
    body = text.strip().rstrip("%").strip()
    marks = {c for c in body if c in ".,"}
    tail = body[max(body.rfind("."), body.rfind(",")) + 1 :]
    if not marks or (len(marks) == 1 and sum(c in ".," for c in body) > 1):
        return 0  # no mark, or one mark repeated: thousands
    return None if len(marks) == 1 and len(tail) == 3 else len(tail)
