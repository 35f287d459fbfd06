"""An aggregate that leaves out an element arithmetic gave no value says so (N020).

Four months of RPD and realisasi anggaran (RA), worked by hand, per month m:
konsistensi = AVERAGE((rpd - ABS(rpd - ra)) / rpd) * 100 and total = SUM(ra / rpd).

- U1: rpd 10, 0, 10, 0; ra 10, 5, 5, 0. Months 2 and 4 divide by zero; months 1 and 3 give
  (10 - 0)/10 = 1 and (10 - 5)/10 = 0.5, so konsistensi = 75 and total = 1 + 0.5 = 1.5, each
  with one N020 note: 2 of 4 elements left out (division by zero).
- U2: every month 10 and 10: konsistensi 100, total 4, no note.
- U3: rpd 10, N/A (reported), (empty: no data), 10; ra 10, 10, 10, 5: the months without data
  are left out by the documented rule, without a note; konsistensi = (1 + 0.5)/2 × 100 = 75.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from click.testing import CliRunner

import cli
from dsl import NumberType, Scope, SeriesType, compile_formula
from dsl.column import Column
from dsl.i18n import set_language
from dsl.skips import Skipped
from dsl.values import NA, NaKind
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain import explain_figure
from engine.scoring.result import Diagnostic, Result
from engine.scoring.score import score

RULESET = """\
perkin: 1
id: skips
title: Skips
year: 2016
levels: {opd: null}
cadence: tahunan
inputs:
  rpd: {kind: currency, axis: bulan, items: [1, 2, 3, 4], period: tahunan, assumption: t}
  ra: {kind: currency, axis: bulan, items: [1, 2, 3, 4], period: tahunan, assumption: t}
figures:
  konsistensi: {formula: "AVERAGE((rpd - ABS(rpd - ra)) / rpd) * 100", assumption: t}
  total: {formula: "SUM(ra / rpd)", assumption: t}
"""

UNITS = "unit,name,level,parent\nU1,Satu,opd,\nU2,Dua,opd,\nU3,Tiga,opd,\n"

DATA = """\
unit,period,rpd[1],rpd[2],rpd[3],rpd[4],ra[1],ra[2],ra[3],ra[4]
U1,2016,10,{zero},10,{zero},10,5,5,0
U2,2016,10,10,10,10,10,10,10,10
U3,2016,10,N/A,,10,10,10,10,5
"""


def _files(tmp_path: Path, zero: str = "0") -> list[Path]:
    files = {"r.yaml": RULESET, "units.csv": UNITS, "data.csv": DATA.format(zero=zero)}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return [tmp_path / name for name in files]


def _scored(tmp_path: Path, zero: str = "0") -> tuple[Evaluator, Result]:
    rule, units, data = _files(tmp_path, zero)
    rs, dataset = load_ruleset(rule), read_data([units, data])
    return Evaluator(rs, bind(rs, dataset)), score(rs, dataset, "2016")


def _notes(result: Result) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.code == "N020"]


def _values(ev: Evaluator, name: str) -> list[object]:
    vec = ev.get(name, "tahunan")
    return [vec.at(ev.bound.index[u]) for u in ("U1", "U2", "U3")]


def test_the_note_names_the_value_unit_period_and_count(tmp_path: Path) -> None:
    ev, result = _scored(tmp_path)
    assert _notes(result) == [
        Diagnostic(
            "warning",
            "N020",
            "konsistensi of U1 in tahunan: AVERAGE left out 2 of 4 elements that arithmetic "
            "gave no value (division by zero)",
            "U1",
            "konsistensi",
            "tahunan",
        ),
        Diagnostic(
            "warning",
            "N020",
            "total of U1 in tahunan: SUM left out 2 of 4 elements that arithmetic gave no value "
            "(division by zero)",
            "U1",
            "total",
            "tahunan",
        ),
    ]
    # the values stay the documented skip (worked by hand above)
    assert _values(ev, "konsistensi") == [75.0, 100.0, 75.0]
    assert _values(ev, "total") == [1.5, 4.0, 1.5]


def test_no_note_when_nothing_arithmetic_is_left_out(tmp_path: Path) -> None:
    """rpd 5 instead of 0 for U1: nothing divides by zero; U3's data N/A is never noted."""
    ev, result = _scored(tmp_path, zero="5")
    assert _notes(result) == []
    # U1: month 2 (ra 5) gives (5 - 0)/5 = 1, month 4 (ra 0) (5 - 5)/5 = 0: (1 + 1 + 0.5 + 0)/4
    assert _values(ev, "konsistensi") == [62.5, 100.0, 75.0]


def test_csv_and_json_carry_the_note_in_both_languages(tmp_path: Path) -> None:
    files = [str(p) for p in _files(tmp_path)]
    run = CliRunner().invoke
    out = tmp_path / "out.json"
    done = run(cli.main, ["--lang", "id", "evaluate", *files, "-o", str(out)])
    assert done.exit_code == 0, done.output
    notes = [d for d in json.loads(out.read_text())["diagnostics"] if d["code"] == "N020"]
    assert [(d["unit"], d["name"], d["period"], d["severity"]) for d in notes] == [
        ("U1", "konsistensi", "tahunan", "warning"),
        ("U1", "total", "tahunan", "warning"),
    ]
    assert notes[0]["message"] == (
        "konsistensi untuk U1 pada tahunan: AVERAGE tidak mengikutkan 2 dari 4 elemen yang "
        "tidak bernilai karena aritmetika (pembagian dengan nol)"
    )
    csv = tmp_path / "out.csv"
    done = run(cli.main, ["evaluate", *files, "-o", str(csv)])
    assert done.exit_code == 0, done.output
    rows = [line.split(",") for line in csv.read_text().splitlines() if ",N020," in line]
    assert [r[:4] + r[-3:] for r in rows] == [
        ["catatan", "U1", "konsistensi", "tahunan", "warning", "N020", rows[0][-1]],
        ["catatan", "U1", "total", "tahunan", "warning", "N020", rows[1][-1]],
    ]
    assert rows[0][-1].startswith("konsistensi of U1 in tahunan: AVERAGE left out 2 of 4 ")


