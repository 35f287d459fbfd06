"""Blank input templates: every value a ruleset needs, per unit, period and item, in long form."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from engine.data.model import Dataset, DeclaredUnit
from engine.periods import Period, parse_period
from engine.ruleset.model import Input, Ruleset
from engine.safe_text import append_row, csv_text

HEADER = ("unit", "period", "variable", "item", "value", "note", "source")
UNIT_HEADER = ("unit", "name", "level", "parent")
PLACEHOLDER_UNIT = "UNIT_ID"
PLACEHOLDER_ITEM = "ITEM"
_FILL = PatternFill(fill_type="solid", fgColor="FFFFF4C2")
_BOLD = Font(bold=True)
INSTRUCTIONS = (
    "Petunjuk pengisian",
    "",
    "Isi kolom value di sheet Data: satu baris untuk satu nilai (unit, periode, variabel, item).",
    "Tulis angka seperti di kantor: 86,75 atau 8.797.819.537 (95% hanya untuk jenis percent);",
    "tulis N/A bila tidak ada.",
    "Kolom note sudah berisi keterangan isian (deskripsi, jenis, sistem, level); boleh ditimpa.",
    "Kolom source berisi sistem asal data; ganti bila nilainya dari sistem lain.",
    "Jangan mengubah kolom unit, period, variable dan item; baris kosong boleh dihapus.",
    "Sheet Unit (bila ada) mendaftar unit dan induknya; perkin membacanya bersama data.",
    "Sheet Petunjuk ini dilewati oleh perkin.",
)


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One value to fill: its key and a description for the person filling it in."""

    unit: str
    period: str
    variable: str
    item: str
    note: str
    source: str

    def cells(self) -> tuple[str, ...]:
        """The row in HEADER order, value empty."""
        return (self.unit, self.period, self.variable, self.item, "", self.note, self.source)


def make_template(
    ruleset: Ruleset,
    fmt: Literal["xlsx", "csv"],
    units: Dataset | None = None,
    period: str | None = None,
) -> bytes | str:
    """A blank workbook (bytes) or CSV (text) listing every input value to fill."""
    rows = list(template_rows(ruleset, units, period))
    if fmt == "csv":
        return _csv(rows)
    return _xlsx(rows, units.units if units is not None else ())


def template_rows(
    ruleset: Ruleset, units: Dataset | None, period: str | None
) -> Iterator[TemplateRow]:
    """Every input × unit at its level × reporting period inside the scored period × item."""
    scope = parse_period(period) if period else None
    for spec in ruleset.inputs.values():
        note = describe(spec)
        for unit in units_for(spec, units):
            for label in period_labels(spec, ruleset.year, scope):
                for item in items_of(spec):
                    yield TemplateRow(unit, label, spec.id, item, note, spec.system or "")


def describe(spec: Input) -> str:
    """What to fill: description, kind, system and level."""
    parts = [spec.description or spec.id, f"jenis {spec.kind}"]
    if spec.kind == "percent":
        parts[-1] += " (poin persen: 95 atau 95%)"
    if spec.min is not None:
        parts.append(f"min {spec.min:g}")
    if spec.max is not None:
        parts.append(f"maks {spec.max:g}")
    if spec.system:
        parts.append(f"sistem {spec.system}")
    if spec.level:
        parts.append(f"level {spec.level}")
    return "; ".join(parts)


def units_for(spec: Input, dataset: Dataset | None) -> list[str]:
    """The ids of the dataset's units at the input's level, else the placeholder."""
    rows: tuple[DeclaredUnit, ...] = dataset.units if dataset is not None else ()
    return [u.id for u in rows if at_level(spec, u.level)] or [PLACEHOLDER_UNIT]


def at_level(spec: Input, level: str | None) -> bool:
    """Whether a unit of this level reports the input (every unit, for an input of no level)."""
    return spec.level is None or level == spec.level


def period_labels(spec: Input, year: int, scope: Period | None) -> list[str]:
    """The labels of the input's reporting periods in the ruleset year (2024-01, 2024-TW1, 2024)."""
    return [p.label for p in reporting_periods(spec, year, scope)]


def reporting_periods(spec: Input, year: int, scope: Period | None) -> list[Period]:
    """The input's reporting periods in the ruleset year needed to score the scope (all: None)."""
    periods = list(Period(year or None, "tahunan").subperiods(spec.period))
    if scope is not None:
        periods = [p for p in periods if _overlaps(p, scope)]
    return periods


def _overlaps(reported: Period, scope: Period) -> bool:
    """Whether a reporting period is needed to score the scope (inside it or covering it)."""
    return scope.contains(reported) or reported.contains(scope)


def items_of(spec: Input) -> list[str]:
    """The series items of an input ('' for a single value; a placeholder when not listed)."""
    if spec.axis is None:
        return [""]
    return list(spec.items) if spec.items else [PLACEHOLDER_ITEM]


def _csv(rows: list[TemplateRow]) -> str:
    """The rows as CSV text with a header, never a formula."""
    return csv_text([HEADER, *(row.cells() for row in rows)])


def _xlsx(rows: list[TemplateRow], units: tuple[DeclaredUnit, ...]) -> bytes:
    """A workbook: Petunjuk (skipped by the reader), Data and, with units, Unit."""
    wb = Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    for line in INSTRUCTIONS:
        append_row(guide, [line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 100
    _data_sheet(wb, rows)
    if units:
        _unit_sheet(wb, units)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _data_sheet(wb: Workbook, rows: list[TemplateRow]) -> None:
    """The Data sheet: frozen header, the value column shaded for filling."""
    ws = wb.create_sheet("Data")
    ws.append(list(HEADER))
    for row in rows:
        append_row(ws, [cell or None for cell in row.cells()])
    for cell in ws[1]:
        cell.font = _BOLD
    for (cell,) in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.fill = _FILL
    widths = {"A": 16, "B": 12, "C": 24, "D": 8, "E": 14, "F": 70, "G": 16}
    for column, width in widths.items():
        ws.column_dimensions[column].width = width
    for (cell,) in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.alignment = Alignment(wrap_text=False)
    ws.freeze_panes = "A2"


def _unit_sheet(wb: Workbook, units: tuple[DeclaredUnit, ...]) -> None:
    """The Unit sheet: the hierarchy the values belong to."""
    ws = wb.create_sheet("Unit")
    ws.append(list(UNIT_HEADER))
    for unit in units:
        append_row(ws, [unit.id, unit.name, unit.level, unit.parent])
    for cell in ws[1]:
        cell.font = _BOLD
    ws.freeze_panes = "A2"
