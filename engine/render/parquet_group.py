"""The row groups of the Parquet report, gathered block by block and made into Arrow arrays from
numpy buffers: numbers as they are (NaN is null), each text column as int32 codes into a
dictionary of its texts, as the Parquet column chunk stores it, so pyarrow writes the dictionary
and the codes without hashing a text per row. A text is coded once for the whole file (a
level's unit ids once, not once per group); a group's dictionary holds the texts its rows use.

No Arrow call here converts Python objects or numpy arrays (`pa.array`): that conversion
imports pandas when it is installed (0.4 s of CPU), and taking a text per row (`take`) copies
every text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from engine.render.tabular import CSV_HEADER

FLOATS = ("value", "rounded")
INTEGERS = ("decimals", "rank")
TEXTS = tuple(name for name in CSV_HEADER if name not in FLOATS + INTEGERS)
LONGEST = (1 << 31) - 1  # bytes of texts in one dictionary: Arrow's int32 string offsets
# texts of a column up to which a group's dictionary is every text of the file so far (a few
# dozen bytes unused); beyond, only the texts the group uses (unit ids, notes)
SMALL = 1024

Table = Sequence[str | None] | np.ndarray


class Coded(NamedTuple):
    """A text column as a table of texts and each row's index into it."""

    # a block's tuple of unit ids is shared by a level's blocks; its labels are an object array
    table: Table
    rows: np.ndarray  # integer: each row's index into the table


class Constant(NamedTuple):
    """A text column with the same text (or None) in each of its rows."""

    text: str | None
    rows: int


# a block's columns: numbers as float64 arrays (NaN where empty, integers too); texts coded,
# constant, or an object array of texts and None
Column = np.ndarray | Coded | Constant
Columns = dict[str, Column]


def schema(pa: Any) -> Any:
    """The Arrow schema the groups are written with: the texts as dictionaries. Written without
    the Arrow schema in the file's metadata, a text column reads back as a plain string column."""
    fields = []
    for name in CSV_HEADER:
        kind = pa.float64() if name in FLOATS else pa.int64() if name in INTEGERS else None
        fields.append((name, kind or pa.dictionary(pa.int32(), pa.string())))
    return pa.schema(fields)


class Texts:
    """A text column's distinct texts over the file, coded in order of first appearance, with
    their UTF-8 bytes for the groups' dictionaries."""

    def __init__(self) -> None:
        self.codes: dict[str | None, int] = {None: -1, "": -1}  # null: the CSV's empty cell
        self.data = np.zeros(0, dtype=np.uint8)
        self.offsets = np.zeros(1, dtype=np.int64)  # of each coded text's bytes in data
        self.coded: dict[int, tuple[Table, np.ndarray]] = {}  # a table's codes, by its id

    def table(self, table: Table) -> np.ndarray:
        """The codes of a table's texts; a table shared by blocks (a level's unit ids) coded
        once, held with its codes so that its id is not reused."""
        held = self.coded.get(id(table))
        if held is None or held[0] is not table:
            held = self.coded[id(table)] = (table, self.encode(table))
        return held[1]

    def encode(self, texts: Table) -> np.ndarray:
        """The codes of texts (-1 for None or ""); the texts not coded before are coded."""
        listed = texts.tolist() if isinstance(texts, np.ndarray) else list(texts)
        codes = self.codes
        distinct = dict.fromkeys(listed)  # in order of appearance: the file the same each run
        new = [text for text in distinct if text not in codes]
        if new:
            self._add(new)
        if len(distinct) == 1:  # a column of no label, or of one: no lookup per row
            return np.full(len(listed), codes[next(iter(distinct))], dtype=np.int32)
        return np.array(list(map(codes.__getitem__, listed)), dtype=np.int32)

    def code(self, text: str | None) -> int:
        """The code of one text (-1 for None or "")."""
        if text not in self.codes:
            self._add([text])
        return self.codes[text]

    def _add(self, texts: list[Any]) -> None:
        for text in texts:
            self.codes[text] = len(self.codes) - 2  # after None and "" (-1)
        encoded = [text.encode() for text in texts]
        lengths = np.cumsum([len(b) for b in encoded]) + self.offsets[-1]
        self.offsets = np.concatenate([self.offsets, lengths])
        self.data = np.concatenate([self.data, np.frombuffer(b"".join(encoded), np.uint8)])

    def dictionary(self) -> Dictionary:
        """The texts coded so far (arrays that later texts replace, never change)."""
        return Dictionary(self.offsets, self.data)


