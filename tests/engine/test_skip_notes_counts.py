"""N020 for a count: COUNT of months whose division gave no value is noted in the result, as
the mean over them is (tests/engine/test_skip_notes.py holds the corpus and the hand-worked
months: U1 divides by zero in months 2 and 4, U2 never, U3 has no data in months 2 and 3)."""

from __future__ import annotations

from pathlib import Path

from dsl.i18n import set_language
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.score import score
from tests.engine.test_skip_notes import RULESET, _files

COUNTED = RULESET + '  dihitung: {formula: "COUNT(ra / rpd)", assumption: t}\n'


def _scored(tmp_path: Path) -> tuple[list[object], list[str]]:
    rule, units, data = _files(tmp_path)
    rule.write_text(COUNTED, encoding="utf-8")
    rs, dataset = load_ruleset(rule), read_data([units, data])
    ev = Evaluator(rs, bind(rs, dataset))
    vec = ev.get("dihitung", "tahunan")
    values = [vec.at(ev.bound.index[u]) for u in ("U1", "U2", "U3")]
    result = score(rs, dataset, "2016")
    notes = [d.message for d in result.diagnostics if d.code == "N020" and d.name == "dihitung"]
    return values, notes


def test_a_count_that_left_out_months_without_a_value_says_so(tmp_path: Path) -> None:
    values, notes = _scored(tmp_path)
    assert values == [2.0, 4.0, 2.0]  # U3's two months without data are not counted, unnoted
    assert notes == [
        "dihitung of U1 in tahunan: COUNT left out 2 of 4 elements that arithmetic gave no "
        "value (division by zero)"
    ]


def test_the_count_note_in_indonesian(tmp_path: Path) -> None:
    set_language("id")
    _values, notes = _scored(tmp_path)
    assert notes == [
        "dihitung untuk U1 pada tahunan: COUNT tidak mengikutkan 2 dari 4 elemen yang tidak "
        "bernilai karena aritmetika (pembagian dengan nol)"
    ]


TWO_CALLS = RULESET + (
    '  rata: {formula: "SUM(ra / rpd) / COUNT(ra / rpd)", assumption: t}\n'
    '  campur: {formula: "SUM(ra / rpd) + MAX(ra[1] / rpd[2], 1)", assumption: t}\n'
)


def _two_calls(tmp_path: Path) -> dict[str, list[str]]:
    rule, units, data = _files(tmp_path)
    rule.write_text(TWO_CALLS, encoding="utf-8")
    result = score(load_ruleset(rule), read_data([units, data]), "2016")
    notes: dict[str, list[str]] = {}
    for d in result.diagnostics:
        if d.code == "N020" and d.name in ("rata", "campur"):
            notes.setdefault(d.name, []).append(f"{d.unit}: {d.message}")
    return notes


def test_two_calls_in_one_formula_give_one_note_naming_both(tmp_path: Path) -> None:
    """rata of U1 = SUM (1 + 0.5) / COUNT (2) = 0.75; both calls left out months 2 and 4.
    campur: MAX(10 / 0, 1) left out its first element of two, SUM two of four."""
    assert _two_calls(tmp_path) == {
        "rata": [
            "U1: rata of U1 in tahunan: SUM and COUNT left out 2 of 4 elements that arithmetic "
            "gave no value (division by zero)"
        ],
        "campur": [
            "U1: campur of U1 in tahunan: SUM left out 2 of 4 elements that arithmetic gave no "
            "value (division by zero); MAX left out 1 of 2 elements that arithmetic gave no "
            "value (division by zero)"
        ],
    }


def test_one_note_naming_both_in_indonesian(tmp_path: Path) -> None:
    set_language("id")
    assert _two_calls(tmp_path)["rata"] == [
        "U1: rata untuk U1 pada tahunan: SUM dan COUNT tidak mengikutkan 2 dari 4 elemen yang "
        "tidak bernilai karena aritmetika (pembagian dengan nol)"
    ]
