"""`remove:` in a ruleset that extends another: whole files, names with "did you mean", and the
level an indicator must name where a ruleset has several (issue 12, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.ruleset.loader import load_ruleset
from tests.conftest import ruleset_errors

BASE = """\
id: base
year: 2024
levels: {kota: null, program: kota}
extends: [anggaran.yaml]
inputs:
  aduan: {kind: percent, level: kota, period: tahunan, source: "002:117"}
indicators:
  pengaduan:
    name: Persentase penyelesaian pengaduan
    level: kota
    realisasi: aduan
    target: {tahunan: 100, source: "002:117"}
    source: "002:117"
"""
BUDGET = """\
id: anggaran
inputs:
  serapan: {kind: percent, level: program, period: tahunan, source: "003:2909"}
figures:
  serapan_kota:
    level: kota
    formula: serapan
    source: "003:2909"
"""


def _tree(tmp_path: Path, child: str, base: str = BASE) -> Path:
    """base/ruleset.yaml (extending base/anggaran.yaml) and next/ruleset.yaml: the child."""
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "ruleset.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "base" / "anggaran.yaml").write_text(BUDGET, encoding="utf-8")
    (tmp_path / "next").mkdir()
    path = tmp_path / "next" / "ruleset.yaml"
    path.write_text(child, encoding="utf-8")
    return path


_errors = ruleset_errors


def test_the_parent_brings_its_included_file(tmp_path: Path) -> None:
    rs = load_ruleset(_tree(tmp_path, "id: next\nyear: 2025\nextends: ../base/ruleset.yaml\n"))
    assert set(rs.inputs) == {"aduan", "serapan"} and set(rs.figures) == {"serapan_kota"}


def test_removing_a_whole_inherited_file_drops_everything_it_defines(tmp_path: Path) -> None:
    child = (
        "id: next\nyear: 2025\nextends: ../base/ruleset.yaml\n"
        "remove: {files: [../base/anggaran.yaml]}\n"
    )
    rs = load_ruleset(_tree(tmp_path, child))
    assert set(rs.inputs) == {"aduan"} and not rs.figures
    assert not any(f.endswith("anggaran.yaml") for f in rs.files)


def test_removing_a_file_outside_the_chain_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    child = (
        "id: next\nyear: 2025\nextends: ../base/ruleset.yaml\n"
        "remove: {files: [../base/angaran.yaml]}\n"
    )
    (err,) = _errors(_tree(tmp_path, child))
    assert err.code == "R004"
    assert "angaran.yaml" in err.message and "no extends link reaches it" in err.message
    assert err.location.line == 4


def test_a_typo_in_remove_gets_did_you_mean(tmp_path: Path) -> None:
    child = (
        "id: next\nyear: 2025\nextends: ../base/ruleset.yaml\nremove: {indicators: [pengadun]}\n"
    )
    (err,) = _errors(_tree(tmp_path, child))
    assert err.code == "R004" and "pengadun" in err.message
    assert err.hint == "did you mean 'pengaduan'?"


def test_an_indicator_without_level_is_refused_where_there_are_several(tmp_path: Path) -> None:
    child = """\
id: next
year: 2025
extends: ../base/ruleset.yaml
indicators:
  baru:
    name: Indikator baru
    realisasi: aduan
    target: {tahunan: 90, source: "002:117"}
    source: "002:117"
"""
    errors = _errors(_tree(tmp_path, child))
    (err,) = [e for e in errors if e.code == "R048"]
    assert err.message == "indicator 'baru' has no level, and the ruleset has several"
    assert err.hint == "add 'level:' with one of: kota, program"
    assert (err.location.line, err.location.path) == (6, "indicators.baru")


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("    cap: 120%\n", "'120%'"),
        ('    target: {tahunan: "86,5", source: "002:117"}\n', "'86,5'"),
    ],
)
def test_office_numbers_in_a_ruleset_get_a_hint_saying_what_to_write(
    tmp_path: Path, line: str, found: str
) -> None:
    text = BASE.replace('    target: {tahunan: 100, source: "002:117"}\n', line)
    if "target" not in line:
        text = text.replace(
            "    realisasi: aduan\n",
            '    realisasi: aduan\n    target: {tahunan: 100, source: "002:117"}\n',
        )
    _tree(tmp_path, "id: next\n", base=text)
    (err,) = _errors(tmp_path / "base" / "ruleset.yaml")
    assert found in err.message
    assert err.hint is not None and "86.5" in err.hint and "120 for 120%" in err.hint


def test_a_child_keeps_the_parents_order_and_appends_new_entries(tmp_path: Path) -> None:
    child = """\
id: next
year: 2025
extends: ../base/ruleset.yaml
indicators:
  baru:
    name: Indikator baru
    level: kota
    realisasi: aduan
    target: {tahunan: 90, source: "002:117"}
    source: "002:117"
  pengaduan:
    target: {tahunan: 95, source: "002:117"}
"""
    rs = load_ruleset(_tree(tmp_path, child))
    assert list(rs.indicators) == ["pengaduan", "baru"]
    assert list(rs.inputs) == ["serapan", "aduan"]  # anggaran.yaml is extended first
