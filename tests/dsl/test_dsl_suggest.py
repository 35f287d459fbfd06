"""The one 'did you mean': the closest option, case first, one cut-off, order-independent."""

from __future__ import annotations

import pytest

from dsl.suggest import CUTOFF, closest, did_you_mean

INPUTS = ["realisasi", "target", "anggaran", "penyerapan"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("realisai", "realisasi"),  # a letter dropped
        ("taregt", "target"),  # two letters swapped
        ("REALISASI", "realisasi"),  # case only: always found
        ("Penyerapn", "penyerapan"),  # case and a typo together
        ("iklka", None),  # nothing close
        ("", None),
    ],
)
def test_closest(word: str, expected: str | None) -> None:
    assert closest(word, INPUTS) == expected


def test_an_option_equal_but_for_case_wins_over_a_closer_spelling() -> None:
    assert closest("Nilai", ["nilai", "Nila"]) == "nilai"


def test_the_answer_keeps_the_option_spelling() -> None:
    assert closest("jakarta_pusat", ["Jakarta_Pusat", "Jakarta_Barat"]) == "Jakarta_Pusat"


def test_the_answer_does_not_depend_on_the_order_of_the_options() -> None:
    options = ["tw1", "tw2", "tw3", "tw4"]
    assert closest("tw", options) == closest("tw", reversed(options)) is not None


def test_the_cut_off_is_difflibs_default() -> None:
    assert CUTOFF == 0.6
    assert closest("abcd", ["abxy"]) is None  # ratio 0.5
    assert closest("abcde", ["abcxy"]) == "abcxy"  # ratio 0.6


def test_options_may_be_any_iterable_of_names() -> None:
    assert closest("kota", {"kota": 1, "kecamatan": 2}) == "kota"
    assert closest("kelurahn", (n for n in ["kelurahan"])) == "kelurahan"


def test_did_you_mean_is_the_hint_text() -> None:
    assert did_you_mean("realisai", INPUTS) == "did you mean 'realisasi'?"
    assert did_you_mean("iklka", INPUTS) is None
