"""The scorecard in DuckDB: SQL over the wide table, GROUP BY per roll-up step, RANK().

Every column is read as VARCHAR and cleaned by a SQL macro (benchmarks.frames); each indicator
part is a CASE expression over its period columns; roll-ups are AVG … GROUP BY parent; ranks are
RANK() OVER (… ORDER BY the value rounded half up DESC). The report is the figures UNPIVOTed per
level and written by COPY (CSV, JSON, Parquet; DuckDB writes no XLSX without a downloaded
extension).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import duckdb
import numpy as np

from benchmarks.common import DataFiles, Figures
from benchmarks.frames import (
    DECIMALS,
    NA_WORD,
    REPORTED,
    SNAP,
    THOUSANDS,
    Clock,
    Figure,
    UnreadCell,
    by_level,
    figures_of,
    months,
    quarters,
)
from benchmarks.plan import LABELS, IndicatorPlan, Plan

FORMATS = {"csv": "(HEADER)", "json": "(FORMAT json, ARRAY true)", "parquet": "(FORMAT parquet)"}


def run(files: DataFiles, plan: Plan, fmt: str | None, out: Path | None) -> tuple[Figures, Clock]:
    """Read, compute, write the report (when fmt); the figures and the phases' times."""
    clock = Clock()
    db = duckdb.connect()
    read(db, files)
    clock.lap("read")
    figures = figures_of(plan)
    compute(db, plan)
    clock.lap("compute")
    if fmt is not None and out is not None:
        db.execute(f"COPY ({_report(db, figures, plan.levels)}) TO '{out}' {FORMATS[fmt]}")
        clock.lap("write")
    names = ", ".join(_q(f.column) for f in figures)
    fetched = db.execute(f"SELECT {names} FROM scored ORDER BY ord").fetchnumpy()
    return {f.column: _floats(fetched[f.column]) for f in figures}, clock


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _floats(column: np.ndarray) -> np.ndarray:
    """A fetched column as float64 with NaN for NULL."""
    if isinstance(column, np.ma.MaskedArray):
        return np.asarray(column.astype(np.float64).filled(np.nan))
    return np.asarray(column, dtype=np.float64)


def read(db: duckdb.DuckDBPyConnection, files: DataFiles) -> None:
    """Table `data`: the units file joined with every wide file's cleaned numbers."""
    db.execute(
        f"""CREATE MACRO num(s) AS CASE
            WHEN trim(s) = '' OR s IS NULL THEN NULL
            WHEN trim(s) = '{NA_WORD}' THEN {REPORTED!r}::DOUBLE
            WHEN regexp_matches(trim(s), '{THOUSANDS}')
                THEN TRY_CAST(replace(trim(s), '.', '') AS DOUBLE)
            ELSE TRY_CAST(replace(trim(s), ',', '.') AS DOUBLE) END"""
    )
    db.execute(
        f"CREATE TABLE units AS SELECT *, row_number() OVER () AS ord "
        f"FROM read_csv('{files.units}', all_varchar = true, header = true)"
    )
    selects = []
    for n, (path, sep) in enumerate(files.wide):
        db.execute(
            f"CREATE TABLE raw{n} AS SELECT * FROM read_csv('{path}', delim = '{sep}', "
            "header = true, all_varchar = true, quote = '\"')"
        )
        columns = [c for c in db.sql(f"SELECT * FROM raw{n} LIMIT 0").columns if c != "unit"]
        _check(db, f"raw{n}", columns, path)
        cleaned = ", ".join(f"num({_q(c)}) AS {_q(c)}" for c in columns)
        selects.append(f"SELECT unit, {cleaned} FROM raw{n}")
    union = " UNION ALL BY NAME ".join(selects)
    db.execute(f"CREATE TABLE data AS SELECT * FROM units LEFT JOIN ({union}) USING (unit)")


