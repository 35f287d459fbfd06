"""The scorecard in pandas: column arithmetic on the wide frame, groupby per roll-up step.

Every column is read as text (C parser) and cleaned with the .str accessor (benchmarks.frames);
each indicator part is Series arithmetic over its period columns; roll-ups are groupby().mean();
ranks are rank(method="min") over the values rounded half up. The report is the figures melted
per level.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import DataFiles, Figures
from benchmarks.frames import (
    DECIMALS,
    NA_WORD,
    REPORTED,
    SNAP,
    THOUSANDS,
    XLSX_ROWS,
    Clock,
    Figure,
    UnreadCell,
    by_level,
    figures_of,
    months,
    quarters,
)
from benchmarks.plan import LABELS, IndicatorPlan, Plan


def run(files: DataFiles, plan: Plan, fmt: str | None, out: Path | None) -> tuple[Figures, Clock]:
    """Read, compute, write the report (when fmt); the figures and the phases' times."""
    clock = Clock()
    frame = read(files)
    clock.lap("read")
    figures = figures_of(plan)
    scored = compute(frame, plan)
    clock.lap("compute")
    if fmt is not None and out is not None:
        write(report(scored, figures, plan.levels), fmt, out)
        clock.lap("write")
    return {f.column: scored[f.column].to_numpy(dtype=np.float64) for f in figures}, clock


def read(files: DataFiles) -> pd.DataFrame:
    """The units file joined with every wide file's cleaned numbers, in units.csv order."""
    units = pd.read_csv(files.units, dtype=str, keep_default_na=False)
    frames = []
    for path, sep in files.wide:
        raw = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)
        numbers = {c: _number(raw[c], path, c) for c in raw.columns[1:]}
        frames.append(pd.concat([raw[["unit"]], pd.DataFrame(numbers)], axis=1))
    data = pd.concat(frames, ignore_index=True)
    return units.merge(data, on="unit", how="left")


def _number(cells: pd.Series, path: Path, column: str) -> pd.Series:
    """A column's numbers: NaN blank, REPORTED for N/A; UnreadCell for anything else."""
    text = cells.str.strip()
    grouped = text.str.fullmatch(THOUSANDS)
    plain = text.str.replace(",", ".", regex=False)
    plain = plain.where(~grouped, text.str.replace(".", "", regex=False))
    plain = plain.where(text != NA_WORD, repr(REPORTED))
    values = pd.to_numeric(plain.mask(text == ""), errors="coerce")
    lost = (text != "") & values.isna()
    if lost.any():
        row = int(np.flatnonzero(lost.to_numpy())[0])
        raise UnreadCell(f"{path}: row {row + 2}, {column}: {cells.iloc[row]!r}")
    return values.astype(np.float64)


