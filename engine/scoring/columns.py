"""The result's rows kept column-wise: blocks of columns per indicator (or figure, score) and
period, read as rows through Rows.

A row object is made only when it is read: a national year has millions of rows, which as objects
would cost minutes and gigabytes before anything is written (benchmarks/README.md).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import ClassVar, Protocol, TypeVar, overload

import numpy as np

from dsl.i18n import _
from dsl.rounding import apply_rounding_array
from dsl.values import NaKind, reason_code, reason_kind, reason_text
from engine.ruleset.model import Rounding
from engine.scoring.result import (
    Diagnostic,
    IndicatorRow,
    Presented,
    RankRow,
    Tie,
    ValueRow,
    no_target_reason,
    not_applicable,
)
from engine.scoring.vectors import distinct_reasons

# the code of every row of a block of one code (engine.scoring.noted; tests/engine/test_noted.py
# holds each equal to the code its rows are made with)
NA_NOTE = "N001"  # an indicator row's missing realisasi or capaian (NaBlock)
TIE_NOTE = "N002"  # a tie that survives every tie-breaker (TieBlock)
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Block(Protocol[T_co]):
    """Rows of one kind kept together: their count, each row, all rows in order."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[T_co]: ...

    def row(self, i: int) -> T_co:
        """Row i of the block."""
        ...


class Rows(Sequence[T]):
    """An immutable sequence of result rows stored as blocks; rows are made when read."""

    __slots__ = ("_blocks", "_len", "_starts")

    def __init__(self, blocks: Iterable[Block[T]]) -> None:
        self._blocks = tuple(b for b in blocks if len(b))
        starts, n = [], 0
        for block in self._blocks:
            starts.append(n)
            n += len(block)
        self._starts, self._len = tuple(starts), n

    def __len__(self) -> int:
        return self._len

    @property
    def blocks(self) -> tuple[Block[T], ...]:
        """The blocks, in order (an indicator or score in one period each)."""
        return self._blocks

    def __iter__(self) -> Iterator[T]:
        for block in self._blocks:
            yield from block

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[T, ...]: ...

    def __getitem__(self, index: int | slice) -> T | tuple[T, ...]:
        if isinstance(index, slice):
            return tuple(self)[index]
        i = index + self._len if index < 0 else index
        if not 0 <= i < self._len:
            raise IndexError("result row index out of range")
        k = bisect.bisect_right(self._starts, i) - 1
        return self._blocks[k].row(i - self._starts[k])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"Rows({len(self)} rows in {len(self._blocks)} blocks)"