def _check(db: duckdb.DuckDBPyConnection, table: str, columns: list[str], path: Path) -> None:
    """UnreadCell at the first cell that holds text but gave no number."""
    lost = " OR ".join(f"(trim({_q(c)}) <> '' AND num({_q(c)}) IS NULL)" for c in columns)
    found = db.execute(f"SELECT * FROM {table} WHERE {lost} LIMIT 1").fetchone()
    if found is not None:
        raise UnreadCell(f"{path}: a cell is not a number: {found}")


def compute(db: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """Table `scored`: every figure as a column, in four steps (parts, capaian, means, the
    roll-up with the Camat's score and ranks)."""
    parts = []
    for label, ind in itertools.product(LABELS, plan.indicators):
        at = f"level = '{ind.level}'"
        real = _combine([f"{ind.realisasi}@{m}" for m in months(label)], ind.realisasi_combine)
        target = _combine([f"{ind.target}@{q}" for q in quarters(label)], ind.target_combine)
        parts.append(f"CASE WHEN {at} THEN {real} END AS {_q(f'realisasi/{ind.id}/{label}')}")
        parts.append(f"CASE WHEN {at} THEN {target} END AS {_q(f'target/{ind.id}/{label}')}")
    db.execute(
        f"CREATE TABLE parts AS SELECT unit, level, parent, ord, {', '.join(parts)} FROM data"
    )
    capaian = [
        f"{_capaian(ind, label)} AS {_q(f'capaian/{ind.id}/{label}')}"
        for label, ind in itertools.product(LABELS, plan.indicators)
    ]
    db.execute(f"CREATE TABLE capaian AS SELECT *, {', '.join(capaian)} FROM parts")
    means = [
        f"{_mean([f'capaian/{m}/{label}' for m in members])} AS {_q(f'score/{score}/{label}')}"
        for label in LABELS
        for score, members in (plan.lurah, plan.camat_own)
    ]
    db.execute(f"CREATE TABLE means AS SELECT *, {', '.join(means)} FROM capaian")
    _rolled(db, plan)


def _combine(columns: list[str], how: str) -> str:
    """Period cells combined: N/A ones skipped; a blank one, or only N/A, gives NULL."""
    cells = [_q(c) for c in columns]
    values = [f"NULLIF({c}, {REPORTED!r})" for c in cells]
    missing = " OR ".join(f"{c} IS NULL" for c in cells)
    missing += " OR (" + " AND ".join(f"{c} = {REPORTED!r}" for c in cells) + ")"
    if how == "sum":
        combined = " + ".join(f"coalesce({v}, 0)" for v in values)
    elif how == "mean":
        count = " + ".join(f"({v} IS NOT NULL)::INTEGER" for v in values)
        combined = f"({' + '.join(f'coalesce({v}, 0)' for v in values)}) / ({count})"
    else:  # last
        combined = f"coalesce({', '.join(reversed(values))})"
    return f"(CASE WHEN {missing} THEN NULL ELSE {combined} END)"


def _capaian(ind: IndicatorPlan, label: str) -> str:
    real, target = _q(f"realisasi/{ind.id}/{label}"), _q(f"target/{ind.id}/{label}")
    if ind.lower:
        own = f"CASE WHEN {real} <= 0 THEN 100.0 ELSE 0.0 END"
        value = (
            f"CASE WHEN {target} = 0 THEN {own} ELSE (2 * {target} - {real}) / {target} * 100 END"
        )
    else:
        value = f"CASE WHEN {target} = 0 THEN NULL ELSE {real} / {target} * 100.0 END"
    value = f"CASE WHEN {real} IS NULL OR {target} IS NULL THEN NULL ELSE {value} END"
    if ind.cap is not None:
        value = f"CASE WHEN ({value}) > {ind.cap} THEN {ind.cap} ELSE ({value}) END"
    if ind.floor is not None:
        value = f"CASE WHEN ({value}) < {ind.floor} THEN {ind.floor} ELSE ({value}) END"
    return f"({value})"


def _mean(columns: list[str]) -> str:
    """The plain mean of the columns that are not NULL (NULL when all are)."""
    total = " + ".join(f"coalesce({_q(c)}, 0)" for c in columns)
    count = " + ".join(f"({_q(c)} IS NOT NULL)::INTEGER" for c in columns)
    return f"(({total}) / NULLIF({count}, 0))"


def half_up(value: str) -> str:
    """The value as presented: snapped, then rounded half away from zero."""
    scale = 10.0**DECIMALS
    return f"(sign({value}) * floor(abs(round({value}, {SNAP})) * {scale} + 0.5) / {scale})"


def _rolled(db: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    """The roll-up (mean of the children, level by level), the Camat's score, the ranks."""
    roll, source = plan.rollup
    column = _q(f"score/{roll}/tahunan")
    source_column = _q(f"score/{source}/tahunan")
    db.execute(
        f"CREATE TABLE rolled AS SELECT unit, level, parent, {source_column} AS v FROM means"
    )
    for child, parent in itertools.pairwise(plan.levels):
        db.execute(
            f"""UPDATE rolled SET v = m.v FROM (
                    SELECT parent AS unit, AVG(v) AS v FROM rolled WHERE level = '{child}'
                    GROUP BY parent) AS m
                WHERE rolled.unit = m.unit AND rolled.level = '{parent}'"""
        )
    camat, own, _rolled_id = plan.camat  # the roll-up, held in `rolled`
    mine = f"{_q(f'score/{own}/tahunan')} * 0.5 + rolled.v * 0.5"
    ranks = [
        _rank(ranking, level, _q(f"score/{by}/tahunan")) for ranking, level, by in plan.rankings
    ]
    db.execute(
        f"""CREATE TABLE rolled_means AS SELECT means.*, rolled.v AS {column},
            CASE WHEN means.level = 'kecamatan' THEN {mine} END AS {_q(f"score/{camat}/tahunan")}
            FROM means JOIN rolled USING (unit)"""
    )
    db.execute(f"CREATE TABLE scored AS SELECT *, {', '.join(ranks)} FROM rolled_means")


def _rank(ranking: str, level: str, by: str) -> str:
    """Competition ranks within the level on the values as presented, highest first."""
    order = f"PARTITION BY level, {by} IS NULL ORDER BY {half_up(by)} DESC"
    rank = f"RANK() OVER ({order})::DOUBLE"
    ranked = f"CASE WHEN level = '{level}' AND {by} IS NOT NULL THEN {rank} END"
    return f"{ranked} AS {_q(f'rank/{ranking}')}"


def _report(db: duckdb.DuckDBPyConnection, figures: list[Figure], levels: tuple[str, ...]) -> str:
    """The query of the report: one row per presented number, the figures unpivoted per level
    (a view of each level's rows)."""
    labels = ", ".join(
        f"('{f.column}', '{f.jenis}', '{f.name}', '{f.period}', '{f.part}')" for f in figures
    )
    parts = []
    for level, chosen in by_level(figures, levels).items():
        names = ", ".join(_q(f.column) for f in chosen)
        view = _q(f"at_{level}")
        db.execute(
            f"CREATE VIEW {view} AS SELECT unit, {names} FROM scored WHERE level = '{level}'"
        )
        parts.append(
            f"SELECT unit, figure, value FROM {view} "
            f"UNPIVOT INCLUDE NULLS (value FOR figure IN ({names}))"
        )
    long = " UNION ALL ".join(f"({p})" for p in parts)
    columns = f"l.jenis, u.unit, l.name, l.period, l.part, u.value, {half_up('u.value')}"
    return (
        f"SELECT {columns} AS rounded FROM ({long}) AS u "
        f"JOIN (VALUES {labels}) AS l(figure, jenis, name, period, part) USING (figure)"
    )
