"""Required units (issue 16, item 4): the twelve kecamatan of 004:157 must all be in the data,
and no other; a list names them. Nothing is ranked over the units that happen to be there."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli import main
from tests.conftest import ruleset_errors

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = (ROOT / "examples" / "2022" / "penilaian.yaml").read_text(encoding="utf-8")


def _run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(main, list(args))
    return out.exit_code, out.output


def _without(unit: str) -> str:
    """The 2022 example without one kecamatan: its unit line and its data block."""
    text = re.sub(rf"  - \{{id: {unit},.*\n", "", EXAMPLE)
    return re.sub(rf"\n  {unit}:\n    \"2022\":\n(      .*\n)+", "\n", text)


def test_the_bundled_example_holds_the_twelve_kecamatan() -> None:
    code, output = _run("validate", "--ruleset", "rulesets/2022", "examples/2022")
    assert code == 0, output


def test_data_missing_a_kecamatan_is_refused_with_the_ruleset_line(tmp_path: Path) -> None:
    data = tmp_path / "penilaian.yaml"
    data.write_text(_without("rawalumbu"), encoding="utf-8")
    assert "rawalumbu" not in data.read_text(encoding="utf-8")
    for command in (("validate", "--ruleset"), ("evaluate",)):
        code, output = _run(*command, "rulesets/2022", str(data))
        assert code == 1, output
        assert (
            "error[D150]: the ruleset requires 12 units at level 'kecamatan', the data has 11"
            in (output)
        )
        assert "rulesets/2022/ruleset.yaml:" in output and "Traceback" not in output


def test_a_thirteenth_kecamatan_is_refused_and_the_hint_lists_them(tmp_path: Path) -> None:
    extra = (
        "  - {id: bekasi_barat2, name: Kecamatan Bekasi Barat, level: kecamatan,"
        " parent: kota_bekasi}\n"
    )
    text = EXAMPLE.replace("data:\n", extra + "data:\n", 1)
    data = tmp_path / "penilaian.yaml"
    data.write_text(text, encoding="utf-8")
    code, output = _run("validate", "--ruleset", "rulesets/2022", str(data))
    assert code == 1 and "the data has 13" in output, output
    assert "bekasi_barat2" in output


LISTED = """\
id: tiga_kecamatan
year: 2022
levels: {{kota: null, kecamatan: kota}}
required_units:
  kecamatan: {{{required}, source: "004:157"}}
inputs:
  nilai: {{kind: number, level: kecamatan, period: tahunan, source: "004:118"}}
indicators:
  nilai_akhir:
    name: Nilai akhir
    level: kecamatan
    realisasi: nilai
    source: "004:118"
"""
DATA = """\
units:
  - {id: kota, name: Kota, level: kota}
  - {id: jatiasih, name: Jatiasih, level: kecamatan, parent: kota}
  - {id: rawalumbu, name: Rawalumbu, level: kecamatan, parent: kota}
  - {id: pondokgede, name: Pondok Gede, level: kecamatan, parent: kota}
data:
  jatiasih: {"2022": {nilai: 80}}
  rawalumbu: {"2022": {nilai: 75}}
  pondokgede: {"2022": {nilai: 70}}
"""


def test_a_listed_unit_mistyped_in_the_data_gets_did_you_mean(tmp_path: Path) -> None:
    ruleset = tmp_path / "ruleset.yaml"
    ruleset.write_text(
        LISTED.format(required="units: [jatiasih, rawalumbu, pondok_gede]"), encoding="utf-8"
    )
    data = tmp_path / "data.yaml"
    data.write_text(DATA, encoding="utf-8")
    code, output = _run("validate", "--ruleset", str(ruleset), str(data))
    assert code == 1, output
    assert "required unit 'pondok_gede' (level 'kecamatan') is not in the data" in output
    assert "unit 'pondokgede' at level 'kecamatan' is not one of the required units" in output
    assert "did you mean 'pondok_gede'?" in output


def test_a_count_that_disagrees_with_the_list_is_a_ruleset_error(tmp_path: Path) -> None:
    ruleset = tmp_path / "ruleset.yaml"
    ruleset.write_text(
        LISTED.format(required="count: 12, units: [jatiasih, rawalumbu]"), encoding="utf-8"
    )
    (err,) = ruleset_errors(ruleset)
    assert err.code == "R056" and "count 12, but 2 units listed" in err.message
    assert err.location.line == 5


def test_an_unknown_level_is_named(tmp_path: Path) -> None:
    ruleset = tmp_path / "ruleset.yaml"
    text = LISTED.format(required="count: 3").replace("  kecamatan: {count", "  kecamtan: {count")
    ruleset.write_text(text, encoding="utf-8")
    (err,) = ruleset_errors(ruleset)
    assert err.code == "R031" and "unknown level 'kecamtan'" in err.message


def test_the_message_in_indonesian(tmp_path: Path) -> None:
    data = tmp_path / "penilaian.yaml"
    data.write_text(_without("jatiasih"), encoding="utf-8")
    code, output = _run("--lang", "id", "evaluate", "rulesets/2022", str(data))
    assert code == 1 and "ruleset mewajibkan 12 unit pada tingkat 'kecamatan'" in output, output
