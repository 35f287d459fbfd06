"""Periods: parsing every accepted form, canonical and engine labels, parts, containment, order."""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.periods import (
    KINDS,
    WHOLE_YEAR,
    Period,
    PeriodError,
    PeriodKind,
    finest,
    is_finer,
    month_number,
    parse_period,
    scored_label,
    sub_labels,
)

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


# the engine's own labels, the kinds' order and the parts of a period ----------------------------

ENGINE_LABELS = [
    *(f"B{m:02d}" for m in range(1, 13)),
    *(f"TW{q}" for q in range(1, 5)),
    "S1",
    "S2",
    "tahunan",
]


@pytest.mark.parametrize("label", ENGINE_LABELS)
def test_engine_label_round_trips(label: str) -> None:
    period = Period.from_label(label)
    assert period.year is None and period.engine_label == label


def test_engine_label_and_display_label_of_a_year() -> None:
    assert (WHOLE_YEAR.engine_label, WHOLE_YEAR.label, WHOLE_YEAR.title) == (
        "tahunan",
        "Tahunan",
        "Tahunan",
    )
    assert Period(2024, "tahunan").engine_label == "tahunan"


@pytest.mark.parametrize("label", ["Tahunan", "TW5", "B3", "2024-TW2", "TW II", "*", ""])
def test_from_label_refuses_other_spellings(label: str) -> None:
    with pytest.raises(PeriodError) as caught:
        Period.from_label(label)
    assert caught.value.code == "D010"


@pytest.mark.parametrize(
    ("label", "title"), [("TW1", "TW I"), ("TW4", "TW IV"), ("S2", "S2"), ("B03", "B03")]
)
def test_titles(label: str, title: str) -> None:
    assert Period.from_label(label).title == title


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period(None, "tahunan"), "2024"),
        (Period(2023, "tahunan"), "2023"),
        (Period(None, "triwulan", 2), "2024-TW2"),
        (Period(2024, "semester", 1), "2024-S1"),
        (Period(None, "bulan", 3), "2024-B03"),
    ],
)
def test_scored_text_and_back(period: Period, text: str) -> None:
    assert period.scored_text(2024) == text
    assert scored_label(text) == period.engine_label


def test_kinds_are_finest_first() -> None:
    assert KINDS == ("bulan", "triwulan", "semester", "tahunan")
    assert all(is_finer(a, b) for a, b in itertools.combinations(KINDS, 2))
    assert not any(is_finer(b, a) or is_finer(a, a) for a, b in itertools.combinations(KINDS, 2))


def test_finest() -> None:
    assert finest(["tahunan", "triwulan", "semester"]) == "triwulan"
    assert finest([]) == "tahunan"
    assert finest([], default="bulan") == "bulan"


@pytest.mark.parametrize(
    ("label", "cadence", "parts"),
    [
        ("tahunan", "triwulan", ["TW1", "TW2", "TW3", "TW4"]),
        ("tahunan", "semester", ["S1", "S2"]),
        ("tahunan", "tahunan", ["tahunan"]),
        ("S2", "triwulan", ["TW3", "TW4"]),
        ("S1", "bulan", ["B01", "B02", "B03", "B04", "B05", "B06"]),
        ("TW3", "bulan", ["B07", "B08", "B09"]),
        ("TW3", "semester", ["TW3"]),  # a coarser cadence leaves the period whole
        ("B05", "triwulan", ["B05"]),
    ],
)
def test_sub_labels(label: str, cadence: PeriodKind, parts: list[str]) -> None:
    assert sub_labels(label, cadence) == parts


def test_subperiods_keep_the_year() -> None:
    assert Period(2024, "semester", 2).subperiods("triwulan") == (
        Period(2024, "triwulan", 3),
        Period(2024, "triwulan", 4),
    )
    assert [p.label for p in Period(2024, "tahunan").subperiods("semester")] == [
        "2024-S1",
        "2024-S2",
    ]


@settings(max_examples=300, deadline=200)
@given(PERIODS, st.sampled_from(KINDS))
def test_subperiods_tile_the_period(period: Period, cadence: PeriodKind) -> None:
    parts = period.subperiods(cadence)
    assert all(period.contains(p) for p in parts) and list(parts) == sorted(parts)
    assert parts[0].first_month == period.first_month
    assert parts[-1].last_month == period.last_month
    assert all(a.last_month + 1 == b.first_month for a, b in itertools.pairwise(parts))
    assert {p.kind for p in parts} == {cadence if is_finer(cadence, period.kind) else period.kind}


@settings(max_examples=300, deadline=200)
@given(PERIODS)
def test_engine_label_round_trips_for_any_period(period: Period) -> None:
    assert Period.from_label(period.engine_label) == replace(period, year=None)
    assert parse_period(period.engine_label) == replace(period, year=None)
    assert scored_label(period.scored_text(period.year or 2024)) == period.engine_label


@settings(max_examples=300, deadline=200)
@given(PERIODS, PERIODS)
def test_order_follows_time_then_span(a: Period, b: Period) -> None:
    if a.year is not None and a.year == b.year and a.last_month < b.last_month:
        assert a < b
    if a.year == b.year and a.last_month == b.last_month and is_finer(a.kind, b.kind):
        assert a < b
