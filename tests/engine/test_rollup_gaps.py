"""A roll-up never leaves out a child with a data gap silently (engine/scoring/rollup_gaps.py).

Kecamatan KEC1 has four kelurahan, KEC2 two. In TW1 the data gives x = 10, 20, (empty), 30 for
KEL1–KEL4 and N/A (reported), 40 for KEL5–KEL6; y alike except that KEL4 gives no target for y
in any quarter, so it did not choose the indicator `ind` (selection). Worked by hand:

- skip_f (gaps: skip, the default): KEC1 = (10 + 20 + 30)/3 = 20, KEC2 = 40 (KEL5 reported N/A
  is left out by design), KOTA = (20 + 40)/2 = 30; one N006 note, for KEC1, naming KEL3.
- na_f (gaps: na): KEC1 N/A, "1 of 4 kelurahan has no value (KEL3)"; KEC2 = 40; KOTA N/A in
  turn, "1 of 2 kecamatan has no value (KEC1)": both of kind NO_DATA; no note.
- ind.realisasi (rollup: mean): KEC1 = (10 + 20)/2 = 15; its note names KEL3, not KEL4 (not
  chosen, N/A by design).
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import cli
from dsl.values import NaKind, reason_kind
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.columns import Rows
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain import explain_figure
from engine.scoring.noted import count_of, row_code
from engine.scoring.result import Diagnostic, Result
from engine.scoring.score import score

RULESET = """\
perkin: 1
id: gaps
title: Gaps
year: 2016
levels: {kota: null, kecamatan: kota, kelurahan: kecamatan}
cadence: triwulan
inputs:
  x: {kind: count, level: kelurahan, period: triwulan, assumption: t}
  y: {kind: count, level: kelurahan, period: triwulan, assumption: t}
  y_target: {kind: count, level: kelurahan, period: triwulan, assumption: t}
indicators:
  ind:
    name: Indikator
    level: kelurahan
    realisasi: y
    target: {formula: y_target, assumption: t}
    rollup: mean
    assumption: t
figures:
  skip_f: {level: kelurahan, formula: x, rollup: mean, assumption: t}
  na_f: {level: kelurahan, formula: x, rollup: {method: mean, gaps: na}, assumption: t}
selection:
  indicators: [ind]
  source: "000:112"
