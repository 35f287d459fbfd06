"""A national-size synthetic dataset for the 2016 Camat/Lurah scorecard, from a fixed seed.

The unit tree is shaped like the national register (Kepmendagri kode wilayah): 38 provinsi,
514 kabupaten/kota, ~7,270 kecamatan and ~83,700 desa/kelurahan, with codes such as
``32.73.05.1001``. Every kelurahan reports twelve monthly realisations and four triwulan targets
of each of the sixteen scorecard variables; every kecamatan reports those of the Camat's own five.
Cells are written as offices write them: mostly plain numbers, some with a decimal comma
(``86,75``), thousands dots (``1.250.000``), ``N/A`` for a month without a survey, and a few
blank cells (no report). Three wide-form CSV files: units.csv; kelurahan.csv with ``;`` as
separator (what Excel writes on an Indonesian Windows); kecamatan.csv with ``,`` and quotes around
the cells that hold a comma. With ``--long`` the two level files are written in long form instead
(unit, period, variable, value: a row per value, blank cells left out), the same values.
"""

from __future__ import annotations

import argparse
import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NATIONAL = {"provinsi": 38, "kota": 514, "kecamatan": 7270, "kelurahan": 83700}
SMOKE = {"provinsi": 2, "kota": 5, "kecamatan": 14, "kelurahan": 120}
MONTHS = [f"B{m:02d}" for m in range(1, 13)]
QUARTERS = [f"TW{q}" for q in range(1, 5)]


@dataclass(frozen=True, slots=True)
class Variable:
    """A scorecard variable: how its monthly values and triwulan targets are drawn and written."""

    id: str
    shape: (
        str  # flow (monthly counts summed), stock (remaining points), level (percent), cumulative
    )
    scale: float
    camat: bool = False  # the Camat reports it for the kecamatan too
    currency: bool = False


VARIABLES = (
    Variable("hunian_liar", "stock", 12),
    Variable("sampah", "stock", 8),
    Variable("saluran", "flow", 4, camat=True),
    Variable("bpjs", "flow", 30),
    Variable("bebas_jentik", "level", 95),
    Variable("parkir_liar", "stock", 10, camat=True),
    Variable("taman", "flow", 6),
    Variable("kjp", "flow", 25),
    Variable("pk5", "flow", 5),
    Variable("pju", "flow", 3, camat=True),
    Variable("jalan", "flow", 2),
    Variable("relokasi", "flow", 3, camat=True),
    Variable("pbb", "flow", 150_000_000, currency=True),
    Variable("masalah_sosial", "flow", 7),
    Variable("penyerapan_anggaran", "cumulative", 100, camat=True),
    Variable("data_aset", "flow", 9),
)


@dataclass(frozen=True, slots=True)
class Tree:
    """The unit tree: ids, names, levels and parents, top-down."""

    ids: list[str]
    names: list[str]
    levels: list[str]
    parents: list[str]

    def of_level(self, level: str) -> list[str]:
        """The ids of one level, in tree order."""
        return [u for u, lv in zip(self.ids, self.levels, strict=True) if lv == level]


def split(total: int, parts: int, rng: np.random.Generator) -> np.ndarray:
    """total children spread over parts parents, each parent at least one, unevenly."""
    weights = rng.gamma(2.0, 1.0, parts)
    return 1 + rng.multinomial(total - parts, weights / weights.sum())


def build_tree(counts: dict[str, int], rng: np.random.Generator) -> Tree:
    """Provinsi → kota → kecamatan → kelurahan with register-style codes."""
    tree = Tree([], [], [], [])
    provinsi = [f"{11 + p:02d}" for p in range(counts["provinsi"])]
    for pid in provinsi:
        _add(tree, pid, f"Provinsi {pid}", "provinsi", "")
    kota = _children(tree, provinsi, counts["kota"], "kota", "{parent}.{i:02d}", rng)
    kec = _children(tree, kota, counts["kecamatan"], "kecamatan", "{parent}.{i:02d}", rng)
    _children(tree, kec, counts["kelurahan"], "kelurahan", "{parent}.{j}", rng)
    return tree


def _children(
    tree: Tree, parents: list[str], total: int, level: str, pattern: str, rng: np.random.Generator
) -> list[str]:
    """Add `total` units of `level` under `parents`; their ids."""
    made: list[str] = []
    for parent, count in zip(parents, split(total, len(parents), rng), strict=True):
        for i in range(1, int(count) + 1):
            uid = pattern.format(parent=parent, i=i, j=1000 + i)
            _add(tree, uid, f"{level.title()} {uid}", level, parent)
            made.append(uid)
    return made


def _add(tree: Tree, uid: str, name: str, level: str, parent: str) -> None:
    tree.ids.append(uid)
    tree.names.append(name)
    tree.levels.append(level)
    tree.parents.append(parent)


