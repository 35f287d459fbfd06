"""`perkin calc`: one formula, variables read like spreadsheet cells, evaluated on both paths."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dsl import NA, NumberType, Scope, SeriesType, TextType, compile_formula
from dsl.errors import Location, PerkinError, PerkinErrors
from dsl.i18n import _
from engine.data.cells import CellError, Labelled, Missing, TextValue, parse_cell


class VariableError(PerkinError):
    """A --var option that cannot be read."""

    code = "C001"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The value of a formula in the forms the CLI prints."""

    value: Any
    explanation: str

    @property
    def text(self) -> str:
        """The value for people: 0.992, N/A, a series as '1; 2; 3', text as is."""
        return _text(self.value)

    @property
    def json_value(self) -> Any:
        """The value for JSON: NA as null, series as lists."""
        return _json(self.value)

    @property
    def na_reasons(self) -> list[str]:
        """Why the value (or elements of a series) is N/A."""
        values = self.value if isinstance(self.value, tuple) else (self.value,)
        return sorted({v.reason for v in values if isinstance(v, NA)})


def _text(value: Any) -> str:
    if isinstance(value, NA):
        return "N/A"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, tuple):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _json(value: Any) -> Any:
    if isinstance(value, NA):
        return None
    if isinstance(value, tuple):
        return [_json(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def read_variables(options: Sequence[str]) -> dict[str, Any]:
    """NAME=VALUE options as formula values; every bad option reported."""
    out: dict[str, Any] = {}
    errors: list[PerkinError] = []
    for position, option in enumerate(options, start=1):
        try:
            name, value = _read_option(option, position)
            out[name] = value
        except PerkinError as err:
            errors.append(err)
    if errors:
        raise PerkinErrors(errors)
    return out


def _read_option(option: str, position: int) -> tuple[str, Any]:
    where = Location(
        file=f"--var #{position}", source_line=option, column=1, end_column=len(option) + 1
    )
    name, sep, raw = option.partition("=")
    if not sep or not name.strip():
        raise VariableError(
            _("'{option}' is not NAME=VALUE").format(option=option),
            where,
            _("write e.g. --var penyerapan=95%"),
        )
    try:
        if ";" in raw:
            items = tuple(_cell(part) for part in raw.split(";"))
            texts = [isinstance(item, str) for item in items if not isinstance(item, NA)]
            if any(texts) and not all(texts):
                text = next(item for item in items if isinstance(item, str))
                message = _("{name}: a series holds numbers or texts, not both ('{text}')")
                raise VariableError(
                    message.format(name=name.strip(), text=text),
                    where,
                    _("write a series as numbers or as texts separated by ';', e.g. rpd=1;2;3"),
                )
            return name.strip(), items
        return name.strip(), _cell(raw)
    except CellError as err:
        raise VariableError(f"{name.strip()}: {err.message}", where, err.hint) from None


def _cell(raw: str) -> Any:
    value = parse_cell(raw)
    match value:
        case Missing(reason=reason):
            return NA(reason)
        case TextValue(text=text):
            return text
        case Labelled(number=number):
            return number
    return float(value)


def _type_of(value: Any) -> Any:
    if isinstance(value, tuple):
        return SeriesType(length=len(value), text=any(isinstance(v, str) for v in value))
    if isinstance(value, str):
        return TextType()
    return NumberType()


def calculate(expr: str, options: Sequence[str]) -> Outcome:
    """Evaluate a formula columnar (one unit) and on the explaining path; they must agree."""
    values = read_variables(options)
    scope = Scope(names={k: _type_of(v) for k, v in values.items()}, tables={})
    program = compile_formula(expr, scope)
    tree = program.explain(values, {})
    column = program.evaluate(values, 1, {})
    value = column.value_at(0)
    return Outcome(value, tree.render())
