"""What the ruleset's validation chain and selection do to scoring: a value not validated at
cadence made N/A (`unvalidated: exclude`, never zero), no data of an indicator a unit did not
choose made N/A 'not chosen', and, under either policy, a warning (D167) for each unit
whose values are not all validated; the states themselves are engine.data.validation_check's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from dsl.i18n import N_, _, ngettext
from dsl.values import NaKind, reason_code
from engine.data.bind import Bound, Key, Slot
from engine.data.unchosen import Unchosen
from engine.data.validation_check import (
    UnitValidation,
    ValidationState,
    unit_states,
    unvalidated,
)
from engine.periods import Period
from engine.ruleset.model import Input, Ruleset
from engine.ruleset.validation import ValidationRule
from engine.scoring.result import Diagnostic
from engine.scoring.vectors import Vec, codes_of_kind

POLICY_TEXT = {
    "exclude": N_("values not validated are N/A"),
    "flag": N_("values not validated are scored and flagged"),
}
STATE_TEXT = {
    ValidationState.VALIDATED: N_("validated"),
    ValidationState.PARTIAL: N_("partially validated"),
    ValidationState.NOT_VALIDATED: N_("not validated"),
}


def excluded(
    rule: ValidationRule, bound: Bound, spec: Input, key: Key, slot: Slot, codes: np.ndarray
) -> Vec:
    """The slot's values with those not validated at cadence made N/A, saying by whom."""
    values = slot.values
    for mask, role, late in unvalidated(rule, bound, spec, key, slot.state):
        if not mask.any():
            continue
        if late:
            reason = _("validated by {role} later than its cadence").format(role=role)
        else:
            reason = _("not validated by {role}").format(role=role)
        codes[mask] = reason_code(reason, NaKind.NOT_VALIDATED)
        values = values.copy() if values is slot.values else values
        values[mask] = None if values.dtype == object else np.nan
    return Vec(values, codes)


def not_chosen(spared: Unchosen, input_id: str, year: int, vec: Vec) -> Vec:
    """No data from a unit that did not choose the input's indicator (the ruleset's selection:,
    engine.data.selection): N/A 'not chosen' instead of a gap."""
    mask = spared.masks.get(input_id)
    if mask is None:
        return vec
    mask = mask & codes_of_kind(vec.codes, NaKind.NO_DATA)
    if not mask.any():
        return vec
    codes = vec.codes.copy()
    codes[mask] = reason_code(spared.reason(input_id, year), NaKind.NOT_CHOSEN)
    return Vec(vec.values, codes)


def validation_states(ruleset: Ruleset, bound: Bound, within: Period) -> tuple[UnitValidation, ...]:
    """Each validated unit's state over the values of the period."""
    return tuple(unit_states(ruleset, bound, within))


def validation_warnings(
    ruleset: Ruleset, states: Iterable[UnitValidation], kept: set[str]
) -> Iterator[Diagnostic]:
    """A warning for each unit (of those reported) whose values are not all validated; one for
    all when no value of any unit is validated."""
    rule = ruleset.validation
    if rule is None:
        return
    policy = _(POLICY_TEXT[rule.policy])
    reported = [s for s in states if s.unit in kept]
    if len(reported) > 1 and all(s.validated == 0 for s in reported):
        # no value of any unit is validated (data without the validation columns): one warning
        # for all, not one per unit (91,522 for the national register)
        text = ngettext(
            "no value is validated at cadence: {n} unit, {values} value",
            "no value is validated at cadence: {n} units, {values} values",
            len(reported),
        ).format(n=len(reported), values=sum(s.values for s in reported))
        yield Diagnostic("warning", "D167", f"{text}; {policy}")
        return
    for state in (s for s in reported if s.state is not ValidationState.VALIDATED):
        yield Diagnostic("warning", "D167", f"{state_text(state)}; {policy}", state.unit)


def state_text(state: UnitValidation) -> str:
    """'partially validated by camat: 30 of 36 values'."""
    counted = ngettext(
        "{state} by {role}: {validated} of {n} value",
        "{state} by {role}: {validated} of {n} values",
        state.values,
    )
    return counted.format(
        state=_(STATE_TEXT[state.state]),
        role=state.role,
        validated=state.validated,
        n=state.values,
    )
