"""rank_units sorts all units at once (numpy); a plain sort of per-unit keys must agree.

The reference below is the definition written out: each unit's key is (N/A last, presented
value) for the ranked figure and then each tie-breaker, values rounded as declared; equal keys
share a competition rank (1, 2, 2, 4); N/A is not ranked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl.rounding import apply_rounding
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.evaluate import Evaluator
from engine.scoring.score import rank_units

UNITS = [f"kec{n}" for n in range(8)]


def _ruleset(desc: bool, breaker_desc: bool, decimals: int, mode: str) -> dict[str, Any]:
    rounding = {"decimals": decimals, "mode": mode}
    return {
        "id": "ranking", "year": 2024,
        "levels": {"kota": None, "kecamatan": "kota"},
        "inputs": {
            name: {"kind": "number", "level": "kecamatan", "period": "tahunan", "assumption": "t"}
            for name in ("nilai", "penunjang")
        },
        "figures": {
            "nilai_kec": {"level": "kecamatan", "formula": "nilai", "rounding": rounding,
                          "assumption": "t"},
            "penunjang_kec": {"level": "kecamatan", "formula": "penunjang", "assumption": "t"},
        },
        "rankings": {
            "peringkat": {
                "level": "kecamatan", "by": "nilai_kec", "order": "desc" if desc else "asc",
                "tie_breakers": [{"by": "penunjang_kec",
                                  "order": "desc" if breaker_desc else "asc"}],
                "awards": ["Peringkat I", "Peringkat II", "Peringkat III"],
                "unresolved": "share", "assumption": "t",
            }
        },
    }  # fmt: skip


def _key(value: float | None, decimals: int, mode: Any, desc: bool) -> tuple[int, float]:
    if value is None:
        return (1, 0.0)
    shown = apply_rounding(value, decimals, mode)
    return (0, -shown if desc else shown)


VALUE = st.one_of(st.none(), st.sampled_from([0.0, 50.0, 75.005, 75.004, 99.995, 100.0]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(VALUE, VALUE), min_size=len(UNITS), max_size=len(UNITS)),
    st.booleans(),
    st.booleans(),
    st.integers(0, 2),
    st.sampled_from(["half_up", "truncate"]),
)
def test_ranks_equal_a_plain_sort(
    tmp_path: Path,
    values: list[tuple[float | None, float | None]],
    desc: bool,
    breaker_desc: bool,
    decimals: int,
    mode: Any,
) -> None:
    (tmp_path / "r.yaml").write_text(
        yaml.safe_dump(_ruleset(desc, breaker_desc, decimals, mode)), encoding="utf-8"
    )
    units = [{"unit": "kota", "level": "kota"}]
    units += [{"unit": u, "level": "kecamatan", "parent": "kota"} for u in UNITS]
    rows = [
        {"unit": u, "period": "2024", "variable": name, "value": "N/A" if v is None else v}
        for u, (a, b) in zip(UNITS, values, strict=True)
        for name, v in (("nilai", a), ("penunjang", b))
    ]
    # JSON: its numbers are typed, while YAML text '75.005' is refused for a number input (D109)
    (tmp_path / "d.json").write_text(json.dumps({"units": units, "values": rows}))
    rs = load_ruleset(tmp_path / "r.yaml")
    ev = Evaluator(rs, bind(rs, read_data([tmp_path / "d.json"])))
    got = {row.unit: row.rank for row in rank_units(ev, rs.rankings["peringkat"], "tahunan")}

    keys = {
        u: (_key(a, decimals, mode, desc), _key(b, 2, "half_up", breaker_desc))
        for u, (a, b) in zip(UNITS, values, strict=True)
    }
    expected: dict[str, int | None] = {}
    for u, key in keys.items():
        if key[0][0] == 1:
            expected[u] = None
        else:
            expected[u] = 1 + sum(other < key for other in keys.values())
    assert got == expected
