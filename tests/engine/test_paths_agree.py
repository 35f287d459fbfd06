"""Property: the explaining oracle (one unit, plain Python, tests/engine/oracle.py) equals the
columnar path on indicators, figures, scores, predikat, roll-ups and rankings, always."""

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
from engine.scoring.evaluate import Evaluator
from engine.scoring.score import score
from tests.engine.oracle import Oracle

INPUTS = ("x1", "x2", "x3")
WEIGHT = "w"  # a weight input for weighted_mean roll-ups, always present
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
# an indicator may also read the figure f, rolled up quarter by quarter, then combined
indicator_atoms = st.one_of(atoms, st.just("f"))


def _expr(depth: int, atoms: st.SearchStrategy[str] = atoms) -> st.SearchStrategy[str]:
    if depth == 0:
        return atoms
    sub = _expr(depth - 1, atoms)
    return st.one_of(
        atoms,
        st.tuples(sub, st.sampled_from("+-*/"), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["AVERAGE", "MIN", "MAX", "SUM"]), sub, sub).map(
            lambda t: f"{t[0]}({t[1]}, {t[2]})"
        ),
        st.tuples(sub, sub, sub).map(lambda t: f"IF({t[0]} > {t[1]}, {t[2]}, {t[1]})"),
    )


target_value = st.one_of(st.just("NA"), st.integers(0, 150))
rollups = st.sampled_from(
    [None, "mean", "sum", "min", "max", "weighted_mean", "mean gaps:na", "weighted_mean gaps:na"]
)
indicator = st.fixed_dictionaries(
    {
        "realisasi": _expr(2, indicator_atoms),
        "polarity": st.sampled_from(["higher", "lower"]),
        "level": st.sampled_from(["kelurahan", "kecamatan", "kota"]),
        "rollup": rollups,
        "combine": st.sampled_from([None, "sum", "last", "mean", "max"]),
        "cap": st.sampled_from([None, 100, 120]),
        "weight": st.sampled_from([0, 10, 25, 40]),
        "group": st.sampled_from(["a", "b"]),
        "target": st.fixed_dictionaries({k: target_value for k in (*LABELS, "tahunan")}),
    }
)
score_spec = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["weighted_sum", "weighted_mean", "mean", "mean_of_groups"]),
        "renormalize": st.booleans(),
        "cap": st.sampled_from([None, 90, 100]),
        "rollup": rollups,
        "on": st.sampled_from(["value", "rounded"]),
        "decimals": st.sampled_from([0, 1, 2]),
    }
)
figure_spec = st.fixed_dictionaries({"formula": _expr(1), "rollup": rollups})
cell = st.one_of(
    st.floats(-50, 200, allow_nan=False).map(lambda f: f"{f:.3f}".replace(".", ",")),
    st.just("N/A"),
    st.none(),
)

# A random year of the six units: the arguments of _ruleset and _write_data, given by
# @given(**RANDOM_YEAR) here and in the tests that compare the report writers and formats.
RANDOM_YEAR = {
    "indicators": st.lists(indicator, min_size=1, max_size=3),
    "combines": st.lists(st.sampled_from(["sum", "last", "mean", "max"]), min_size=3, max_size=3),
    "sc": score_spec,
    "fig": figure_spec,
    "cells": st.lists(cell, min_size=6 * 3 * 4, max_size=6 * 3 * 4),
    "weights": st.lists(st.integers(1, 9), min_size=6 * 4, max_size=6 * 4),
}


def _rollup(spec: str) -> Any:
    method, _, gaps = spec.partition(" gaps:")
    body = {"method": method, "weight": WEIGHT} if method == "weighted_mean" else {"method": method}
    return {**body, "gaps": gaps} if gaps else body


