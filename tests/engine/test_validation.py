"""Validation status as data (issue 16 item 2): a ruleset's `validation:` chain, the validated_by
and validated_on columns of data rows, unvalidated values excluded or flagged, the state per unit
in the result and its views, and every problem a located error.

The ruleset below has kelurahan validated by the camat and kecamatan by the walikota, monthly;
each case writes its own data rows. Expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

import cli
from dsl.errors import PerkinErrors
from engine.data.binding import bind
from engine.data.read import read_data
from engine.data.validation import parse_date
from engine.data.validation_check import deadline, period_end
from engine.ruleset.loader import load_ruleset
from engine.scoring.score import score

ROOT = Path(__file__).parent.parent.parent

RULESET = """\
perkin: 1
id: validated
title: Validated
year: 2016
levels: {{kota: null, kecamatan: kota, kelurahan: kecamatan}}
cadence: triwulan
roles:
  walikota: {{title: Walikota, assumption: test}}
  camat: {{title: Camat, parent: walikota, assumption: test}}
validation:
  unvalidated: {policy}
  inputs: [aduan]
  validators:
    camat: {{validates: kelurahan, cadence: bulan, source: "000:105"}}
    walikota: {{validates: kecamatan, cadence: bulan, source: "000:57"}}
inputs:
  aduan: {{kind: count, level: [kecamatan, kelurahan], period: bulan, combine: sum, assumption: t}}
  aduan_target: {{kind: count, level: [kecamatan, kelurahan], period: triwulan, assumption: t}}
indicators:
  aduan:
    name: Aduan selesai
    level: kelurahan
    realisasi: aduan
    target: {{formula: aduan_target, assumption: test}}
    assumption: test
  aduan_kec:
    name: Aduan selesai kecamatan
    level: kecamatan
    realisasi: aduan
    target: {{formula: aduan_target, assumption: test}}
    assumption: test
