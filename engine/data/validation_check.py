"""The validation of bound data against the ruleset's `validation:` chain: each row's validator
checked (a role of the chain, the one that validates the unit's level, a date after the period
ends), each value marked validated at cadence or not, and each unit's state counted.

A value is validated at cadence when its validation is dated after the last day of its period
and no later than the last day of the month one cadence after it: a monthly-validated value of
January 2016 by 29 February 2016, of TW1 by 30 April. A validation dated on or before the last
day of the period is an error (D165): a period is validated once it is over. A later one leaves
the value validated late, which is not at cadence.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum

import numpy as np

from dsl.errors import PerkinError
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.data.bind import PRESENT, Bound, DataBindingError, Key, period_key
from engine.data.model import Record
from engine.data.validation import (
    LATE,
    NOT_VALIDATED,
    VALIDATED,
    RowValidation,
    Validations,
)
from engine.periods import Period, PeriodKind
from engine.ruleset.model import Input, Ruleset
from engine.ruleset.validation import ValidationRule, Validator


class ValidationMismatchError(DataBindingError):
    """A row's validation that does not fit the ruleset: an unknown role, a role that does not
    validate the unit's level, a date before the period ends, or any validation when the
    ruleset declares none."""

    code = "D163"


class ValidationState(Enum):
    """A unit's values as validated: all of them, some, or none."""

    VALIDATED = "validated"
    PARTIAL = "partial"
    NOT_VALIDATED = "not_validated"


@dataclass(frozen=True, slots=True)
class UnitValidation:
    """How many of a unit's values its validator validated at cadence, and the state."""

    unit: str
    role: str
    values: int
    validated: int

    @property
    def state(self) -> ValidationState:
        """Validated when all values are, not validated when none is, else partial."""
        if self.validated == self.values:
            return ValidationState.VALIDATED
        return ValidationState.NOT_VALIDATED if self.validated == 0 else ValidationState.PARTIAL


def check_validation(
    ruleset: Ruleset, bound: Bound, records: Iterable[Record], errors: list[PerkinError]
) -> Validations | None:
    """The marks of the records' values, noting every validation that does not fit; None when
    the ruleset declares no validation."""
    rule = ruleset.validation
    reported: set[str] = set()  # a row's validation is reported once, not once per value
    marks: dict[tuple[str, Key], np.ndarray] = {}
    for record in records:
        spec = ruleset.inputs.get(record.variable)
        given = record.validation
        if spec is None or record.unit not in bound.index or given is None:
            continue
        mark = _mark(ruleset, bound, record, spec, given)
        if isinstance(mark, PerkinError):
            if given.location.label() not in reported:
                reported.add(given.location.label())
                errors.append(mark)
        elif mark != NOT_VALIDATED:
            key = (spec.id, (period_key(record.period), record.item))
            if key not in marks:
                marks[key] = np.zeros(len(bound.units), dtype=np.int8)
            marks[key][bound.index[record.unit]] = mark
    if rule is None:
        return None
    levels = np.array([u.level for u in bound.units], dtype=object)
    units = {v.role: np.asarray(levels == v.level, dtype=bool) for v in rule.validators}
    return Validations(marks, units, rule.inputs)


def _mark(
    ruleset: Ruleset, bound: Bound, record: Record, spec: Input, given: RowValidation
) -> int | PerkinError:
    """VALIDATED or LATE for a value validated by its level's validator, NOT_VALIDATED for one
    that has no validation or needs none, or the error of a validation that does not fit."""
    rule = ruleset.validation
    if rule is None:
        if given.role is None:
            return NOT_VALIDATED
        message = _("the row is validated by '{role}', but the ruleset declares no validation")
        hint = _("declare validation: in the ruleset, or leave the column out of the data")
        return ValidationMismatchError(
            message.format(role=given.role), given.location, hint, "D166"
        )
    if given.role is None:
        return NOT_VALIDATED
    if given.role not in rule.roles:
        message = _("unknown validator '{role}'").format(role=given.role)
        hint = did_you_mean(given.role, rule.roles) or _("validators: {roles}").format(
            roles=", ".join(rule.roles)
        )
        return ValidationMismatchError(message, given.location, hint, "D163")
    level = bound.units[bound.index[record.unit]].level
    validator = rule.validator_of(level)
    if validator is None or given.role != validator.role:
        message = _("'{role}' does not validate the values of level '{level}'").format(
            role=given.role, level=level
        )
        return ValidationMismatchError(message, given.location, _validators_hint(validator), "D164")
    if not rule.applies_to(spec.id):
        return NOT_VALIDATED  # a value that needs no validation (a unit's own target)
    return _timing(ruleset.year, record.period, validator, given)


