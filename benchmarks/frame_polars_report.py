"""perkin's whole CSV report written by polars: the same scoring, every column, every row.

The `polars` contender (frame_polars.py) writes the 7 numeric columns of perkin's report; this
one writes all 17 of docs/csv-format.md, as an analyst fluent in polars would: each figure is a
value column with a reason and a kind column beside it (`pl.when` chains over the period cells,
the first gap named as perkin names it), roll-ups are `group_by` + join, predikat a `cut` of the
presented value, ranks `rank("min")`, and the report is written block by block (an indicator or
score in one period, as perkin orders it) into one file with `write_csv`. The texts a person
reads (N/A reasons, tie notes, the validation warning) are the analyst's own templates in
English and Indonesian, chosen like perkin's (`PERKIN_LANG`, Indonesian by default).

What it does not do: anything the benchmark ruleset does not need (awards, tie-breakers, other
N/A kinds, selection, history); benchmarks/plan.py refuses a ruleset of another shape.
"""

from __future__ import annotations

import functools
import itertools
import operator
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import polars as pl

from benchmarks.common import DataFiles, Figures
from benchmarks.frame_polars import read
from benchmarks.frames import REPORTED, Clock, months, quarters
from benchmarks.plan import LABELS, IndicatorPlan, Plan
from engine.ruleset.bands import Band
from engine.ruleset.model import Ruleset

COLUMNS = (
    *("jenis", "unit", "name", "period", "part", "value", "rounded", "decimals", "na", "na_kind"),
    *("predikat", "predikat_na", "rank", "award", "severity", "code", "note"),
)
PARTS = ("target", "realisasi", "capaian")
SNAP_DIGITS = 12  # significant digits a value is snapped to before rounding (as perkin)
# the texts a person reads, as the analyst wrote them (perkin's wording, both languages)
TEXTS = {
    "en": {
        "no_data": "no data for {} in {}",
        "reported": "{} reported as N/A in {}",
        "every": "reported as N/A in every period ({})",
        "zero": "target is zero",
        "n001": "capaian N/A: {}",
        "shared": "tie survives every tie-breaker; shares the rank",
        "d167": "no value is validated at cadence: {} units, {} values; "
        "values not validated are scored and flagged",
    },
    "id": {
        "no_data": "tidak ada data untuk {} pada {}",
        "reported": "{} dilaporkan N/A pada {}",
        "every": "dilaporkan N/A pada setiap periode ({})",
        "zero": "target bernilai nol",
        "n001": "capaian N/A: {}",
        "shared": "nilai sama (seri) tetap ada setelah semua penentu seri; berbagi peringkat",
        "d167": "tidak ada nilai yang divalidasi sesuai siklusnya: {} unit, {} nilai; "
        "nilai yang belum divalidasi tetap dinilai dan ditandai",
    },
}


@dataclass(frozen=True, slots=True)
class Layout:
    """What the report needs beyond the plan, read from the ruleset (untimed, as the plan)."""

    decimals: dict[str, int]  # "part/indicator" or "score/id" → declared decimals
    bands: tuple[Band, ...]  # the one predikat table the benchmark ruleset uses
    predikat: frozenset[str]  # indicators and scores that have a predikat
    scores: tuple[str, ...]  # in the ruleset's order: the order of the nilai blocks


def layout_of(rs: Ruleset) -> Layout:
    """The report's layout of a loaded ruleset (decimals, bands, predikat, score order)."""
    decimals = {}
    for key, ind in rs.indicators.items():
        for part in PARTS:
            decimals[f"{part}/{key}"] = (ind.rounding.get(part) or rs.rounding).decimals
    for key, score in rs.scores.items():
        decimals[f"score/{key}"] = (score.rounding or rs.rounding).decimals
    tables = {i.predikat for i in rs.indicators.values()} | {s.predikat for s in rs.scores.values()}
    tables.discard(None)
    if len(tables) != 1:
        raise ValueError(f"one predikat table expected, not {sorted(map(str, tables))}")
    table = rs.tables[str(tables.pop())]
    bands = tuple(table.bands)
    named = [k for k, i in rs.indicators.items() if i.predikat] + [
        k for k, s in rs.scores.items() if s.predikat
    ]
    return Layout(decimals, bands, frozenset(named), tuple(rs.scores))


def language() -> str:
    """The language of the texts: perkin's rule (PERKIN_LANG, Indonesian by default)."""
    return "en" if os.environ.get("PERKIN_LANG", "id").lower().startswith("en") else "id"