@dataclass(frozen=True, slots=True)
class Listed(Block[T]):
    """A block of rows already made (rankings, the few diagnostics of ties)."""

    rows: tuple[T, ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[T]:
        return iter(self.rows)

    def row(self, i: int) -> T:
        """Row i."""
        return self.rows[i]


def blocks_of(rows: Sequence[T]) -> tuple[Block[T], ...]:
    """The column blocks of a result's rows; rows kept as objects (a hand-made Result, the
    rankings) are one block of listed rows, written row by row."""
    if isinstance(rows, Rows):
        return rows.blocks
    return (Listed(tuple(rows)),) if rows else ()


def reasons_of(codes: np.ndarray) -> dict[int, str]:
    """The reason text of every distinct non-zero code, so a block is self-contained."""
    return {c: reason_text(c) for c in distinct_reasons(codes)}


@dataclass(frozen=True, slots=True)
class PresentedColumn:
    """One presented number per row of a block: numbers (NaN where N/A) and N/A reason codes."""

    values: np.ndarray  # float64 per row
    codes: np.ndarray  # int32 per row, 0 where there is a number
    reasons: Mapping[int, str]
    rounding: Rounding

    def presented(self, i: int) -> Presented:
        """Row i as presented."""
        code = int(self.codes[i])
        if code:
            return Presented(None, self.reasons[code], self.rounding, None, reason_kind(code))
        value = float(self.values[i])
        return Presented(value if value == value else None, None, self.rounding)

    def presented_rows(self) -> Iterator[Presented]:
        """Every row as presented, in order, rounded for presentation all at once."""
        rounding, reasons = self.rounding, self.reasons
        shown = apply_rounding_array(self.values, rounding.decimals, rounding.mode)
        rows = zip(self.values.tolist(), shown.tolist(), self.codes.tolist(), strict=True)
        for value, presented, code in rows:
            if code:
                yield Presented(None, reasons[code], rounding, None, reason_kind(code))
            elif value != value:  # no number by design: a text figure, shown as its label
                yield Presented(None, None, rounding)
            else:
                yield Presented(
                    value, None, rounding, presented if presented == presented else None
                )

    def na(self) -> np.ndarray:
        """Which rows are N/A."""
        return np.asarray(self.codes != 0)

    def missing(self) -> np.ndarray:
        """Which rows are N/A for want of a value: of every kind but no_target (a part that
        does not apply in the period is not missing, as the counts have it)."""
        applies = [code for code in self.reasons if not _not_applicable(code)]
        return np.asarray(np.isin(self.codes, applies))


def _not_applicable(code: int) -> bool:
    return reason_kind(code) is NaKind.NO_TARGET


@dataclass(frozen=True, slots=True)
class LabelColumn:
    """A text per row (a predikat), or None with the reason."""

    values: np.ndarray  # object per row, None where N/A
    codes: np.ndarray  # int32 per row
    reasons: Mapping[int, str]

    def label(self, i: int) -> tuple[str | None, str | None]:
        """(label, N/A reason) of row i."""
        code = int(self.codes[i])
        return (None, self.reasons[code]) if code else (self.values[i], None)

    def kind(self, i: int) -> NaKind | None:
        """Why row i has no label, as the engine acts on it; None when it has one."""
        code = int(self.codes[i])
        return reason_kind(code) if code else None

    def kinds(self) -> Iterator[NaKind | None]:
        """The N/A kind of every row (None where there is a label)."""
        for code in self.codes.tolist():
            yield reason_kind(code) if code else None

    def labels(self) -> Iterator[tuple[str | None, str | None]]:
        """(label, N/A reason) of every row."""
        reasons = self.reasons
        for value, code in zip(self.values.tolist(), self.codes.tolist(), strict=True):
            yield (None, reasons[code]) if code else (value, None)


def not_applicable_column(indicator: str, n: int) -> PresentedColumn:
    """`not_applicable(indicator)` for each of n rows, as a column the report writers read."""
    code = reason_code(no_target_reason(indicator), NaKind.NO_TARGET)
    codes = np.full(n, code, dtype=np.int32)
    return PresentedColumn(np.full(n, np.nan), codes, {code: reason_text(code)}, Rounding())


@dataclass(frozen=True, slots=True)
class IndicatorBlock(Block[IndicatorRow]):
    """The rows of one indicator in one period: a row per unit."""

    indicator: str
    period: str
    units: tuple[str, ...]
    # None: the part does not apply (the indicator has no target, and no capaian formula);
    # read as N/A with the reason, kind no_target (not_applicable): target_column, capaian_column
    target: PresentedColumn | None
    realisasi: PresentedColumn
    capaian: PresentedColumn | None
    predikat: LabelColumn | None

    def __len__(self) -> int:
        return len(self.units)

    @property
    def target_column(self) -> PresentedColumn:
        """The targets, or N/A with the reason in every row when the indicator has none."""
        if self.target is None:
            return not_applicable_column(self.indicator, len(self.units))
        return self.target

    @property
    def capaian_column(self) -> PresentedColumn:
        """The capaian, or N/A with the reason in every row when it does not apply."""
        if self.capaian is None:
            return not_applicable_column(self.indicator, len(self.units))
        return self.capaian

    def row(self, i: int) -> IndicatorRow:
        """Row i."""
        pred, why = self.predikat.label(i) if self.predikat is not None else (None, None)
        kind = self.predikat.kind(i) if self.predikat is not None else None
        absent = not_applicable(self.indicator)
        return IndicatorRow(
            self.units[i],
            self.indicator,
            self.period,
            self.target.presented(i) if self.target is not None else absent,
            self.realisasi.presented(i),
            self.capaian.presented(i) if self.capaian is not None else absent,
            pred,
            why,
            kind,
        )

    def __iter__(self) -> Iterator[IndicatorRow]:
        n = len(self.units)
        absent = not_applicable(self.indicator)
        targets = self.target.presented_rows() if self.target is not None else repeat(absent, n)
        capaian = self.capaian.presented_rows() if self.capaian is not None else repeat(absent, n)
        labels = self.predikat.labels() if self.predikat is not None else repeat((None, None), n)
        kinds = self.predikat.kinds() if self.predikat is not None else repeat(None, n)
        parts = zip(
            self.units,
            targets,
            self.realisasi.presented_rows(),
            capaian,
            labels,
            kinds,
            strict=True,
        )
        for unit, target, real, cap, (pred, why), kind in parts:
            yield IndicatorRow(
                unit, self.indicator, self.period, target, real, cap, pred, why, kind
            )


@dataclass(frozen=True, slots=True)
class ValueBlock(Block[ValueRow]):
    """The rows of one figure or score in one period: a row per unit."""

    name: str
    period: str
    units: tuple[str, ...]
    value: PresentedColumn
    predikat: LabelColumn | None

    def __len__(self) -> int:
        return len(self.units)

    def row(self, i: int) -> ValueRow:
        """Row i."""
        pred = self.predikat.label(i)[0] if self.predikat is not None else None
        return ValueRow(self.units[i], self.name, self.period, self.value.presented(i), pred)

    def __iter__(self) -> Iterator[ValueRow]:
        n = len(self.units)
        labels = self.predikat.labels() if self.predikat is not None else repeat((None, None), n)
        parts = zip(self.units, self.value.presented_rows(), labels, strict=True)
        for unit, value, (pred, _why) in parts:
            yield ValueRow(unit, self.name, self.period, value, pred)


@dataclass(frozen=True, slots=True)
class NaBlock(Block[Diagnostic]):
    """The N001 diagnostics of an indicator block: a row per unit whose capaian (or, failing
    that, realisasi) is missing, with that reason. A capaian with no target in the period is
    not missing (PresentedColumn.missing): it has no note, as an indicator without any target
    has none."""

    block: IndicatorBlock
    rows: np.ndarray  # int64: the block's N/A rows
    row_code: ClassVar[str] = NA_NOTE  # every row's (engine.scoring.noted)

    @staticmethod
    def of(block: IndicatorBlock) -> NaBlock:
        """The N/A rows of block."""
        na = block.realisasi.na()
        if block.capaian is not None:
            na = na | block.capaian.missing()
        return NaBlock(block, np.flatnonzero(na))

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, i: int) -> Diagnostic:
        """Diagnostic i."""
        r, b = int(self.rows[i]), self.block
        cap = b.capaian
        missing = cap is not None and cap.codes[r] and not _not_applicable(cap.codes[r])
        column = cap if cap is not None and missing else b.realisasi
        reason = column.reasons[int(column.codes[r])]
        return Diagnostic(
            "info",
            "N001",
            _("capaian N/A: {reason}").format(reason=reason),
            b.units[r],
            b.indicator,
            b.period,
        )

    def __iter__(self) -> Iterator[Diagnostic]:
        for i in range(len(self.rows)):
            yield self.row(i)


