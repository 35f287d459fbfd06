"""Letter answers per criterion, scored end to end (issue 12, items 2 and 5): a text series read
from a long and a wide CSV, mapped, counted and indexed by formulas; text figures; NA reasons.

Every expected value is computed by hand from tests/engine/letters/*.csv (scale A=100, B=75,
C=50, D=25, E=0; Dinas B left criterion k2 N/A).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cli import main
from dsl.errors import PerkinError, PerkinErrors
from dsl.values import NaKind
from engine.api import load
from engine.data.read import read_data
from engine.scoring.result import Result, ValueRow
from engine.scoring.score import score

HERE = Path(__file__).parent / "letters"
RULESET = HERE / "ruleset.yaml"

# figure -> (Dinas A, Dinas B); None is N/A.
EXPECTED: dict[str, tuple[float | None, float | None]] = {
    "nilai_pk_a": (81.25, 100 / 3),  # (100+75+50+100)/4; (0+25+75)/3, k2 skipped
    "jumlah_a": (2, 0),
    "dijawab": (4, 3),
    "tidak_dijawab": (0, 1),
    "kriteria_pertama": (100, 0),  # A; E
    "kriteria_k4": (1, 0),  # "A" = "a" case-insensitively; B
    "terpenuhi_persen": (75, 50),  # Y,T,Y,y; T,T,Y,Y
    "nilai_terpenuhi": (250 / 3, 50),  # k1,k3,k4: (100+50+100)/3; k3,k4: (25+75)/2
    "alasan": (1, None),
    "kriteria_k2": (75, None),  # b; N/A as the data says
}
LABELS = {"mutu": ("A", "C"), "huruf_pertama": ("A", "E")}  # 81.25 ≥ 80; 33.33 < 60


def _result(data: str) -> Result:
    return score(load(RULESET), read_data([HERE / "units.csv", HERE / data]))


@pytest.fixture(scope="module", params=["long.csv", "wide.csv"])
def result(request: pytest.FixtureRequest) -> Result:
    return _result(request.param)


def _figures(result: Result, name: str) -> list[tuple[str, float | None, str | None]]:
    rows = [r for r in result.figures if r.name == name and r.period == "tahunan"]
    return [(r.unit, r.value.value, r.predikat) for r in sorted(rows, key=lambda r: r.unit)]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_numbers_from_letters(result: Result, name: str) -> None:
    got = _figures(result, name)
    assert [unit for unit, _, _ in got] == ["Dinas A", "Dinas B"]
    for (_unit, value, _label), want in zip(got, EXPECTED[name], strict=True):
        if want is None:
            assert value is None
        else:
            assert value == pytest.approx(want, rel=1e-12)


def _row(result: Result, name: str, unit: str) -> ValueRow:
    return next(r for r in result.figures if (r.name, r.unit, r.period) == (name, unit, "tahunan"))


def test_na_with_the_rulesets_own_reason(result: Result) -> None:
    assert _row(result, "alasan", "Dinas B").value.reason == "criterion not assessed"


def test_an_na_answer_keeps_its_reason(result: Result) -> None:
    value = _row(result, "kriteria_k2", "Dinas B").value
    assert (value.reason, value.kind) == ("pk_a [k2] reported as N/A in tahunan", NaKind.REPORTED)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_text_figures_are_reported_as_text(result: Result, name: str) -> None:
    got = _figures(result, name)
    assert [(value, label) for _, value, label in got] == [(None, t) for t in LABELS[name]]


def test_explain_shows_the_letters_and_the_reason() -> None:
    args = [str(RULESET), str(HERE / "units.csv"), str(HERE / "long.csv"), "--unit", "Dinas B"]
    out = CliRunner().invoke(main, ["explain", *args, "--indicator", "alasan"])
    assert out.exit_code == 0, out.output
    assert 'COUNTA(["E", NA (pk_a [k2] reported as N/A in tahunan), "D", "B"]) = 3' in out.output
    assert "= N/A (criterion not assessed)" in out.output


HEAD = RULESET.read_text(encoding="utf-8").split("figures:\n")[0] + "figures:\n"
FIRST = HEAD.count("\n") + 1  # the line of the first figure written after HEAD


def _load_text(tmp_path: Path, figures: str) -> None:
    text = HEAD + figures
    path = tmp_path / "ruleset.yaml"
    path.write_text(text, encoding="utf-8")
    load(path)


def _error(tmp_path: Path, figures: str) -> PerkinError:
    with pytest.raises(PerkinError) as caught:
        _load_text(tmp_path, figures)
    err = caught.value
    return err.errors[0] if isinstance(err, PerkinErrors) else err


def test_a_text_figure_must_be_declared(tmp_path: Path) -> None:
    err = _error(tmp_path, "  mutu: {formula: 'BAND(50, mutu_pelayanan)', assumption: t}\n")
    assert (err.code, err.location.line, err.location.column) == ("F004", FIRST, 19)
    assert err.message == "figure 'mutu' gives text, but is declared a number"
    assert "kind: text" in (err.hint or "")


def test_a_text_figure_is_not_a_number(tmp_path: Path) -> None:
    figures = (
        "  mutu: {kind: text, formula: 'BAND(50, mutu_pelayanan)', assumption: t}\n"
        "  dobel: {formula: mutu * 2, assumption: t}\n"
    )
    err = _error(tmp_path, figures)
    assert (err.code, err.message) == ("F004", "text cannot be used in arithmetic")
    assert (err.location.line, err.location.column) == (FIRST + 1, 20)


def test_a_declared_text_figure_must_give_text(tmp_path: Path) -> None:
    err = _error(tmp_path, "  mutu: {kind: text, formula: COUNTA(pk_a), assumption: t}\n")
    assert err.message == "figure 'mutu' is declared `kind: text`, but its formula gives number"


def test_unknown_item_key_in_a_ruleset(tmp_path: Path) -> None:
    err = _error(tmp_path, "  x: {formula: 'LOOKUP(pk_a[\"K1\"], skala_jawaban)', assumption: t}\n")
    assert (err.code, err.message, err.hint) == ("F002", "unknown item 'K1'", "did you mean 'k1'?")
    assert (err.location.line, err.location.column) == (FIRST, 29)


def test_letters_in_arithmetic_are_refused_in_indonesian(tmp_path: Path) -> None:
    with pytest.raises(PerkinError):
        _load_text(tmp_path, "  x: {formula: SUM(pk_a), assumption: t}\n")
    out = CliRunner().invoke(main, ["--lang", "id", "validate", str(tmp_path / "ruleset.yaml")])
    assert out.exit_code != 0
    assert "galat[F004]: deret teks tidak dapat digunakan dalam operasi aritmetika" in out.output


def test_calc_takes_a_series_of_texts() -> None:
    args = ["calc", 'COUNTIF(pk_a, "A") + COUNTNA(pk_a)', "--var", "pk_a=A;b;N/A;a"]
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 0, out.output
    assert out.output.strip() == "3"  # A and a match; the N/A is counted by COUNTNA


def test_calc_refuses_a_series_of_numbers_and_texts() -> None:
    out = CliRunner().invoke(main, ["calc", "COUNTA(x)", "--var", "x=A;1"])
    assert out.exit_code != 0
    assert "x: a series holds numbers or texts, not both ('A')" in out.output


def test_json_carries_the_reason_and_the_label() -> None:
    args = ["evaluate", "--format", "json", str(RULESET), str(HERE / "units.csv")]
    out = CliRunner().invoke(main, [*args, str(HERE / "wide.csv")])
    assert out.exit_code == 0, out.output
    document = json.loads(out.stdout)
    schema = json.loads((HERE.parents[2] / "schemas" / "result.schema.json").read_text())
    jsonschema.validate(document, schema)
    figures = document["figures"]
    by = {(f["name"], f["unit"]): f for f in figures}
    assert by["alasan", "Dinas B"]["na"] == "criterion not assessed"
    assert by["alasan", "Dinas B"]["value"] is None
    assert (by["mutu", "Dinas B"]["predikat"], by["mutu", "Dinas B"]["value"]) == ("C", None)
