"""The immutable scoring result and its documented, deterministic JSON form.

The rows of a result are kept column-wise, a block per indicator (or figure, score) and period,
and a row object is made only when it is read: a national year has millions of rows, which as
objects would cost minutes and gigabytes before anything is written (benchmarks/README.md).
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any, NamedTuple, Protocol, TypeVar, overload

import numpy as np

from dsl.rounding import apply_rounding, apply_rounding_array
from dsl.values import reason_text
from engine.data.model import Unit
from engine.ruleset.model import Rounding
from engine.scoring.vectors import distinct_reasons

RESULT_FORMAT = 1


# The row types are NamedTuples: immutable like frozen dataclasses, and made three times faster,
# which counts when a national result is read row by row (7.8M rows, four objects each).


class Presented(NamedTuple):
    """A number as presented: its full value and presentation rounding, or N/A with the reason.

    Not to be confused with a ruleset's Figure (engine.ruleset.model), a named formula whose
    values are reported under "figures"."""

    value: float | None
    reason: str | None
    rounding: Rounding
    # the presented value when already rounded column-wise (PresentedColumn); not part of equality
    shown: float | None = None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Presented) and self[:3] == other[:3]

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self[:3])

    def __repr__(self) -> str:
        return (
            f"Presented(value={self.value!r}, reason={self.reason!r}, rounding={self.rounding!r})"
        )

    @property
    def rounded(self) -> float | None:
        """The value as presented (declared decimals and mode)."""
        if self.value is None:
            return None
        if self.shown is not None:
            return self.shown
        return apply_rounding(self.value, self.rounding.decimals, self.rounding.mode)

    def text(self) -> str:
        """The presented text: '97.77' or 'N/A'."""
        rounded = self.rounded
        if rounded is None:
            return "N/A" if self.reason is not None else "—"
        return f"{rounded:.{self.rounding.decimals}f}"

    def as_json(self) -> dict[str, Any]:
        """{"value": full precision, "rounded": presented, "na": reason}."""
        out: dict[str, Any] = {"value": _num(self.value), "rounded": _num(self.rounded)}
        if self.reason is not None:
            out["na"] = self.reason
        return out


class IndicatorRow(NamedTuple):
    """Target, realisasi, capaian and predikat of one indicator for one unit and period."""

    unit: str
    indicator: str
    period: str
    target: Presented
    realisasi: Presented
    capaian: Presented
    predikat: str | None
    predikat_reason: str | None


class ValueRow(NamedTuple):
    """A figure or score of one unit in one period."""

    unit: str
    name: str
    period: str
    value: Presented
    predikat: str | None = None


@dataclass(frozen=True, slots=True)
class RankRow:
    """A unit's place in a ranking."""

    ranking: str
    unit: str
    rank: int | None
    award: str | None
    value: Presented
    tie_breakers: tuple[float | None, ...]
    note: str | None


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """Something the evaluator noticed: every N/A, unresolved ties, rolled-up gaps."""

    severity: str
    code: str
    message: str
    unit: str | None = None
    name: str | None = None
    period: str | None = None


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
            return Presented(None, self.reasons[code], self.rounding)
        return Presented(float(self.values[i]), None, self.rounding)

    def presented_rows(self) -> Iterator[Presented]:
        """Every row as presented, in order, rounded for presentation all at once."""
        rounding, reasons = self.rounding, self.reasons
        shown = apply_rounding_array(self.values, rounding.decimals, rounding.mode)
        rows = zip(self.values.tolist(), shown.tolist(), self.codes.tolist(), strict=True)
        for value, presented, code in rows:
            if code:
                yield Presented(None, reasons[code], rounding)
            else:
                yield Presented(
                    value, None, rounding, presented if presented == presented else None
                )

    def na(self) -> np.ndarray:
        """Which rows are N/A."""
        return np.asarray(self.codes != 0)


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

    def labels(self) -> Iterator[tuple[str | None, str | None]]:
        """(label, N/A reason) of every row."""
        reasons = self.reasons
        for value, code in zip(self.values.tolist(), self.codes.tolist(), strict=True):
            yield (None, reasons[code]) if code else (value, None)


NOT_APPLICABLE = Presented(None, None, Rounding())


