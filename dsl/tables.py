"""The interface through which formulas read the engine's tables (LOOKUP and BAND)."""

from __future__ import annotations

from typing import Protocol

from dsl.column import Column


class Table(Protocol):
    """A table the engine provides; formulas call it a column at a time.

    The explaining evaluator calls the same methods with a one-unit column, so a table needs
    no separate single-value methods. Units whose key is NA are passed in too; whatever the
    table returns for them is replaced by that NA. A key that matches nothing should give NA
    with a reason (such as "no band of predikat_dki contains 1.2"). A table of one kind may
    raise from the method of the other kind: the checker never calls it.
    """

    def lookup(self, keys: Column) -> Column:
        """The value of the row whose key equals each unit's key."""
        ...

    def band(self, x: Column) -> Column:
        """The value of the band (interval of numbers) containing each unit's number."""
        ...