class Dictionary(NamedTuple):
    """The UTF-8 bytes of a column's coded texts, text i at data[offsets[i]:offsets[i + 1]]."""

    offsets: np.ndarray
    data: np.ndarray

    def array(self, pa: Any, kind: Any, codes: np.ndarray) -> Any:
        """A group's column as an Arrow dictionary array: its texts and its rows' indices."""
        valid = codes >= 0
        bitmap, nulls = _validity(pa, valid)
        size = len(self.offsets) - 1
        if size <= SMALL:
            indices, used = codes, None
        else:  # the texts this group uses, in the order of their codes
            used = np.flatnonzero(np.bincount(codes[valid], minlength=size))
            renumbered = np.zeros(size, dtype=np.int32)
            renumbered[used] = np.arange(len(used), dtype=np.int32)
            indices = renumbered[codes]  # a null row's index (-1: the last) read as any
        if nulls:
            indices = np.where(valid, indices, 0).astype(np.int32)
        buffers = [bitmap, pa.py_buffer(indices)]
        texts = self._strings(pa, used)
        return pa.DictionaryArray.from_buffers(kind, len(codes), buffers, texts, null_count=nulls)

    def _strings(self, pa: Any, used: np.ndarray | None) -> Any:
        """The coded texts (those `used`, or all) as an Arrow string array."""
        offsets, data = self.offsets, self.data
        if used is not None:
            starts, lengths = offsets[used], offsets[used + 1] - offsets[used]
            offsets = np.zeros(len(used) + 1, dtype=np.int64)
            np.cumsum(lengths, out=offsets[1:])
            data = data[np.repeat(starts - offsets[:-1], lengths) + np.arange(offsets[-1])]
        if offsets[-1] > LONGEST:  # not met by a report's distinct texts in a group: said if it is
            raise OverflowError(f"{offsets[-1]} bytes of distinct texts in one Parquet column")
        buffers = [None, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data)]
        return pa.Array.from_buffers(pa.string(), len(offsets) - 1, buffers)


class Gather(NamedTuple):
    """A block's text codes: codes[rows] (codes: each of a table's texts')."""

    codes: np.ndarray
    rows: np.ndarray | None  # None: codes is the column

    def column(self) -> np.ndarray:
        return self.codes if self.rows is None else self.codes[self.rows]


class Repeat(NamedTuple):
    """A block's text codes: one code in each of its rows."""

    code: int
    rows: int

    def column(self) -> np.ndarray:
        return np.full(self.rows, self.code, dtype=np.int32)


class Group:
    """The columns of the blocks gathered for one row group, `texts` coded (in this thread:
    Python's work); their arrays are made into Arrow arrays by `Frozen.table` (numpy's work,
    in the encoder's thread)."""

    def __init__(self, texts: dict[str, Texts]) -> None:
        self.rows = 0
        self.texts = texts
        self.numbers: dict[str, list[np.ndarray]] = {name: [] for name in FLOATS + INTEGERS}
        self.codes: dict[str, list[Gather | Repeat]] = {name: [] for name in TEXTS}

    def add(self, columns: Columns) -> None:
        """A block's columns, after those added before."""
        for name, parts in self.numbers.items():
            parts.append(np.asarray(columns[name]))
        for name, codes in self.codes.items():
            column, texts = columns[name], self.texts[name]
            if isinstance(column, Constant):
                codes.append(Repeat(texts.code(column.text), column.rows))
            elif isinstance(column, Coded):
                codes.append(Gather(texts.table(column.table), column.rows))
            else:
                codes.append(Gather(texts.encode(column), None))
        self.rows += len(self.numbers[FLOATS[0]][-1])

    def frozen(self) -> Frozen:
        """The group as it is written: its parts and each text column's dictionary now."""
        dictionaries = {name: texts.dictionary() for name, texts in self.texts.items()}
        return Frozen(self.rows, self.numbers, self.codes, dictionaries)


class Frozen(NamedTuple):
    """A group's parts, read by the encoder's thread while the next group is gathered."""

    rows: int
    numbers: dict[str, list[np.ndarray]]
    codes: dict[str, list[Gather | Repeat]]
    dictionaries: dict[str, Dictionary]

    def table(self, pa: Any, kinds: Any) -> Any:
        """The group as an Arrow table of schema `kinds`."""
        arrays = []
        for name in CSV_HEADER:
            kind = kinds.field(name).type
            if name in self.codes:
                codes = np.concatenate([part.column() for part in self.codes[name]])
                arrays.append(self.dictionaries[name].array(pa, kind, codes))
            else:
                values = np.concatenate(self.numbers[name]).astype(np.float64, copy=False)
                arrays.append(_numbers(pa, kind, values, name in INTEGERS))
        return pa.Table.from_arrays(arrays, schema=kinds)


def _validity(pa: Any, valid: np.ndarray) -> tuple[Any, int]:
    """Arrow's validity bitmap (None when every row is valid) and the count of nulls."""
    nulls = len(valid) - int(np.count_nonzero(valid))
    return (pa.py_buffer(np.packbits(valid, bitorder="little")) if nulls else None), nulls


def _numbers(pa: Any, kind: Any, values: np.ndarray, integers: bool) -> Any:
    valid = ~np.isnan(values)
    data = np.where(valid, values, 0).astype(np.int64) if integers else values
    bitmap, nulls = _validity(pa, valid)
    return pa.Array.from_buffers(kind, len(data), [bitmap, pa.py_buffer(data)], null_count=nulls)
