"""Static types of formula values, and the scope of names and tables a formula may use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from dsl.i18n import _, pgettext


@dataclass(frozen=True, slots=True)
class NumberType:
    """A single number (booleans also count as numbers in arithmetic)."""

    def __str__(self) -> str:
        return pgettext("value type", "number")


@dataclass(frozen=True, slots=True)
class TextType:
    """A single text value."""

    def __str__(self) -> str:
        return pgettext("value type", "text")


@dataclass(frozen=True, slots=True)
class BoolType:
    """A single boolean."""

    def __str__(self) -> str:
        return pgettext("value type", "boolean")


@dataclass(frozen=True, slots=True)
class SeriesType:
    """A per-unit vector of numbers (months, programs, items); `length` None means unknown.

    `items` are the declared item keys, in order, when the series is an input that declares
    them (they let a formula take one item by key, `u["U1"]`).
    """

    length: int | None = None
    items: tuple[str, ...] | None = None
    text: bool = False  # a series of texts (letter answers), not of numbers

    def __str__(self) -> str:
        if self.text:
            if self.length is None:
                return pgettext("value type", "series of texts")
            return _("series of {n} texts").format(n=self.length)
        if self.length is None:
            return pgettext("value type", "series")
        return _("series of {n}").format(n=self.length)


@dataclass(frozen=True, slots=True)
class AnyType:
    """A single value of a kind only known at evaluation (never a series)."""

    def __str__(self) -> str:
        return pgettext("value type", "any value")


ValueType: TypeAlias = NumberType | TextType | BoolType | SeriesType | AnyType


@dataclass(frozen=True, slots=True)
class TableInfo:
    """What the checker knows of a table: its kind and the type of the values it gives."""

    kind: Literal["lookup", "band"]
    value_type: ValueType = field(default_factory=AnyType)


@dataclass(frozen=True, slots=True)
class Scope:
    """The names (with their types) and the tables that a formula may refer to."""

    names: Mapping[str, ValueType] = field(default_factory=dict)
    tables: Mapping[str, TableInfo] = field(default_factory=dict)


def is_scalar(t: ValueType) -> bool:
    """Whether values of this type are single values rather than series."""
    return not isinstance(t, SeriesType)


def join(a: ValueType, b: ValueType) -> ValueType:
    """The type of a value that is either an `a` or a `b` (the branches of an IF)."""
    if a == b:
        return a
    if isinstance(a, SeriesType) and isinstance(b, SeriesType):
        length = a.length if a.length is not None else b.length
        return SeriesType(length, a.items or b.items, a.text and b.text)
    return AnyType()


def is_text(t: ValueType) -> bool:
    """Whether values of this type are texts: a text, or a series of texts."""
    return isinstance(t, TextType) or (isinstance(t, SeriesType) and t.text)


def is_numeric(t: ValueType) -> bool:
    """Whether values of this type are numbers: a number, a boolean, or a series of numbers."""
    return isinstance(t, NumberType | BoolType) or (isinstance(t, SeriesType) and not t.text)
