"""Property: the explaining path (one unit, plain Python) equals the columnar path, always."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl import NA
from engine.data.binding import bind
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.derive import Deriver
from engine.scoring.evaluate import Evaluator
from engine.scoring.score import score

INPUTS = ("x1", "x2", "x3")
UNITS = [
    {"id": "kota", "level": "kota"},
    {"id": "kec_a", "level": "kecamatan", "parent": "kota"},
    {"id": "kec_b", "level": "kecamatan", "parent": "kota"},
    {"id": "kel_1", "level": "kelurahan", "parent": "kec_a"},
    {"id": "kel_2", "level": "kelurahan", "parent": "kec_a"},
    {"id": "kel_3", "level": "kelurahan", "parent": "kec_b"},
]
LABELS = ("TW1", "TW2", "TW3", "TW4")

atoms = st.one_of(st.sampled_from(INPUTS), st.integers(-5, 120).map(str), st.just("NA"))


def _expr(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return atoms
    sub = _expr(depth - 1)
    return st.one_of(
        atoms,
        st.tuples(sub, st.sampled_from("+-*/"), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["AVERAGE", "MIN", "MAX", "SUM"]), sub, sub).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        ),
        st.tuples(sub, sub, sub).map(lambda t: f"IF({t[0]} > {t[1]}, {t[2]}, {t[1]})"),
    )


target_value = st.one_of(st.just("NA"), st.integers(0, 150))
indicator = st.fixed_dictionaries(
    {
        "realisasi": _expr(2),
        "polarity": st.sampled_from(["higher", "lower"]),
        "level": st.sampled_from(["kelurahan", "kecamatan", "kota"]),
        "rollup": st.sampled_from([None, "mean", "sum", "min", "max"]),
        "combine": st.sampled_from([None, "sum", "last", "mean", "max"]),
        "cap": st.sampled_from([None, 100, 120]),
        "target": st.fixed_dictionaries({k: target_value for k in (*LABELS, "tahunan")}),
    }
)
cell = st.one_of(
    st.floats(-50, 200, allow_nan=False).map(lambda f: f"{f:.3f}".replace(".", ",")),
    st.just("N/A"),
    st.none(),
)


def _ruleset(indicators: list[dict[str, Any]], combines: list[str]) -> dict[str, Any]:
    inds = {}
    for n, spec in enumerate(indicators):
        body: dict[str, Any] = {
            "name": f"I{n}", "level": spec["level"], "polarity": spec["polarity"],
            "realisasi": spec["realisasi"], "target": {**spec["target"], "assumption": "t"},
            "assumption": "t",
        }  # fmt: skip
        for key in ("rollup", "combine", "cap"):
            if spec[key] is not None:
                body[key] = spec[key]
        inds[f"i{n}"] = body
    return {
        "id": "random", "year": 2024, "cadence": "triwulan",
        "levels": {"kota": None, "kecamatan": "kota", "kelurahan": "kecamatan"},
        "inputs": {
            name: {"kind": "number", "period": "triwulan", "combine": how, "assumption": "t"}
            for name, how in zip(INPUTS, combines, strict=True)
        },
        "indicators": inds,
    }  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    if a is None or isinstance(a, NA):
        return b is None or isinstance(b, NA)
    if b is None or isinstance(b, NA):
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    indicators=st.lists(indicator, min_size=1, max_size=3),
    combines=st.lists(st.sampled_from(["sum", "last", "mean", "max"]), min_size=3, max_size=3),
    cells=st.lists(cell, min_size=6 * 3 * 4, max_size=6 * 3 * 4),
)
def test_explaining_path_equals_columnar_path(
    tmp_path: Path, indicators: list[dict[str, Any]], combines: list[str], cells: list[Any]
) -> None:
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(_ruleset(indicators, combines)))
    values = []
    it = iter(cells)
    for unit in UNITS:
        for name in INPUTS:
            for label in LABELS:
                raw = next(it)
                if raw is not None:
                    values.append(
                        {"unit": unit["id"], "period": label, "variable": name, "value": raw}
                    )
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({"units": UNITS, "values": values}))
    rs = load_ruleset(tmp_path / "r.yaml")
    dataset = read_data([tmp_path / "d.yaml"])
    result = score(rs, dataset)
    deriver = Deriver(Evaluator(rs, bind(rs, dataset)))
    index = deriver.ev.bound.index
    for row in result.indicators:
        i = index[row.unit]
        for part in ("realisasi", "target", "capaian"):
            slow = deriver.get(f"{row.indicator}.{part}", row.period, i)
            fast = getattr(row, part).value
            assert _same(fast, slow), (
                f"{row.unit} {row.indicator}.{part} {row.period}: {fast} vs {slow}"
            )