def run(
    files: DataFiles, plan: Plan, fmt: str | None, out: Path | None, layout: Layout | None = None
) -> tuple[Figures, Clock]:
    """Read, score, write the report (CSV only); no figures (checked on the report instead)."""
    if layout is None:
        from benchmarks.plan import load

        layout = layout_of(load())
    clock = Clock()
    frame = read(files)
    clock.lap("read")
    texts = TEXTS[language()]
    scored = compute(frame, plan, layout, texts)
    clock.lap("compute")
    if fmt is not None and out is not None:
        if fmt != "csv":
            raise ValueError(f"polars-report writes CSV only, not {fmt}")
        with out.open("wb") as sink:
            write_report(sink, scored, plan, layout, texts)
        clock.lap("write")
    return {}, clock


# --- scoring: a value, a reason and a kind column per figure --------------------------------


def _na(
    columns: dict[str, pl.Expr], name: str, value: pl.Expr, reason: pl.Expr, kind: pl.Expr
) -> None:
    """A figure's three columns: `name` (null where N/A), `name#na` and `name#kind`."""
    columns[name] = value
    columns[f"{name}#na"] = reason
    columns[f"{name}#kind"] = kind


def _combined(
    cells: list[str], labels: list[str], how: str, texts: dict[str, str], name: str
) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Period cells combined as perkin does: a reported N/A skipped, the first gap named
    ("B04: no data for jalan in B04"), every period reported N/A a reported N/A."""
    cols = [pl.col(c) for c in cells]
    kept = [pl.when(c == REPORTED).then(None).otherwise(c) for c in cols]
    reason: pl.Expr = pl.lit(None, pl.String)
    for label in reversed(labels):  # the first gap wins: built from the last one backwards
        gap = pl.col(f"{name}@{label}").is_null()
        text = f"{label}: " + texts["no_data"].format(name, label)
        reason = pl.when(gap).then(pl.lit(text)).otherwise(reason)
    every = pl.all_horizontal(*(c == REPORTED for c in cols))
    kind = pl.when(reason.is_not_null()).then(pl.lit("no_data"))
    kind = kind.when(every).then(pl.lit("reported"))
    reason = pl.coalesce(
        reason, pl.when(every).then(pl.lit(texts["every"].format(", ".join(labels))))
    )
    if how == "sum":
        value = total(kept)
    elif how == "mean":
        value = mean(kept)
    else:  # last
        value = pl.coalesce(*reversed(kept))
    return pl.when(reason.is_null()).then(value), reason, kind.otherwise(None)


def mean(values: list[pl.Expr]) -> pl.Expr:
    """The mean of the values that are not null, added in order then divided, as perkin adds
    (polars' sum_horizontal and mean_horizontal do not add left to right: they differ from it
    in the last bit)."""
    count = pl.sum_horizontal(*(v.is_not_null() for v in values))
    return pl.when(count > 0).then(total(values) / count)


def total(values: list[pl.Expr]) -> pl.Expr:
    """The values that are not null added left to right; null when all are."""
    added = functools.reduce(operator.add, (v.fill_null(0.0) for v in values))
    return pl.when(pl.any_horizontal(*(v.is_not_null() for v in values))).then(added)


def _cell(name: str, label: str, texts: dict[str, str]) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """One period's cell as it is: blank is no data, N/A is reported."""
    cell = pl.col(f"{name}@{label}")
    reason = (
        pl.when(cell.is_null())
        .then(pl.lit(texts["no_data"].format(name, label)))
        .when(cell == REPORTED)
        .then(pl.lit(texts["reported"].format(name, label)))
    )
    kind = (
        pl.when(cell.is_null())
        .then(pl.lit("no_data"))
        .when(cell == REPORTED)
        .then(pl.lit("reported"))
    )
    return pl.when(reason.is_null()).then(cell), reason, kind


