"""The counts a report states about itself, counted once (engine/render/counts.py)."""

from __future__ import annotations

from pathlib import Path

from dsl.i18n import set_language
from dsl.values import NaKind
from engine.api import evaluate
from engine.render.counts import count_lines, counts

ROOT = Path(__file__).resolve().parents[2]


def test_counts_of_the_2024_example() -> None:
    loaded, result, _ = evaluate(ROOT / "rulesets/2024", [ROOT / "examples/2024"], None, (), False)
    c = counts(result, loaded)
    # 3 figures and 3 rankings of 6 units compare with the peers (peers.yaml); 352 figures: 43
    # capaian of earlier years and 8 placeholder figures of riwayat.yaml among them
    assert (c.units, c.indicator_rows, c.scores, c.figures, c.rankings) == (74, 61, 105, 352, 18)
    # scored units are those at the levels with indicators, scores or rankings (kota, kelurahan)
    assert c.scored_units == sum(1 for u in result.units if u.level in ("kota", "kelurahan"))
    # a N001 note for every capaian missing (N/A of every kind but no_target, which is not
    # missing: a period without target)
    n001 = sum(1 for d in result.diagnostics if d.code == "N001")
    assert c.capaian_na == n001
    assert c.capaian_no_target == sum(
        1 for r in result.indicators if r.capaian.kind is NaKind.NO_TARGET
    )
    assert c.capaian_no_target > 0
    n_a = sum(
        1
        for r in result.indicators
        for p in (r.target, r.realisasi, r.capaian)
        if p.reason is not None
    ) + sum(1 for v in (*result.scores, *result.figures) if v.value.reason is not None)
    assert sum(c.na_by_kind.values()) == n_a
    assert c.na_by_kind[NaKind.REPORTED] > 0 and c.na_by_kind[NaKind.NO_TARGET] > 0


def test_count_labels_follow_the_language() -> None:
    loaded, result, _ = evaluate(ROOT / "rulesets/2022", [ROOT / "examples/2022"], None, (), False)
    c = counts(result, loaded)
    english = dict(count_lines(c))
    set_language("id")
    indonesian = dict(count_lines(c))
    assert english["scored units"] == indonesian["unit yang dinilai"] == c.scored_units
