"""Compiled formulas: parse and check once, then evaluate over columns or explain one unit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dsl.ast import Expr, references
from dsl.checker import check
from dsl.column import Column
from dsl.columnar import ColumnarEvaluator, Env
from dsl.diagnostics import SourceText, raise_all
from dsl.explain import Explainer
from dsl.explanation import Explanation
from dsl.history import HistoryRef, earlier_only_names, history_refs
from dsl.parser import parse
from dsl.scope import Scope, ValueType
from dsl.skips import Skipped
from dsl.tables import Table

_NO_TABLES: Mapping[str, Table] = {}


@dataclass(frozen=True, slots=True)
class Program:
    """A formula that passed the static checks, ready to be evaluated."""

    source: str
    expr: Expr
    result_type: ValueType
    names: frozenset[str]
    tables: frozenset[str]
    # The 1-based position of each item key written in brackets (`u["U1"]`), by its offset.
    positions: Mapping[int, int] = field(default_factory=dict)
    # The earlier-year values it reads (PREV, HISTORY, GROWTH, TREND), given under their keys.
    history: frozenset[HistoryRef] = frozenset()

    def evaluate(
        self,
        env: Env,
        n: int,
        tables: Mapping[str, Table] | None = None,
        skips: list[Skipped] | None = None,
    ) -> Column:
        """The formula's value for n units; `env` maps names to columns or constants. Given a
        list, `skips` receives what each aggregate left out for arithmetic (dsl.skips)."""
        tables = tables or _NO_TABLES
        evaluator = ColumnarEvaluator(env, n, tables, self.source, self.positions, skips)
        return evaluator.evaluate(self.expr)

    def explain(
        self, values: Mapping[str, object], tables: Mapping[str, Table] | None = None
    ) -> Explanation:
        """The formula's value for one unit, with every step of its derivation."""
        explainer = Explainer(values, tables or _NO_TABLES, self.source, self.positions)
        return explainer.explain(self.expr)


def compile_formula(text: str, scope: Scope) -> Program:
    """A Program for `text`; raises the syntax error, or every static problem at once."""
    expr = parse(text)
    checked = check(expr, scope, SourceText(text))
    raise_all(checked.errors)
    names, tables = references(expr)
    names -= earlier_only_names(expr)  # read of earlier years only, through the history values
    history = history_refs(expr)
    return Program(text, expr, checked.result, names, tables, checked.positions, history)
