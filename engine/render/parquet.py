"""The tidy table of the CSV report (docs/csv-format.md) as a typed Parquet file, for analysts
who load results into polars, pandas or DuckDB: the same rows and columns, numbers as numbers,
null where the CSV cell is empty. Through pyarrow, an optional extra (`perkin[parquet]`)."""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import _
from dsl.rounding import apply_rounding_array
from dsl.values import reason_kind
from engine.render.blocks import na_note_keys, na_note_message
from engine.render.parquet_group import (
    FLOATS,
    INTEGERS,
    TEXTS,
    Coded,
    Column,
    Columns,
    Constant,
    Frozen,
    Group,
    Texts,
    schema,
)
from engine.render.tabular import (
    CSV_HEADER,
    CsvRow,
    diagnostic_csv,
    earlier_csv,
    indicator_csv,
    rank_csv,
    value_csv,
)
from engine.scoring.columns import (
    IndicatorBlock,
    LabelColumn,
    NaBlock,
    PresentedColumn,
    ValueBlock,
    blocks_of,
)
from engine.scoring.result import Result

__all__ = ["FLOATS", "INTEGERS", "MissingExtraError", "to_parquet"]

# rows of a row group (at least): larger groups held more memory at 100 % of the register while
# one is encoded beside the next (1 << 20: a 2.1 GB peak; 1 << 18: 1.9 GB), for little speed
GROUP_ROWS = 1 << 18
# the columns whose min and max each row group states, for a reader to skip the groups a filter
# excludes: the numbers only. A text column's statistics cost pyarrow a pass over the rows
# (10 ms a column at 10 % of the register): over all of them, 0.14 of the encoder's 0.30 s;
# over jenis, name and period alone, 0.04 s
STATISTICS = [*FLOATS, *INTEGERS]


class MissingExtraError(PerkinError):
    """An output format whose library is an optional extra that is not installed."""

    code = "O003"


def to_parquet(result: Result) -> bytes:
    """The result's tidy table (CSV_HEADER) as Parquet bytes: blocks gathered into row groups
    of at least GROUP_ROWS rows (a group per block made 233 small groups at 10 % of the
    national register: a file a third larger, and slower to write). A group is encoded and
    compressed in a second thread (numpy and pyarrow, which hold the GIL little), while this
    one gathers the next group's columns (Python's work: the blocks, their texts coded)."""
    pa, pq = _pyarrow()
    kinds = schema(pa)
    out = io.BytesIO()
    with (
        pq.ParquetWriter(out, kinds, store_schema=False, write_statistics=STATISTICS) as writer,
        ThreadPoolExecutor(1) as encoder,
    ):
        pending: Future[None] | None = None

        def encode(group: Frozen) -> None:
            writer.write_table(group.table(pa, kinds), row_group_size=group.rows)

        def write(group: Group) -> Future[None]:
            if pending is not None:
                pending.result()  # one group at a time, in order; its error raised here
            return encoder.submit(encode, group.frozen())

        texts = {name: Texts() for name in TEXTS}
        group = Group(texts)
        for columns in table_blocks(result):
            group.add(columns)
            if group.rows >= GROUP_ROWS:
                pending, group = write(group), Group(texts)
        if group.rows:
            pending = write(group)
        if pending is not None:
            pending.result()
    return out.getvalue()