def compute(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """Every figure as a column: indicator parts, the two means, roll-up, Camat, ranks."""
    out: dict[str, pd.Series] = {}
    for label, ind in itertools.product(LABELS, plan.indicators):
        at = frame["level"] == ind.level
        real = _combine(
            frame[[f"{ind.realisasi}@{m}" for m in months(label)]], ind.realisasi_combine
        )
        target = _combine(frame[[f"{ind.target}@{q}" for q in quarters(label)]], ind.target_combine)
        real, target = real.where(at), target.where(at)
        out[f"target/{ind.id}/{label}"] = target
        out[f"realisasi/{ind.id}/{label}"] = real
        out[f"capaian/{ind.id}/{label}"] = _capaian(ind, real, target)
    for label in LABELS:
        for score, members in (plan.lurah, plan.camat_own):
            chosen = pd.concat([out[f"capaian/{m}/{label}"] for m in members], axis=1)
            out[f"score/{score}/{label}"] = chosen.mean(axis=1)
    scored = pd.concat([frame[["unit", "level", "parent"]], pd.DataFrame(out)], axis=1)
    return _ranked(_rolled(scored, plan), plan)


def _combine(cells: pd.DataFrame, how: str) -> pd.Series:
    """Period cells combined: N/A ones skipped; a blank one, or only N/A, gives NaN."""
    skipped = cells == REPORTED
    missing = (cells.isna() & ~skipped).any(axis=1) | skipped.all(axis=1)
    values = cells.mask(skipped)
    if how == "sum":
        combined = values.sum(axis=1)
    elif how == "mean":
        combined = values.mean(axis=1)
    else:  # last
        combined = values.ffill(axis=1).iloc[:, -1]
    return combined.mask(missing)


def _capaian(ind: IndicatorPlan, real: pd.Series, target: pd.Series) -> pd.Series:
    if ind.lower:
        own = pd.Series(np.where(real <= 0, 100.0, 0.0), index=real.index)
        value = ((2 * target - real) / target * 100).mask(target == 0, own)
    else:
        value = (real / target * 100.0).mask(target == 0)
    value = value.mask(real.isna() | target.isna())
    if ind.cap is not None:
        value = value.clip(upper=ind.cap)
    if ind.floor is not None:
        value = value.clip(lower=ind.floor)
    return value


def _rolled(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """The roll-up (mean of the children, level by level) and the Camat's score."""
    roll, source = plan.rollup
    column = f"score/{roll}/tahunan"
    values = frame[f"score/{source}/tahunan"].copy()
    for child, parent in itertools.pairwise(plan.levels):
        children = frame["level"] == child
        means = values[children].groupby(frame["parent"][children]).mean()
        at = frame["level"] == parent
        values[at] = frame["unit"][at].map(means).to_numpy(dtype=np.float64)
    camat, own, _rolled = plan.camat  # the roll-up: values
    mine = frame[f"score/{own}/tahunan"] * 0.5 + values * 0.5
    extra = {column: values, f"score/{camat}/tahunan": mine.where(frame["level"] == "kecamatan")}
    return pd.concat([frame, pd.DataFrame(extra)], axis=1)


def half_up(values: pd.Series) -> pd.Series:
    """The values as presented: snapped, then rounded half away from zero."""
    scale = 10.0**DECIMALS
    magnitude = np.floor(values.round(SNAP).abs() * scale + 0.5) / scale
    return magnitude.where(values >= 0, -magnitude)


def _ranked(frame: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    ranks = {}
    for ranking, level, by in plan.rankings:
        shown = half_up(frame[f"score/{by}/tahunan"]).where(frame["level"] == level)
        ranks[f"rank/{ranking}"] = shown.rank(method="min", ascending=False)
    return pd.concat([frame, pd.DataFrame(ranks)], axis=1)


def report(frame: pd.DataFrame, figures: list[Figure], levels: tuple[str, ...]) -> pd.DataFrame:
    """One row per presented number: the figures of each level melted, labelled."""
    labels = pd.DataFrame(
        {
            "figure": [f.column for f in figures],
            "jenis": [f.jenis for f in figures],
            "name": [f.name for f in figures],
            "period": [f.period for f in figures],
            "part": [f.part for f in figures],
        }
    )
    parts = []
    for level, chosen in by_level(figures, levels).items():
        names = [f.column for f in chosen]
        rows = frame.loc[frame["level"] == level, ["unit", *names]]
        parts.append(rows.melt(id_vars="unit", var_name="figure", value_name="value"))
    long = pd.concat(parts, ignore_index=True).merge(labels, on="figure", how="left")
    long["rounded"] = half_up(long["value"])
    return long[["jenis", "unit", "name", "period", "part", "value", "rounded"]]


def write(table: pd.DataFrame, fmt: str, out: Path) -> None:
    """The report in one format; XLSX split into sheets at Excel's row limit."""
    if fmt == "csv":
        table.to_csv(out, index=False)
    elif fmt == "json":
        table.to_json(out, orient="records")
    elif fmt == "parquet":
        table.to_parquet(out, index=False)
    else:
        with pd.ExcelWriter(out, engine="xlsxwriter") as book:
            for n, start in enumerate(range(0, max(len(table), 1), XLSX_ROWS), start=1):
                part = table.iloc[start : start + XLSX_ROWS]
                part.to_excel(book, sheet_name=f"hasil{n}", index=False)