@dataclass(frozen=True, slots=True)
class IndicatorBlock(Block[IndicatorRow]):
    """The rows of one indicator in one period: a row per unit."""

    indicator: str
    period: str
    units: tuple[str, ...]
    target: PresentedColumn | None  # None: the indicator has no target (not applicable)
    realisasi: PresentedColumn
    capaian: PresentedColumn | None  # None: a score without targets, by design
    predikat: LabelColumn | None

    def __len__(self) -> int:
        return len(self.units)

    def row(self, i: int) -> IndicatorRow:
        """Row i."""
        pred, why = self.predikat.label(i) if self.predikat is not None else (None, None)
        return IndicatorRow(
            self.units[i],
            self.indicator,
            self.period,
            self.target.presented(i) if self.target is not None else NOT_APPLICABLE,
            self.realisasi.presented(i),
            self.capaian.presented(i) if self.capaian is not None else NOT_APPLICABLE,
            pred,
            why,
        )

    def __iter__(self) -> Iterator[IndicatorRow]:
        n = len(self.units)
        targets = (
            self.target.presented_rows() if self.target is not None else repeat(NOT_APPLICABLE, n)
        )
        capaian = (
            self.capaian.presented_rows() if self.capaian is not None else repeat(NOT_APPLICABLE, n)
        )
        labels = self.predikat.labels() if self.predikat is not None else repeat((None, None), n)
        parts = zip(
            self.units, targets, self.realisasi.presented_rows(), capaian, labels, strict=True
        )
        for unit, target, real, cap, (pred, why) in parts:
            yield IndicatorRow(unit, self.indicator, self.period, target, real, cap, pred, why)


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
        for unit, value, (pred, _) in parts:
            yield ValueRow(unit, self.name, self.period, value, pred)


@dataclass(frozen=True, slots=True)
class NaBlock(Block[Diagnostic]):
    """The N001 diagnostics of an indicator block: a row per unit whose capaian (or, failing
    that, realisasi) is N/A, with that reason."""

    block: IndicatorBlock
    rows: np.ndarray  # int64: the block's N/A rows

    @staticmethod
    def of(block: IndicatorBlock) -> NaBlock:
        """The N/A rows of block."""
        na = block.realisasi.na()
        if block.capaian is not None:
            na = na | block.capaian.na()
        return NaBlock(block, np.flatnonzero(na))

    def __len__(self) -> int:
        return len(self.rows)

    def row(self, i: int) -> Diagnostic:
        """Diagnostic i."""
        r, b = int(self.rows[i]), self.block
        cap = b.capaian
        column = cap if cap is not None and cap.codes[r] else b.realisasi
        reason = column.reasons[int(column.codes[r])]
        return Diagnostic(
            "info", "N001", f"capaian N/A: {reason}", b.units[r], b.indicator, b.period
        )

    def __iter__(self) -> Iterator[Diagnostic]:
        for i in range(len(self.rows)):
            yield self.row(i)


@dataclass(frozen=True, slots=True)
class Result:
    """Everything `score` produces, in a stable order."""

    ruleset_id: str
    ruleset_title: str
    ruleset_hash: str
    input_hash: str
    perkin_version: str
    period: str
    units: tuple[Unit, ...]
    indicators: Sequence[IndicatorRow]
    figures: Sequence[ValueRow]
    scores: Sequence[ValueRow]
    rankings: Sequence[RankRow]
    diagnostics: Sequence[Diagnostic]

    def as_json(self) -> dict[str, Any]:
        """The documented JSON form (schemas/result.schema.json)."""
        return {
            "format": RESULT_FORMAT,
            "provenance": {
                "ruleset": self.ruleset_id,
                "title": self.ruleset_title,
                "ruleset_sha256": self.ruleset_hash,
                "input_sha256": self.input_hash,
                "perkin": self.perkin_version,
                "period": self.period,
            },
            "units": [_unit_json(u) for u in self.units],
            "indicators": [_indicator_json(r) for r in self.indicators],
            "figures": [_value_json(r) for r in self.figures],
            "scores": [_value_json(r) for r in self.scores],
            "rankings": [_rank_json(r) for r in self.rankings],
            "diagnostics": [_diag_json(d) for d in self.diagnostics],
        }

    def to_json(self) -> str:
        """Byte-identical JSON text for identical inputs."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _num(x: float | None) -> float | None:
    if x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x))):
        return None
    return float(x)


def _unit_json(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "name": u.name, "level": u.level, "parent": u.parent}


def _indicator_json(r: IndicatorRow) -> dict[str, Any]:
    out = {
        "unit": r.unit,
        "indicator": r.indicator,
        "period": r.period,
        "target": r.target.as_json(),
        "realisasi": r.realisasi.as_json(),
        "capaian": r.capaian.as_json(),
        "predikat": r.predikat,
    }
    if r.predikat_reason:
        out["predikat_na"] = r.predikat_reason
    return out


def _value_json(r: ValueRow) -> dict[str, Any]:
    out = {"unit": r.unit, "name": r.name, "period": r.period, **r.value.as_json()}
    if r.predikat is not None:
        out["predikat"] = r.predikat
    return out


def _rank_json(r: RankRow) -> dict[str, Any]:
    return {
        "ranking": r.ranking,
        "unit": r.unit,
        "rank": r.rank,
        "award": r.award,
        "value": r.value.as_json(),
        "tie_breakers": [_num(t) for t in r.tie_breakers],
        "note": r.note,
    }


def _diag_json(d: Diagnostic) -> dict[str, Any]:
    return {
        k: v
        for k, v in (
            ("severity", d.severity),
            ("code", d.code),
            ("message", d.message),
            ("unit", d.unit),
            ("name", d.name),
            ("period", d.period),
        )
        if v is not None
    }