def _capaian(ind: IndicatorPlan, key: str, texts: dict[str, str]) -> tuple[pl.Expr, ...]:
    """The capaian with perkin's reason: the operand its formula meets N/A first."""
    real, target = pl.col(f"realisasi/{key}"), pl.col(f"target/{key}")
    rn, tn = pl.col(f"realisasi/{key}#na"), pl.col(f"target/{key}#na")
    rk, tk = pl.col(f"realisasi/{key}#kind"), pl.col(f"target/{key}#kind")
    zero = pl.lit(texts["zero"])
    if ind.lower:  # IF(target = 0, IF(realisasi <= 0, 100, 0), (2 * target - realisasi) / …)
        value = (
            pl.when(target == 0)
            .then(pl.when(real <= 0).then(100.0).otherwise(0.0))
            .otherwise((2 * target - real) / target * 100)
        )
        reason = pl.when(tn.is_not_null()).then(tn).otherwise(rn)
        kind = pl.when(tn.is_not_null()).then(tk).otherwise(rk)
    else:  # realisasi / target * 100
        value = real / target * 100.0
        reason = pl.coalesce(rn, tn, pl.when(target == 0).then(zero))
        kind = pl.coalesce(rk, tk, pl.when(target == 0).then(pl.lit("arithmetic")))
    if ind.cap is not None:
        value = pl.when(value > ind.cap).then(ind.cap).otherwise(value)
    if ind.floor is not None:
        value = pl.when(value < ind.floor).then(ind.floor).otherwise(value)
    return pl.when(reason.is_null()).then(value), reason, kind


def compute(frame: pl.DataFrame, plan: Plan, layout: Layout, texts: dict[str, str]) -> pl.DataFrame:
    """Every figure of the report per unit and period: value, reason and kind columns."""
    for label in LABELS:
        parts: dict[str, pl.Expr] = {}
        for ind in plan.indicators:
            at = pl.col("level") == ind.level
            key = f"{ind.id}/{label}"
            real = _combined(
                [f"{ind.realisasi}@{m}" for m in months(label)],
                months(label),
                ind.realisasi_combine,
                texts,
                ind.realisasi,
            )
            if label == "tahunan":
                target = _combined(
                    [f"{ind.target}@{q}" for q in quarters(label)],
                    quarters(label),
                    ind.target_combine,
                    texts,
                    ind.target,
                )
            else:
                target = _cell(ind.target, label, texts)
            for part, (v, r, k) in (("realisasi", real), ("target", target)):
                _na(parts, f"{part}/{key}", pl.when(at).then(v), pl.when(at).then(r), k)
        frame = frame.with_columns(**parts)
        capaian: dict[str, pl.Expr] = {}
        for ind in plan.indicators:
            _na(capaian, f"capaian/{ind.id}/{label}", *_capaian(ind, f"{ind.id}/{label}", texts))
        frame = frame.with_columns(**capaian)
        means = {
            f"score/{score}/{label}": mean([pl.col(f"capaian/{m}/{label}") for m in members])
            for score, members in (plan.lurah, plan.camat_own)
        }
        frame = frame.with_columns(**means)
        frame = _rolled(frame, plan, label)
    decimals = {}
    for label in LABELS:
        for ind, part in itertools.product(plan.indicators, PARTS):
            decimals[f"{part}/{ind.id}/{label}"] = layout.decimals[f"{part}/{ind.id}"]
        for score in layout.scores:
            decimals[f"score/{score}/{label}"] = layout.decimals[f"score/{score}"]
    return with_presented(frame, decimals)


def _rolled(frame: pl.DataFrame, plan: Plan, label: str) -> pl.DataFrame:
    """The roll-up (mean of the children, level by level) and the Camat's score, one period."""
    roll, source = plan.rollup
    column = f"score/{roll}/{label}"
    frame = frame.with_columns(pl.col(f"score/{source}/{label}").alias(column))
    for child, parent in itertools.pairwise(plan.levels):
        means = (
            frame.filter(pl.col("level") == child)
            .group_by("parent")
            # added in units.csv order, as perkin adds (polars' sum does not, in the last bit)
            .agg(
                (pl.col(column).drop_nulls().cum_sum().last() / pl.col(column).count()).alias(
                    "_mean"
                )
            )
            .rename({"parent": "unit"})
        )
        frame = frame.join(means, on="unit", how="left", maintain_order="left")
        rolled = pl.when(pl.col("level") == parent).then(pl.col("_mean")).otherwise(pl.col(column))
        frame = frame.with_columns(rolled.alias(column)).drop("_mean")
    camat, own, rolled_id = plan.camat
    mine = pl.col(f"score/{own}/{label}") * 0.5 + pl.col(f"score/{rolled_id}/{label}") * 0.5
    at = pl.col("level") == "kecamatan"
    return frame.with_columns(pl.when(at).then(mine).alias(f"score/{camat}/{label}"))


