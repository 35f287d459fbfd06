"""Earlier years in formulas: PREV, HISTORY, GROWTH and TREND read a history file or the results
store, a missing year is N/A with its reason, conflicting sources are refused, and explain says
where each value came from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import cli
from dsl.errors import PerkinError, PerkinErrors
from engine.api import evaluate, explain, load
from engine.history.store import save
from engine.scoring.result import Result

TEMPLATE = """\
perkin: 1
id: {id}
title: History test {year}
year: {year}
levels: {{kota: null, kecamatan: kota}}
cadence: tahunan
rounding: {{decimals: 2, mode: half_up}}
{history}
inputs:
  ikm: {{kind: number, level: kecamatan, assumption: test}}
indicators:
  layanan:
    name: Layanan
    level: kecamatan
    realisasi: ikm
    target: {{tahunan: 80, assumption: test}}
    assumption: test
figures:
  ikm_lalu:
    level: kecamatan
    formula: PREV(ikm)
    assumption: test
  capaian_lalu:
    level: kecamatan
    formula: PREV(layanan.capaian)
    assumption: test
  ikm_2022:
    level: kecamatan
    formula: HISTORY(ikm, 2022)
    assumption: test
  tumbuh:
    level: kecamatan
    formula: GROWTH(ikm)
    assumption: test
  arah:
    level: kecamatan
    formula: TREND(ikm, 3)
    assumption: test