"""

UNITS = """\
unit,name,level,parent
KOTA,Kota,kota,
KEC1,Kecamatan Satu,kecamatan,KOTA
KEC2,Kecamatan Dua,kecamatan,KOTA
KEL1,Kelurahan 1,kelurahan,KEC1
KEL2,Kelurahan 2,kelurahan,KEC1
KEL3,Kelurahan 3,kelurahan,KEC1
KEL4,Kelurahan 4,kelurahan,KEC1
KEL5,Kelurahan 5,kelurahan,KEC2
KEL6,Kelurahan 6,kelurahan,KEC2
"""

DATA = """\
unit,period,x,y,y_target
KEL1,2016-TW1,10,10,12
KEL2,2016-TW1,20,20,12
KEL3,2016-TW1,{kel3},{kel3},12
KEL4,2016-TW1,30,,
KEL5,2016-TW1,N/A,N/A,12
KEL6,2016-TW1,40,40,12
"""


def _files(tmp_path: Path, kel3: str = "", ruleset: str = RULESET) -> list[Path]:
    files = {"r.yaml": ruleset, "units.csv": UNITS, "data.csv": DATA.format(kel3=kel3)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in files]


def _scored(tmp_path: Path, kel3: str = "") -> tuple[Evaluator, Result]:
    rule, units, data = _files(tmp_path, kel3)
    rs = load_ruleset(rule)
    dataset = read_data([units, data])
    return Evaluator(rs, bind(rs, dataset)), score(rs, dataset, "2016-TW1")


def _value(ev: Evaluator, name: str, unit: str) -> object:
    return ev.get(name, "TW1").at(ev.bound.index[unit])


def _reason(ev: Evaluator, name: str, unit: str) -> tuple[str | None, NaKind]:
    vec, i = ev.get(name, "TW1"), ev.bound.index[unit]
    return vec.reason(i), reason_kind(int(vec.codes[i]))


def _notes(result: Result) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == "N006"]


def test_skip_rolls_up_the_children_present_and_notes_the_gap(tmp_path: Path) -> None:
    ev, result = _scored(tmp_path)
    values = [_value(ev, "skip_f", u) for u in ("KEC1", "KEC2", "KOTA")]
    assert values == [20.0, 40.0, 30.0]
    assert _value(ev, "ind.realisasi", "KEC1") == 15.0
    assert _notes(result) == [
        Diagnostic(
            "info",
            "N006",
            "ind.realisasi of KEC1 in TW1: mean of 2 of 4 kelurahan; left out for want of a value: "
            "KEL3 (no data for y in TW1)",
            "KEC1",
            "ind",
            "TW1",
        ),
        Diagnostic(
            "info",
            "N006",
            "skip_f of KEC1 in TW1: mean of 3 of 4 kelurahan; left out for want of a value: "
            "KEL3 (no data for x in TW1)",
            "KEC1",
            "skip_f",
            "TW1",
        ),
    ]


def test_the_notes_are_a_block_of_n006_counted_unread(tmp_path: Path) -> None:
    _ev, result = _scored(tmp_path)
    assert isinstance(result.diagnostics, Rows)
    gaps = [b for b in result.diagnostics.blocks if row_code(b) == "N006"]
    assert [d for b in gaps for d in b] == _notes(result)
    assert count_of(result.diagnostics, "N006") == 2


def test_na_makes_the_parent_na_and_the_gap_carries_up(tmp_path: Path) -> None:
    ev, result = _scored(tmp_path)
    assert _reason(ev, "na_f", "KEC1") == ("1 of 4 kelurahan has no value (KEL3)", NaKind.NO_DATA)
    assert _value(ev, "na_f", "KEC2") == 40.0
    assert _reason(ev, "na_f", "KOTA") == ("1 of 2 kecamatan has no value (KEC1)", NaKind.NO_DATA)
    assert [d for d in _notes(result) if d.name == "na_f"] == []


def test_children_na_by_design_give_no_note(tmp_path: Path) -> None:
    """KEL3 reports N/A: left out by design like KEL5; KEL4 did not choose `ind`."""
    ev, result = _scored(tmp_path, kel3="N/A")
    assert _notes(result) == []
    assert [_value(ev, n, "KEC1") for n in ("skip_f", "na_f", "ind.realisasi")] == [20, 20, 15]
    assert [_value(ev, n, "KOTA") for n in ("skip_f", "na_f")] == [30.0, 30.0]


def test_a_parent_left_without_any_value_by_a_gap_is_a_gap(tmp_path: Path) -> None:
    """Under skip too: KEC1's only countable child has no data, the others are by design."""
    text = DATA.format(kel3="").replace("KEL1,2016-TW1,10", "KEL1,2016-TW1,N/A")
    text = text.replace("KEL2,2016-TW1,20", "KEL2,2016-TW1,N/A").replace(",30,", ",N/A,")
    rule, units, data = _files(tmp_path)
    data.write_text(text, encoding="utf-8")
    rs = load_ruleset(rule)
    ev = Evaluator(rs, bind(rs, read_data([units, data])))
    assert _reason(ev, "skip_f", "KEC1") == ("1 of 4 kelurahan has no value (KEL3)", NaKind.NO_DATA)
    # KOTA = KEC2 alone (40), and KEC1 is named as the kecamatan left out
    assert _value(ev, "skip_f", "KOTA") == 40.0


def test_three_children_are_named_then_the_count(tmp_path: Path) -> None:
    units = "unit,name,level,parent\nKOTA,Kota,kota,\nKEC1,Satu,kecamatan,KOTA\n"
    units += "".join(f"K{i},K{i},kelurahan,KEC1\n" for i in range(1, 7))
    data = "unit,period,x\nK1,2016-TW1,10\n" + "".join(f"K{i},2016-TW1,\n" for i in range(2, 7))
    rule = RULESET.split("indicators:")[0] + "figures:" + RULESET.split("figures:")[1]
    rule = rule.split("selection:")[0]
    (tmp_path / "r.yaml").write_text(rule, encoding="utf-8")
    (tmp_path / "u.csv").write_text(units, encoding="utf-8")
    (tmp_path / "d.csv").write_text(data, encoding="utf-8")
    rs = load_ruleset(tmp_path / "r.yaml")
    dataset = read_data([tmp_path / "u.csv", tmp_path / "d.csv"])
    notes = _notes(score(rs, dataset, "2016-TW1"))
    missing = ", ".join(f"K{i} (no data for x in TW1)" for i in (2, 3, 4))
    assert [(d.unit, d.message) for d in notes] == [
        (
            "KEC1",
            "skip_f of KEC1 in TW1: mean of 1 of 6 kelurahan; left out for want of a value: "
            f"{missing}, … and 2 more",
        )
    ]
    ev = Evaluator(rs, bind(rs, dataset))
    assert (
        _reason(ev, "na_f", "KEC1")[0]
        == "5 of 6 kelurahan have no value (K2, K3, K4, … and 2 more)"
    )


