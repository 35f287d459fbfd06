"""The explaining path re-derives every figure from its formula; where it and the columnar result
disagree, explain prints '!!'. Over every example year, unit, name and period no such line may
appear: a rolled-up score shows its children, and a name not scored for a unit says so instead
of deriving a value perkin never gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.data.binding import bind
from engine.data.read import read_data
from engine.history.past import load_history
from engine.ruleset.loader import load_ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.explain import _Explainer, explain_figure
from engine.scoring.explain_inputs import InputCells

ROOT = Path(__file__).parent.parent.parent
LABELS = ("tahunan", "TW1", "TW2", "TW3", "TW4", "S1", "S2")


@pytest.mark.parametrize("year", ["2016", "2020", "2022", "2023", "2024"])
def test_no_explanation_disagrees_with_the_result(year: str) -> None:
    rs = load_ruleset(ROOT / "rulesets" / year)
    data = [ROOT / "examples" / year]
    dataset = read_data(data)
    bound = bind(rs, dataset)
    ev = Evaluator(rs, bound, load_history(rs, (), data))
    cells = InputCells(bound, dataset)
    disagree = []
    for i, unit in enumerate(bound.units):
        ex = _Explainer(ev, i, cells)
        for label in LABELS:
            for name in [*rs.scores, *rs.figures, *rs.indicators]:
                if name in rs.scores:
                    lines = ex.score(name, label)
                elif name in rs.indicators:
                    lines = ex.indicator(rs.indicators[name], label)
                else:
                    lines = ex.name(name, label, 0)
                disagree += [f"{unit.id} {name} {label}: {x}" for x in lines if "!!" in x]
    assert disagree == []


def test_a_rolled_up_score_is_explained_by_its_children() -> None:
    rs = load_ruleset(ROOT / "rulesets" / "2016")
    dataset = read_data([ROOT / "examples" / "2016"])
    text = explain_figure(rs, dataset, "kec_menteng", "rerata_kelurahan", "TW4")
    lines = text.splitlines()
    assert lines[2].startswith("rerata_kelurahan = mean of 5 kelurahan = ")
    children = [line.strip().split(" = ") for line in lines[3:8]]
    # the kelurahan of Kecamatan Menteng in examples/2016/units.csv
    assert [c[0] for c in children] == [
        "cikini",
        "gondangdia",
        "kebon_sirih",
        "menteng",
        "pegangsaan",
    ]
    mean = sum(float(c[1]) for c in children) / 5
    assert float(lines[2].rsplit(" = ", 1)[1]) == pytest.approx(mean, abs=1e-7)
    assert "hunian_liar.capaian" not in text  # the kecamatan's own indicator rows: not its score


def test_a_name_not_scored_for_the_unit_says_so() -> None:
    rs = load_ruleset(ROOT / "rulesets" / "2024")
    dataset = read_data([ROOT / "examples" / "2024"])
    text = explain_figure(rs, dataset, "kec_cempaka_putih", "ikm_kec_kel", None)
    assert text.splitlines()[-1] == "not scored for this unit: not scored at this level (only kota)"
    assert not re.search(r"capaian = |!!", text)
