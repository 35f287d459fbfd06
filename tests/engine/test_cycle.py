"""The evaluation cycle (issue 16, item 4): the 2022 kecamatan assessment runs every two years
(004:106). A year off the cycle is refused where it enters (the ruleset's year R075, a data
period or --period D170); show, the report and its JSON say the cycle; diff notes it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cli import main
from dsl.errors import Location
from engine.ruleset.cycle import Cycle

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "2022" / "penilaian.yaml").read_text(encoding="utf-8")
BIENNIAL = Cycle(every=2, first=2022, source=None, assumption=None, location=Location())


def _run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, list(args))
    return out.exit_code, out.output


def _example_of(year: int, tmp_path: Path) -> Path:
    """The 2022 example data with every value dated `year`."""
    assert EXAMPLE.count('"2022":') == 12  # one block per kecamatan
    data = tmp_path / f"penilaian_{year}.yaml"
    data.write_text(EXAMPLE.replace('"2022":', f'"{year}":'), encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("year", "evaluated", "previous", "following"),
    [
        (2020, False, None, 2022),  # before the first evaluation
        (2022, True, None, 2024),
        (2023, False, 2022, 2024),
        (2024, True, 2022, 2026),
        (2027, False, 2026, 2028),
    ],
)
def test_the_evaluation_years_of_a_biennial_cycle(
    year: int, evaluated: bool, previous: int | None, following: int
) -> None:
    assert BIENNIAL.evaluates(year) is evaluated
    assert BIENNIAL.previous(year) == previous
    assert BIENNIAL.next(year) == following


def test_a_yearly_cycle_evaluates_every_year_from_the_first() -> None:
    yearly = Cycle(every=1, first=2020, source=None, assumption=None, location=Location())
    assert [yearly.evaluates(y) for y in (2019, 2020, 2021, 2030)] == [False, True, True, True]
    assert yearly.text() == "every year from 2020"


def test_show_prints_the_cycle_in_english_and_indonesian() -> None:
    code, output = _run("show", "rulesets/2022")
    assert code == 0, output
    first = output.splitlines()[0]
    expected = "(bekasi_sinergitas_kecamatan_2022, 2022, evaluated every 2 years from 2022)"
    assert first.endswith(expected)
    code, output = _run("show", "rulesets/2022", "--sources")
    assert output.splitlines()[0].endswith("every 2 years from 2022 (004:106, 004:9-15))")
    code, output = _run("--lang", "id", "show", "rulesets/2022")
    assert code == 0, output
    assert output.splitlines()[0].endswith("2022, dinilai setiap 2 tahun sejak 2022)")


def test_the_report_and_its_json_carry_the_cycle() -> None:
    code, output = _run("evaluate", "rulesets/2022", "examples/2022")
    assert code == 0, output
    assert "Period: 2022, evaluated every 2 years from 2022" in output.splitlines()[2]
    code, output = _run("evaluate", "rulesets/2022", "examples/2022", "--format", "json")
    assert code == 0, output
    document = json.loads(output[output.index("{") : output.rindex("}") + 1])
    assert document["provenance"]["cycle"] == {"every": 2, "first": 2022}
    schema = json.loads((ROOT / "schemas" / "result.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)


def test_a_ruleset_without_a_cycle_says_nothing_of_one() -> None:
    code, output = _run("evaluate", "rulesets/2020", "examples/2020", "--format", "json")
    assert code == 0, output
    document = json.loads(output[output.index("{") : output.rindex("}") + 1])
    assert "cycle" not in document["provenance"]


def test_data_of_an_off_cycle_year_is_refused_at_its_cell(tmp_path: Path) -> None:
    data = _example_of(2023, tmp_path)
    for command in (("validate", "--ruleset"), ("evaluate",)):
        code, output = _run(*command, "rulesets/2022", str(data))
        assert code == 1, output
        assert (
            f"{data}:22:32: error[D170]: 2023 is not an evaluation year: the ruleset is "
            "evaluated every 2 years from 2022"
        ) in output
        assert "hint: score the data of an evaluation year (2022 or 2024)" in output
        assert "Traceback" not in output


def test_data_of_the_next_evaluation_year_is_outside_the_ruleset_year(tmp_path: Path) -> None:
    # 2024 is on the cycle, so it is not D170; the 2022 decree still does not score it
    code, output = _run("evaluate", "rulesets/2022", str(_example_of(2024, tmp_path)))
    assert code == 1, output
    assert "error[D105]: period 2024 is outside the ruleset year 2022" in output
    assert "D170" not in output


def test_an_off_cycle_period_is_refused_in_indonesian() -> None:
    args = ("evaluate", "rulesets/2022", "examples/2022", "--period", "2023")
    code, output = _run("--lang", "id", *args)
    assert code == 1, output
    assert "--period: galat[D170]: 2023 bukan tahun penilaian" in output
    assert "(2022 atau 2024)" in output


NO_YEAR = """\
id: biennial_standard
levels: {kota: null}
cycle: {every: 2, first: 2018, source: "004:106"}
inputs:
  nilai: {kind: number, level: kota, period: tahunan, source: "004:118"}
