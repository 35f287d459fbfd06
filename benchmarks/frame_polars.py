"""The scorecard in polars: expressions over the wide frame, a group_by per roll-up step.

Every column is read as text and cleaned with string expressions (benchmarks.frames); each
indicator part is one expression over its period columns; roll-ups are group_by + join; ranks
are rank("min") over the values rounded half up. The report is the figures unpivoted per level.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import polars as pl

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
    return {f.column: scored[f.column].to_numpy().astype(np.float64) for f in figures}, clock


def read(files: DataFiles) -> pl.DataFrame:
    """The units file joined with every wide file's cleaned numbers, in units.csv order."""
    units = pl.read_csv(files.units, infer_schema=False)
    frames = []
    for path, sep in files.wide:
        raw = pl.read_csv(path, separator=sep, infer_schema=False)
        values = raw.columns[1:]
        clean = raw.select("unit", *(_number(pl.col(c)).alias(c) for c in values))
        _check(raw, clean, values, path)
        frames.append(clean)
    data = pl.concat(frames, how="diagonal")
    return units.join(data, on="unit", how="left", maintain_order="left")


def _number(cell: pl.Expr) -> pl.Expr:
    text = cell.str.strip_chars()
    grouped = text.str.replace_all(".", "", literal=True)
    return (
        pl.when(text == NA_WORD)
        .then(pl.lit(REPORTED))
        .when(text.str.contains(THOUSANDS))
        .then(grouped.cast(pl.Float64, strict=False))
        .otherwise(text.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False))
    )


def _check(raw: pl.DataFrame, clean: pl.DataFrame, columns: list[str], path: Path) -> None:
    """UnreadCell at the first cell that holds text but gave no number."""
    lost = [(raw[c].str.strip_chars().str.len_chars() > 0) & clean[c].is_null() for c in columns]
    for column, bad in zip(columns, lost, strict=True):
        if bad.any():
            row = int(bad.arg_true()[0])
            raise UnreadCell(f"{path}: row {row + 2}, {column}: {raw[column][row]!r}")


