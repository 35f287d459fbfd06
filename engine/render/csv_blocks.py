"""The CSV report (docs/csv-format.md) written block by block from the Result's columns: a block's
rows joined from texts made once per distinct value (engine/render/blocks.py).

Every text is made by the row writer's own functions (tabular.number_cells, safe_text.csv_text),
so the lines are the ones tabular.to_csv_by_rows writes, byte for byte; rows kept as objects
(rankings, tie notes, a hand-made Result) are written by it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial

import numpy as np

from dsl.rounding import FloatArray
from dsl.values import NaKind
from engine.pieces import Piece, Pieces
from engine.render.blocks import (
    Memo,
    Part,
    float_texts,
    joined_rows,
    label_texts,
    na_note_keys,
    na_note_message,
    number_texts,
    per_distinct,
)
from engine.render.tabular import (
    CSV_HEADER,
    CsvRow,
    earlier_csv,
    indicator_csv,
    number_cells,
    value_csv,
)
from engine.ruleset.model import Rounding
from engine.safe_text import FORMULA_START, csv_text, spreadsheet_text
from engine.scoring.columns import (
    IndicatorBlock,
    NaBlock,
    PresentedColumn,
    TieBlock,
    ValueBlock,
    blocks_of,
    tie_message,
)
from engine.scoring.result import (
    Diagnostic,
    IndicatorRow,
    Presented,
    RankRow,
    Result,
    ValueRow,
    fixed_text,
)

_NUMBER_COLUMNS = ("value", "rounded", "decimals", "na", "na_kind")


def safe(text: str) -> str:
    """A text through spreadsheet_text, called only where it may change it (most numbers)."""
    return spreadsheet_text(text) if text[:1] in FORMULA_START else text


# a text of these characters is a cell as it is: no formula start, nothing the writer quotes
_PLAIN = re.compile(r"[0-9A-Za-z_.][0-9A-Za-z_. ]*")


def cell(text: str) -> str:
    """A CSV cell as csv_text writes it in a row (formula-like text quoted, quotes doubled)."""
    if _PLAIN.fullmatch(text):
        return text
    return csv_text([[text, ""]])[:-2]


def safe_signed(texts: list[str], values: FloatArray) -> list[str]:
    """The texts of the values through safe(), called where it may change them: a float's text
    (repr, fixed_text) starts with a formula character only when its sign bit is set ('-2.5',
    '-inf'); otherwise with a digit, 'nan' or 'inf'."""
    for row in np.flatnonzero(np.signbit(values)).tolist():
        texts[row] = safe(texts[row])
    return texts


class CsvTexts:
    """The cells of one report, each made once: unit ids, labels, reasons."""

    def __init__(self) -> None:
        self.cell = Memo(cell)
        self.presented = Memo(self.numbers_of)

    def numbers(self, column: PresentedColumn) -> list[str]:
        """value,rounded,decimals,na,na_kind of each row of the column (number_cells' texts)."""
        rounding = column.rounding

        def na(reason: str, kind: NaKind) -> str:
            return self.numbers_of(Presented(None, reason, rounding, None, kind))

        made = self.batch(rounding)
        return number_texts(column, made, na)

    def batch(self, rounding: Rounding) -> Callable[[FloatArray, FloatArray], list[str]]:
        """The number columns of values all at once, given each value's presented (rounded)
        value: numbers_of's texts for numbers with no N/A reason."""
        tail = f",{safe(str(rounding.decimals))},,"

        def fixed(shown: FloatArray) -> list[str]:  # ',rounded,decimals,,'
            texts = [fixed_text(s, rounding.decimals) for s in shown.tolist()]
            return [f",{r}{tail}" for r in safe_signed(texts, shown)]

        def numbers(values: FloatArray, shown: FloatArray) -> list[str]:
            # a number's text holds no comma, quote or line end: no CSV quoting to do
            full = safe_signed(float_texts(values), values)  # tabular.value_text, all at once
            return list(map(str.__add__, full, per_distinct(shown, fixed)))

        return numbers

    def presented_rows(self, figs: Sequence[Presented]) -> list[str]:
        """numbers_of of each presented number: the numbers rounded column-wise (shown, no
        reason: PresentedColumn.presented_rows) in one batch per rounding, the rest one by one
        (a ranking has a row per unit, nearly every value distinct)."""
        out = [""] * len(figs)
        plain: dict[Rounding, list[int]] = {}
        for row, fig in enumerate(figs):
            if fig.reason is None and fig.value is not None and fig.shown is not None:
                plain.setdefault(fig.rounding, []).append(row)
            else:
                out[row] = self.presented(fig)
        for rounding, rows in plain.items():
            values = np.array([figs[r].value for r in rows], dtype=np.float64)
            shown = np.array([figs[r].shown for r in rows], dtype=np.float64)
            for row, text in zip(rows, self.batch(rounding)(values, shown), strict=True):
                out[row] = text
        return out

    def numbers_of(self, fig: Presented) -> str:
        """The number columns of one presented number."""
        cells = number_cells(fig)
        return ",".join(self.cell(cells[name]) for name in _NUMBER_COLUMNS)

    def units(self, units: Sequence[str]) -> list[str]:
        """The unit cells of a block (not to be changed: blocks of a level share them)."""
        return self.cell.shared_column(units)


def to_csv(result: Result) -> str:
    """The result as one tidy CSV table (CSV_HEADER), never a formula (the text of csv_pieces).

    One table rather than one file per section: a report goes to stdout or to one file, and a
    reader filters on `jenis`. One row per presented number rather than one per indicator: the
    full value, the rounded value and the N/A reason of a number then sit in the same columns
    whatever the number is (a target, a score, a ranked value), which a section-per-header layout
    cannot do without putting ranks under `capaian`."""
    return "".join(csv_lines(result))


def csv_lines(result: Result) -> Iterator[str]:
    """The report's lines, a block at a time."""
    return csv_pieces(result).texts()


def csv_pieces(result: Result) -> Pieces:
    """The report as pieces, each made when written (engine/pieces.py): header, indicators,
    scores, figures, rankings, diagnostics; a piece per block."""
    texts = CsvTexts()
    out = [Piece(lambda: csv_text([CSV_HEADER]), 1)]
    for block in blocks_of(result.indicators):
        if isinstance(block, IndicatorBlock):
            out.append(Piece(partial(_indicators, block, texts), 3 * len(block)))
        else:
            out.append(Piece(partial(_listed_indicators, block, texts), 3 * len(block)))
    for jenis, rows in (("nilai", result.scores), ("figur", result.figures)):
        for values in blocks_of(rows):
            if isinstance(values, ValueBlock):
                out.append(Piece(partial(_values, jenis, values, texts), len(values)))
            else:
                out.append(Piece(partial(_listed_values, jenis, values, texts), len(values)))
    out.append(Piece(partial(_ranks, result.rankings, texts), len(result.rankings)))
    earlier = result.earlier
    out.append(Piece(lambda: _listed(map(earlier_csv, earlier), texts), len(earlier)))
    for notes in blocks_of(result.diagnostics):
        if isinstance(notes, NaBlock):
            out.append(Piece(partial(_na_notes, notes, texts), len(notes)))
        elif isinstance(notes, TieBlock):
            out.append(Piece(partial(_ties, notes, texts), len(notes)))
        else:
            out.append(Piece(partial(_diagnostics, notes, texts), len(notes)))
    return Pieces(tuple(out))


def _listed_indicators(rows: Iterable[IndicatorRow], texts: CsvTexts) -> str:
    return _listed((row for r in rows for row in indicator_csv(r)), texts)


def _listed_values(jenis: str, rows: Iterable[ValueRow], texts: CsvTexts) -> str:
    return _listed((value_csv(jenis, v) for v in rows), texts)


def _listed(rows: Iterable[CsvRow], texts: CsvTexts) -> str:
    """Rows kept as objects, as tabular.csv_line writes them: a line's cells are each the text
    cell() makes (the csv writer quotes a cell by its own text), made once per distinct text."""
    cell = texts.cell
    return "".join([",".join([cell(row.get(n, "")) for n in CSV_HEADER]) + "\n" for row in rows])


def _ranks(rows: Sequence[RankRow], texts: CsvTexts) -> str:
    """A line per ranked unit (tabular.rank_csv), its cells made once per distinct text."""
    column = texts.cell.column
    parts: list[Part] = ["peringkat,", column([k.unit for k in rows]), ","]
    parts += [column([k.ranking for k in rows]), ",,nilai,"]
    parts += [texts.presented_rows([k.value for k in rows]), ",,,"]
    parts += [column(["" if k.rank is None else str(k.rank) for k in rows]), ","]
    parts += [column([k.award or "" for k in rows]), ",,,", column([k.note or "" for k in rows])]
    return joined_rows([*parts, "\n"], len(rows))


def _diagnostics(rows: Iterable[Diagnostic], texts: CsvTexts) -> str:
    """A line per diagnostic kept as an object (tabular.diagnostic_csv): tie notes."""
    column, notes = texts.cell.column, list(rows)
    parts: list[Part] = ["catatan,", column([d.unit or "" for d in notes]), ","]
    parts += [column([d.name or "" for d in notes]), ",", column([d.period or "" for d in notes])]
    parts += [",,,,,,,,,,,", column([d.severity for d in notes]), ","]
    parts += [column([d.code for d in notes]), ",", column([d.message for d in notes]), "\n"]
    return joined_rows(parts, len(notes))


def _ties(notes: TieBlock, texts: CsvTexts) -> str:
    """A N002 line per unit whose tie survives (tabular.diagnostic_csv of TieBlock.row)."""
    column, ranks = texts.cell.column, notes.ranked()
    parts: list[Part] = ["catatan,", column([k.unit for k in ranks]), ","]
    parts += [column([k.ranking for k in ranks]), f",,,,,,,,,,,,{texts.cell('warning')},N002,"]
    parts += [column(list(map(tie_message, ranks))), "\n"]
    return joined_rows(parts, len(ranks))


def _indicators(block: IndicatorBlock, texts: CsvTexts) -> str:
    """Three lines per unit: target, realisasi, capaian."""
    n = len(block)
    head = f",{texts.cell(block.indicator)},{texts.cell(block.period)},"
    predikat = Memo(lambda label: f"{texts.cell(label or '')},")
    reasons = block.predikat.reasons if block.predikat is not None else {}
    why = Memo(lambda code: f",{texts.cell(reasons[code])}")
    p = label_texts(block.predikat, n, predikat, why, ",")
    u = texts.units(block.units)
    t = texts.numbers(block.target_column)
    r = texts.numbers(block.realisasi)
    c = texts.numbers(block.capaian_column)
    parts: list[Part] = ["indikator,", u, f"{head}target,", t, ",", p, ",,,,,\n"]
    parts += ["indikator,", u, f"{head}realisasi,", r, ",", p, ",,,,,\n"]
    parts += ["indikator,", u, f"{head}capaian,", c, ",", p, ",,,,,\n"]
    return joined_rows(parts, n)


def _values(jenis: str, block: ValueBlock, texts: CsvTexts) -> str:
    """A line per unit: the score or figure."""
    n = len(block)
    middle = f",{texts.cell(block.name)},{texts.cell(block.period)},nilai,"
    labels = label_texts(block.predikat, n, Memo(lambda v: texts.cell(v or "")), Memo(_empty), "")
    parts: list[Part] = [f"{jenis},", texts.units(block.units), middle]
    parts += [texts.numbers(block.value), ",", labels, ",,,,,,\n"]
    return joined_rows(parts, n)


def _na_notes(notes: NaBlock, texts: CsvTexts) -> str:
    """A N001 line per unit whose capaian (or, failing that, realisasi) is N/A (NaBlock.row)."""
    block = notes.block
    message = Memo(lambda key: texts.cell(na_note_message(block, key)))
    head = f",{texts.cell(block.indicator)},{texts.cell(block.period)},,,,,,,,,,,info,N001,"
    units, keys = na_note_keys(notes)
    parts: list[Part] = ["catatan,", texts.cell.column(units), head]
    parts += [message.column(keys), "\n"]
    return joined_rows(parts, len(units))


def _empty(code: int) -> str:
    return ""