indicators:
  nilai_akhir: {name: Nilai akhir, level: kota, realisasi: nilai, source: "004:118"}
"""


def test_a_ruleset_of_no_year_scores_only_the_years_of_its_cycle(tmp_path: Path) -> None:
    # no `year`, so nothing but the cycle stands between off-cycle data and a report
    ruleset = tmp_path / "standard.yaml"
    ruleset.write_text(NO_YEAR, encoding="utf-8")
    for year, expected in ((2020, 0), (2021, 1)):
        data = tmp_path / f"nilai_{year}.yaml"
        units = "units:\n  - {id: kota, name: Kota, level: kota}\n"
        data.write_text(f'{units}data:\n  kota:\n    "{year}":\n      nilai: 80\n', "utf-8")
        code, output = _run("evaluate", str(ruleset), str(data))
        assert code == expected, output
    assert f"{data}:6:" in output and "error[D170]: 2021 is not an evaluation year" in output
    assert "(2020 or 2022)" in output


def test_diff_reports_a_changed_cycle_and_notes_off_cycle_data(tmp_path: Path) -> None:
    text = (ROOT / "rulesets" / "2022" / "ruleset.yaml").read_text(encoding="utf-8")
    assert "  every: 2\n" in text
    yearly = tmp_path / "yearly.yaml"
    yearly.write_text(text.replace("  every: 2\n", "  every: 1\n"), encoding="utf-8")
    code, output = _run("diff", "rulesets/2022", str(yearly))
    assert code == 0, output
    assert "~ ruleset: cycle every 2 years from 2022 → every year from 2022" in output
    data = _example_of(2023, tmp_path)
    code, output = _run("diff", "rulesets/2022", str(yearly), "--data", str(data))
    assert code == 0, output
    assert (
        "note: 2023 is not an evaluation year of the old ruleset "
        "bekasi_sinergitas_kecamatan_2022 (every 2 years from 2022)"
    ) in output
    assert "evaluation year of the new ruleset" not in output


def test_the_workbook_summary_states_the_cycle(tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "penilaian.xlsx"
    code, output = _run("evaluate", "rulesets/2022", "examples/2022", "-o", str(out))
    assert code == 0, output
    sheet = openpyxl.load_workbook(out).worksheets[0]
    facts = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert facts["Period"] == "2022, evaluated every 2 years from 2022"


def test_a_ruleset_extending_2022_for_an_off_year_is_refused_at_its_own_year(
    tmp_path: Path,
) -> None:
    rulesets = tmp_path / "rulesets"
    (rulesets / "2022").mkdir(parents=True)
    for name in ("ruleset.yaml", "README.md"):
        (rulesets / "2022" / name).write_bytes((ROOT / "rulesets" / "2022" / name).read_bytes())
    child = rulesets / "bekasi_2023" / "ruleset.yaml"
    child.parent.mkdir()
    child.write_text("extends: ../2022/ruleset.yaml\nid: bekasi_2023\nyear: 2023\n", "utf-8")
    code, output = _run("validate", str(child))
    assert code == 1, output
    assert f"{child}:3:7: error[R075]: year 2023 is not an evaluation year of the cycle" in output
    child.write_text(child.read_text("utf-8").replace("2023", "2024"), "utf-8")
    code, output = _run("validate", str(child))
    assert code == 0, output
