"""Period labels: parsing every accepted form, canonical labels, containment and order."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.periods import Period, PeriodError, month_number, parse_period

# (text, year, kind, index, label)
CASES = [
    ("2024", 2024, "tahunan", 1, "2024"),
    ("Tahunan", None, "tahunan", 1, "Tahunan"),
    ("tahunan", None, "tahunan", 1, "Tahunan"),
    ("2024 Tahunan", 2024, "tahunan", 1, "2024"),
    ("TW1", None, "triwulan", 1, "TW1"),
    ("TW I", None, "triwulan", 1, "TW1"),
    ("tw-iv", None, "triwulan", 4, "TW4"),
    ("Triwulan II", None, "triwulan", 2, "TW2"),
    ("Triwulan 3", None, "triwulan", 3, "TW3"),
    ("Q3", None, "triwulan", 3, "TW3"),
    ("2024-TW2", 2024, "triwulan", 2, "2024-TW2"),
    ("2024-Q2", 2024, "triwulan", 2, "2024-TW2"),
    ("2024 TW III", 2024, "triwulan", 3, "2024-TW3"),
    ("TW II 2024", 2024, "triwulan", 2, "2024-TW2"),
    ("Triwulan IV/2023", 2023, "triwulan", 4, "2023-TW4"),
    ("S1", None, "semester", 1, "S1"),
    ("Semester I", None, "semester", 1, "S1"),
    ("Semester II", None, "semester", 2, "S2"),
    ("2024-S2", 2024, "semester", 2, "2024-S2"),
    ("semester 2 2024", 2024, "semester", 2, "2024-S2"),
    ("2024-01", 2024, "bulan", 1, "2024-01"),
    ("2024-12", 2024, "bulan", 12, "2024-12"),
    ("03-2024", 2024, "bulan", 3, "2024-03"),
    ("Jan", None, "bulan", 1, "B01"),
    ("Januari", None, "bulan", 1, "B01"),
    ("Februari", None, "bulan", 2, "B02"),
    ("Pebruari", None, "bulan", 2, "B02"),
    ("Maret", None, "bulan", 3, "B03"),
    ("Mei", None, "bulan", 5, "B05"),
    ("May", None, "bulan", 5, "B05"),
    ("Agustus", None, "bulan", 8, "B08"),
    ("Agt", None, "bulan", 8, "B08"),
    ("Aug", None, "bulan", 8, "B08"),
    ("Sept.", None, "bulan", 9, "B09"),
    ("Oktober", None, "bulan", 10, "B10"),
    ("Okt", None, "bulan", 10, "B10"),
    ("Nopember", None, "bulan", 11, "B11"),
    ("Desember", None, "bulan", 12, "B12"),
    ("December", None, "bulan", 12, "B12"),
    ("Januari 2024", 2024, "bulan", 1, "2024-01"),
    ("2024-Des", 2024, "bulan", 12, "2024-12"),
    ("B01", None, "bulan", 1, "B01"),
    ("Bulan 1", None, "bulan", 1, "B01"),
    ("bulan 12", None, "bulan", 12, "B12"),
    ("  2024-tw2  ", 2024, "triwulan", 2, "2024-TW2"),
]

# (text, code, message)
ERRORS = [
    ("", "D010", "empty period"),
    ("   ", "D010", "empty period"),
    ("TW5", "D011", "triwulan 5 is out of range 1–4"),
    ("TW0", "D011", "triwulan 0 is out of range 1–4"),
    ("S3", "D011", "semester 3 is out of range 1–2"),
    ("2024-13", "D011", "bulan 13 is out of range 1–12"),
    ("Bulan 0", "D011", "bulan 0 is out of range 1–12"),
    ("TW IIII", "D010", "'IIII' is not a triwulan number"),
    ("0999", "D011", "year 999 is not a four-digit year"),
    ("kuarter 1", "D010", "unrecognised period 'kuarter 1'"),
    ("20241", "D010", "unrecognised period '20241'"),
    ("01", "D010", "unrecognised period '01'"),
    ("x" * 50, "D010", f"unrecognised period '{'x' * 39}…'"),
]


@pytest.mark.parametrize(("text", "year", "kind", "index", "label"), CASES)
def test_parse_period(text: str, year: int | None, kind: str, index: int, label: str) -> None:
    period = parse_period(text)
    assert (period.year, period.kind, period.index) == (year, kind, index)
    assert period.label == label == str(period)


@pytest.mark.parametrize(("text", "code", "message"), ERRORS)
def test_parse_period_errors(text: str, code: str, message: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.hint is not None and "2024-TW2" in caught.value.hint


def test_containment() -> None:
    tw2, s1, year = parse_period("TW2"), parse_period("S1"), parse_period("Tahunan")
    assert year.contains(s1) and s1.contains(tw2) and year.contains(tw2)
    assert not tw2.contains(s1) and not parse_period("S2").contains(tw2)
    assert all(tw2.contains(Period(2024, "bulan", m)) for m in (4, 5, 6))
    assert not tw2.contains(Period(2024, "bulan", 7))
    assert tw2.contains(tw2)


def test_containment_respects_years() -> None:
    assert parse_period("2024").contains(parse_period("2024-TW2"))
    assert not parse_period("2024").contains(parse_period("2023-TW2"))
    assert parse_period("2024").contains(parse_period("TW2"))  # a missing year matches any


def test_order_is_by_end_then_span() -> None:
    labels = ["2024", "2024-S1", "2024-TW2", "2024-06", "2024-01", "2024-TW1", "TW4", "2023"]
    ordered = [p.label for p in sorted(parse_period(label) for label in labels)]
    assert ordered == [
        "TW4",
        "2023",
        "2024-01",
        "2024-TW1",
        "2024-06",
        "2024-TW2",
        "2024-S1",
        "2024",
    ]


def test_months() -> None:
    tw3 = parse_period("TW3")
    assert (tw3.first_month, tw3.last_month) == (7, 9)
    assert month_number("Juli") == 7 and month_number("xyz") is None


def test_direct_construction_is_checked() -> None:
    with pytest.raises(PeriodError) as caught:
        Period(2024, "triwulan", 5)
    assert caught.value.code == "D011"


COUNTS = {"bulan": 12, "triwulan": 4, "semester": 2, "tahunan": 1}
PERIODS = st.builds(
    lambda year, kind, raw: Period(year, kind, raw % COUNTS[kind] + 1),
    st.one_of(st.none(), st.integers(min_value=1000, max_value=9999)),
    st.sampled_from(["bulan", "triwulan", "semester", "tahunan"]),
    st.integers(min_value=0, max_value=11),
)


@settings(max_examples=300, deadline=200)
@given(PERIODS)
def test_label_round_trips(period: Period) -> None:
    assert parse_period(period.label) == period


@settings(max_examples=300, deadline=200)
@given(PERIODS, PERIODS)
def test_order_agrees_with_equality(a: Period, b: Period) -> None:
    assert (a == b) == (not a < b and not b < a)


@settings(max_examples=500, deadline=200)
@given(st.text())
def test_any_text_parses_or_raises_a_period_error(text: str) -> None:
    try:
        period = parse_period(text)
    except PeriodError as exc:
        assert exc.code in {"D010", "D011"}
        return
    assert isinstance(period, Period)


@settings(max_examples=300, deadline=200)
@given(
    st.from_regex(
        r"[0-9]{0,5}[ -]?(tw|q|s|b|bulan|semester|triwulan)? ?[0-9ivx]{0,4}", fullmatch=True
    )
)
def test_period_like_text_parses_or_raises_a_period_error(text: str) -> None:
    with contextlib.suppress(PeriodError):
        parse_period(text)