def _pyarrow() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a located error saying how to install them."""
    try:  # an optional extra: imported only when Parquet is asked for
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise MissingExtraError(
            _("writing Parquet needs pyarrow, which is not installed"),
            Location(file="--format"),
            _("install it with: pip install 'perkin[parquet]'"),
        ) from None
    return pa, pq


def table_blocks(result: Result) -> Iterator[Columns]:
    """The table's rows as column blocks, in the CSV report's order."""
    for block in blocks_of(result.indicators):
        if isinstance(block, IndicatorBlock):
            yield _indicators(block)
        else:
            yield _listed([row for r in block for row in indicator_csv(r)])
    for jenis, rows in (("nilai", result.scores), ("figur", result.figures)):
        for values in blocks_of(rows):
            if isinstance(values, ValueBlock):
                yield _values(jenis, values)
            else:
                yield _listed([value_csv(jenis, v) for v in values])
    yield _listed([rank_csv(k) for k in result.rankings])
    if result.earlier:
        yield _listed([earlier_csv(v) for v in result.earlier])
    for notes in blocks_of(result.diagnostics):
        if isinstance(notes, NaBlock):
            yield _na_notes(notes)
        else:
            yield _listed([diagnostic_csv(d) for d in notes])


def _empty(n: int) -> Columns:
    columns: Columns = {name: _constant(None, n) for name in CSV_HEADER}
    for name in FLOATS + INTEGERS:
        columns[name] = np.full(n, np.nan)
    return columns


def _constant(text: str | None, n: int) -> Constant:
    return Constant(text, n)


def _numbers(column: PresentedColumn, n: int) -> Columns:
    """value, rounded, decimals, na, na_kind of a column (a part that does not apply too:
    IndicatorBlock.target_column)."""
    rounding = column.rounding
    index = np.zeros(n, dtype=np.int64)
    na: list[str | None] = [None]
    kinds: list[str | None] = [None]
    for code, reason in column.reasons.items():
        index[column.codes == code] = len(na)
        na.append(reason or None)
        kinds.append(reason_kind(code).value)
    return {
        "value": column.values,
        "rounded": apply_rounding_array(column.values, rounding.decimals, rounding.mode),
        "decimals": np.full(n, rounding.decimals),
        "na": Coded(na, index),
        "na_kind": Coded(kinds, index),
    }


def _interleave(parts: Sequence[Column]) -> Column:
    """Columns of equal length as one, row i of each in turn."""
    arrays = [p for p in parts if isinstance(p, np.ndarray)]
    if len(arrays) == len(parts):
        return np.column_stack(arrays).reshape(-1)
    coded = [p for p in parts if isinstance(p, Coded)]
    if len(coded) != len(parts):
        raise TypeError("numbers interleaved with texts")
    offsets = np.cumsum([0, *(len(p.table) for p in coded[:-1])])
    rows = np.column_stack([p.rows + o for p, o in zip(coded, offsets, strict=True)])
    return Coded([t for p in coded for t in p.table], rows.reshape(-1))


def _labels(column: LabelColumn | None, n: int) -> tuple[np.ndarray | Constant, Coded]:
    """Each row's label (None where there is none) and why it has none."""
    if column is None:
        return _constant(None, n), Coded([None], np.zeros(n, dtype=np.int64))
    labels = column.values.copy()
    labels[column.codes != 0] = None  # an empty label is null too (Texts)
    index = np.zeros(n, dtype=np.int64)
    why: list[str | None] = [None]
    for code, reason in column.reasons.items():
        index[column.codes == code] = len(why)
        why.append(reason or None)
    return labels, Coded(why, index)


def _indicators(block: IndicatorBlock) -> Columns:
    """Three rows per unit: target, realisasi, capaian."""
    n = len(block)
    columns = _empty(3 * n)
    parts = [_numbers(c, n) for c in (block.target_column, block.realisasi, block.capaian_column)]
    for name in ("value", "rounded", "decimals", "na", "na_kind"):
        columns[name] = _interleave([p[name] for p in parts])
    labels, why = _labels(block.predikat, n)
    thrice = np.repeat(np.arange(n), 3)
    columns["predikat"] = _thrice(labels, thrice)
    columns["predikat_na"] = Coded(why.table, why.rows[thrice])
    columns["unit"] = Coded(block.units, thrice)
    columns["part"] = Coded(["target", "realisasi", "capaian"], np.tile(np.arange(3), n))
    _fill(columns, jenis="indikator", name=block.indicator, period=block.period)
    return columns


def _thrice(labels: np.ndarray | Constant, thrice: np.ndarray) -> Column:
    """A unit's label in each of its three rows."""
    if isinstance(labels, Constant):
        return _constant(labels.text, 3 * labels.rows)
    return Coded(labels, thrice)


def _values(jenis: str, block: ValueBlock) -> Columns:
    """A row per unit: the score or figure."""
    n = len(block)
    columns = _empty(n) | _numbers(block.value, n)
    columns["predikat"] = _labels(block.predikat, n)[0]
    columns["unit"] = Coded(block.units, np.arange(n))
    _fill(columns, jenis=jenis, name=block.name, period=block.period, part="nilai")
    return columns


def _na_notes(notes: NaBlock) -> Columns:
    """A N001 row per unit whose capaian (or realisasi) is N/A."""
    units, keys = na_note_keys(notes)
    columns = _empty(len(units))
    messages = {key: na_note_message(notes.block, key) for key in set(keys)}
    columns["unit"] = np.array(units, dtype=object)
    columns["note"] = np.array([messages[k] for k in keys], dtype=object)
    block = notes.block
    _fill(columns, jenis="catatan", name=block.indicator, period=block.period)
    _fill(columns, severity="info", code="N001")
    return columns


def _fill(columns: Columns, **constants: str) -> None:
    n = len(columns["value"])
    for name, text in constants.items():
        columns[name] = _constant(text, n)


def _listed(rows: Sequence[CsvRow]) -> Columns:
    """Rows made as objects, from their CSV cells: numbers parsed (NaN where empty), texts
    None where empty."""
    columns: Columns = {}
    for name in CSV_HEADER:
        texts = [row.get(name, "") for row in rows]
        if name in FLOATS + INTEGERS:
            number = float if name in FLOATS else int
            columns[name] = np.array([number(t) if t else np.nan for t in texts], dtype=np.float64)
        else:
            column = np.empty(len(texts), dtype=object)
            column[:] = [text or None for text in texts]
            columns[name] = column
    return columns
