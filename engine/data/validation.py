"""Who validated a data row, and when: the columns ``validated_by`` (``divalidasi_oleh``) and
``validated_on`` (``tanggal_validasi``) of a long or wide table or a YAML/JSON value, read into a
RowValidation that every value of the row carries. A role is checked against the ruleset when
the data is bound (engine.data.validation_check); here only the cells' own form is checked.

``validated_by`` holds the role that validated the row (``camat``), or nothing, ``belum`` or
``-`` for a row not yet validated; ``validated_on`` the date, as ``2016-02-05``, ``05/02/2016``,
``5-2-2016`` or a date cell of a workbook. A date that cannot be read, a date without a
validator and a validator without a date are located errors (D160–D162).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from dsl.errors import Location, PerkinError
from dsl.i18n import N_, _

VALIDATION_ROLES = ("validated_by", "validated_on")
ALIASES = {
    "validated_by": "validated_by",
    "divalidasi_oleh": "validated_by",
    "validated_on": "validated_on",
    "tanggal_validasi": "validated_on",
    "tgl_validasi": "validated_on",
}
NOT_YET = frozenset({"", "belum", "-", "—", "--", "not yet", "n/a"})
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE_HINT = N_("write the date as 2016-02-05 (year-month-day) or 05/02/2016 (day/month/year)")


class ValidationDataError(PerkinError):
    """A validation cell that cannot be read: a bad date, or a validator and date not given
    together."""

    code = "D160"


class ValidationCell(Protocol):
    """A table cell as this module reads it (engine.data.tables.Cell)."""

    @property
    def raw(self) -> object:
        """The cell's value as stored."""
        ...

    @property
    def location(self) -> Location:
        """Where the cell is."""
        ...

    @property
    def text(self) -> str:
        """The cell as trimmed text."""
        ...


@dataclass(frozen=True, slots=True)
class RowValidation:
    """Who validated a row (None: not yet validated), on which day, and where that is written."""

    role: str | None
    date: dt.date | None
    location: Location


def read_validation(
    by: ValidationCell | None, on: ValidationCell | None, errors: list[PerkinError]
) -> RowValidation | None:
    """The validation a row's cells state; None when the table has neither column, or after
    noting why the cells cannot be read."""
    first = by if by is not None else on
    if first is None:
        return None
    role = _role(by)
    date = _date(on, errors) if on is not None else None
    if date is False:
        return None
    where = first.location
    if role is None and date is not None:
        message = _("a validation date without a validator")
        hint = _("write who validated the row in validated_by, or leave the date empty")
        errors.append(ValidationDataError(message, where, hint, "D161"))
        return None
    if role is not None and date is None:
        message = _("validated by '{role}' without a date").format(role=role)
        hint = _("write the day of the validation in validated_on")
        errors.append(ValidationDataError(message, on.location if on else where, hint, "D162"))
        return None
    return RowValidation(role, date, where)


def _role(cell: ValidationCell | None) -> str | None:
    """The validating role a cell names; None for a row not yet validated."""
    if cell is None:
        return None
    text = cell.text
    return None if text.casefold() in NOT_YET else text


def _date(cell: ValidationCell, errors: list[PerkinError]) -> dt.date | Literal[False] | None:
    """The date in a cell; None when empty, False after noting that it cannot be read."""
    raw = cell.raw
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = cell.text
    if not text:
        return None
    found = parse_date(text)
    if found is None:
        message = _("cannot read the validation date '{text}'").format(text=text)
        errors.append(ValidationDataError(message, cell.location, _(_DATE_HINT), "D160"))
        return False
    return found


def parse_date(text: str) -> dt.date | None:
    """A date written year-month-day or day/month/year; None when it is no date."""
    iso, day_first = _ISO.fullmatch(text), _DAY_FIRST.fullmatch(text)
    if iso is not None:
        year, month, day = (int(g) for g in iso.groups())
    elif day_first is not None:
        day, month, year = (int(g) for g in day_first.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


NOT_VALIDATED, VALIDATED, LATE = 0, 1, 2  # a value's mark: no validation at cadence, or one


@dataclass(frozen=True, slots=True)
class Validations:
    """The validation of bound values: per input and (period label, item), a mark per unit
    (NOT_VALIDATED, VALIDATED or LATE); and per validating role, the units it validates."""

    marks: dict[tuple[str, tuple[str, str | None]], np.ndarray]
    units: dict[str, np.ndarray]  # role → bool per unit: the units of the level it validates
    inputs: frozenset[str] | None  # the inputs whose values need validating (None: every one)

    def validator(self, input_id: str, unit: int) -> str | None:
        """The role that validates a unit's value of an input, None when it needs none."""
        if self.inputs is not None and input_id not in self.inputs:
            return None
        return next((role for role, mask in self.units.items() if mask[unit]), None)

    def mark(self, input_id: str, key: tuple[str, str | None], n: int) -> np.ndarray:
        """The marks of one slot's units (NOT_VALIDATED where no validation was given)."""
        found = self.marks.get((input_id, key))
        return found if found is not None else np.zeros(n, dtype=np.int8)
