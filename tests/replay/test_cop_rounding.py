"""003:3053 prints the kota capaian output program 104,07% (issue 16, item 5): the mean of the 9
indicator capaian is 104.0672 at full precision and 104.0656 over the truncated parts; half up
both are 104,07, truncated both 104,06. The ruleset truncates (as Tabel 72 does), the replay
compares that one printed value half up."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.rounding import format_fixed
from engine.history.cases import load_case
from engine.history.replay import Recomputation
from engine.ruleset.loader import load_ruleset

LKIP = Path(__file__).parent / "2024_lkip_jakpus.yaml"
RULESET = Path(__file__).parents[2] / "rulesets" / "2024"
# Tabel 72 (003:3022-3049): six indicators at 100%, the three EK ones against target 86
FULL = (6 * 100 + 95.62 / 86 * 100 + 97.52 / 86 * 100 + 96.34 / 86 * 100) / 9
PARTS = (6 * 100 + 111.18 + 113.39 + 112.02) / 9  # the truncated capaian as printed


@pytest.mark.parametrize(
    ("value", "half_up", "truncated"),
    [(FULL, "104.07", "104.06"), (PARTS, "104.07", "104.06")],
    ids=["full precision", "truncated parts"],
)
def test_either_mean_gives_104_07_half_up_and_104_06_truncated(
    value: float, half_up: str, truncated: str
) -> None:
    assert (format_fixed(value, 2), format_fixed(value, 2, "truncate")) == (half_up, truncated)


def test_the_replay_recomputes_the_full_precision_mean_and_compares_it_half_up() -> None:
    case = load_case(LKIP)
    pub = next(p for p in case.published if p.source == "003:3053" and p.printed == "104,07%")
    check = Recomputation.of(case).check(pub)
    assert isinstance(check.recomputed.value, float)
    assert check.recomputed.value == pytest.approx(FULL, abs=1e-9)
    assert pub.mode == "half_up" and check.presented == "104.07" and check.reproduces
    # the ruleset's own presentation of the figure truncates at every level, as Tabel 72 does
    mode = load_ruleset(RULESET).figures["capaian_indikator_output"].rounding.mode
    assert mode == "truncate"
    assert format_fixed(check.recomputed.value, 2, mode) == "104.06"
