"""Golden-file tests: AST dumps, rendered errors and rendered explanations.

Run `pytest tests/dsl --update-golden` to rewrite the files in tests/dsl/golden after an
intended change, then review the diff.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dsl_support import TinyTable

from dsl import (
    NA,
    BoolType,
    NumberType,
    PerkinError,
    Scope,
    SeriesType,
    TableInfo,
    TextType,
    compile_formula,
    parse,
)
from dsl.ast import dump

Golden = Callable[[str, str], None]

AST_CASES = {
    "acceptance": "penyerapan * 40% + IF(output >= 100%, efisiensi, 0) * 10% + output * 50%",
    "precedence": "-2^2 * 3 + 4 / 5 - 6 >= 7 AND NOT flag OR x",
    "series": "AVERAGE((rpd - ABS(rpd - ra)) / rpd)",
    "multiline": 'IF(\n  opini = "WTP",  # opinion\n  100%,\n  SWITCH(opini, "WDP", 75%, 0)\n)',
    "percent": "(a + b)% * 40%",
    "dotted": "ikm.realisasi / ikm.target <> NA",
    "items": 'pk_a[1] = "A" AND pk_a["k4"] <> "B" OR NA("not assessed")',
}

SCOPE = Scope(
    names={
        "realisasi": NumberType(),
        "x": NumberType(),
        "flag": BoolType(),
        "opini": TextType(),
        "rpd": SeriesType(12),
        "ra": SeriesType(12),
        "q": SeriesType(4),
        "penyerapan": NumberType(),
        "efisiensi": NumberType(),
        "output": NumberType(),
        "pk_a": SeriesType(4, ("k1", "k2", "k3", "k4"), text=True),
    },
    tables={
        "opini_bpk": TableInfo(kind="lookup"),
        "predikat": TableInfo(kind="band"),
        "skala": TableInfo(kind="lookup"),
    },
)

ERROR_CASES = {
    "missing_paren": "IF(a > 1, 2",
    "unknown_name": "100 * realisasii",
    "semicolon": "SUM(1; 2)",
    "too_deep": "(" * 50_000 + "1" + ")" * 50_000,
    "series_length": "AVERAGE(rpd + q)",
    "arity": "ROUND(realisasi, 2, 3)",
    "text_arithmetic_multiline": "IF(x > 1,\n   opini * 2,\n   0)",
    "many": "realisas + AVG(1) + IF(flag, rpd, 0) + LOOKUP(opini, predikat)",
    "unknown_item": 'LOOKUP(pk_a["K1"], skala)',
    "position_past_items": "AVERAGE(rpd) - q[5]",
    "letters_in_arithmetic": "SUM(pk_a * 2)",
}

EXPLAIN_CASES: dict[str, tuple[str, dict[str, object]]] = {
    "acceptance": (AST_CASES["acceptance"], {"penyerapan": 0.95, "efisiensi": 0.12, "output": 1.0}),
    "series": (
        "ROUND(AVERAGE((rpd - ABS(rpd - ra)) / rpd) * 100, 2)",
        {"rpd": (100, 100, 100, 0) * 3, "ra": (90, 110, 100, 5) * 3},
    ),
    "switch_na": (
        'SWITCH(LOOKUP(opini, opini_bpk), 100, "baik", 75, "cukup", "kurang") ',
        {"opini": NA("belum diaudit")},
    ),
    "switch": ('IFNA(SWITCH(opini, "WTP", 100, "WDP", 75), 0) * 1%', {"opini": "WDP"}),
    "letters": (
        'AVERAGEIF(pk_a, "<>E", LOOKUP(pk_a, skala)) + COUNTIF(pk_a, "a")'
        ' + IF(pk_a["k2"] = "b", 1, 0)',
        {"pk_a": ("A", "b", NA("not answered"), "E")},
    ),
}


@pytest.mark.parametrize("name", AST_CASES)
def test_ast_golden(name: str, golden: Golden) -> None:
    """The tree of each formula, with spans, matches its golden dump."""
    text = AST_CASES[name]
    golden(f"{name}.ast.txt", f"{text}\n---\n{dump(parse(text))}")


@pytest.mark.parametrize("name", ERROR_CASES)
def test_error_golden(name: str, golden: Golden) -> None:
    """The rendered errors of each bad formula match their golden text, caret included."""
    text = ERROR_CASES[name]
    with pytest.raises(PerkinError) as info:
        compile_formula(text, SCOPE)
    golden(f"{name}.err.txt", info.value.render())


@pytest.mark.parametrize("name", EXPLAIN_CASES)
def test_explain_golden(name: str, golden: Golden) -> None:
    """The rendered explanation of each formula matches its golden text."""
    text, values = EXPLAIN_CASES[name]
    tables = {
        "opini_bpk": TinyTable(rows={"WTP": 100, "WDP": 75}),
        "skala": TinyTable(rows={"A": 100, "B": 75, "C": 50, "D": 25, "E": 0}),
    }
    explanation = compile_formula(text, SCOPE).explain(values, tables)
    golden(f"{name}.explain.txt", explanation.render())
