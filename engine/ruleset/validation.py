"""The validation chain a ruleset declares (`validation:`): which role validates the values of
which level, at which cadence, and what becomes of a value not validated — read from the
document, checked (unknown roles, levels and inputs, a level with two validators), and kept in
the model as a ValidationRule. engine.data.validation_check applies it to data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from dsl.errors import PerkinError
from dsl.i18n import _
from dsl.suggest import did_you_mean
from engine.periods import PeriodKind
from engine.ruleset.yamlpos import Mark, PosDict, PosList, location_of

Policy = Literal["exclude", "flag"]


class ValidationRuleError(PerkinError):
    """A `validation:` section that names an unknown role, level or input, or a level that two
    roles validate."""

    code = "R070"


@dataclass(frozen=True, slots=True)
class Validator:
    """A role that validates the values of the units of one level, at a cadence."""

    role: str
    level: str
    cadence: PeriodKind
    source: str | None
    assumption: str | None


@dataclass(frozen=True, slots=True)
class ValidationRule:
    """The ruleset's validation chain: validators by level, the inputs that need validating
    (None: every input) and the policy for a value not validated at cadence."""

    policy: Policy
    validators: tuple[Validator, ...]
    inputs: frozenset[str] | None
    source: str | None

    def validator_of(self, level: str | None) -> Validator | None:
        """The validator of a level's values, None when the level's values need none."""
        return next((v for v in self.validators if v.level == level), None)

    def applies_to(self, input_id: str) -> bool:
        """Whether an input's values need validating."""
        return self.inputs is None or input_id in self.inputs

    @property
    def roles(self) -> tuple[str, ...]:
        """The validating roles, in declaration order."""
        return tuple(v.role for v in self.validators)


def validation_of(data: PosDict) -> ValidationRule | None:
    """The validation chain of a checked document, if it declares one."""
    section = data.get("validation")
    if not isinstance(section, PosDict):
        return None
    validators = tuple(
        Validator(
            str(role),
            str(body["validates"]),
            body["cadence"],
            body.get("source"),
            body.get("assumption"),
        )
        for role, body in section["validators"].items()
    )
    inputs = section.get("inputs")
    names = frozenset(str(i) for i in inputs) if inputs is not None else None
    return ValidationRule(section["unvalidated"], validators, names, section.get("source"))


def validation_errors(data: PosDict, lines: dict[str, list[str]]) -> list[PerkinError]:
    """An error for each validator that is no role of the ruleset, validates an unknown level or
    a level another role validates, and for each unknown input the section names."""
    section = data.get("validation")
    if not isinstance(section, PosDict):
        return []
    return list(_errors(section, data, lines))


def _errors(section: PosDict, data: PosDict, lines: dict[str, list[str]]) -> Iterator[PerkinError]:
    roles, levels, inputs = (_names(data, key) for key in ("roles", "levels", "inputs"))
    validators = section.get("validators")
    if not isinstance(validators, PosDict):
        return
    by_level: dict[str, str] = {}
    for role, body in validators.items():
        path = f"validation.validators.{role}"
        if role not in roles:
            message = _("unknown role '{role}'").format(role=role)
            hint = did_you_mean(role, roles) or _("a validator is a role declared under roles:")
            yield _error(validators.key_marks[role], path, lines, message, hint, "R070")
        level = body.get("validates") if isinstance(body, PosDict) else None
        if not isinstance(level, str):
            continue
        where = body.value_marks["validates"]
        if level not in levels:
            message = _("unknown level '{level}'").format(level=level)
            hint = did_you_mean(level, levels) or _("levels: {levels}").format(
                levels=", ".join(levels)
            )
            yield _error(where, f"{path}.validates", lines, message, hint, "R071")
        elif level in by_level:
            message = _("level '{level}' is validated by '{first}' already").format(
                level=level, first=by_level[level]
            )
            hint = _("one role validates the values of a level")
            yield _error(where, f"{path}.validates", lines, message, hint, "R073")
        by_level.setdefault(level, str(role))
    yield from _input_errors(section, inputs, lines)


def _input_errors(
    section: PosDict, inputs: list[str], lines: dict[str, list[str]]
) -> Iterator[PerkinError]:
    named = section.get("inputs")
    if not isinstance(named, PosList):
        return
    for name, mark in zip(named, named.item_marks, strict=True):
        if name not in inputs:
            message = _("unknown input '{name}'").format(name=name)
            hint = did_you_mean(str(name), inputs) or _("name inputs declared under inputs:")
            yield _error(mark, "validation.inputs", lines, message, hint, "R072")


def _names(data: PosDict, key: str) -> list[str]:
    section = data.get(key)
    return [str(k) for k in section] if isinstance(section, dict) else []


def _error(
    mark: Mark, path: str, lines: dict[str, list[str]], message: str, hint: str, code: str
) -> PerkinError:
    return ValidationRuleError(message, location_of(mark, path, lines.get(mark.file)), hint, code)
