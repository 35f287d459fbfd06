"""What every contender shares: the data files, the unit tree, the figures and their comparison.

A contender returns Figures: for each figure name an array over the units in units.csv order,
NaN where the figure is N/A. Names are 'part/indicator/label' (part target, realisasi or
capaian), 'score/id/label' and 'rank/id'.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dsl.rounding import round_half_up_array

Figures = dict[str, np.ndarray]


@dataclass(frozen=True, slots=True)
class DataFiles:
    """The generated dataset: the units file and the wide files with their separators."""

    units: Path
    wide: tuple[tuple[Path, str], ...]  # (file, separator)

    @classmethod
    def at(cls, folder: Path) -> DataFiles:
        """The files generate.py writes into folder."""
        wide = ((folder / "kelurahan.csv", ";"), (folder / "kecamatan.csv", ","))
        return cls(folder / "units.csv", wide)

    def all(self) -> list[Path]:
        """Every file, units first."""
        return [self.units, *(path for path, _ in self.wide)]


@dataclass(frozen=True, slots=True)
class Tree:
    """The unit tree in units.csv order."""

    ids: list[str]
    index: dict[str, int]
    levels: np.ndarray  # object
    parents: np.ndarray  # int64, -1 for the top

    @property
    def size(self) -> int:
        """How many units."""
        return len(self.ids)


def read_tree(path: Path) -> Tree:
    """The units file as a tree."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = [r["unit"] for r in rows]
    index = {u: i for i, u in enumerate(ids)}
    parents = np.array([index.get(r["parent"], -1) for r in rows], dtype=np.int64)
    return Tree(ids, index, np.array([r["level"] for r in rows], dtype=object), parents)


def competition_ranks(values: np.ndarray, decimals: int = 2) -> np.ndarray:
    """Ranks 1, 2, 2, 4 … on values as presented (rounded half up), highest first; NaN unranked."""
    ranks = np.full(len(values), np.nan)
    valid = np.flatnonzero(~np.isnan(values))
    shown = round_half_up_array(values[valid], decimals)
    order = np.argsort(-shown, kind="stable")
    ordered = shown[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    position = np.arange(1, len(order) + 1)
    ranks[valid[order]] = np.maximum.accumulate(np.where(new, position, 0))
    return ranks


def differences(
    expected: Figures, got: Figures, names: list[str], units: np.ndarray | None = None
) -> list[str]:
    """One line per named figure that differs (N/A pattern, value beyond 1e-9, or missing)."""
    lines: list[str] = []
    where = slice(None) if units is None else units
    for name in names:
        if name not in got or name not in expected:
            lines.append(f"{name}: missing")
            continue
        a, b = expected[name][where], got[name][where]
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            count = int(np.sum(np.isnan(a) != np.isnan(b)))
            lines.append(f"{name}: N/A differs for {count} unit(s)")
        elif not np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True):
            worst = float(np.nanmax(np.abs(a - b)))
            lines.append(f"{name}: values differ by up to {worst:g}")
    return lines


def first_difference(
    expected: Figures, got: Figures, names: list[str], ids: list[str]
) -> str | None:
    """The first cell (figure by figure, unit by unit) where got differs from expected: N/A on
    one side only, or values more than 1e-9 apart; None when every figure agrees."""
    for name in names:
        if name not in got or name not in expected:
            return f"{name}: missing"
        a, b = expected[name], got[name]
        if a.shape != b.shape:
            return f"{name}: {len(b)} units, expected {len(a)}"
        differ = np.isnan(a) != np.isnan(b)
        both = ~np.isnan(a) & ~np.isnan(b)
        differ[both] = ~np.isclose(a[both], b[both], rtol=1e-9, atol=1e-9)
        if differ.any():
            i = int(np.argmax(differ))
            return f"{name}, unit {ids[i]}: expected {float(a[i])!r}, got {float(b[i])!r}"
    return None
