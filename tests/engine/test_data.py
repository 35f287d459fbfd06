"""read_data on valid files: long, wide and units CSV, YAML, JSON, folders, and reparse."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.data.cells import CellError, Labelled, Missing, TextValue
from engine.data.csv_files import read_csv_sheet
from engine.data.read import Dataset, Record, read_data, reparse
from engine.periods import parse_period

VALID = Path(__file__).parent / "data_files" / "valid"


@pytest.fixture
def valid(monkeypatch: pytest.MonkeyPatch) -> Dataset:
    monkeypatch.chdir(VALID)
    return read_data([Path(".")])


def find(dataset: Dataset, unit: str, variable: str, period: str | None = None) -> list[Record]:
    wanted = parse_period(period) if period else None
    return [
        r
        for r in dataset.every_record()
        if r.unit == unit and r.variable == variable and r.period == wanted
    ]


def one(dataset: Dataset, unit: str, variable: str, period: str | None = None) -> Record:
    (record,) = find(dataset, unit, variable, period)
    return record


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_folder_reads_data_files_sorted_and_skips_readmes(valid: Dataset) -> None:
    assert valid.files == ("data.json", "data.yaml", "long.csv", "units.csv", "wide.csv")
    assert len(valid.every_record()) == 28


def test_long_csv(valid: Dataset) -> None:
    ikm = one(valid, "KEL01", "ikm", "2024-TW1")
    assert (ikm.value, ikm.raw, ikm.location.label()) == (86.75, "86,75", "long.csv:2:4")
    assert (ikm.note, ikm.source, ikm.item, ikm.native) == ("survei IKM", "e-SAKIP", None, False)
    rpd = find(valid, "KEL01", "rpd", "2024-TW1")
    assert [(r.item, r.value) for r in rpd] == [("1", 8797819537.0), ("2", 8797819537.0)]
    assert one(valid, "KEL01", "opini", "2024-TW1").value == Labelled("WTP", 3.0)
    assert one(valid, "KEL01", "ikm", "2024-TW2").value == Missing("na")
    assert one(valid, "KEL01", "capaian", "2024-TW3").value == 0.4
    assert one(valid, "KEL02", "ikm").value == Missing("dash")
    assert one(valid, "KEL02", "ikm").location.label() == "long.csv:10:4"  # a blank line 9


def test_wide_csv(valid: Dataset) -> None:
    assert one(valid, "KOTA", "ikm").value == 88.1
    rpd = find(valid, "KEC01", "rpd")
    assert [(r.item, r.value, r.location.label()) for r in rpd] == [
        ("1", 10.0, "wide.csv:3:6"),
        ("2", 20.0, "wide.csv:3:7"),
    ]
    assert one(valid, "KEC01", "ikm", "TW2").value == Missing("na")
    assert find(valid, "KOTA", "rpd") == []  # empty wide cells hold no value


def test_units_are_merged_across_files(valid: Dataset) -> None:
    units = {u.id: u for u in valid.units}
    assert sorted(units) == ["KEC01", "KEL01", "KEL02", "KEL03", "KEL04", "KOTA"]
    assert (units["KEC01"].name, units["KEC01"].level, units["KEC01"].parent) == (
        "Gambir",
        "kecamatan",
        "KOTA",
    )
    assert units["KOTA"].parent is None
    assert units["KEL03"].location.label() == "data.yaml:2:10"


def test_yaml_values_and_nested_data(valid: Dataset) -> None:
    ikm = one(valid, "KEL03", "ikm", "2024-TW1")
    assert (ikm.value, ikm.note, ikm.location.label()) == (86.75, "dari survei", "data.yaml:4:59")
    assert ikm.location.path == "values[0].value"
    assert one(valid, "KEL03", "penyerapan", "2024-S1").value == 0.955
    rpd = find(valid, "KEL03", "rpd", "2024-S1")
    assert [(r.item, r.raw, r.location.label()) for r in rpd] == [
        ("1", "1.000", "data.yaml:10:13"),
        ("2", "2.000", "data.yaml:10:20"),
        ("3", "3.000", "data.yaml:10:27"),
    ]
    survei = find(valid, "KEL03", "survei", "2024-S1")
    assert [(r.item, r.value) for r in survei] == [("U1", 3.25), ("U2", 3.5)]
    assert one(valid, "KEL03", "opini", "2024").value == Labelled("WTP", 3.0)
    assert one(valid, "KEL03", "catatan", "2024").value == Missing("blank")


def test_yaml_numbers_follow_indonesian_rules_on_reparse(valid: Dataset) -> None:
    (first, *_) = find(valid, "KEL03", "rpd", "2024-S1")
    assert (first.value, reparse(first, "currency")) == (1.0, 1000.0)


def test_json(valid: Dataset) -> None:
    ikm = one(valid, "KEL04", "ikm", "2024-TW1")
    assert (ikm.value, ikm.native, ikm.location.label()) == (87.5, True, "data.json:4:33")
    assert [r.value for r in find(valid, "KEL04", "rpd", "2024-TW1")] == [1.0, 2000.0]
    assert one(valid, "KEL04", "opini", "2024-TW1").value == Labelled("WDP", 2.0)


def test_reparse_with_the_declared_kind(valid: Dataset) -> None:
    anggaran = one(valid, "KEL02", "anggaran", "2024")
    assert anggaran.value == 1.234
    assert reparse(anggaran, "currency") == 1234.0
    with pytest.raises(CellError) as caught:  # a thousands dot or a decimal point: refused
        reparse(anggaran, "number")
    assert (caught.value.code, caught.value.location.label()) == ("D109", "long.csv:8:4")
    assert reparse(anggaran, "text") == TextValue("1.234")


def test_reparse_keeps_typed_numbers(valid: Dataset) -> None:
    ikm = one(valid, "KEL04", "ikm", "2024-TW1")
    assert reparse(ikm, "currency") == 87.5
    assert reparse(ikm, "text") == TextValue("87.5")
    json_text = one(valid, "KEL04", "anggaran", "2024-TW1")
    assert reparse(json_text, "count") == 1234.0  # a JSON string is text, read by kind


def test_reparse_error_is_located(valid: Dataset) -> None:
    opini = one(valid, "KEL01", "opini", "2024-TW1")
    assert reparse(opini, "number") == Labelled("WTP", 3.0)
    wtp = Record("KEL01", None, "opini", None, TextValue("WTP"), "WTP", opini.location, None)
    with pytest.raises(CellError) as caught:
        reparse(wtp, "number")
    assert caught.value.code == "D001"
    assert caught.value.location.label() == "long.csv:5:4"
    assert caught.value.message == "expected a number, got 'WTP' (unit 'KEL01', variable 'opini')"


def test_semicolon_bom_crlf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "unit;period;variable;value\r\nKEL01;2024-TW1;ikm;86,75\r\nKEL01;2024-TW2;ikm;1.234,5\r\n"
    )
    write(tmp_path, "data.csv", b"\xef\xbb\xbf" + text.encode())
    monkeypatch.chdir(tmp_path)
    dataset = read_data([Path("data.csv")])
    assert [(r.unit, r.value, r.location.label()) for r in dataset.every_record()] == [
        ("KEL01", 86.75, "data.csv:2:4"),
        ("KEL01", 1234.5, "data.csv:3:4"),
    ]


def test_tab_delimited_and_indonesian_headers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "Unit Kerja\tPeriode\tIndikator\tNilai\tKeterangan\nKEL01\tTW I\tikm\t86,75\tok\n"
    write(tmp_path, "data.tsv", text)
    monkeypatch.chdir(tmp_path)
    (record,) = read_data([Path("data.tsv")]).every_record()
    assert (record.unit, record.period, record.variable, record.value, record.note) == (
        "KEL01",
        parse_period("TW1"),
        "ikm",
        86.75,
        "ok",
    )


def test_sniffer_decides_when_the_header_uses_several_delimiters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = 'unit;"variable,name";value\nKEL01;a;1\nKEL02;b;2\n'
    write(tmp_path, "data.csv", text)
    monkeypatch.chdir(tmp_path)
    table = read_csv_sheet(Path("data.csv"), "data.csv")
    assert [cell.text for cell in table.header] == ["unit", "variable,name", "value"]


def test_cp1252_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        "data.csv",
        "unit,name,level,parent\nKEL01,Cempaka Putih Tim\xfcr,,\n".encode("cp1252"),
    )
    monkeypatch.chdir(tmp_path)
    (unit,) = read_data([Path("data.csv")]).units
    assert unit.name == "Cempaka Putih Timür"


def test_wide_rows_with_periods(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "unit,period,ikm,ikm@TW2\nKEL01,2024-TW1,80,\nKEL01,2024,,85\n"
    write(tmp_path, "wide.csv", text)
    monkeypatch.chdir(tmp_path)
    records = read_data([Path("wide.csv")]).every_record()
    assert [(r.period.label if r.period else None, r.value) for r in records] == [
        ("2024-TW1", 80.0),
        ("2024-TW2", 85.0),
    ]


def test_same_file_twice_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "data.csv", "unit,variable,value\nKEL01,ikm,1\n")
    monkeypatch.chdir(tmp_path)
    dataset = read_data([Path("data.csv"), Path("."), Path("./data.csv")])
    assert dataset.files == ("data.csv",) and len(dataset.every_record()) == 1


def test_units_only_yaml_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path, "units.yaml", "- {unit: KOTA}\n- {unit: KEC01, induk: KOTA, tingkat: kecamatan}\n"
    )
    monkeypatch.chdir(tmp_path)
    units = read_data([Path("units.yaml")]).units
    assert [(u.id, u.parent, u.level) for u in units] == [
        ("KOTA", None, None),
        ("KEC01", "KOTA", "kecamatan"),
    ]


def test_yaml_types_that_are_not_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "data.yaml", "data:\n  KEL01:\n    2024:\n      a: WTP\n      b: 2024-02-30\n")
    monkeypatch.chdir(tmp_path)
    records = read_data([Path("data.yaml")]).every_record()
    assert [r.value for r in records] == [TextValue("WTP"), TextValue("2024-02-30")]
