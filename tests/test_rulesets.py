"""Folders of valid and invalid rulesets: each invalid one fails with its code, place and hint."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dsl.errors import PerkinError, PerkinErrors
from engine.ruleset.loader import load_ruleset

HERE = Path(__file__).parent / "rulesets"
INVALID = yaml.safe_load((HERE / "invalid" / "expected.yaml").read_text())
YEARS = sorted(
    p for p in (HERE.parent.parent / "rulesets").iterdir() if (p / "ruleset.yaml").is_file()
)


def _errors(path: Path) -> list[PerkinError]:
    with pytest.raises(PerkinError) as caught:
        load_ruleset(path)
    err = caught.value
    return list(err.errors) if isinstance(err, PerkinErrors) else [err]


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_ruleset_reports_code_place_and_hint(name: str) -> None:
    code, where, message, hint = INVALID[name]
    errors = _errors(HERE / "invalid" / name)
    matching = [e for e in errors if e.code == code and message in e.message]
    assert matching, f"no {code} '{message}' in: " + "; ".join(e.render() for e in errors)
    err = matching[0]
    assert err.location.label().endswith(where), err.location.label()
    if hint is not None:
        assert hint in (err.hint or ""), err.hint
    assert "Traceback" not in err.render()


def test_every_invalid_file_has_an_expectation() -> None:
    files = {p.name for p in (HERE / "invalid").glob("*.yaml")} - {"expected.yaml"}
    files -= {"extends_cycle_b.yaml"}  # the other half of the extends_cycle_a case
    assert files == set(INVALID)


def test_rendered_error_has_caret_under_the_name() -> None:
    (err,) = _errors(HERE / "invalid" / "formula_unknown_name.yaml")
    assert err.render().splitlines()[2:4] == [
        "        realisasi: realisasi_ikn * 1",
        "                   ^^^^^^^^^^^^^",
    ]


def test_child_ruleset_overrides_a_target_and_removes_an_indicator() -> None:
    child = load_ruleset(HERE / "valid" / "child.yaml")
    assert list(child.indicators) == ["pengaduan"]
    target = child.indicators["pengaduan"].target
    assert target is not None
    assert target.for_label("TW2") == (True, 99.0)
    assert target.for_label("TW1") == (True, None)
    assert child.files[0].endswith("child.yaml") and child.files[-1].endswith("parent.yaml")


@pytest.mark.parametrize("name", ["parent.yaml", "block_formula.yaml"])
def test_valid_rulesets_load(name: str) -> None:
    assert load_ruleset(HERE / "valid" / name).id


@pytest.mark.parametrize("folder", YEARS, ids=lambda p: p.name)
def test_bundled_year_rulesets_load(folder: Path) -> None:
    rs = load_ruleset(folder)
    assert rs.indicators
    for ind in rs.indicators.values():
        assert ind.provenance.source or ind.provenance.assumption, ind.id
