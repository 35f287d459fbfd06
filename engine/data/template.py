"""Blank input templates: every value a ruleset needs, per unit, period and item, in long form.

The workbook is made for filling in: the unit, period and variable columns offer the ruleset's
choices (data-validation lists kept on a hidden sheet perkin skips), and each value cell is typed
by its input's kind (Rupiah, whole numbers, text), accepting a number or N/A."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from dsl.i18n import N_, _, pgettext
from engine.data.model import Dataset, DeclaredUnit
from engine.data.validation import VALIDATION_ROLES
from engine.periods import Period, parse_option
from engine.ruleset.empty import refuse_empty_template
from engine.ruleset.model import Input, Ruleset
from engine.safe_text import append_row, csv_text

HEADER = ("unit", "period", "variable", "item", "value", "note", "source")
UNIT_HEADER = ("unit", "name", "level", "parent")
PLACEHOLDER_UNIT = "UNIT_ID"
PLACEHOLDER_ITEM = "ITEM"
_FILL = PatternFill(fill_type="solid", fgColor="FFFFF4C2")
_BOLD = Font(bold=True)
INSTRUCTIONS = (
    N_("How to fill in this workbook"),
    "",
    N_(
        "Fill in the value column of the Data sheet: one row per value (unit, period, variable, "
        "item)."
    ),
    N_(
        "Write numbers as offices do: 86,75 or 8.797.819.537 (95% only for percent inputs); "
        "write N/A where a value does not exist."
    ),
    N_(
        "The note column describes each value (description, kind, system, level); you may "
        "overwrite it."
    ),
    N_(
        "The source column names the system the value comes from; change it when the value comes "
        "from another system."
    ),
    N_(
        "Do not change the unit, period, variable and item columns (their cells offer the "
        "ruleset's choices); empty rows may be deleted."
    ),
    N_(
        "The Unit sheet (when present) lists the units and their parents; perkin reads it with "
        "the data."
    ),
    N_("perkin skips this sheet and the hidden sheet of choices."),
)
# the number format of a value cell by its input's kind; other kinds stay General
VALUE_FORMATS = {"count": "#,##0", "currency": '"Rp "#,##0', "text": "@"}
KEY_COLUMNS = {"unit": "A", "period": "B", "variable": "C"}  # Data sheet columns with choices


@dataclass(frozen=True, slots=True)
class TemplateRow:
    """One value to fill: its key and a description for the person filling it in."""

    unit: str
    period: str
    variable: str
    item: str
    note: str
    source: str
    kind: str = "number"  # the input's kind: how its value cell is typed

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
    refuse_empty_template(ruleset)
    rows = list(template_rows(ruleset, units, period))
    # with a validation chain, who validated each row and when (engine.data.validation)
    header = (*HEADER, *VALIDATION_ROLES) if ruleset.validation else HEADER
    if fmt == "csv":
        return _csv(rows, header)
    return _xlsx(rows, units.units if units is not None else (), header)


def template_rows(
    ruleset: Ruleset, units: Dataset | None, period: str | None
) -> Iterator[TemplateRow]:
    """Every input × unit at its level × reporting period inside the scored period × item."""
    scope = parse_option(period) if period is not None else None
    for spec in ruleset.inputs.values():
        note = describe(spec)
        for unit in units_for(spec, units):
            for label in period_labels(spec, ruleset.year, scope):
                for item in items_of(spec):
                    yield TemplateRow(
                        unit, label, spec.id, item, note, spec.system or "", spec.kind
                    )


def describe(spec: Input) -> str:
    """What to fill: description, kind, system and level."""
    parts = [spec.description or spec.id, _("kind {kind}").format(kind=spec.kind)]
    if spec.kind == "percent":
        parts[-1] += " " + _("(percentage points: 95 or 95%)")
    if spec.min is not None:
        parts.append(_("min {value}").format(value=f"{spec.min:g}"))
    if spec.max is not None:
        parts.append(_("max {value}").format(value=f"{spec.max:g}"))
    if spec.system:
        parts.append(_("system {system}").format(system=spec.system))
    if spec.level_text():
        parts.append(_("level {level}").format(level=spec.level_text()))
    return "; ".join(parts)


def units_for(spec: Input, dataset: Dataset | None) -> list[str]:
    """The ids of the dataset's units at the input's level, else the placeholder."""
    rows: tuple[DeclaredUnit, ...] = dataset.units if dataset is not None else ()
    return [u.id for u in rows if at_level(spec, u.level)] or [PLACEHOLDER_UNIT]


def at_level(spec: Input, level: str | None) -> bool:
    """Whether a unit of this level reports the input (every unit, for an input of no level)."""
    return spec.at(level)


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


def _csv(rows: list[TemplateRow], header: tuple[str, ...]) -> str:
    """The rows as CSV text with a header, never a formula."""
    return csv_text([header, *(_cells(row, header) for row in rows)])


def _cells(row: TemplateRow, header: tuple[str, ...]) -> tuple[str, ...]:
    """A row's cells under the header: the columns after HEADER's left empty."""
    return (*row.cells(), *("",) * (len(header) - len(HEADER)))


def _xlsx(
    rows: list[TemplateRow], units: tuple[DeclaredUnit, ...], header: tuple[str, ...]
) -> bytes:
    """A workbook: Petunjuk (skipped by the reader), Data, with units Unit, and the hidden sheet
    of the Data sheet's choices."""
    wb = Workbook()
    guide = wb.active
    guide.title = pgettext("sheet", "Instructions")
    for line in INSTRUCTIONS:
        append_row(guide, [_(line) if line else line])
    for (cell,) in guide.iter_rows(min_col=1, max_col=1):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 100
    ws = _data_sheet(wb, rows, header)
    if units:
        _unit_sheet(wb, units)
    _choices(wb, ws, rows)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _choices(wb: Workbook, data: Any, rows: list[TemplateRow]) -> None:
    """Data-validation lists on the unit, period and variable columns, their values on a hidden
    sheet whose name perkin's reader skips (a list written inline is limited to 255 characters).
    A column holding only a placeholder (no units given) gets no list."""
    if not rows:
        return
    values = {
        "unit": list(dict.fromkeys(r.unit for r in rows if r.unit != PLACEHOLDER_UNIT)),
        "period": list(dict.fromkeys(r.period for r in rows)),
        "variable": list(dict.fromkeys(r.variable for r in rows)),
    }
    ws = wb.create_sheet(pgettext("sheet", "Choices (instructions)"))
    ws.sheet_state = "hidden"
    append_row(ws, [_("The choices of the Data sheet's unit, period and variable columns.")])
    for line in zip_longest(*values.values()):
        append_row(ws, line)
    for index, (name, column) in enumerate(KEY_COLUMNS.items()):
        if not values[name]:
            continue
        letter = "ABC"[index]
        source = f"'{ws.title}'!${letter}$2:${letter}${len(values[name]) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=False)
        check.error = _("Choose one of the ruleset's values from the list.")
        check.showErrorMessage = True
        check.add(f"{column}2:{column}{len(rows) + 1}")
        data.add_data_validation(check)


