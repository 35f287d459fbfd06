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