# --- presentation: rounding, texts, predikat -------------------------------------------------


def with_presented(frame: pl.DataFrame, decimals: dict[str, int]) -> pl.DataFrame:
    """Each figure's presented value as an integer count of 10^-decimals (`{name}#r`): the
    value snapped to 12 significant digits, then rounded half away from zero, step by step as
    dsl/rounding.py does. Built in stages (one with_columns each) so that no expression tree
    repeats its operands."""
    names = list(decimals)
    a = {f"{n}#a": pl.col(n).abs() for n in names}
    frame = frame.with_columns(**a)
    e = {f"{n}#e": pl.col(f"{n}#a").clip(1e-30).log10().floor().cast(pl.Int64) for n in names}
    frame = frame.with_columns(**e)
    fix = {}
    for n in names:
        at, ex = pl.col(f"{n}#a"), pl.col(f"{n}#e")
        fix[f"{n}#e"] = (
            pl.when(pl.lit(10.0).pow(ex) > at)
            .then(ex - 1)
            .when(pl.lit(10.0).pow(ex + 1) <= at)
            .then(ex + 1)
            .otherwise(ex)
        )
    frame = frame.with_columns(**fix)
    k = {
        f"{n}#k": (pl.col(f"{n}#e") + 1 + d).clip(SNAP_DIGITS, 15) - 1 - pl.col(f"{n}#e")
        for n, d in decimals.items()
    }
    frame = frame.with_columns(**k)
    m = {}
    for n in names:
        at, kk = pl.col(f"{n}#a"), pl.col(f"{n}#k")
        scaled = (
            pl.when(kk >= 0).then(at * pl.lit(10.0).pow(kk)).otherwise(at / pl.lit(10.0).pow(-kk))
        )
        m[f"{n}#m"] = scaled.round(0, mode="half_to_even")
    frame = frame.with_columns(**m)
    counts = {}
    for n, d in decimals.items():
        mm, drop = pl.col(f"{n}#m"), pl.col(f"{n}#k") - d
        divisor = pl.lit(10.0).pow(drop.clip(0, 15))
        q = (mm / divisor).floor()
        up = (2.0 * (mm - q * divisor) >= divisor).cast(pl.Float64)
        # drop <= 0 (12 significant digits reach past the decimals): the snapped value itself
        snapped = (mm * pl.lit(10.0).pow(-drop)).round(0)
        count = pl.when(drop <= 0).then(snapped).otherwise(q + up).cast(pl.Int64)
        count = pl.when(pl.col(f"{n}#a") < 1e-30).then(0).otherwise(count)
        counts[f"{n}#r"] = pl.when(pl.col(n) < 0).then(-count).otherwise(count)
    frame = frame.with_columns(**counts)
    return frame.drop(f"{n}#{t}" for n in names for t in "aekm")