def compute(frame: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    """Every figure as a column: indicator parts, the two means, roll-up, Camat, ranks."""
    parts = {}
    for label, ind in itertools.product(LABELS, plan.indicators):
        at = pl.col("level") == ind.level
        real = _combine([f"{ind.realisasi}@{m}" for m in months(label)], ind.realisasi_combine)
        target = _combine([f"{ind.target}@{q}" for q in quarters(label)], ind.target_combine)
        parts[f"realisasi/{ind.id}/{label}"] = pl.when(at).then(real)
        parts[f"target/{ind.id}/{label}"] = pl.when(at).then(target)
    frame = frame.with_columns(**parts)
    capaian = {
        f"capaian/{ind.id}/{label}": _capaian(ind, label)
        for label, ind in itertools.product(LABELS, plan.indicators)
    }
    frame = frame.with_columns(**capaian)
    means = {
        f"score/{score}/{label}": pl.mean_horizontal(*(f"capaian/{m}/{label}" for m in members))
        for label in LABELS
        for score, members in (plan.lurah, plan.camat_own)
    }
    return _ranked(_rolled(frame.with_columns(**means), plan), plan)


def _combine(columns: list[str], how: str) -> pl.Expr:
    """Period cells combined: N/A ones skipped; a blank one, or only N/A, gives null."""
    cells = [pl.col(c) for c in columns]
    values = [pl.when(c == REPORTED).then(None).otherwise(c) for c in cells]
    missing = pl.any_horizontal(*(c.is_null() for c in cells)) | pl.all_horizontal(
        *(c == REPORTED for c in cells)
    )
    if how == "sum":
        combined = pl.sum_horizontal(*values)
    elif how == "mean":
        combined = pl.mean_horizontal(*values)
    else:  # last
        combined = pl.coalesce(*reversed(values))
    return pl.when(missing).then(None).otherwise(combined)


def _capaian(ind: IndicatorPlan, label: str) -> pl.Expr:
    real, target = pl.col(f"realisasi/{ind.id}/{label}"), pl.col(f"target/{ind.id}/{label}")
    if ind.lower:
        own = pl.when(real <= 0).then(100.0).otherwise(0.0)
        value = pl.when(target == 0).then(own).otherwise((2 * target - real) / target * 100)
    else:
        value = pl.when(target == 0).then(None).otherwise(real / target * 100.0)
    value = pl.when(real.is_null() | target.is_null()).then(None).otherwise(value)
    if ind.cap is not None:
        value = pl.when(value > ind.cap).then(ind.cap).otherwise(value)
    if ind.floor is not None:
        value = pl.when(value < ind.floor).then(ind.floor).otherwise(value)
    return value


def _rolled(frame: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    """The roll-up (mean of the children, level by level) and the Camat's score."""
    roll, source = plan.rollup
    column = f"score/{roll}/tahunan"
    frame = frame.with_columns(pl.col(f"score/{source}/tahunan").alias(column))
    for child, parent in itertools.pairwise(plan.levels):
        means = (
            frame.filter(pl.col("level") == child)
            .group_by("parent")
            .agg(pl.col(column).mean().alias("_mean"))
            .rename({"parent": "unit"})
        )
        frame = frame.join(means, on="unit", how="left", maintain_order="left")
        at = pl.col("level") == parent
        rolled = pl.when(at).then(pl.col("_mean")).otherwise(pl.col(column))
        frame = frame.with_columns(rolled.alias(column)).drop("_mean")
    camat, own, rolled = plan.camat
    mine = pl.col(f"score/{own}/tahunan") * 0.5 + pl.col(f"score/{rolled}/tahunan") * 0.5
    at = pl.col("level") == "kecamatan"
    return frame.with_columns(pl.when(at).then(mine).alias(f"score/{camat}/tahunan"))


def half_up(value: pl.Expr) -> pl.Expr:
    """The value as presented: snapped, then rounded half away from zero."""
    scale = 10.0**DECIMALS
    magnitude = (value.round(SNAP).abs() * scale + 0.5).floor() / scale
    return pl.when(value < 0).then(-magnitude).otherwise(magnitude)


def _ranked(frame: pl.DataFrame, plan: Plan) -> pl.DataFrame:
    ranks = {}
    for ranking, level, by in plan.rankings:
        shown = pl.when(pl.col("level") == level).then(half_up(pl.col(f"score/{by}/tahunan")))
        ranks[f"rank/{ranking}"] = shown.rank("min", descending=True).cast(pl.Float64)
    return frame.with_columns(**ranks)


def report(frame: pl.DataFrame, figures: list[Figure], levels: tuple[str, ...]) -> pl.DataFrame:
    """One row per presented number: the figures of each level unpivoted, labelled."""
    labels = pl.DataFrame(
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
        rows = frame.filter(pl.col("level") == level).select("unit", *names)
        parts.append(rows.unpivot(on=names, index="unit", variable_name="figure"))
    long = pl.concat(parts).join(labels, on="figure", how="left", maintain_order="left")
    return long.select(
        "jenis",
        "unit",
        "name",
        "period",
        "part",
        "value",
        half_up(pl.col("value")).alias("rounded"),
    )


def write(table: pl.DataFrame, fmt: str, out: Path) -> None:
    """The report in one format; XLSX split into sheets at Excel's row limit."""
    if fmt == "csv":
        table.write_csv(out)
    elif fmt == "json":
        table.write_json(out)
    elif fmt == "parquet":
        table.write_parquet(out)
    else:
        import xlsxwriter  # the bench extra; only for XLSX

        with xlsxwriter.Workbook(out) as book:  # polars writes an Excel table: not streamed
            for n, start in enumerate(range(0, max(table.height, 1), XLSX_ROWS), start=1):
                table.slice(start, XLSX_ROWS).write_excel(book, worksheet=f"hasil{n}")
