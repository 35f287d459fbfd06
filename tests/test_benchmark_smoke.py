"""The benchmark's smoke mode: a tiny national-shaped dataset, every contender, numbers compared.

It checks correctness only (the contenders agree); timings at this size mean nothing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from benchmarks.common import first_difference

ROOT = Path(__file__).parent.parent
ENGINES = [("zen-engine", "zen"), ("cel-python", "celpy")]  # skipped by the benchmark if missing
FRAMES = [("polars", "polars"), ("duckdb", "duckdb"), ("pandas", "pandas")]  # the same
FRAMES += [("polars-report", "polars")]  # perkin's whole CSV report, checked byte for byte


def test_benchmark_smoke_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "national.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    expected = ["numpy by hand", "perkin, columnar", "explaining", "| perkin | csv |"]
    expected += [
        f"{name} row by row" for name, module in ENGINES if importlib.util.find_spec(module)
    ]
    for name, module in FRAMES:
        if importlib.util.find_spec(module):
            expected += [f"| {name} | compute |", f"| {name} | csv |"]
            assert f"smoke: {name} equals perkin" in done.stderr, done.stderr
        else:
            assert f"skipping {name}" in done.stderr, done.stderr
    for contender in expected:
        assert contender in done.stdout, done.stdout


def test_the_check_names_the_first_differing_cell() -> None:
    ids = ["32.73", "32.73.05", "32.73.06"]
    perkin = {
        "capaian/pbb/TW1": np.array([np.nan, 97.5, 100.0]),
        "score/nilai_lurah/tahunan": np.array([np.nan, 91.25, 88.0]),
    }
    same = {name: values.copy() for name, values in perkin.items()}
    assert first_difference(perkin, same, sorted(perkin), ids) is None
    off = {name: values.copy() for name, values in perkin.items()}
    off["score/nilai_lurah/tahunan"][2] = 88.001
    off["score/nilai_lurah/tahunan"][1] = 91.25 + 1e-12  # within the tolerance
    assert first_difference(perkin, off, sorted(perkin), ids) == (
        "score/nilai_lurah/tahunan, unit 32.73.06: expected 88.0, got 88.001"
    )
    na = {name: values.copy() for name, values in perkin.items()}
    na["capaian/pbb/TW1"][0] = 0.0
    assert first_difference(perkin, na, sorted(perkin), ids) == (
        "capaian/pbb/TW1, unit 32.73: expected nan, got 0.0"
    )
    assert first_difference(perkin, {}, sorted(perkin), ids) == "capaian/pbb/TW1: missing"


def test_a_contender_that_differs_stops_the_benchmark_before_timing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks import scaling

    (tmp_path / "units.csv").write_text(
        "unit,name,level,parent\n31,DKI,provinsi,\n32,Jabar,provinsi,\n"
    )
    figures = {"perkin": {"rank/kota": np.array([1.0, 2.0])}}
    figures["polars"] = {"rank/kota": np.array([1.0, 2.0])}
    figures["pandas"] = {"rank/kota": np.array([1.0, 1.0])}
    monkeypatch.setattr(scaling, "_figures", lambda name, _folder, _scratch: figures[name])
    timed: list[object] = []
    monkeypatch.setattr(scaling, "_timed", lambda *args: timed.append(args))
    with pytest.raises(scaling.Mismatch) as raised:
        scaling.measure([scaling.Size("1 %", 1, tmp_path)], ["perkin", "polars", "pandas"], 1, 1)
    assert str(raised.value) == (
        "pandas differs from perkin at 1 %: rank/kota, unit 32: expected 2.0, got 1.0"
    )
    assert timed == []


HEADER = "jenis,unit,name,period,part,value,rounded,decimals,na,na_kind,predikat\n"
# polars-report is polars code: its tests need the bench extra (the README's set-up has only test)
NEEDS_POLARS = pytest.mark.skipif(importlib.util.find_spec("polars") is None, reason="bench extra")


@NEEDS_POLARS
def test_the_report_check_names_the_first_differing_cell(tmp_path: Path) -> None:
    from benchmarks.frame_polars_report import first_difference as report_difference

    perkin = tmp_path / "perkin.csv"
    perkin.write_text(
        HEADER
        + "indikator,32.73,pbb,TW1,target,14.0,14,0,,,Tinggi\n"
        + "indikator,32.73,pbb,TW1,capaian,,,2,target is zero,arithmetic,\n"
    )
    same = tmp_path / "same.csv"
    same.write_bytes(perkin.read_bytes())
    assert report_difference(perkin, same) is None
    off = tmp_path / "off.csv"
    off.write_text(perkin.read_text().replace("arithmetic", "no_data"))
    assert report_difference(perkin, off) == (
        "row 3 (indikator, 32.73, pbb, TW1, capaian), na_kind: expected 'arithmetic', got 'no_data'"
    )
    short = tmp_path / "short.csv"
    short.write_text(
        perkin.read_text().splitlines(keepends=True)[0] + "indikator,32.73,pbb,"
        "TW1,target,14.0,14,0,,,Tinggi\n"
    )
    assert report_difference(perkin, short) == "rows: expected 2, got 1"
    crlf = tmp_path / "crlf.csv"
    crlf.write_bytes(perkin.read_bytes().replace(b"\n", b"\r\n"))
    assert report_difference(perkin, crlf) == "the same cells in other bytes (quoting or line ends)"


@NEEDS_POLARS
def test_a_report_that_differs_stops_the_benchmark_before_timing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks import scaling

    (tmp_path / "units.csv").write_text("unit,name,level,parent\n31,DKI,provinsi,\n")
    reports = {"perkin": HEADER + "nilai,31,x,TW1,nilai,1.0,1.00,2,,,\n"}
    reports["polars-report"] = HEADER + "nilai,31,x,TW1,nilai,1.0,1.00,2,,,Tinggi\n"

    def spawn(words: list[str]) -> dict[str, object]:
        if "--figures" in words:
            np.savez(words[-1], **{"rank:kota": np.array([1.0])})
        else:
            Path(words[-1]).write_text(reports[words[0]])
        return {}

    monkeypatch.setattr(scaling, "_spawn", spawn)
    timed: list[object] = []
    monkeypatch.setattr(scaling, "_timed", lambda *args: timed.append(args))
    with pytest.raises(scaling.Mismatch) as raised:
        scaling.measure([scaling.Size("1 %", 1, tmp_path)], ["perkin", "polars-report"], 1, 1)
    assert str(raised.value) == (
        "polars-report differs from perkin's CSV report at 1 %: row 2 (nilai, 31, x, TW1, "
        "nilai), predikat: expected '', got 'Tinggi'"
    )
    assert timed == []


@NEEDS_POLARS
def test_polars_report_writes_perkins_report_in_indonesian(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The smoke mode compares the English report; this one the default language's."""
    from click.testing import CliRunner

    from benchmarks import frame_polars_report, generate
    from benchmarks.common import DataFiles
    from benchmarks.plan import load, plan_of
    from benchmarks.timed import RULESET
    from cli import main

    generate.generate(tmp_path, generate.SMOKE, 2016)
    files = DataFiles.at(tmp_path)
    words = ["--lang", "id", "evaluate", str(RULESET), *map(str, files.all())]
    done = CliRunner().invoke(main, [*words, "--format", "csv", "-o", str(tmp_path / "p.csv")])
    assert done.exit_code == 0, done.output
    monkeypatch.setenv("PERKIN_LANG", "id")
    rs = load()
    layout = frame_polars_report.layout_of(rs)
    frame_polars_report.run(files, plan_of(rs), "csv", tmp_path / "r.csv", layout)
    text = (tmp_path / "r.csv").read_text()
    assert "tidak ada data untuk" in text  # the smoke data have gaps: reasons in Indonesian
    assert frame_polars_report.first_difference(tmp_path / "p.csv", tmp_path / "r.csv") is None
