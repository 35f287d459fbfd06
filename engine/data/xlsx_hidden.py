"""Hidden parts of a data sheet: a hidden sheet, or hidden rows or columns that hold values.

Hiding could mean "count it" (a tidy view, a filter left on) or "the office set it aside"; perkin
does not guess which. Each hidden part that holds a value is a located error (D300), one per run of
neighbouring rows or columns; hidden parts without values (a hidden choices sheet, hidden blank
rows) are no problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _
from engine.data.model import DataFileError

_SHEET_HINT = N_("unhide the sheet to have its values counted, or delete it if they must not count")
_ROWS_HINT = N_(
    "unhide them (or clear the filter) to have their values counted, or delete them if they "
    "must not count"
)


def hidden_errors(sheet: Any, name: str) -> list[PerkinError]:
    """The D300 errors of a data sheet (one whose header names a unit column)."""
    if sheet.sheet_state != "visible":
        where = Location(file=name, sheet=sheet.title)
        message = _("the sheet is hidden; perkin cannot tell whether its values count")
        return [DataFileError(message, where, _(_SHEET_HINT), "D300")]
    return [*_row_errors(sheet, name), *_column_errors(sheet, name)]


def _row_errors(sheet: Any, name: str) -> Iterator[PerkinError]:
    hidden = [n for n, dim in sheet.row_dimensions.items() if dim.hidden and n <= sheet.max_row]
    filled = [n for n in sorted(hidden) if _filled(sheet, min_row=n, max_row=n)]
    for first, last in _runs(filled):
        where = Location(file=name, sheet=sheet.title, cell=f"A{first}")
        if first == last:
            message = _("row {row} is hidden; perkin cannot tell whether its values count")
        else:
            message = _(
                "rows {first}–{last} are hidden; perkin cannot tell whether their values count"
            )
        text = message.format(row=first, first=first, last=last)
        yield DataFileError(text, where, _(_ROWS_HINT), "D300")


def _column_errors(sheet: Any, name: str) -> Iterator[PerkinError]:
    from openpyxl.utils import column_index_from_string, get_column_letter

    hidden: set[int] = set()
    for key, dim in sheet.column_dimensions.items():
        if dim.hidden:
            low = dim.min or column_index_from_string(key)
            hidden.update(range(low, (dim.max or low) + 1))
    filled = [
        n for n in sorted(hidden) if n <= sheet.max_column and _filled(sheet, min_col=n, max_col=n)
    ]
    for first, last in _runs(filled):
        a, b = get_column_letter(first), get_column_letter(last)
        where = Location(file=name, sheet=sheet.title, cell=f"{a}1")
        if first == last:
            message = _("column {column} is hidden; perkin cannot tell whether its values count")
        else:
            message = _(
                "columns {first}–{last} are hidden; perkin cannot tell whether their values count"
            )
        text = message.format(column=a, first=a, last=b)
        yield DataFileError(text, where, _(_ROWS_HINT), "D300")


def _filled(sheet: Any, **bounds: int) -> bool:
    """Whether any cell within the bounds (inside the sheet's used range) holds a value."""
    return any(
        value is not None and str(value).strip() != ""
        for row in sheet.iter_rows(values_only=True, **bounds)
        for value in row
    )


def _runs(numbers: list[int]) -> Iterator[tuple[int, int]]:
    """(first, last) of each run of consecutive numbers, in order."""
    start = previous = None
    for n in numbers:
        if start is None or previous is None or n != previous + 1:
            if start is not None and previous is not None:
                yield start, previous
            start = n
        previous = n
    if start is not None and previous is not None:
        yield start, previous