@dataclass(frozen=True, slots=True)
class TieBlock(Block[Diagnostic]):
    """The N002 warnings of the rankings: a row per ranked unit whose tie survives every
    tie-breaker (shared or left to the Tim Penilai), its message the ranking and the note."""

    ranks: tuple[RankRow, ...]
    rows: tuple[int, ...]  # the positions in ranks of the units whose tie survives
    row_code: ClassVar[str] = TIE_NOTE  # every row's (engine.scoring.noted)

    @staticmethod
    def of(ranks: tuple[RankRow, ...]) -> TieBlock:
        """The surviving ties of ranks."""
        survives = (Tie.SHARED, Tie.UNDECIDED)
        return TieBlock(ranks, tuple(i for i, r in enumerate(ranks) if r.tie in survives))

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, i: int) -> Diagnostic:
        """Diagnostic i."""
        rank = self.ranks[self.rows[i]]
        return Diagnostic("warning", "N002", tie_message(rank), rank.unit, rank.ranking)

    def __iter__(self) -> Iterator[Diagnostic]:
        for i in range(len(self.rows)):
            yield self.row(i)

    def ranked(self) -> list[RankRow]:
        """The ranked units whose tie survives, in order."""
        return [self.ranks[i] for i in self.rows]


def tie_message(rank: RankRow) -> str:
    """The message of a N002 warning: the ranking and the note of its rank."""
    return f"{rank.ranking}: {rank.note}"