def test_explain_lists_the_gap_children_apart(tmp_path: Path) -> None:
    rule, units, data = _files(tmp_path)
    rs, dataset = load_ruleset(rule), read_data([units, data])
    skip = explain_figure(rs, dataset, "KEC1", "skip_f", "2016-TW1").splitlines()
    assert skip[0] == "skip_f = mean of 3 kelurahan = 20"
    assert skip[-2:] == [
        "  1 kelurahan N/A for want of a value, left out of the roll-up (gaps: skip, N006):",
        "    KEL3 = N/A (no data for x in TW1)",
    ]
    ind = explain_figure(rs, dataset, "KEC1", "ind", "2016-TW1")
    assert "  1 kelurahan N/A, skipped by the roll-up:\n    KEL4 = N/A (ind not chosen" in ind
    kota = explain_figure(rs, dataset, "KOTA", "na_f", "2016-TW1").splitlines()
    assert kota == [
        "na_f = mean of 1 kecamatan = N/A (1 of 2 kecamatan has no value (KEC1))",
        "  KEC2 = 40",
        "  1 kecamatan N/A for want of a value: the result is N/A (gaps: na):",
        "    KEC1 = N/A (1 of 4 kelurahan has no value (KEL3))",
    ]


def test_json_csv_and_summary_in_indonesian(tmp_path: Path) -> None:
    files = [str(p) for p in _files(tmp_path)]
    run = CliRunner().invoke
    out = tmp_path / "out.json"
    done = run(
        cli.main, ["--lang", "id", "evaluate", *files, "--period", "2016-TW1", "-o", str(out)]
    )
    assert done.exit_code == 0, done.output
    notes = [d for d in json.loads(out.read_text())["diagnostics"] if d["code"] == "N006"]
    assert [(d["unit"], d["name"], d["period"], d["severity"]) for d in notes] == [
        ("KEC1", "ind", "TW1", "info"),
        ("KEC1", "skip_f", "TW1", "info"),
    ]
    assert notes[1]["message"] == (
        "skip_f untuk KEC1 pada TW1: rata-rata dari 3 di antara 4 kelurahan; tidak diikutkan "
        "karena tidak bernilai: KEL3 (tidak ada data untuk x pada TW1)"
    )
    csv = tmp_path / "out.csv"
    run(cli.main, ["--lang", "id", "evaluate", *files, "--period", "2016-TW1", "-o", str(csv)])
    rows = [line for line in csv.read_text().splitlines() if ",N006," in line]
    assert [r.split(",")[:4] for r in rows] == [
        ["catatan", "KEC1", "ind", "TW1"],
        ["catatan", "KEC1", "skip_f", "TW1"],
    ]
    summary = run(cli.main, ["--lang", "id", "evaluate", *files, "--period", "2016-TW1"]).stdout
    line = (
        "2 nilai agregasi tidak mengikutkan unit bawahan yang tidak bernilai: lihat catatan "
        "N006 (-o laporan.csv, .json atau .html) atau perkin explain"
    )
    assert line in summary.splitlines()
    na = run(
        cli.main,
        [
            "--lang",
            "id",
            "explain",
            *files,
            "--unit",
            "KEC1",
            "--indicator",
            "na_f",
            "--period",
            "TW1",
        ],
    )
    assert "1 dari 4 kelurahan tidak bernilai (KEL3)" in na.stdout


def test_summary_has_no_gap_line_without_gaps(tmp_path: Path) -> None:
    files = [str(p) for p in _files(tmp_path, kel3="N/A")]
    out = CliRunner().invoke(cli.main, ["evaluate", *files, "--period", "2016-TW1"])
    assert out.exit_code == 0 and "rolled-up value" not in out.stdout


def test_a_mistyped_gaps_key_is_located_with_a_suggestion(tmp_path: Path) -> None:
    ruleset = RULESET.replace("{method: mean, gaps: na}", "{method: mean, gap: na}")
    rule, *_ = _files(tmp_path, ruleset=ruleset)
    out = CliRunner().invoke(cli.main, ["validate", str(rule)])
    assert out.exit_code != 0
    assert f"{rule}:21:63: error[R010]: unknown key 'gap'" in out.output
    assert "hint: did you mean 'gaps'?" in out.output


