"""`diff_rulesets`: what changed between two rulesets, and whose results move on the same data."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.api import load
from engine.data.read import Dataset, read_data
from engine.ruleset.model import Ruleset
from engine.scoring.diff import diff_rulesets

FIXTURES = Path(__file__).parent / "render_fixtures"
SEMANTICS = Path(__file__).parent / "semantics"

DEFINITION_LINES = [
    "~ table predikat: band Tinggi > 75 and ≤ 90 → > 80 and ≤ 90",
    "~ table predikat: band Sedang > 65 and ≤ 75 → > 65 and ≤ 80",
    "~ indicator aduan: cap — → 100",
    "~ indicator aduan: roles camat → camat, sekcam",
    "~ indicator aduan: target TW2 25 → 30",
    "~ indicator aduan: target tahunan 100 → 105",
    "~ indicator ikm: weight 30 → 35",
    "- indicator serapan removed",
    "+ indicator serapan_anggaran added: Serapan anggaran",
    "~ score nilai_kinerja: indicators aduan, ikm, serapan → aduan, ikm, serapan_anggaran",
    "+ role sekcam added: Sekretaris Kecamatan",
]


@pytest.fixture(scope="module")
def old() -> Ruleset:
    return load(FIXTURES / "ruleset_old.yaml")


@pytest.fixture(scope="module")
def new() -> Ruleset:
    return load(FIXTURES / "ruleset_new.yaml")


@pytest.fixture(scope="module")
def data() -> Dataset:
    return read_data([FIXTURES / "data.yaml"])


def _mismatch(expected: list[str], actual: list[str]) -> str:
    missing = [f"missing:    {line}" for line in expected if line not in actual]
    extra = [f"unexpected: {line}" for line in actual if line not in expected]
    return "\n".join(missing + extra) or "same lines, different order"


def test_definitions(old: Ruleset, new: Ruleset) -> None:
    lines = diff_rulesets(old, new).lines
    assert lines == DEFINITION_LINES, _mismatch(DEFINITION_LINES, lines)


def test_same_ruleset_has_no_changes(old: Ruleset, data: Dataset) -> None:
    assert diff_rulesets(old, old, data).lines == []


def test_reverse_swaps_old_and_new(old: Ruleset, new: Ruleset) -> None:
    lines = diff_rulesets(new, old).lines
    assert "~ indicator ikm: weight 35 → 30" in lines
    assert "+ indicator serapan added: Serapan anggaran" in lines
    assert "- role sekcam removed" in lines


def test_results_that_move(old: Ruleset, new: Ruleset, data: Dataset) -> None:
    lines = diff_rulesets(old, new, data).lines
    assert lines[: len(DEFINITION_LINES)] == DEFINITION_LINES
    moved = lines[len(DEFINITION_LINES) :]
    expected = [
        "kec_selatan: aduan TW1 predikat Tinggi → Sedang",
        "kec_utara: aduan TW4 capaian 104.00 → 100.00",
        "kec_selatan: aduan tahunan capaian 81.00 → 77.14",
        "kec_selatan: nilai_kinerja tahunan score 99.54 → 97.86",
        "kec_selatan: peringkat rank 1 → 2",
        "kec_utara: peringkat rank 2 → 1",
        "kec_utara: peringkat award Peringkat II → Peringkat I",
    ]
    assert set(expected) <= set(moved), _mismatch(expected, moved)
    assert not any(line.startswith("kec_timur: peringkat") for line in moved), "timur stays third"
    assert moved == diff_rulesets(old, new, data).lines[len(DEFINITION_LINES) :], "stable order"


def test_one_period(old: Ruleset, new: Ruleset, data: Dataset) -> None:
    moved = diff_rulesets(old, new, data, "2024-TW2").lines[len(DEFINITION_LINES) :]
    assert "kec_selatan: aduan TW2 capaian 88.00 → 73.33" in moved
    assert not any(" tahunan " in line for line in moved)


def test_data_the_new_ruleset_cannot_read(old: Ruleset) -> None:
    semantics = load(SEMANTICS / "ruleset.yaml")
    lines, error = diff_rulesets(semantics, old, read_data([SEMANTICS / "data.yaml"]))
    assert lines[-1] == "! cannot score the data with the new ruleset render_fixture"
    assert error is not None
    assert "+ indicator aduan added: Persentase aduan selesai" in lines
    assert "~ ruleset: id semantics_fixture → render_fixture" in lines


def test_cli_diff_with_data_it_cannot_score_fails() -> None:
    """Definitions are still listed, the reason goes to stderr, and the exit status is 1."""
    from click.testing import CliRunner

    import cli

    root = Path(__file__).resolve().parents[2]
    args = [
        "diff",
        f"{root}/rulesets/2023",
        f"{root}/rulesets/2024",
        "--data",
        f"{root}/examples/2024",
    ]
    res = CliRunner().invoke(cli.main, args)
    assert res.exit_code == 1
    assert "! cannot score the data with the old ruleset" in res.stdout
    assert "error[" in res.stderr


def test_results_that_move_read_as_offices_write_them(
    old: Ruleset, new: Ruleset, data: Dataset
) -> None:
    """In Indonesian the moved values have a decimal comma; which results move does not change."""
    from dsl.i18n import set_language

    english = diff_rulesets(old, new, data).lines
    set_language("id")
    moved = diff_rulesets(old, new, data).lines
    assert "kec_selatan: aduan tahunan capaian 81,00 → 77,14" in moved
    assert "kec_utara: aduan TW4 capaian 104,00 → 100,00" in moved
    assert len(moved) == len(english)
