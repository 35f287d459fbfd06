"""`perkin explain` as an inspector reads it, in Indonesian and English: inputs with the cell they
were read from (CSV, XLSX, YAML), roll-ups with their divisor and the children apart that are N/A,
Rupiah amounts in full, a ranking with its ties and a predikat with its band table."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from openpyxl import Workbook, load_workbook

import cli
from tests.conftest import check_golden

ROOT = Path(__file__).resolve().parents[2]
SEM = "tests/engine/semantics"

# golden name → ruleset, data, unit, figure
Y24 = ("rulesets/2024", "examples/2024")
CASES = {
    "explain_2024_input_csv": (*Y24, "belanja_modal", "penyerapan_belanja"),
    "explain_2024_rupiah_rollup": (*Y24, "jakarta_pusat", "penyerapan_anggaran"),
    "explain_2024_weighted_rollup": (*Y24, "jakarta_pusat", "nilai_capaian_output"),
    "explain_2024_predikat": (*Y24, "jakarta_pusat", "kinerja_implementasi"),
    "explain_rollup_skipped": (SEM, f"{SEM}/data.yaml", "kota", "skor"),
    "explain_2022_tie_flagged": ("rulesets/2022", "examples/2022", "bekasi_timur", "peringkat"),
    "explain_2022_tie_separated": ("rulesets/2022", "examples/2022", "jatiasih", "peringkat"),
}  # fmt: skip


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # provenance shows data paths as typed, relative to here


def explain(lang: str, *args: str) -> Result:
    res = CliRunner().invoke(cli.main, ["--lang", lang, "explain", *args], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_explain_golden(case: str, lang: str) -> None:
    ruleset, data, unit, name = CASES[case]
    res = explain(lang, ruleset, data, "--unit", unit, "--indicator", name)
    check_golden(f"{case}.{lang}.txt", res.stdout)


def test_rupiah_in_full_in_both_languages() -> None:
    args = ("rulesets/2024", "examples/2024", "--unit", "jakarta_pusat")
    text_id = explain("id", *args, "--indicator", "penyerapan_anggaran").stdout
    text_en = explain("en", *args, "--indicator", "penyerapan_anggaran").stdout
    assert "anggaran_belanja = jumlah 2 belanja = Rp 779.977.900.621" in text_id
    assert "anggaran_belanja = sum of 2 belanja = Rp 779,977,900,621" in text_en
    assert "e+11" not in text_id + text_en


def test_rollup_lists_only_the_child_level() -> None:
    """jakarta_pusat has 20 units below it; only the 5 programs enter the weighted mean."""
    res = explain("en", "rulesets/2024", "examples/2024", "--unit", "jakarta_pusat",
                  "--indicator", "nilai_capaian_output")  # fmt: skip
    assert "capaian_indikator_output = weighted mean of 5 program = 104.0671835" in res.stdout
    assert "kec_" not in res.stdout and "belanja_" not in res.stdout


def test_rollup_says_which_children_were_skipped() -> None:
    res = explain("en", SEM, f"{SEM}/data.yaml", "--unit", "kota", "--indicator", "skor")
    lines = res.stdout.splitlines()
    at = lines.index("  2 kecamatan N/A, skipped by the roll-up:")
    assert lines[at - 3 : at] == [
        "skor.realisasi = mean of 2 kecamatan = 77.5",
        "  kec_a = 85",
        "  kec_b = 70",
    ]
    assert lines[at + 1].startswith("    kec_c = N/A (")


def test_tie_left_to_the_tim_penilai() -> None:
    res = explain("en", "rulesets/2022", "examples/2022", "--unit", "medan_satria",
                  "--indicator", "peringkat")  # fmt: skip
    assert "medan_satria: rank 6, award Harapan III" in res.stdout
    assert (
        "  medan_satria: tie survives every tie-breaker; for the Tim Penilai to decide"
        in res.stdout
    )
    assert "  same nilai_akhir as: bekasi_timur (6)" in res.stdout


def test_unknown_name_suggests_a_ranking() -> None:
    res = CliRunner().invoke(
        cli.main,
        ["--lang", "en", "explain", "rulesets/2022", "examples/2022", "--unit", "jatiasih",
         "--indicator", "peringkt"],
    )  # fmt: skip
    assert res.exit_code != 0
    assert "did you mean 'peringkat'?" in res.output


# provenance points at the real cell ------------------------------------------------------------

INPUT = re.compile(r"^\s*[\w.]+ = (?:Rp )?(?P<value>-?[\d.]+(?:,\d+)?)   \(data, \w+\)$")
FROM = re.compile(r"^\s*dari (?P<where>\S+)$")
CHILD = re.compile(
    r"^\s*\w+ = (?:Rp )?(?P<value>-?[\d.]+(?:,\d+)?)(?:, bobot \S+)?   \[(?P<where>\S+)\]$"
)


def office_number(text: str) -> float:
    """A number as offices write it in these files and in Indonesian explain output:
    '8.052.731.877', '88,24', '1.234,5', '88.24%' (a dot with two decimals is a decimal point)."""
    text = text.removeprefix("Rp ").removesuffix("%")
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        return float(text.replace(".", ""))
    return float(text)


def cell_text(where: str) -> object:
    """The content of the cell a provenance names: file:line:column or workbook!sheet!cell."""
    if "!" in where:
        book, sheet, cell = where.split("!")
        return load_workbook(book, data_only=True)[sheet][cell].value
    file, line, column = where.rsplit(":", 2)
    text = Path(file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    if file.endswith((".yaml", ".yml", ".json")):
        return text[int(column) - 1 :].split(",")[0].split("}")[0].strip().strip('"')
    delimiter = ";" if ";" in text else ","
    return next(csv.reader([text], delimiter=delimiter))[int(column) - 1]


def cited(text: str) -> list[tuple[float, str]]:
    """(value shown, cell cited) of every provenance in an Indonesian explanation: the 'dari'
    line under an input's line, or the [cell] after a roll-up child."""
    lines = text.splitlines()
    found: list[tuple[float, str]] = []
    for before, line in zip(["", *lines], lines, strict=False):
        if (where := FROM.match(line)) is not None:
            value = INPUT.match(before)
            assert value is not None, f"no input value above {line!r}"
            found.append((office_number(value["value"]), where["where"]))
        elif (child := CHILD.match(line)) is not None:
            found.append((office_number(child["value"]), child["where"]))
    return found