def test_a_child_excluded_as_not_validated_is_a_gap(tmp_path: Path) -> None:
    """tests/engine/test_validation.py's case with `aduan` rolled up: KEL2's February is not
    validated and the ruleset excludes it, so KEL2's TW1 (a sum of months) is N/A and KEC1 has
    KEL1's 3 + 4 + 5 = 12 alone, with a note naming KEL2."""
    from tests.engine.test_validation import DATA as VALIDATION_DATA
    from tests.engine.test_validation import RULESET as VALIDATION_RULESET
    from tests.engine.test_validation import files, folder

    kelurahan = "    realisasi: aduan\n    target: {{formula: aduan_target, assumption: test}}\n"
    assert kelurahan in VALIDATION_RULESET
    ruleset = VALIDATION_RULESET.replace(kelurahan, kelurahan + "    rollup: mean\n", 1)
    where = folder(tmp_path, VALIDATION_DATA, ruleset=ruleset)
    rs = load_ruleset(where / "ruleset.yaml")
    dataset = read_data(files(where), to_bind=True)
    ev = Evaluator(rs, bind(rs, dataset))
    assert reason_kind(int(ev.get("aduan.realisasi", "TW1").codes[ev.bound.index["KEL2"]])) is (
        NaKind.NOT_VALIDATED
    )
    assert _value(ev, "aduan.realisasi", "KEC1") == 12.0
    notes = [(d.unit, d.name, d.message) for d in _notes(score(rs, dataset, "2016-TW1"))]
    message = (
        "aduan.realisasi of KEC1 in TW1: mean of 1 of 2 kelurahan; left out for want of a value: "
        "KEL2 (B02: not validated by camat)"
    )
    assert notes == [("KEC1", "aduan", message)]


def test_a_change_of_gaps_shows_in_the_ruleset_diff(tmp_path: Path) -> None:
    from engine.scoring.diff import diff_rulesets

    old_rule, *_ = _files(tmp_path)
    old = load_ruleset(old_rule)
    (tmp_path / "new").mkdir()
    new_text = RULESET.replace(
        "rollup: mean, assumption", "rollup: {method: sum, gaps: na}, assumption"
    )
    new_rule, *_ = _files(tmp_path / "new", ruleset=new_text)
    lines = diff_rulesets(old, load_ruleset(new_rule)).lines
    assert "~ figure skip_f: rollup mean → sum, gaps: na" in lines


ARITHMETIC = RULESET.replace(
    "selection:",
    "  ratio: {level: kelurahan, formula: x / y_target * 100, rollup: mean, assumption: t}\n"
    "  ratio_na: {level: kelurahan, formula: x / y_target * 100,"
    " rollup: {method: mean, gaps: na}, assumption: t}\n"
    "selection:",
)


def test_a_child_with_no_value_by_arithmetic_is_a_gap_too(tmp_path: Path) -> None:
    """KEL2's target 0 gives its ratio no value (division by zero, kind arithmetic): not N/A by
    design, so KEC1's mean names it. KEC1 by hand: KEL1 10/12·100 = 83.333…, KEL2 20/0 (no
    value), KEL3 25/12·100 = 208.333…, KEL4 no y_target (no data): (83.333… + 208.333…)/2 =
    145.8333…, a mean of 2 of 4; under gaps: na KEC1 is N/A naming both."""
    data = DATA.replace("KEL2,2016-TW1,20,20,12", "KEL2,2016-TW1,20,20,0")
    rule, units, data_file = _files(tmp_path, "25", ARITHMETIC)
    data_file.write_text(data.format(kel3="25"), encoding="utf-8")
    rs = load_ruleset(rule)
    dataset = read_data([units, data_file])
    ev = Evaluator(rs, bind(rs, dataset))
    assert _reason(ev, "ratio", "KEL2") == ("division by zero", NaKind.ARITHMETIC)
    assert _value(ev, "ratio", "KEC1") == (10 / 12 * 100 + 25 / 12 * 100) / 2
    assert _reason(ev, "ratio_na", "KEC1") == (
        "2 of 4 kelurahan have no value (KEL2, KEL4)",
        NaKind.NO_DATA,
    )
    notes = [d.message for d in _notes(score(rs, dataset, "2016-TW1")) if d.name == "ratio"]
    assert notes == [
        "ratio of KEC1 in TW1: mean of 2 of 4 kelurahan; left out for want of a value: "
        "KEL2 (division by zero), KEL4 (no data for y_target in TW1)"
    ]
    # the default capaian over a target of 0 is of the same kind
    capaian = ev.get("ind.capaian", "TW1")
    assert reason_kind(int(capaian.codes[ev.bound.index["KEL2"]])) is NaKind.ARITHMETIC