def test_explain_shows_the_elements_left_out_and_why(tmp_path: Path) -> None:
    rule, units, data = _files(tmp_path)
    rs, dataset = load_ruleset(rule), read_data([units, data])
    text = explain_figure(rs, dataset, "U1", "konsistensi", "2016")
    step = next(line for line in text.splitlines() if "= AVERAGE([" in line)
    assert step.strip().endswith(
        "= AVERAGE([1, NA (division by zero), 0.5, NA (division by zero)]) = 0.75   "
        "(left out 2 of 4 elements without a value by arithmetic (division by zero))"
    )
    u3 = explain_figure(rs, dataset, "U3", "konsistensi", "2016")
    assert "left out" not in u3
    set_language("id")
    text = explain_figure(rs, dataset, "U1", "konsistensi", "2016")
    assert (
        "(2 dari 4 elemen yang tidak bernilai karena aritmetika tidak diikutkan "
        "(pembagian dengan nol))" in text
    )


SCOPE = Scope(names={"x": NumberType(), "y": NumberType(), "s": SeriesType(length=3)})


def _skips(formula: str, env: dict[str, Column]) -> list[Skipped]:
    skips: list[Skipped] = []
    compile_formula(formula, SCOPE).evaluate(env, 2, None, skips)
    return skips


def test_the_columnar_evaluator_records_each_aggregate_call() -> None:
    """Unit 0 divides by zero in x / y; unit 1 does not. MEAN is AVERAGE; COUNTNA, which counts
    the N/A, is not a skip (COUNT is: tests/dsl/test_skips_every_aggregate.py)."""
    env = {
        "x": Column.from_values([6.0, 6.0]),
        "y": Column.from_values([0.0, 3.0]),
        "s": Column.from_values([(1.0, 2.0, 4.0), (1.0, NA("no data", NaKind.NO_DATA), 2.0)]),
    }
    [mean, top] = _skips("MEAN(s, x / y) + MAX(x / y, 1)", env)
    assert (mean.function, mean.elements, mean.left_out.tolist()) == ("AVERAGE", 4, [1, 0])
    assert (top.function, top.elements, top.left_out.tolist()) == ("MAX", 2, [1, 0])
    assert mean.first[1] == 0 and mean.first[0] != 0
    assert _skips("SUM(s) + COUNTNA(x / y) + GEOMEAN(s)", env) == []
    assert np.array_equal(
        compile_formula("SUM(s, x / y)", SCOPE).evaluate(env, 2).data, np.array([7.0, 5.0])
    )


def test_a_unit_above_the_formulas_level_has_the_rolled_up_value_and_no_note(
    tmp_path: Path,
) -> None:
    """KOTA's own rpd divides by zero too, but its konsistensi is the mean of U1 (75) and U2
    (100), 87.5: only U1 is noted."""
    rule = RULESET.replace("levels: {opd: null}", "levels: {kota: null, opd: kota}").replace(
        'konsistensi: {formula: "AVERAGE((rpd - ABS(rpd - ra)) / rpd) * 100", assumption: t}',
        "konsistensi:\n    level: opd\n    rollup: mean\n    assumption: t\n"
        '    formula: "AVERAGE((rpd - ABS(rpd - ra)) / rpd) * 100"',
    )
    rule = rule.replace('  total: {formula: "SUM(ra / rpd)", assumption: t}\n', "")
    units = "unit,name,level,parent\nKOTA,Kota,kota,\nU1,Satu,opd,KOTA\nU2,Dua,opd,KOTA\n"
    data = "\n".join(DATA.format(zero="0").splitlines()[:3]) + "\nKOTA,2016,0,0,0,0,1,1,1,1\n"
    paths = [tmp_path / "r.yaml", tmp_path / "u.csv", tmp_path / "d.csv"]
    for path, text in zip(paths, (rule, units, data), strict=True):
        path.write_text(text, encoding="utf-8")
    rs, dataset = load_ruleset(paths[0]), read_data(paths[1:])
    result = score(rs, dataset, "2016")
    assert [(d.unit, d.name) for d in _notes(result)] == [("U1", "konsistensi")]
    ev = Evaluator(rs, bind(rs, dataset))
    assert ev.get("konsistensi", "tahunan").at(ev.bound.index["KOTA"]) == 87.5


def test_the_summary_counts_the_notes(tmp_path: Path) -> None:
    """The terminal and Markdown summary say how many N020 notes there are, as for N006."""
    files = [str(p) for p in _files(tmp_path)]
    done = CliRunner().invoke(cli.main, ["evaluate", *files, "--format", "md", "--quiet"])
    assert done.exit_code == 0, done.output
    assert (
        "2 values have aggregates that left out elements that arithmetic gave no value: see "
        in (done.stdout)
    )
    (tmp_path / "calm").mkdir()
    calm = [str(p) for p in _files(tmp_path / "calm", zero="5")]  # nothing divides by zero
    done = CliRunner().invoke(cli.main, ["evaluate", *calm, "--format", "md"])
    assert done.exit_code == 0 and "N020" not in done.stdout
