"""The formula language in Indonesian, the default language: errors with their caret and hint,
"did you mean", arity, N/A reasons and explain notes, said in the language chosen at run time.

The expected texts are written out by hand from the catalogue's Indonesian; the golden files
(`*.id.err.txt`, `*.id.explain.txt`) were reviewed the same way.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from dsl_support import TinyTable
from test_dsl_golden import ERROR_CASES, EXPLAIN_CASES, SCOPE

from dsl import NA, Column, NumberType, PerkinError, Scope, SeriesType, compile_formula
from dsl.i18n import set_language
from dsl.values import NaKind

Golden = Callable[[str, str], None]

ID_ERRORS = ("missing_paren", "unknown_name", "semicolon", "arity", "many")
ID_EXPLAINS = ("switch_na", "switch")


@pytest.fixture(autouse=True)
def _indonesian() -> None:
    """Every test here speaks Indonesian (tests/conftest.py resets the language afterwards)."""
    set_language("id")


def _error(text: str, scope: Scope = SCOPE) -> str:
    with pytest.raises(PerkinError) as info:
        compile_formula(text, scope)
    return info.value.render()


@pytest.mark.parametrize("name", ID_ERRORS)
def test_error_golden_in_indonesian(name: str, golden: Golden) -> None:
    """The rendered errors of a bad formula in Indonesian, caret included."""
    golden(f"{name}.id.err.txt", _error(ERROR_CASES[name]))


@pytest.mark.parametrize("name", ID_EXPLAINS)
def test_explain_golden_in_indonesian(name: str, golden: Golden) -> None:
    """An explanation's notes and N/A reasons in Indonesian."""
    text, values = EXPLAIN_CASES[name]
    tables = {"opini_bpk": TinyTable(rows={"WTP": 100, "WDP": 75})}
    explanation = compile_formula(text, SCOPE).explain(values, tables)
    golden(f"{name}.id.explain.txt", explanation.render())


def test_syntax_error_with_caret() -> None:
    assert _error("IF(a > 1, 2") == (
        "<formula>:1:12: galat[F001]: rumus berakhir sebelum lengkap\n"
        "    IF(a > 1, 2\n"
        "               ^\n"
        "saran: seharusnya ')' atau ','; '(' pada baris 1, kolom 3 tidak pernah ditutup"
    )


def test_unknown_name_says_mungkin_maksud_anda() -> None:
    assert _error("100 * realisasii") == (
        "<formula>:1:7: galat[F002]: nama 'realisasii' tidak dikenal\n"
        "    100 * realisasii\n"
        "          ^^^^^^^^^^\n"
        "saran: mungkin maksud Anda 'realisasi'?"
    )


def test_arity_error() -> None:
    rendered = _error("ROUND(realisasi, 2, 3)")
    assert rendered.splitlines()[0] == (
        "<formula>:1:1: galat[F003]: ROUND menerima 1 atau 2 argumen, tetapi diberi 3"
    )
    assert rendered.splitlines()[-1] == "saran: gunakan ROUND(x, desimal)"


def test_unexpected_token_is_described_in_indonesian() -> None:
    first = _error("x + + * 2").splitlines()[0]
    assert first == "<formula>:1:7: galat[F001]: '*' tidak terduga"
    assert _error("x 3").splitlines()[0] == "<formula>:1:3: galat[F001]: angka '3' tidak terduga"


@pytest.mark.parametrize("how", ["columns", "explain"])
def test_na_reason_is_indonesian_in_both_evaluators(how: str) -> None:
    """Division by zero gives its reason in Indonesian, whichever evaluator computes it."""
    program = compile_formula("x / 0", Scope(names={"x": NumberType()}))
    if how == "columns":
        value = program.evaluate({"x": Column.from_values([5.0])}, 1).value_at(0)
    else:
        value = program.explain({"x": 5.0}, {}).value
    assert value == NA("pembagian dengan nol", NaKind.ARITHMETIC)


def test_na_reason_follows_the_language_chosen_after_import() -> None:
    """Reasons are made when a formula is evaluated, not when dsl is imported: the same
    program gives each language's reason, with the same kind."""
    program = compile_formula("SUM(x)", Scope(names={"x": NumberType()}))
    values = {"x": Column.from_values([NA("kosong", NaKind.NO_DATA)])}
    assert program.evaluate(values, 1).reason_at(0) == "semua nilai N/A"
    set_language("en")
    assert program.evaluate(values, 1).reason_at(0) == "all values are N/A"


def test_repeated_errors_are_grouped_in_indonesian() -> None:
    """Errors alike but for a name are grouped as in English (the shape ignores the quoted
    name, whatever the language around it)."""
    names = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"]
    rendered = _error(" + ".join(names), Scope())
    assert rendered.count("galat[F002]: nama '") == 4
    assert "… dan 3 lagi yang serupa (galat[F002])" in rendered
    assert rendered.endswith("\n\n7 galat")


def test_unknown_item_in_indonesian() -> None:
    assert _error('LOOKUP(pk_a["K1"], skala)') == (
        "<formula>:1:13: galat[F002]: item 'K1' tidak dikenal\n"
        '    LOOKUP(pk_a["K1"], skala)\n'
        "                ^^^^\n"
        "saran: mungkin maksud Anda 'k1'?"
    )


def test_position_past_an_open_series_in_indonesian() -> None:
    program = compile_formula("x[3]", Scope({"x": SeriesType()}))
    value = program.evaluate({"x": Column.from_values([(1.0, 2.0)])}, 1).value_at(0)
    assert value == NA("posisi 3 melampaui 2 item deret", NaKind.DERIVED)


def test_no_match_of_averageif_in_indonesian() -> None:
    program = compile_formula('AVERAGEIF(x, ">9")', Scope({"x": SeriesType(2)}))
    explained = program.explain({"x": (1.0, 2.0)}, {})
    assert explained.value == NA("tidak ada nilai yang memenuhi kriteria", NaKind.DERIVED)