def _typed_values(ws: Any, rows: list[TemplateRow]) -> None:
    """Each value cell formatted by its input's kind; a number cell warns on anything but a
    number or N/A (a warning, not a refusal: '86,75' typed into an English Excel is text that
    perkin still reads)."""
    numeric: list[int] = []
    for line, row in enumerate(rows, start=2):
        cell = ws.cell(row=line, column=5)
        cell.fill = _FILL
        cell.number_format = VALUE_FORMATS.get(row.kind, "General")
        if row.kind != "text":
            numeric.append(line)
    if not numeric:
        return
    # the formula is written for the first cell of the ranges and moves with each cell
    first = f"E{numeric[0]}"
    check = DataValidation(type="custom", formula1=f'OR(ISNUMBER({first}),{first}="N/A")')
    check.errorStyle = "warning"
    check.error = _("Write a number, or N/A where the value does not exist.")
    check.showErrorMessage = True
    for start, end in _runs(numeric):
        check.add(f"E{start}:E{end}")
    ws.add_data_validation(check)


def _runs(lines: list[int]) -> Iterator[tuple[int, int]]:
    """Consecutive line numbers as (first, last) runs."""
    start = previous = lines[0]
    for line in lines[1:]:
        if line != previous + 1:
            yield start, previous
            start = line
        previous = line
    yield start, previous


def _data_sheet(wb: Workbook, rows: list[TemplateRow], header: tuple[str, ...]) -> Any:
    """The Data sheet: frozen header, the value column shaded and typed for filling."""
    ws = wb.create_sheet("Data")
    ws.append(list(header))
    for row in rows:
        append_row(ws, [cell or None for cell in _cells(row, header)])
    for cell in ws[1]:
        cell.font = _BOLD
    _typed_values(ws, rows)
    widths = {"A": 16, "B": 12, "C": 24, "D": 8, "E": 14, "F": 70, "G": 16}
    for column, width in widths.items():
        ws.column_dimensions[column].width = width
    for (cell,) in ws.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.alignment = Alignment(wrap_text=False)
    ws.freeze_panes = "A2"
    return ws


def _unit_sheet(wb: Workbook, units: tuple[DeclaredUnit, ...]) -> None:
    """The Unit sheet: the hierarchy the values belong to."""
    ws = wb.create_sheet("Unit")
    ws.append(list(UNIT_HEADER))
    for unit in units:
        append_row(ws, [unit.id, unit.name, unit.level, unit.parent])
    for cell in ws[1]:
        cell.font = _BOLD
    ws.freeze_panes = "A2"