"""

UNITS = """\
unit,name,level,parent
KOTA,Kota,kota,
KEC1,Kecamatan Satu,kecamatan,KOTA
KEL1,Kelurahan Satu,kelurahan,KEC1
KEL2,Kelurahan Dua,kelurahan,KEC1
"""

HEADER = "unit,period,aduan,divalidasi_oleh,tanggal_validasi\n"

# KEL1 validated every month; KEL2 has February not yet validated; KEC1 validated by the
# walikota, March late (deadline for March is 30 April).
DATA = (
    HEADER
    + "KEL1,2016-01,3,camat,2016-02-05\n"
    + "KEL1,2016-02,4,camat,05/03/2016\n"
    + "KEL1,2016-03,5,camat,2016-04-05\n"
    + "KEL2,2016-01,2,camat,2016-02-05\n"
    + "KEL2,2016-02,6,,\n"
    + "KEL2,2016-03,1,camat,2016-04-05\n"
    + "KEC1,2016-01,7,walikota,2016-02-10\n"
    + "KEC1,2016-02,7,walikota,2016-03-10\n"
    + "KEC1,2016-03,7,walikota,2016-05-02\n"
)

TARGETS = "unit,period,aduan_target\nKEL1,2016-TW1,10\nKEL2,2016-TW1,10\nKEC1,2016-TW1,20\n"


def folder(tmp_path: Path, data: str, policy: str = "exclude", ruleset: str = RULESET) -> Path:
    """A ruleset, units, targets and realisation data in tmp_path."""
    (tmp_path / "ruleset.yaml").write_text(ruleset.format(policy=policy), "utf-8")
    (tmp_path / "units.csv").write_text(UNITS, "utf-8")
    (tmp_path / "target.csv").write_text(TARGETS, "utf-8")
    (tmp_path / "data.csv").write_text(data, "utf-8")
    return tmp_path


def files(where: Path) -> list[Path]:
    return [where / "units.csv", where / "target.csv", where / "data.csv"]


def evaluate(where: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli.main,
        ["evaluate", str(where / "ruleset.yaml"), *map(str, files(where)), *extra],
    )
    return result.exit_code, result.stdout, result.stderr


def errors_of(where: Path) -> list[str]:
    """The rendered errors of binding the data, without the source excerpt."""
    with pytest.raises(PerkinErrors) as caught:
        bind(load_ruleset(where / "ruleset.yaml"), read_data(files(where), to_bind=True))
    return [e.render().splitlines()[0] for e in caught.value.errors]


def tw1(where: Path, unit: str) -> dict[str, object]:
    """The JSON indicator row of aduan for a unit in TW1."""
    code, out, _err = evaluate(where, "--period", "2016-TW1", "--format", "json")
    assert code == 0
    rows = json.loads(out)["indicators"]
    return next(r for r in rows if r["unit"] == unit and r["period"] == "TW1")  # one a unit


# ruleset ---------------------------------------------------------------------------------------


def test_the_chain_is_read_into_the_model(tmp_path: Path) -> None:
    rs = load_ruleset(folder(tmp_path, DATA) / "ruleset.yaml")
    assert rs.validation is not None
    assert rs.validation.policy == "exclude"
    assert rs.validation.roles == ("camat", "walikota")
    camat = rs.validation.validator_of("kelurahan")
    assert camat is not None and camat.role == "camat" and camat.cadence == "bulan"
    assert rs.validation.validator_of("kota") is None
    assert rs.validation.applies_to("aduan") and not rs.validation.applies_to("aduan_target")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    camat: {{validates: kelurahan",
            "    camatt: {{validates: kelurahan",
            "ruleset.yaml:14:5: error[R070]: unknown role 'camatt'",
        ),
        (
            "validates: kecamatan,",
            "validates: kecamata,",
            "ruleset.yaml:15:27: error[R071]: unknown level 'kecamata'",
        ),
        (
            "  inputs: [aduan]",
            "  inputs: [aduann]",
            "ruleset.yaml:12:12: error[R072]: unknown input 'aduann'",
        ),
        (
            "validates: kecamatan,",
            "validates: kelurahan,",
            "ruleset.yaml:15:27: error[R073]: level 'kelurahan' is validated by 'camat' already",
        ),
    ],
)
def test_a_broken_chain_is_a_located_error(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert RULESET.count(old) == 1
    where = folder(tmp_path, DATA, ruleset=RULESET.replace(old, new))
    with pytest.raises(PerkinErrors) as caught:
        load_ruleset(where / "ruleset.yaml")
    first = caught.value.errors[0].render().splitlines()[0]
    assert first == f"{where}/{expected}"


def test_an_unknown_role_suggests_the_declared_one(tmp_path: Path) -> None:
    ruleset = RULESET.replace("    camat: {{validates:", "    camatt: {{validates:")
    with pytest.raises(PerkinErrors) as caught:
        load_ruleset(folder(tmp_path, DATA, ruleset=ruleset) / "ruleset.yaml")
    assert caught.value.errors[0].hint == "did you mean 'camat'?"


def test_an_unknown_policy_is_a_schema_error(tmp_path: Path) -> None:
    with pytest.raises(PerkinErrors) as caught:
        load_ruleset(folder(tmp_path, DATA, policy="ignore") / "ruleset.yaml")
    assert caught.value.errors[0].code.startswith("R0")
    assert "ruleset.yaml:11:16" in caught.value.errors[0].render()


# cadence ---------------------------------------------------------------------------------------


def test_period_end_and_deadline_by_hand() -> None:
    from engine.periods import parse_period

    assert str(period_end(parse_period("2016-02"), 2016)) == "2016-02-29"  # a leap year
    assert str(period_end(parse_period("TW1"), 2016)) == "2016-03-31"
    assert str(period_end(None, 2016)) == "2016-12-31"
    end = period_end(parse_period("2016-01"), 2016)
    assert str(deadline(end, "bulan")) == "2016-02-29"
    assert str(deadline(end, "triwulan")) == "2016-04-30"
    assert str(deadline(period_end(parse_period("2016-12"), 2016), "bulan")) == "2017-01-31"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2016-02-05", "2016-02-05"), ("05/02/2016", "2016-02-05"), ("5-2-2016", "2016-02-05")],
)
def test_dates_as_offices_write_them(text: str, expected: str) -> None:
    assert str(parse_date(text)) == expected


@pytest.mark.parametrize("text", ["2016-02-30", "Februari", "2016/02/05", "05/13/2016"])
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


# data errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "KEL1,2016-01,3,camat,2016-02-31",
            "data.csv:2:5: error[D160]: cannot read the validation date '2016-02-31'",
        ),
        (
            "KEL1,2016-01,3,,2016-02-05",
            "data.csv:2:4: error[D161]: a validation date without a validator",
        ),
        ("KEL1,2016-01,3,camat,", "data.csv:2:5: error[D162]: validated by 'camat' without a date"),
    ],
)
def test_unreadable_validation_cells(tmp_path: Path, row: str, expected: str) -> None:
    where = folder(tmp_path, HEADER + row + "\n" + "KEL2,2016-01,2,lurah,2016-02-05\n")
    # the row is lost and nothing else: binding reports the next row's problem with it
    assert errors_of(where) == [
        f"{where}/{expected}",
        f"{where}/data.csv:3:4: error[D163]: unknown validator 'lurah'",
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("KEL1,2016-01,3,lurah,2016-02-05", "data.csv:2:4: error[D163]: unknown validator 'lurah'"),
        (
            "KEL1,2016-01,3,walikota,2016-02-05",
            "data.csv:2:4: error[D164]: 'walikota' does not validate the values of level "
            "'kelurahan'",
        ),
        (
            "KEL1,2016-01,3,camat,2016-01-31",
            "data.csv:2:4: error[D165]: validated on 2016-01-31, before its period ends on "
            "2016-01-31",
        ),
    ],
)
def test_validations_that_do_not_fit_the_ruleset(tmp_path: Path, row: str, expected: str) -> None:
    where = folder(tmp_path, HEADER + row + "\n")
    assert errors_of(where) == [f"{where}/{expected}"]


def test_an_unknown_validator_suggests_one(tmp_path: Path) -> None:
    where = folder(tmp_path, HEADER + "KEL1,2016-01,3,camt,2016-02-05\n")
    with pytest.raises(PerkinErrors) as caught:
        bind(load_ruleset(where / "ruleset.yaml"), read_data(files(where), to_bind=True))
    assert caught.value.errors[0].hint == "did you mean 'camat'?"


def test_a_wide_row_is_reported_once_not_per_value(tmp_path: Path) -> None:
    ruleset = RULESET.replace("  inputs: [aduan]\n", "")
    # both values of the row are a month's, which the target is then reported for (D342)
    ruleset = ruleset.replace("period: triwulan, assumption: t}}", "period: bulan, assumption: t}}")
    data = (
        "unit,period,aduan,aduan_target,validated_by,validated_on\n"
        "KEL1,2016-01,3,4,lurah,2016-02-05\n"
    )
    where = folder(tmp_path, data, ruleset=ruleset)
    assert errors_of(where) == [f"{where}/data.csv:2:5: error[D163]: unknown validator 'lurah'"]


def test_validation_without_a_chain_in_the_ruleset(tmp_path: Path) -> None:
    start, end = RULESET.index("validation:"), RULESET.index("inputs:\n  aduan:")
    where = folder(tmp_path, DATA, ruleset=RULESET[:start] + RULESET[end:])
    assert errors_of(where)[0] == (
        f"{where}/data.csv:2:4: error[D166]: the row is validated by 'camat', but the ruleset "
        "declares no validation"
    )


# policies --------------------------------------------------------------------------------------


def test_exclude_makes_an_unvalidated_value_na_never_zero(tmp_path: Path) -> None:
    where = folder(tmp_path, DATA, "exclude")
    kel1, kel2 = tw1(where, "KEL1"), tw1(where, "KEL2")
    assert kel1["realisasi"]["value"] == 12.0  # 3 + 4 + 5, every month validated
    assert kel2["realisasi"]["value"] is None  # February not validated: the sum is N/A
    assert kel2["realisasi"]["na"] == "B02: not validated by camat"
    assert kel2["realisasi"]["na_kind"] == "not_validated"
    _code, out, _err = evaluate(where, "--period", "2016-TW1", "--format", "json")
    schema = json.loads((ROOT / "schemas/result.schema.json").read_text("utf-8"))
    jsonschema.validate(json.loads(out), schema)
    kec1 = tw1(where, "KEC1")
    assert kec1["realisasi"]["na"] == "B03: validated by walikota later than its cadence"


def test_flag_scores_the_value_and_flags_the_unit(tmp_path: Path) -> None:
    where = folder(tmp_path, DATA, "flag")
    assert tw1(where, "KEL2")["realisasi"]["value"] == 9.0  # 2 + 6 + 1, scored as given
    code, out, _err = evaluate(where, "--period", "2016-TW1", "--format", "json")
    assert code == 0
    report = json.loads(out)
    schema = json.loads((ROOT / "schemas/result.schema.json").read_text("utf-8"))
    jsonschema.validate(report, schema)  # the validation member and not_validated are documented
    assert report["validation"] == [
        {"unit": "KEC1", "validator": "walikota", "state": "partial", "values": 3, "validated": 2},
        {"unit": "KEL1", "validator": "camat", "state": "validated", "values": 3, "validated": 3},
        {"unit": "KEL2", "validator": "camat", "state": "partial", "values": 3, "validated": 2},
    ]
    warnings = [d for d in report["diagnostics"] if d["code"] == "D167"]
    assert [(d["unit"], d["message"]) for d in warnings] == [
        (
            "KEC1",
            "partially validated by walikota: 2 of 3 values; values not validated are "
            "scored and flagged",
        ),
        (
            "KEL2",
            "partially validated by camat: 2 of 3 values; values not validated are scored "
            "and flagged",
        ),
    ]


def test_a_file_without_validation_columns_is_not_validated(tmp_path: Path) -> None:
    data = "unit,period,aduan\nKEL1,2016-01,3\nKEL1,2016-02,4\nKEL1,2016-03,5\n"
    where = folder(tmp_path, data, "flag")
    _code, out, _err = evaluate(where, "--period", "2016-TW1", "--format", "json")
    assert json.loads(out)["validation"] == [
        {
            "unit": "KEL1",
            "validator": "camat",
            "state": "not_validated",
            "values": 3,
            "validated": 0,
        },
    ]


def test_the_summary_states_the_validation(tmp_path: Path) -> None:
    code, out, _err = evaluate(folder(tmp_path, DATA, "exclude"), "--period", "2016-TW1")
    assert code == 0
    assert (
        "Validation (values not validated are N/A): validated: 1 unit; partially validated: "
        "2 units (KEC1 2 of 3 by walikota, KEL2 2 of 3 by camat)\n"
    ) in out


def test_the_summary_in_indonesian(tmp_path: Path) -> None:
    where = folder(tmp_path, DATA, "exclude")
    result = CliRunner().invoke(
        cli.main,
        ["--lang", "id", "evaluate", str(where / "ruleset.yaml"), *map(str, files(where))],
    )
    assert (
        "Validasi (nilai yang belum divalidasi menjadi N/A): telah divalidasi: 1 unit; "
        "divalidasi sebagian: 2 unit (KEC1 2 dari 3 oleh walikota, KEL2 2 dari 3 oleh camat)\n"
    ) in result.stdout


def test_explain_says_who_validated_each_input(tmp_path: Path) -> None:
    where = folder(tmp_path, DATA, "flag")
    result = CliRunner().invoke(
        cli.main,
        [
            "explain",
            str(where / "ruleset.yaml"),
            *map(str, files(where)),
            "--unit",
            "KEC1",
            "--period",
            "2016-TW1",
            "--indicator",
            "aduan_kec",  # the kecamatan's own indicator: `aduan` is scored for kelurahan only
        ],
    )
    assert result.exit_code == 0, result.output
    assert "validated by walikota on 2016-02-10" in result.stdout
    assert "validated by walikota on 2016-05-02, later than its cadence" in result.stdout


def test_a_ruleset_without_validation_scores_as_before(tmp_path: Path) -> None:
    rs = load_ruleset(ROOT / "rulesets/2024")
    assert rs.validation is None
    result = score(rs, read_data([ROOT / "examples/2024"]))
    assert result.validation == ()
    assert "validation" not in result.as_json()
    assert not [d for d in result.diagnostics if d.code == "D167"]


# the 2016 example ------------------------------------------------------------------------------


def test_2016_declares_the_chain_and_flags_the_unvalidated_units() -> None:
    rs = load_ruleset(ROOT / "rulesets/2016")
    assert rs.validation is not None and rs.validation.policy == "flag"
    assert [(v.role, v.level) for v in rs.validation.validators] == [
        ("camat", "kelurahan"),
        ("walikota", "kecamatan"),
    ]
    result = score(rs, read_data([ROOT / "examples/2016"]))
    partial = {v.unit: (v.validated, v.values) for v in result.validation if v.validated < v.values}
    # kebon_sirih: December (6 values) not validated; gondangdia: November validated in February
    # 2017, after the 31 December deadline; kec_menteng: December (3 values) not validated
    assert partial == {"gondangdia": (66, 72), "kebon_sirih": (66, 72), "kec_menteng": (33, 36)}


def test_2016_with_exclude_makes_the_unvalidated_months_na(tmp_path: Path) -> None:
    entry = ROOT / "rulesets/2016/ruleset.yaml"
    (tmp_path / "ruleset.yaml").write_text(
        f"extends: {entry}\nvalidation:\n  unvalidated: exclude\n", "utf-8"
    )
    rs = load_ruleset(tmp_path / "ruleset.yaml", roots=(ROOT / "rulesets", tmp_path))
    result = score(rs, read_data([ROOT / "examples/2016"]))
    row = next(
        r
        for r in result.indicators
        if r.unit == "kebon_sirih" and r.indicator == "pbb" and r.period == "TW4"
    )
    assert row.realisasi.value is None
    assert row.realisasi.reason == "B12: not validated by camat"


def test_the_input_hash_changes_when_a_row_is_validated(tmp_path: Path) -> None:
    before = bind(load_ruleset(folder(tmp_path, DATA) / "ruleset.yaml"), read_data(files(tmp_path)))
    validated = DATA.replace("KEL2,2016-02,6,,", "KEL2,2016-02,6,camat,2016-03-05")
    (tmp_path / "data.csv").write_text(validated, "utf-8")
    after = bind(load_ruleset(tmp_path / "ruleset.yaml"), read_data(files(tmp_path)))
    assert before.input_hash != after.input_hash


def test_a_workbook_date_cell_is_a_validation_date(tmp_path: Path) -> None:
    import datetime as dt

    import openpyxl

    where = folder(tmp_path, HEADER)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["unit", "period", "aduan", "divalidasi_oleh", "tanggal_validasi"])
    sheet.append(["KEL1", "2016-01", 3, "camat", dt.datetime(2016, 2, 5)])
    sheet.append(["KEL1", "2016-02", 4, "camat", dt.datetime(2016, 2, 5)])
    book.save(where / "data.xlsx")
    data = [where / "units.csv", where / "target.csv", where / "data.xlsx"]
    with pytest.raises(PerkinErrors) as caught:
        bind(load_ruleset(where / "ruleset.yaml"), read_data(data, to_bind=True))
    # January validated on 5 February is at cadence; February validated on its own 5th is not
    assert [e.render().splitlines()[0] for e in caught.value.errors] == [
        f"{where}/data.xlsx!Sheet!D3: error[D165]: validated on 2016-02-05, before its period "
        "ends on 2016-02-29"
    ]


def test_yaml_values_carry_their_validation(tmp_path: Path) -> None:
    where = folder(tmp_path, HEADER)
    (where / "data.yaml").write_text(
        "values:\n"
        "  - {unit: KEL1, period: 2016-01, variable: aduan, value: 3,\n"
        "     divalidasi_oleh: camat, tanggal_validasi: 2016-02-05}\n"
        "  - {unit: KEL1, period: 2016-02, variable: aduan, value: 4}\n",
        "utf-8",
    )
    data = [where / "units.csv", where / "target.csv", where / "data.yaml"]
    rs = load_ruleset(where / "ruleset.yaml")
    result = score(rs, read_data(data), "2016-TW1")
    assert [(v.unit, v.validated, v.values) for v in result.validation] == [("KEL1", 1, 2)]


def test_validate_data_states_the_validation(tmp_path: Path) -> None:
    where = folder(tmp_path, DATA, "flag")
    result = CliRunner().invoke(
        cli.main, ["validate", "--ruleset", str(where / "ruleset.yaml"), *map(str, files(where))]
    )
    assert result.exit_code == 0, result.output
    assert (
        "Validation (values not validated are scored and flagged): validated: 1 unit; partially "
        "validated: 2 units (KEC1 2 of 3 by walikota, KEL2 2 of 3 by camat)"
    ) in result.output.splitlines()


def test_the_template_offers_the_validation_columns(tmp_path: Path) -> None:
    from engine.data.template import make_template

    rs = load_ruleset(folder(tmp_path, DATA) / "ruleset.yaml")
    text = make_template(rs, "csv", read_data([tmp_path / "units.csv"]), "2016-TW1")
    assert isinstance(text, str)
    lines = text.splitlines()
    assert lines[0] == "unit,period,variable,item,value,note,source,validated_by,validated_on"
    assert all(line.endswith(",,") for line in lines[1:])
    without = load_ruleset(ROOT / "rulesets/2024")
    plain = make_template(without, "csv", None, None)
    assert isinstance(plain, str)
    assert plain.splitlines()[0] == "unit,period,variable,item,value,note,source"


def test_a_filled_template_reads_back(tmp_path: Path) -> None:
    from engine.data.template import make_template

    rs = load_ruleset(folder(tmp_path, DATA) / "ruleset.yaml")
    text = make_template(rs, "csv", read_data([tmp_path / "units.csv"]), "2016-TW1")
    assert isinstance(text, str)
    header, *rows = csv.reader(io.StringIO(text))
    for cells in rows:  # value 1 everywhere; KEL1's January validated, nothing else
        cells[header.index("value")] = "1"
        if cells[:3] == ["KEL1", "2016-01", "aduan"]:
            cells[-2:] = ["camat", "2016-02-05"]
    with (tmp_path / "filled.csv").open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([header, *rows])
    data = read_data([tmp_path / "units.csv", tmp_path / "filled.csv"])
    result = score(rs, data, "2016-TW1")
    assert [(v.unit, v.validated, v.values) for v in result.validation] == [
        ("KEC1", 0, 3),
        ("KEL1", 1, 3),
        ("KEL2", 0, 3),
    ]


def test_a_level_without_a_validator(tmp_path: Path) -> None:
    where = folder(tmp_path, HEADER + "KOTA,2016-01,3,camat,2016-02-05\n")
    with pytest.raises(PerkinErrors) as caught:
        bind(load_ruleset(where / "ruleset.yaml"), read_data(files(where), to_bind=True))
    # the value itself is also at a level that does not report 'aduan' (D190, at its cell)
    codes = [e.code for e in caught.value.errors]
    assert codes == ["D190", "D164"]
    first = caught.value.errors[1]
    assert first.render().splitlines()[0] == (
        f"{where}/data.csv:2:4: error[D164]: 'camat' does not validate the values of level 'kota'"
    )
    assert first.hint == "no role validates this level: leave validated_by empty for its rows"


def test_data_without_any_validation_is_one_warning_not_one_per_unit(tmp_path: Path) -> None:
    """A whole dataset without the validation columns (the national register has 91,522 units)
    is said once, with the counts; the per-unit states stay in the JSON."""
    data = "unit,period,aduan\nKEL1,2016-01,3\nKEL1,2016-02,4\nKEL2,2016-01,2\nKEC1,2016-01,7\n"
    where = folder(tmp_path, data, "flag")
    _code, out, _err = evaluate(where, "--period", "2016-TW1", "--format", "json")
    document = json.loads(out)
    warnings = [d for d in document["diagnostics"] if d["code"] == "D167"]
    assert [w["message"] for w in warnings] == [
        "no value is validated at cadence: 3 units, 4 values; values not validated are scored "
        "and flagged"
    ]
    assert [s["state"] for s in document["validation"]] == ["not_validated"] * 3
