"""The perkin formula language: parse, check, evaluate over columns, and explain formulas."""

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
from dsl.explain import Explanation
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
