"""Helpers shared by the formula-language tests: a tiny Table and value comparison."""

from __future__ import annotations

import math
from collections.abc import Mapping

from dsl import NA, Column
from dsl.values import Scalar, format_value


class TinyTable:
    """A test Table: exact (case-insensitive) key rows and/or bands of lower bounds."""

    def __init__(
        self,
        rows: Mapping[object, object] | None = None,
        bands: list[tuple[float, object]] | None = None,
    ) -> None:
        self.rows = {_key(k): v for k, v in (rows or {}).items()}
        self.bands = sorted(bands or [], key=lambda b: b[0], reverse=True)

    def lookup(self, keys: Column) -> Column:
        """The row value for each key, NA with a reason when no row matches."""
        out = [self._row(v) for v in keys.to_list()]
        return Column.from_values(out)

    def band(self, x: Column) -> Column:
        """The value of the highest band whose lower bound is at most each number."""
        return Column.from_values([self._band(v) for v in x.to_list()])

    def _row(self, key: Scalar) -> object:
        if isinstance(key, NA):
            return key
        return self.rows.get(_key(key), NA(f"no row for {format_value(key)}"))

    def _band(self, x: Scalar) -> object:
        if not isinstance(x, float):
            return NA("not a number")
        for lower, value in self.bands:
            if x >= lower:
                return value
        return NA(f"no band holds {format_value(x)}")


def _key(key: object) -> object:
    """Keys compare case-insensitively for text and by value for numbers."""
    if isinstance(key, str):
        return key.casefold()
    if isinstance(key, bool):
        return key
    return float(key) if isinstance(key, int | float) else key


def same_value(a: Scalar, b: Scalar, rel: float = 1e-12) -> bool:
    """Whether two values agree: both NA with the same reason, or equal (floats closely)."""
    if isinstance(a, tuple) or isinstance(b, tuple):
        if not (isinstance(a, tuple) and isinstance(b, tuple)) or len(a) != len(b):
            return False
        return all(same_value(x, y, rel) for x, y in zip(a, b, strict=True))
    if isinstance(a, NA) or isinstance(b, NA):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=rel, abs_tol=0.0)
    return a == b