def _validators_hint(validator: Validator | None) -> str:
    """Who validates a level's values, or that no one does."""
    if validator is None:
        return _("no role validates this level: leave validated_by empty for its rows")
    return _("the ruleset has '{validator}' validate them").format(validator=validator.role)


def _timing(
    year: int, period: Period | None, validator: Validator, given: RowValidation
) -> int | PerkinError:
    """VALIDATED when the date falls after the period and within the cadence, LATE after it,
    or the error of a validation dated before the period is over."""
    assert given.date is not None, "a validator is always read with its date"
    end = period_end(period, year)
    if given.date <= end:
        message = _("validated on {date}, before its period ends on {end}").format(
            date=given.date.isoformat(), end=end.isoformat()
        )
        hint = _("a period is validated after its last day; check the date or the period")
        return ValidationMismatchError(message, given.location, hint, "D165")
    return VALIDATED if given.date <= deadline(end, validator.cadence) else LATE


def period_end(period: Period | None, year: int) -> dt.date:
    """The last day of a period (a value without one is of the whole year)."""
    at = (period.year or year) if period is not None else year
    month = period.last_month if period is not None else 12
    return dt.date(at, month, calendar.monthrange(at, month)[1])


def deadline(end: dt.date, cadence: PeriodKind) -> dt.date:
    """The last day a validation is at cadence: the last day of the month one cadence after the
    period's end."""
    months = end.year * 12 + end.month - 1 + Period(None, cadence, 1).last_month
    year, month = divmod(months, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def unvalidated(
    rule: ValidationRule, bound: Bound, spec: Input, key: Key, state: np.ndarray
) -> Iterator[tuple[np.ndarray, str, bool]]:
    """For each validator: the units whose value in the slot needs its validation and has none
    at cadence, the role, and whether the mask is of values validated late."""
    validation = bound.validation
    if validation is None or not rule.applies_to(spec.id):
        return
    marks = validation.mark(spec.id, key, len(bound.units))
    given = state == PRESENT
    for validator in rule.validators:
        needed = given & validation.units[validator.role]
        yield needed & (marks == NOT_VALIDATED), validator.role, False
        yield needed & (marks == LATE), validator.role, True


def unit_states(ruleset: Ruleset, bound: Bound, within: Period) -> list[UnitValidation]:
    """Each unit's validation over its values of the period (and those given for every period),
    for the units of a validated level that have values."""
    rule, validation = ruleset.validation, bound.validation
    if rule is None or validation is None:
        return []
    labels = {label for slots in bound.slots.values() for label, _item in slots}
    wanted = {"*", *(x for x in labels if x != "*" and within.contains(Period.from_label(x)))}
    values = np.zeros(len(bound.units), dtype=np.int64)
    validated = np.zeros(len(bound.units), dtype=np.int64)
    for input_id, slots in bound.slots.items():
        if not rule.applies_to(input_id):
            continue
        for key, slot in slots.items():
            if key[0] in wanted:
                given = slot.state == PRESENT
                values += given
                validated += given & (validation.mark(input_id, key, len(values)) == VALIDATED)
    # the validator of each level found once, the counts read as lists (a unit each)
    validators = {level: rule.validator_of(level) for level in {u.level for u in bound.units}}
    role = {level: v.role for level, v in validators.items() if v is not None}
    counts = zip(bound.units, values.tolist(), validated.tolist(), strict=True)
    return [
        UnitValidation(unit.id, role[unit.level], n, ok)
        for unit, n, ok in counts
        if n and unit.level in role
    ]


def validation_line(
    bound: Bound, input_id: str, key: Key, unit: int, record: Record | None
) -> str | None:
    """How a unit's value was validated, for explain: by whom and when, late, or not at all;
    None when the value needs no validation."""
    validation = bound.validation
    role = validation.validator(input_id, unit) if validation is not None else None
    if validation is None or role is None:
        return None
    mark = int(validation.mark(input_id, key, len(bound.units))[unit])
    given = record.validation if record is not None else None
    day = given.date.isoformat() if given is not None and given.date is not None else "?"
    if mark == VALIDATED:
        return _("validated by {role} on {date}").format(role=role, date=day)
    if mark == LATE:
        return _("validated by {role} on {date}, later than its cadence").format(
            role=role, date=day
        )
    return _("not validated by {role}").format(role=role)