def xlsx_data(tmp: Path) -> str:
    """A workbook with two values of belanja_modal, with note and source, and the 2024 units."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "realisasi"
    ws.append(["unit", "period", "variable", "value", "note", "source"])
    ws.append(["belanja_modal", 2024, "anggaran", 8052731877, "Tabel 67", "SIPD"])
    ws.append(["belanja_modal", 2024, "realisasi_anggaran", 7601150815, "Tabel 67", "SIPD"])
    wb.save(tmp / "data.xlsx")
    return "data.xlsx"


def test_xlsx_provenance_golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    book = xlsx_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    for lang in ("id", "en"):
        res = explain(lang, str(ROOT / "rulesets/2024"), str(ROOT / "examples/2024/units.csv"),
                      book, "--unit", "belanja_modal",
                      "--indicator", "penyerapan_belanja")  # fmt: skip
        check_golden(f"explain_2024_input_xlsx.{lang}.txt", res.stdout.replace(str(ROOT), "ROOT"))


@pytest.mark.parametrize(
    "args",
    [
        (*Y24, "--unit", "belanja_modal", "--indicator", "penyerapan_belanja"),
        (*Y24, "--unit", "jakarta_pusat", "--indicator", "penyerapan_anggaran"),
        (*Y24, "--unit", "jakarta_pusat", "--indicator", "kinerja_implementasi"),
        (SEM, f"{SEM}/data.yaml", "--unit", "kota", "--indicator", "incremental"),
    ],
)  # fmt: skip
def test_each_provenance_points_at_its_cell(args: tuple[str, ...]) -> None:
    found = cited(explain("id", *args).stdout)
    assert found, "the explanation cites no cell"
    for value, where in found:
        assert office_number(str(cell_text(where))) == value, where


def test_xlsx_provenance_points_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = xlsx_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    res = explain("id", str(ROOT / "rulesets/2024"), str(ROOT / "examples/2024/units.csv"), book,
                  "--unit", "belanja_modal", "--indicator", "penyerapan_belanja")  # fmt: skip
    found = cited(res.stdout)
    assert [w for _, w in found] == ["data.xlsx!realisasi!D2", "data.xlsx!realisasi!D3"]
    for value, where in found:
        assert cell_text(where) == value, where
    assert "sumber: SIPD" in res.stdout and "catatan: Tabel 67" in res.stdout


def test_a_value_for_every_period_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """risiko is a level (combine: last): a value without a period is the same in every period,
    and the year agrees with its last triwulan. (For a summed input such as aduan_selesai the
    same cell is an error, D303: tests/hostile/test_periods.py.)"""
    data = (ROOT / SEM / "data.yaml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in data if "variable: risiko" not in line]
    assert len(kept) == len(data) - 4
    (tmp_path / "data.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (tmp_path / "semua.csv").write_text("unit,variable,value\nkota,risiko,90\n")
    monkeypatch.chdir(tmp_path)
    res = explain("en", str(ROOT / SEM), "data.yaml", "semua.csv",
                  "--unit", "kota", "--indicator", "cumulative")  # fmt: skip
    lines = res.stdout.splitlines()
    at = lines.index("  risiko = 90   (data, tahunan)")
    assert lines[at + 1] == (
        "    from semua.csv:2:3  (a value given for every period, used for tahunan)"
    )
    assert cell_text("semua.csv:2:3") == "90"


def _one_rule(
    tmp_path: Path, rs: dict[str, object], x: dict[str, float], w: dict[str, float]
) -> None:
    """The ruleset and data of tests/engine/test_one_rule.py, written to tmp_path."""
    from tests.engine.test_one_rule import UNITS

    values = [
        {"unit": unit, "period": f"TW{q}", "variable": name, "value": value}
        for name, given in (("x", x), ("w", w))
        for unit, value in given.items()
        for q in range(1, 5)
    ]
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(rs))
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({"units": UNITS, "values": values}))


def test_predikat_on_the_presented_value(tmp_path: Path) -> None:
    """76.6025 is presented 76.60, which falls in C [65; 76.60], not in B (76.60; 88.30]."""
    from tests.engine.test_one_rule import _ruleset

    _one_rule(tmp_path, _ruleset("rounded"), {"kel_1": 76.6025}, {})
    res = explain("en", str(tmp_path / "r.yaml"), str(tmp_path / "d.yaml"),
                  "--unit", "kel_1", "--indicator", "i")  # fmt: skip
    tail = res.stdout.splitlines()[-5:]
    assert tail == [
        "predikat (ikm) = C",
        "  source: assumption: t",
        "  banded: 76.6025 as presented, 2 decimals (half-up): 76.60",
        "    [65; 76.6]  C   ← 76.60",
        "    (76.6; 88.3]  B",
    ]


def test_rollup_with_a_missing_weight_says_it_made_the_result_na(tmp_path: Path) -> None:
    from tests.engine.test_one_rule import _ruleset

    rs = _ruleset("value", indicator={"rollup": {"method": "weighted_mean", "weight": "w"}})
    _one_rule(tmp_path, rs, {"kel_1": 40, "kel_2": 80}, {"kel_1": 1})
    res = explain("en", str(tmp_path / "r.yaml"), str(tmp_path / "d.yaml"),
                  "--unit", "kec", "--indicator", "i")  # fmt: skip
    assert "  kel_1 = 40, weight 1" in res.stdout
    assert "  kel_2 = 80, weight N/A (" in res.stdout
    assert "(its weight is N/A: this makes the result N/A)" in res.stdout