def fixed(count: pl.Expr, decimals: int) -> pl.Expr:
    """The text of a presented count with exactly `decimals` places ('97.77', '14')."""
    if decimals == 0:
        return count.cast(pl.String)
    scale = 10**decimals
    whole = (count.abs() // scale).cast(pl.String)
    part = (count.abs() % scale).cast(pl.String).str.zfill(decimals)
    sign = pl.when(count < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str(sign, whole, pl.lit("."), part)


def predikat(shown: pl.Expr, bands: tuple[Band, ...]) -> pl.Expr:
    """The band of the value (the full value, as perkin bands it)."""
    out: pl.Expr | pl.When | pl.Then = pl
    for band in bands:
        inside = pl.lit(True)
        if band.lower is not None:
            inside &= shown >= band.lower if band.lower_inclusive else shown > band.lower
        if band.upper is not None:
            inside &= shown <= band.upper if band.upper_inclusive else shown < band.upper
        out = out.when(inside).then(pl.lit(band.label))  # type: ignore[union-attr]
    return out.otherwise(None)  # type: ignore[union-attr]


def _presented(name: str, decimals: int) -> list[pl.Expr]:
    """value, rounded and decimals texts of a figure column, empty where N/A."""
    return [
        pl.col(name).alias("value"),  # shortest text, as Python's repr (not below 1e-4)
        fixed(pl.col(f"{name}#r"), decimals).alias("rounded"),
        pl.lit(str(decimals)).alias("decimals"),
    ]


# --- the report, block by block ---------------------------------------------------------------


def _empty(*names: str) -> list[pl.Expr]:
    return [pl.lit(None, pl.String).alias(n) for n in names]


def _indicator_block(units: pl.DataFrame, ind: str, label: str, layout: Layout) -> pl.DataFrame:
    """target, realisasi and capaian of each unit, three rows a unit, as perkin interleaves."""
    cap = f"capaian/{ind}/{label}"
    has = ind in layout.predikat
    band = predikat(pl.col(cap), layout.bands) if has else None
    parts = []
    for part in PARTS:
        name = f"{part}/{ind}/{label}"
        parts.append(
            units.select(
                pl.lit("indikator").alias("jenis"),
                "unit",
                pl.lit(ind).alias("name"),
                pl.lit(label).alias("period"),
                pl.lit(part).alias("part"),
                *_presented(name, layout.decimals[f"{part}/{ind}"]),
                pl.col(f"{name}#na").alias("na"),
                pl.col(f"{name}#kind").alias("na_kind"),
                (band if band is not None else pl.lit(None, pl.String)).alias("predikat"),
                pl.col(f"{cap}#na").alias("predikat_na"),
                *_empty("rank", "award", "severity", "code", "note"),
            ).with_row_index("_row")
        )
    return pl.concat(parts).sort("_row", maintain_order=True).drop("_row")


def _score_block(units: pl.DataFrame, score: str, label: str, layout: Layout) -> pl.DataFrame:
    name = f"score/{score}/{label}"
    decimals = layout.decimals[f"score/{score}"]
    band = predikat(pl.col(name), layout.bands) if score in layout.predikat else None
    return units.filter(pl.col(name).is_not_null()).select(
        pl.lit("nilai").alias("jenis"),
        "unit",
        pl.lit(score).alias("name"),
        pl.lit(label).alias("period"),
        pl.lit("nilai").alias("part"),
        *_presented(name, decimals),
        *_empty("na", "na_kind"),
        (band if band is not None else pl.lit(None, pl.String)).alias("predikat"),
        *_empty("predikat_na", "rank", "award", "severity", "code", "note"),
    )


def _ranked(frame: pl.DataFrame, level: str, by: str) -> pl.DataFrame:
    """The ranking's rows in rank order (ties by unit id), a tie note where a rank is shared."""
    name = f"score/{by}/tahunan"
    shown = pl.col(f"{name}#r")
    ranked = (
        frame.filter(pl.col("level") == level, pl.col(name).is_not_null())
        .with_columns(
            shown.alias("_shown"), shown.rank("min", descending=True).cast(pl.Int64).alias("_rank")
        )
        .with_columns(pl.len().over("_shown").alias("_tied"))
        .sort("_rank", "unit")
    )
    return ranked.select(
        "unit",
        pl.col(name).alias("_value"),
        pl.col(f"{name}#r").alias("_count"),
        "_rank",
        (pl.col("_tied") > 1).alias("_tie"),
    )


def write_report(
    sink: IO[bytes],
    frame: pl.DataFrame,
    plan: Plan,
    layout: Layout,
    texts: dict[str, str],
) -> None:
    """The 17 columns, in perkin's order of blocks, into one file."""
    # perkin writes a block's units in id order; the roll-up's units (every level) apart, so
    # that no second copy of the whole wide frame is made
    levels = {lv: frame.filter(pl.col("level") == lv).sort("unit") for lv in plan.levels}
    roll = plan.rollup[0]
    rolled = frame.select("unit", "level", pl.col(f"^score/{roll}/.*$")).sort("unit")
    header = True

    def put(block: pl.DataFrame) -> None:
        nonlocal header
        block.select(COLUMNS).write_csv(sink, include_header=header)
        header = False

    for ind, label in itertools.product(plan.indicators, LABELS):
        put(_indicator_block(levels[ind.level], ind.id, label, layout))
    for score, label in itertools.product(layout.scores, LABELS):
        units = rolled if score == roll else _score_units(levels, plan, score)
        put(_score_block(units, score, label, layout))
    ties = []
    for ranking, level, by in plan.rankings:
        ranked = _ranked(levels[level], level, by)
        decimals = layout.decimals[f"score/{by}"]
        put(
            ranked.select(
                pl.lit("peringkat").alias("jenis"),
                "unit",
                pl.lit(ranking).alias("name"),
                pl.lit(None, pl.String).alias("period"),
                pl.lit("nilai").alias("part"),
                pl.col("_value").cast(pl.String).alias("value"),
                fixed(pl.col("_count"), decimals).alias("rounded"),
                pl.lit(str(decimals)).alias("decimals"),
                *_empty("na", "na_kind", "predikat", "predikat_na"),
                pl.col("_rank").cast(pl.String).alias("rank"),
                *_empty("award", "severity", "code"),
                pl.when("_tie").then(pl.lit(texts["shared"])).alias("note"),
            )
        )
        ties.append((ranking, ranked.filter("_tie")))
    for ind, label in itertools.product(plan.indicators, LABELS):
        cap = f"capaian/{ind.id}/{label}#na"
        put(
            levels[ind.level]
            .filter(pl.col(cap).is_not_null())
            .select(
                pl.lit("catatan").alias("jenis"),
                "unit",
                pl.lit(ind.id).alias("name"),
                pl.lit(label).alias("period"),
                *_empty("part", "value", "rounded", "decimals", "na", "na_kind", "predikat"),
                *_empty("predikat_na", "rank", "award"),
                pl.lit("info").alias("severity"),
                pl.lit("N001").alias("code"),
                pl.format(texts["n001"], pl.col(cap)).alias("note"),
            )
        )
    for ranking, tied in ties:
        put(
            tied.select(
                pl.lit("catatan").alias("jenis"),
                "unit",
                pl.lit(ranking).alias("name"),
                *_empty("period", "part", "value", "rounded", "decimals", "na", "na_kind"),
                *_empty("predikat", "predikat_na", "rank", "award"),
                pl.lit("warning").alias("severity"),
                pl.lit("N002").alias("code"),
                pl.lit(f"{ranking}: {texts['shared']}").alias("note"),
            )
        )
    put(_validation(frame, plan, texts))


def _score_units(levels: dict[str, pl.DataFrame], plan: Plan, score: str) -> pl.DataFrame:
    """The units a score is reported for: its level's."""
    if score == plan.lurah[0]:
        return levels[plan.levels[0]]
    return levels["kecamatan"]


def _validation(frame: pl.DataFrame, plan: Plan, texts: dict[str, str]) -> pl.DataFrame:
    """D167: no value of any unit is validated (the data carry no validation columns): the
    units that report monthly values and how many values they gave (a blank or N/A is none)."""
    given = []
    for level in plan.levels:
        inputs = {i.realisasi for i in plan.indicators if i.level == level}
        cells = [f"{name}@{m}" for name in sorted(inputs) for m in months("tahunan")]
        if cells:
            rows = frame.filter(pl.col("level") == level).select(cells)
            given.append(
                rows.select(pl.sum_horizontal(pl.all().ne(REPORTED).cast(pl.Int64)).alias("n"))
            )
    counts = pl.concat(given).to_series()
    units, values = int(counts.len()), int(counts.sum())
    note = texts["d167"].format(units, values)
    return pl.DataFrame({"jenis": ["catatan"], "severity": ["warning"], "code": ["D167"]}).select(
        "jenis",
        *_empty("unit", "name", "period", "part", "value", "rounded", "decimals", "na"),
        *_empty("na_kind", "predikat", "predikat_na", "rank", "award"),
        "severity",
        "code",
        pl.lit(note).alias("note"),
    )


def first_difference(expected: Path, got: Path) -> str | None:
    """None when the two reports are the same bytes; else the first differing row and column
    ('row 5 (indikator, 11.01.01.1002, hunian_liar, TW1, target), na: expected …, got …')."""
    with expected.open("rb") as one, got.open("rb") as other:
        while True:
            a, b = one.read(1 << 24), other.read(1 << 24)
            if a != b:
                break
            if not a:
                return None
    mine = pl.read_csv(expected, infer_schema=False).fill_null("")
    theirs = pl.read_csv(got, infer_schema=False).fill_null("")
    if mine.columns != theirs.columns:
        return f"header: expected {mine.columns}, got {theirs.columns}"
    rows = min(mine.height, theirs.height)
    for column in mine.columns:
        differs = (mine[column].head(rows) != theirs[column].head(rows)).arg_true()
        if differs.len():
            row = int(differs[0])
            where = ", ".join(str(v) for v in mine.row(row)[:5])
            return (
                f"row {row + 2} ({where}), {column}: "
                f"expected {mine[column][row]!r}, got {theirs[column][row]!r}"
            )
    if mine.height != theirs.height:
        return f"rows: expected {mine.height}, got {theirs.height}"
    return "the same cells in other bytes (quoting or line ends)"