"""
UNITS = "unit,level,parent,period,ikm\nkota,kota,,{year},\ngambir,kecamatan,kota,{year},{a}\n"
UNITS += "tanah_abang,kecamatan,kota,{year},{b}\n"


def _ruleset(folder: Path, year: int, history: str = "", rid: str | None = None) -> Path:
    path = folder / f"ruleset_{year}.yaml"
    text = TEMPLATE.format(id=rid or f"pk_{year}", year=year, history=history)
    path.write_text(text, encoding="utf-8")
    return path


def _data(folder: Path, year: int, a: str, b: str) -> Path:
    data = folder / f"data_{year}"
    data.mkdir(exist_ok=True)
    (data / "ikm.csv").write_text(UNITS.format(year=year, a=a, b=b), encoding="utf-8")
    return data


def _figures(result: Result, unit: str) -> dict[str, float | str]:
    return {
        v.name: v.value.value if v.value.value is not None else f"N/A: {v.value.reason}"
        for v in result.figures
        if v.unit == unit
    }


def _history_file(folder: Path, rows: str) -> Path:
    path = folder / "riwayat.csv"
    path.write_text("unit;period;name;value;keterangan\n" + rows, encoding="utf-8")
    return path


def test_prev_and_history_read_a_history_file(tmp_path: Path) -> None:
    rows = "gambir;2023;ikm;80;LKIP 2023 p. 4\ngambir;2022;ikm;75;LKIP 2022\n"
    rows += "gambir;2023;layanan.capaian;95,5;LKIP 2023\ngambir;2021;ikm;70;LKIP 2021\n"
    history = _history_file(tmp_path, rows)
    rs = _ruleset(tmp_path, 2024)
    data = [_data(tmp_path, 2024, "88", "90")]
    _rs, result, _found = evaluate(rs, data, None, (), False, [history])
    got = _figures(result, "gambir")
    assert got["ikm_lalu"] == 80.0
    assert got["capaian_lalu"] == 95.5  # an indicator part, decimal comma as offices write it
    assert got["ikm_2022"] == 75.0
    assert got["tumbuh"] == pytest.approx(10.0)  # (88 - 80) / 80 × 100
    assert got["arah"] == pytest.approx(6.5)  # slope through 75, 80, 88: (88 - 75) / 2


def test_a_missing_year_is_na_with_its_reason_never_zero(tmp_path: Path) -> None:
    history = _history_file(tmp_path, "gambir;2023;ikm;80;LKIP 2023\n")
    rs = _ruleset(tmp_path, 2024)
    _rs, result, _ = evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False, [history])
    other = _figures(result, "tanah_abang")
    assert other["ikm_lalu"] == "N/A: no 2023 result of ikm for tanah_abang"
    assert other["tumbuh"] == "N/A: no 2023 result of ikm for tanah_abang"
    assert _figures(result, "gambir")["arah"] == "N/A: no 2022 result of ikm for gambir"


def test_without_any_history_the_reason_says_so(tmp_path: Path) -> None:
    rs = _ruleset(tmp_path, 2024)
    _rs, result, _ = evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False)
    reason = _figures(result, "gambir")["ikm_lalu"]
    assert reason == "N/A: no 2023 result of ikm for gambir: no history was given"


def test_a_declared_history_file_is_found_in_the_data_folder(tmp_path: Path) -> None:
    data = _data(tmp_path, 2024, "88", "90")
    (data / "riwayat").mkdir()
    (data / "riwayat" / "lalu.csv").write_text(
        "unit;period;name;value\ngambir;2023;ikm;80\ntanah_abang;2023;ikm;N/A\n", "utf-8"
    )
    rs = _ruleset(tmp_path, 2024, "history: {file: riwayat/lalu.csv}")
    _rs, result, _ = evaluate(rs, [data], None, (), False)
    assert _figures(result, "gambir")["ikm_lalu"] == 80.0
    assert _figures(result, "tanah_abang")["ikm_lalu"] == (
        "N/A: ikm of tanah_abang was N/A in 2023 (published as N/A)"
    )
    (tmp_path / "elsewhere").mkdir()
    elsewhere = _data(tmp_path / "elsewhere", 2024, "88", "90")
    _rs, result, _ = evaluate(rs, [elsewhere], None, (), False)
    assert _figures(result, "gambir")["ikm_lalu"] == (
        "N/A: no 2023 result of ikm for gambir (riwayat/lalu.csv not found)"
    )


def _saved_store(tmp_path: Path) -> Path:
    """A store holding the 2023 ruleset scored on 2023 data."""
    store = tmp_path / "perkin.db"
    rs23 = _ruleset(tmp_path, 2023)
    _rs, result, _ = evaluate(rs23, [_data(tmp_path, 2023, "80", "70")], None, (), False)
    assert save(store, result) == "saved"
    return store


def test_prev_reads_the_results_store(tmp_path: Path) -> None:
    store = _saved_store(tmp_path)
    rs = _ruleset(tmp_path, 2024, f"history: {{store: {store}}}")
    _rs, result, _ = evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False)
    assert _figures(result, "gambir")["ikm_lalu"] == "N/A: no 2023 result of ikm for gambir"
    # the store holds indicator parts, figures and scores (inputs are not stored)
    assert _figures(result, "gambir")["capaian_lalu"] == 100.0  # 80 / 80 × 100
    assert _figures(result, "tanah_abang")["capaian_lalu"] == 87.5  # 70 / 80 × 100


def test_explain_says_where_each_earlier_value_came_from(tmp_path: Path) -> None:
    store = _saved_store(tmp_path)
    history = _history_file(tmp_path, "gambir;2023;ikm;80;LKIP 2023 hlm. 4\n")
    rs = _ruleset(tmp_path, 2024)
    data = [_data(tmp_path, 2024, "88", "90")]
    text = explain(rs, data, "gambir", "capaian_lalu", None, [store])
    loaded = load(rs)
    assert loaded.year == 2024
    line = next(x for x in text.splitlines() if "layanan.capaian in 2023 = 100" in x)
    sha = load(_ruleset(tmp_path, 2023)).content_hash[:12]
    assert f"perkin.db: pk_2023 2023 (ruleset sha256 {sha}…, saved 20" in line
    text = explain(rs, data, "gambir", "tumbuh", None, [history])
    assert "ikm in 2023 = 80   [from " in text and "riwayat.csv:2:4 (LKIP 2023 hlm. 4)" in text
    assert "!!" not in text  # the explaining path agrees with the columnar one


def test_two_runs_of_one_year_that_disagree_are_refused(tmp_path: Path) -> None:
    store = _saved_store(tmp_path)
    other = _ruleset(tmp_path, 2023, rid="pk_2023_revisi")
    _rs, result, _ = evaluate(other, [_data(tmp_path, 2023, "81", "70")], None, (), False)
    save(store, result)
    rs = _ruleset(tmp_path, 2024)
    with pytest.raises(PerkinErrors) as err:
        evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False, [store])
    first, second = err.value.errors  # realisasi 81 against 80, then capaian 101.25 against 100
    assert first.code == "D180" and first.location.file == str(store)
    assert first.message.startswith("layanan.realisasi of gambir in 2023 is 81 here but 80 in ")
    assert f"{store}: pk_2023 2023 (ruleset sha256 " in first.message
    assert second.message.startswith("layanan.capaian of gambir in 2023 is 101.25 here but 100 ")


def test_a_file_and_a_store_that_disagree_are_refused_at_the_cell(tmp_path: Path) -> None:
    store = _saved_store(tmp_path)
    history = _history_file(tmp_path, "gambir;2023;layanan.capaian;99;LKIP 2023\n")
    rs = _ruleset(tmp_path, 2024)
    with pytest.raises(PerkinErrors) as err:
        evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False, [store, history])
    [only] = err.value.errors
    assert only.code == "D180"
    assert (only.location.file, only.location.line, only.location.column) == (str(history), 2, 4)


def test_a_history_file_naming_an_unknown_figure_is_refused(tmp_path: Path) -> None:
    history = _history_file(tmp_path, "gambir;2023;layanan.realisai;80;x\ngambir;23;ikm;1;x\n")
    rs = _ruleset(tmp_path, 2024)
    with pytest.raises(PerkinErrors) as err:
        evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False, [history])
    first, second = err.value.errors
    assert first.code == "D181" and first.hint == "did you mean 'layanan.realisasi'?"
    assert (first.location.line, first.location.column) == (2, 3)
    assert second.code == "D181" and second.location.line == 3


def test_prev_of_an_unknown_name_is_a_located_error_at_load(tmp_path: Path) -> None:
    path = _ruleset(tmp_path, 2024)
    path.write_text(path.read_text("utf-8").replace("PREV(ikm)", "PREV(ikmm)"), "utf-8")
    with pytest.raises(PerkinErrors) as err:
        load(path)
    [error] = err.value.errors
    assert error.code == "F002" and error.hint == "did you mean 'ikm'?"
    assert (error.location.file, error.location.line, error.location.column) == (str(path), 21, 19)


def test_a_formula_may_read_its_own_earlier_years(tmp_path: Path) -> None:
    """PREV reads last year's value, not this year's: a figure that carries its own value forward
    (`target: PREV(target) * 1.05` in a Renstra) is no cycle. With no history given, it is N/A
    with the reason, never zero."""
    path = _ruleset(tmp_path, 2024)
    path.write_text(path.read_text("utf-8").replace("PREV(ikm)", "PREV(ikm_lalu)"), "utf-8")
    rs = load(path)
    assert "ikm_lalu" not in rs.figures["ikm_lalu"].formula.program.names  # type: ignore[union-attr]
    _loaded, result, _diag = evaluate(path, [_data(tmp_path, 2024, "85", "90")], None, (), False)
    value = _figures(result, "gambir")["ikm_lalu"]
    assert isinstance(value, str) and value.startswith("N/A: ")


def test_growth_still_reads_this_year(tmp_path: Path) -> None:
    """GROWTH and TREND read the name of this year too: in its own formula that is a cycle."""
    path = _ruleset(tmp_path, 2024)
    path.write_text(path.read_text("utf-8").replace("GROWTH(ikm)", "GROWTH(tumbuh)"), "utf-8")
    with pytest.raises(PerkinError) as err:
        load(path)
    assert "cycle" in str(err.value)


def test_the_cli_takes_history_files_and_stores(tmp_path: Path) -> None:
    store = _saved_store(tmp_path)
    rs = _ruleset(tmp_path, 2024)
    data = str(_data(tmp_path, 2024, "88", "90"))
    run = CliRunner().invoke(
        cli.main, ["evaluate", str(rs), data, "--history", str(store), "--format", "csv"]
    )
    assert run.exit_code == 0, run.output
    line = next(x for x in run.stdout.splitlines() if ",gambir,capaian_lalu," in x)
    assert ",tahunan," in line and ",100.0,100.00," in line
    missing = CliRunner().invoke(cli.main, ["evaluate", str(rs), data, "--history", "no.db"])
    assert missing.exit_code != 0 and "error[D181]: no history file or results store at no.db" in (
        missing.stderr
    )


def test_a_store_of_a_newer_perkin_is_not_read(tmp_path: Path) -> None:
    store = _saved_store(tmp_path)
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA user_version = 99")
    rs = _ruleset(tmp_path, 2024)
    with pytest.raises(PerkinErrors) as err:
        evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False, [store])
    assert err.value.errors[0].code == "D182"


def test_the_reasons_and_explain_speak_indonesian(tmp_path: Path) -> None:
    history = _history_file(tmp_path, "gambir;2023;ikm;80;LKIP 2023\n")
    rs, data = str(_ruleset(tmp_path, 2024)), str(_data(tmp_path, 2024, "88", "90"))
    run = CliRunner().invoke(cli.main, ["--lang", "id", "evaluate", rs, data, "--format", "csv"])
    assert run.exit_code == 0, run.output
    assert "tidak ada hasil 2023 untuk ikm unit gambir: tidak ada riwayat yang diberikan" in (
        run.stdout
    )
    args = ["--lang", "id", "explain", rs, data, "--unit", "gambir", "--indicator", "tumbuh"]
    run = CliRunner().invoke(cli.main, [*args, "--history", str(history)])
    assert run.exit_code == 0, run.output
    assert "(1 tahun sebelumnya)" in run.stdout
    assert "ikm tahun 2023 = 80   [dari " in run.stdout


def test_the_comparisons_and_the_target_check_read_the_results_store(tmp_path: Path) -> None:
    """The store is a source of earlier years like a history file: the 2023 realisasi saved
    there (gambir 85, tanah_abang 70) are the earlier years of the comparisons, and gambir's
    target 80 is below its previous realisasi 85, the warning naming the saved run."""
    store = tmp_path / "perkin.db"
    _rs, saved, _ = evaluate(
        _ruleset(tmp_path, 2023), [_data(tmp_path, 2023, "85", "70")], None, (), False
    )
    assert save(store, saved) == "saved"
    check = (
        f"history: {{store: {store}}}\ntarget_check:\n  rule: at_least_previous_realisasi\n"
        '  source: "003:3339"\n  previous:\n    layanan: {source: "003:1"}'
    )
    rs = _ruleset(tmp_path, 2024, check)
    _rs, result, _ = evaluate(rs, [_data(tmp_path, 2024, "88", "90")], None, (), False)
    earlier = [(r.unit, r.name, r.period, r.value.value) for r in result.earlier]
    assert earlier == [
        ("gambir", "layanan", "2023", 85.0),
        ("tanah_abang", "layanan", "2023", 70.0),
    ]
    (warning,) = [d for d in result.diagnostics if d.code == "N003"]
    sha = load(_ruleset(tmp_path, 2023)).content_hash[:12]
    assert warning.unit == "gambir"
    assert warning.message.startswith(
        f"target 80.00 is below the previous realisasi 85.00 ({store}: pk_2023 2023 (ruleset "
        f"sha256 {sha}…, saved 20"
    )
    assert not [d for d in result.diagnostics if d.code == "N004"]