def _ruleset(
    indicators: list[dict[str, Any]], combines: list[str], sc: dict[str, Any], fig: dict[str, Any]
) -> dict[str, Any]:
    inds = {}
    for n, spec in enumerate(indicators):
        body: dict[str, Any] = {
            "name": f"I{n}", "level": spec["level"], "polarity": spec["polarity"],
            "realisasi": spec["realisasi"], "target": {**spec["target"], "assumption": "t"},
            "group": spec["group"], "weight": {"value": spec["weight"], "assumption": "t"},
            "predikat": "bands", "assumption": "t",
        }  # fmt: skip
        for key in ("combine", "cap"):
            if spec[key] is not None:
                body[key] = spec[key]
        if spec["rollup"] is not None:
            body["rollup"] = _rollup(spec["rollup"])
        inds[f"i{n}"] = body
    score: dict[str, Any] = {
        "method": sc["method"], "indicators": list(inds), "level": "kelurahan",
        "renormalize": sc["renormalize"], "predikat": "bands", "assumption": "t",
        "rounding": {"decimals": sc["decimals"]},
    }  # fmt: skip
    for key in ("cap",):
        if sc[key] is not None:
            score[key] = sc[key]
    if sc["rollup"] is not None:
        score["rollup"] = _rollup(sc["rollup"])
    figure: dict[str, Any] = {"formula": fig["formula"], "level": "kelurahan", "assumption": "t"}
    if fig["rollup"] is not None:
        figure["rollup"] = _rollup(fig["rollup"])
    return {
        "id": "random", "year": 2024, "cadence": "triwulan",
        "levels": {"kota": None, "kecamatan": "kota", "kelurahan": "kecamatan"},
        "inputs": {
            **{
                name: {"kind": "number", "period": "triwulan", "combine": how, "assumption": "t"}
                for name, how in zip(INPUTS, combines, strict=True)
            },
            WEIGHT: {"kind": "number", "period": "triwulan", "combine": "last", "assumption": "t"},
        },
        "tables": {
            "bands": {
                "kind": "bands", "on": sc["on"], "assumption": "t",
                "bands": [
                    {"label": "rendah", "at_most": 50.5},
                    {"label": "sedang", "above": 50.5, "at_most": 80.25},
                    {"label": "tinggi", "above": 80.25},
                ],
            }
        },
        "figures": {"f": figure},
        "indicators": inds,
        "scores": {"s": score},
        "rankings": {"peringkat": {"by": "s", "level": "kecamatan", "assumption": "t"}},
    }  # fmt: skip


def _same(a: Any, b: Any) -> bool:
    if a is None or isinstance(a, NA):
        return b is None or isinstance(b, NA)
    if b is None or isinstance(b, NA):
        return False
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _write_data(tmp_path: Path, cells: list[Any], weights: list[int]) -> None:
    values = []
    it, w = iter(cells), iter(weights)
    for unit in UNITS:
        for label in LABELS:
            values.append(
                {"unit": unit["id"], "period": label, "variable": WEIGHT, "value": next(w)}
            )
        for name in INPUTS:
            for label in LABELS:
                raw = next(it)
                if raw is not None:
                    values.append(
                        {"unit": unit["id"], "period": label, "variable": name, "value": raw}
                    )
    (tmp_path / "d.yaml").write_text(yaml.safe_dump({"units": UNITS, "values": values}))


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(**RANDOM_YEAR)
def test_oracle_equals_columnar_path(
    tmp_path: Path,
    indicators: list[dict[str, Any]],
    combines: list[str],
    sc: dict[str, Any],
    fig: dict[str, Any],
    cells: list[Any],
    weights: list[int],
) -> None:
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(_ruleset(indicators, combines, sc, fig)))
    _write_data(tmp_path, cells, weights)
    rs = load_ruleset(tmp_path / "r.yaml")
    dataset = read_data([tmp_path / "d.yaml"])
    result = score(rs, dataset)
    oracle = Oracle(Evaluator(rs, bind(rs, dataset)))
    index = oracle.ev.bound.index
    for row in result.indicators:
        i = index[row.unit]
        where = f"{row.unit} {row.indicator} {row.period}"
        for part in ("realisasi", "target", "capaian"):
            slow = oracle.get(f"{row.indicator}.{part}", row.period, i)
            fast = getattr(row, part).value
            assert _same(fast, slow), f"{where} {part}: {fast} vs {slow}"
        ind = rs.indicators[row.indicator]
        capaian = oracle.get(f"{row.indicator}.capaian", row.period, i)
        slow = oracle.predikat("bands", capaian, ind.rounding["capaian"])
        assert _same(row.predikat, slow), f"{where} predikat: {row.predikat} vs {slow}"
    for row in result.figures:
        slow = oracle.get(row.name, row.period, index[row.unit])
        assert _same(row.value.value, slow), f"{row.unit} {row.name} {row.period}"
    for row in result.scores:
        slow = oracle.get(row.name, row.period, index[row.unit])
        where = f"{row.unit} {row.name} {row.period}"
        assert _same(row.value.value, slow), f"{where}: {row.value.value} vs {slow}"
        band = oracle.predikat("bands", slow, rs.scores["s"].rounding)
        assert _same(row.predikat, band), f"{where} predikat: {row.predikat} vs {band}"
    ranks = oracle.ranks(rs.rankings["peringkat"], "tahunan")
    assert {r.unit: r.rank for r in result.rankings} == ranks
