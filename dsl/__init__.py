"""The perkin formula language: parse, check, evaluate over columns, and explain formulas."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Names resolve on first use (PEP 562), so `import dsl.errors` — all the CLI needs for
# --help and error rendering — does not pay for Lark and numpy.
_WHERE = {
    "AnyType": "dsl.scope",
    "ArityError": "dsl.diagnostics",
    "BoolType": "dsl.scope",
    "Column": "dsl.column",
    "EvaluationError": "dsl.diagnostics",
    "Explanation": "dsl.explanation",
    "Expr": "dsl.ast",
    "FormulaError": "dsl.diagnostics",
    "FormulaLimitError": "dsl.diagnostics",
    "FormulaSyntaxError": "dsl.diagnostics",
    "FormulaTypeError": "dsl.diagnostics",
    "Location": "dsl.errors",
    "NA": "dsl.values",
    "NumberType": "dsl.scope",
    "PerkinError": "dsl.errors",
    "PerkinErrors": "dsl.errors",
    "Program": "dsl.program",
    "Scalar": "dsl.values",
    "Scope": "dsl.scope",
    "SeriesLengthError": "dsl.diagnostics",
    "SeriesType": "dsl.scope",
    "Span": "dsl.ast",
    "Table": "dsl.tables",
    "TableInfo": "dsl.scope",
    "TextType": "dsl.scope",
    "UnknownFunctionError": "dsl.diagnostics",
    "UnknownNameError": "dsl.diagnostics",
    "UnknownTableError": "dsl.diagnostics",
    "ValueType": "dsl.scope",
    "compile_formula": "dsl.program",
    "parse": "dsl.parser",
    "references": "dsl.ast",
    "same_shape": "dsl.ast",
    "strip_spans": "dsl.ast",
    "to_source": "dsl.printer",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'dsl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from dsl.ast import Expr, Span, references, same_shape, strip_spans
    from dsl.column import Column
    from dsl.diagnostics import (
        ArityError,
        EvaluationError,
        FormulaError,
        FormulaLimitError,
        FormulaSyntaxError,
        FormulaTypeError,
        SeriesLengthError,
        UnknownFunctionError,
        UnknownNameError,
        UnknownTableError,
    )
    from dsl.errors import Location, PerkinError, PerkinErrors
    from dsl.explanation import Explanation
    from dsl.parser import parse
    from dsl.printer import to_source
    from dsl.program import Program, compile_formula
    from dsl.scope import (
        AnyType,
        BoolType,
        NumberType,
        Scope,
        SeriesType,
        TableInfo,
        TextType,
        ValueType,
    )
    from dsl.tables import Table
    from dsl.values import NA, Scalar

__all__ = [
    "NA",
    "AnyType",
    "ArityError",
    "BoolType",
    "Column",
    "EvaluationError",
    "Explanation",
    "Expr",
    "FormulaError",
    "FormulaLimitError",
    "FormulaSyntaxError",
    "FormulaTypeError",
    "Location",
    "NumberType",
    "PerkinError",
    "PerkinErrors",
    "Program",
    "Scalar",
    "Scope",
    "SeriesLengthError",
    "SeriesType",
    "Span",
    "Table",
    "TableInfo",
    "TextType",
    "UnknownFunctionError",
    "UnknownNameError",
    "UnknownTableError",
    "ValueType",
    "compile_formula",
    "parse",
    "references",
    "same_shape",
    "strip_spans",
    "to_source",
]