def monthly(var: Variable, n: int, rng: np.random.Generator) -> np.ndarray:
    """(n, 12) monthly realisations."""
    base = rng.uniform(0.5, 1.5, (n, 1)) * var.scale
    if var.shape == "flow":
        return rng.poisson(np.broadcast_to(base, (n, 12))).astype(np.float64)
    if var.shape == "stock":
        fall = rng.uniform(0.0, 0.12, (n, 1)) * np.arange(12)
        return np.maximum(np.round(base * (1 - fall) + rng.normal(0, 1, (n, 12))), 0)
    if var.shape == "level":
        return np.minimum(np.round(rng.normal(93, 4, (n, 12)), 2), 100)
    steps = rng.uniform(2, 12, (n, 12))
    return np.minimum(np.round(np.cumsum(steps, axis=1), 2), 100)


def targets(var: Variable, months: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """(n, 4) triwulan targets near what the unit realises (some above, some below)."""
    n = months.shape[0]
    factor = rng.uniform(0.8, 1.25, (n, 4))
    quarters = months.reshape(n, 4, 3)
    if var.shape == "flow":
        return np.asarray(np.round(quarters.sum(axis=2) * factor))
    if var.shape == "stock":
        return np.round(quarters[:, :, 2] * factor)
    if var.shape == "level":
        return np.full((n, 4), 95.0)
    return np.minimum(np.round(quarters[:, :, 2] * factor, 1), 100)


def write_cells(var: Variable, values: np.ndarray, rng: np.random.Generator) -> list[list[str]]:
    """Values as office cells: plain, decimal comma, thousands dots, N/A or blank."""
    cells = [[_plain(v) for v in row] for row in values.tolist()]
    draw = rng.random(values.shape)
    for i, j in zip(*np.nonzero(draw < 0.004), strict=True):
        cells[i][j] = ""
    if var.shape == "level":
        for i, j in zip(*np.nonzero((draw > 0.9) & (draw < 0.95)), strict=True):
            cells[i][j] = "N/A"
    if var.shape in ("level", "cumulative"):
        for i, j in zip(*np.nonzero(draw > 0.97), strict=True):
            cells[i][j] = cells[i][j].replace(".", ",")
    if var.currency:
        for i, j in zip(*np.nonzero(draw > 0.95), strict=True):
            cells[i][j] = f"{int(values[i, j]):,}".replace(",", ".")
    return cells


def share(percent: float) -> dict[str, int]:
    """The national register's level counts scaled to `percent` (at least one unit a level)."""
    return {level: max(1, round(n * percent / 100)) for level, n in NATIONAL.items()}


def _plain(value: float) -> str:
    return str(int(value)) if value.is_integer() else repr(value)


def generate(out: Path, counts: dict[str, int], seed: int) -> list[Path]:
    """Write units.csv, kelurahan.csv and kecamatan.csv to `out`; their paths."""
    rng = np.random.default_rng(seed)
    tree = build_tree(counts, rng)
    out.mkdir(parents=True, exist_ok=True)
    units = out / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["unit", "name", "level", "parent"])
        writer.writerows(zip(tree.ids, tree.names, tree.levels, tree.parents, strict=True))
    files = [units]
    for level, chosen, sep in (
        ("kelurahan", VARIABLES, ";"),
        ("kecamatan", _camat_variables(), ","),
    ):
        files.append(_write_level(out / f"{level}.csv", tree.of_level(level), chosen, sep, rng))
    return files


def _camat_variables() -> tuple[Variable, ...]:
    return tuple(v for v in VARIABLES if v.camat)


def _write_level(
    path: Path, ids: list[str], variables: tuple[Variable, ...], sep: str, rng: np.random.Generator
) -> Path:
    """One wide-form file: a row per unit, var@B01…B12 and var_target@TW1…TW4 per variable."""
    header = ["unit"]
    columns: list[list[list[str]]] = []
    for var in variables:
        months = monthly(var, len(ids), rng)
        header += [f"{var.id}@{m}" for m in MONTHS] + [f"{var.id}_target@{q}" for q in QUARTERS]
        columns.append(write_cells(var, months, rng))
        columns.append(write_cells(var, targets(var, months, rng), rng))
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(header)
        for i, uid in enumerate(ids):
            writer.writerow([uid, *(cell for block in columns for cell in block[i])])
    return path


def to_long(path: Path, sep: str) -> Path:
    """Rewrite a wide level file in long form: a row per non-blank cell, same separator."""
    with path.open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh, delimiter=sep))
    keys = [column.split("@") for column in header[1:]]
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=sep, lineterminator="\n")
        writer.writerow(["unit", "period", "variable", "value"])
        for row in rows:
            for (variable, period), cell in zip(keys, row[1:], strict=True):
                if cell:
                    writer.writerow([row[0], period, variable, cell])
    return path


def main() -> None:
    """Command line: python benchmarks/generate.py OUT [--smoke | --percent P] [--seed N]
    [--long]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--smoke", action="store_true", help="a tiny tree for a quick check")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--percent", type=float, help="this share of the national register")
    parser.add_argument("--long", action="store_true", help="level files in long form")
    args = parser.parse_args()
    counts = SMOKE if args.smoke else share(args.percent) if args.percent else NATIONAL
    for path in generate(args.out, counts, args.seed):
        if args.long and path.name != "units.csv":
            to_long(path, ";" if path.name == "kelurahan.csv" else ",")
        print(path)


if __name__ == "__main__":
    main()
