"""Hypothesis strategies: random syntax trees (any shape, or well-typed) and random unit data."""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from dsl import NA, AnyType, BoolType, NumberType, Scope, SeriesType, TableInfo, TextType
from dsl.ast import (
    Arith,
    Boolean,
    Call,
    Compare,
    Expr,
    Index,
    Logic,
    NALiteral,
    Name,
    Not,
    Number,
    Percent,
    Power,
    Sign,
    Text,
)
from dsl.values import Scalar

Strategy = st.SearchStrategy

# ---- any shape, for printing and parsing back -------------------------------------------

_KEYWORDS = {"true", "false", "na", "and", "or", "not"}
_IDENT = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True).filter(lambda s: s not in _KEYWORDS)
NAMES = st.builds(lambda parts: ".".join(parts), st.lists(_IDENT, min_size=1, max_size=3))
FUNCTION_NAMES = st.sampled_from(
    ["IF", "SUM", "AVERAGE", "ROUND", "AND", "OR", "FOO", "X_1", "NA", "COUNTIF"]
)
COMPARE_OPS = st.sampled_from(["=", "<>", "<", "<=", ">", ">="])
NUMBERS = st.floats(min_value=0.0, allow_nan=False, allow_infinity=False)

LEAVES: Strategy[Expr] = st.one_of(
    st.builds(Number, NUMBERS),
    st.builds(Text, st.text(alphabet=st.characters(exclude_characters="\n"), max_size=8)),
    st.builds(Boolean, st.booleans()),
    st.just(NALiteral()),
    st.builds(Name, NAMES),
)


def _arith(children: Strategy[Expr]) -> Strategy[Expr]:
    """Runs of one precedence level: all + and -, or all * and /."""
    ops = st.sampled_from([("+", "-"), ("*", "/")])
    return ops.flatmap(
        lambda pair: st.builds(
            Arith,
            children,
            st.lists(st.tuples(st.sampled_from(pair), children), min_size=1, max_size=3).map(tuple),
        )
    )


def _operators(children: Strategy[Expr]) -> Strategy[Expr]:
    """Every node type with children drawn from `children`."""
    return st.one_of(
        st.builds(Percent, children),
        st.builds(Index, children, children),
        st.builds(Sign, st.sampled_from(["+", "-"]), children),
        st.builds(Not, children),
        st.builds(Power, children, children),
        _arith(children),
        st.builds(Compare, COMPARE_OPS, children, children),
        st.builds(
            Logic,
            st.sampled_from(["AND", "OR"]),
            st.lists(children, min_size=2, max_size=3).map(tuple),
        ),
        st.builds(Call, FUNCTION_NAMES, st.lists(children, max_size=3).map(tuple)),
    )


ANY_TREE: Strategy[Expr] = st.recursive(LEAVES, _operators, max_leaves=25)

# ---- well-typed trees over a fixed scope, for comparing the evaluators -----------------

WIDTH = 3
SCOPE = Scope(
    names={
        "x": NumberType(),
        "y": NumberType(),
        "z": NumberType(),
        "flag": BoolType(),
        "label": TextType(),
        "s": SeriesType(WIDTH, ("a", "b", "c")),
        "t": SeriesType(WIDTH),
        "w": SeriesType(WIDTH, ("q1", "q2", "q3"), text=True),
        "k": AnyType(),
    },
    tables={
        "grade": TableInfo(kind="lookup"),
        "points": TableInfo(kind="lookup"),
        "level": TableInfo(kind="band"),
    },
)
# Criteria as COUNTIF, SUMIF and AVERAGEIF read them, for numbers and for texts.
_CRITERIA = st.sampled_from(['">=1"', '"<>0"', '"<2.5"', '"WTP"', '"<>wtp"', '">W"', '""', '"<>"'])
_SMALL = st.sampled_from([0.0, 1.0, 2.0, 0.5, 3.0, 10.0, 100.0, 0.001, 40.0, 1e300])


def _call(name: str, *args: Strategy[Expr]) -> Strategy[Expr]:
    """A call of `name` with one argument from each strategy."""
    return st.tuples(*args).map(lambda xs: Call(name, tuple(xs)))


def _chain(first: Strategy[Expr], other: Strategy[Expr]) -> Strategy[Expr]:
    """An arithmetic run starting with `first`, continued with `other` operands."""
    op = st.sampled_from(["+", "-", "*", "/"])
    rest = st.lists(st.tuples(op, other), min_size=1, max_size=3)
    return st.builds(
        lambda f, r: Arith(f, tuple((o, e) for o, e in r if (o in "+-") == (r[0][0] in "+-"))),
        first,
        rest,
    )


@cache
def numbers(depth: int) -> Strategy[Expr]:
    """Well-typed number expressions, nested up to `depth`."""
    names: list[Expr] = [Name("x"), Name("y"), Name("z"), Name("k"), NALiteral()]
    leaves: Strategy[Expr] = st.one_of(st.builds(Number, _SMALL), st.sampled_from(names))
    if depth == 0:
        return leaves
    n, b, s = numbers(depth - 1), booleans(depth - 1), series(depth - 1)
    ns = st.one_of(n, s)
    return st.one_of(
        leaves,
        st.builds(Percent, n),
        st.builds(Sign, st.sampled_from(["+", "-"]), n),
        st.builds(Power, n, n),
        _chain(n, n),
        _call("IF", b, n, n),
        _call("IFNA", n, n),
        _call("SWITCH", n, n, n, n, n),
        _call("SWITCH", n, n, n),
        st.sampled_from(["SUM", "AVERAGE", "COUNT", "MIN", "MAX", "GEOMEAN"]).flatmap(
            lambda f: st.lists(ns, min_size=1, max_size=3).map(lambda a: Call(f, tuple(a)))
        ),
        _call("SUMPRODUCT", s, ns),
        _call("ROUND", n, st.builds(Number, st.sampled_from([0.0, 1.0, 2.0]))),
        _call("TRUNC", n, n),
        _call("ABS", n),
        _call("CLAMP", n, n, n),
        _call("LOOKUP", st.one_of(n, texts(depth - 1)), st.just(Name("grade"))),
        _call("BAND", n, st.just(Name("level"))),
        st.builds(Index, s, st.builds(Number, st.sampled_from([1.0, 2.0, 3.0]))),
        st.builds(Index, st.just(Name("s")), st.builds(Text, st.sampled_from(["a", "c"]))),
        _call("COUNTIF", st.one_of(s, _words(), n), _criterion(depth - 1)),
        _call("SUMIF", st.one_of(s, n), _criterion(depth - 1)),
        _call("SUMIF", _words(), _criterion(depth - 1), s),
        _call("AVERAGEIF", s, _criterion(depth - 1), s),
        _call("AVERAGEIF", st.one_of(s, n), _criterion(depth - 1)),
        _call("COUNTA", st.one_of(s, _words(), n), n),
        _call("COUNTNA", st.one_of(s, _words())),
        _call("NA", st.builds(Text, _REASONS)),
        b,
    )


def _words() -> Strategy[Expr]:
    """A series of texts: the input, or one of two chosen by a single condition."""
    w = st.just(Name("w"))
    return st.one_of(
        w,
        _call("IF", booleans(0), w, w),
        _call("SWITCH", st.just(Name("x")), st.builds(Number, _SMALL), w, w),
    )


def _criterion(depth: int) -> Strategy[Expr]:
    """A criterion: an Excel criterion text, a number, or a text expression."""
    return st.one_of(
        _CRITERIA.map(lambda c: Text(c[1:-1])), st.builds(Number, _SMALL), texts(max(depth, 0))
    )


@cache
def booleans(depth: int) -> Strategy[Expr]:
    """Well-typed boolean expressions, nested up to `depth`."""
    leaves = st.one_of(st.builds(Boolean, st.booleans()), st.just(Name("flag")))
    if depth == 0:
        return leaves
    n, b, t = numbers(depth - 1), booleans(depth - 1), texts(depth - 1)
    return st.one_of(
        leaves,
        st.builds(Compare, COMPARE_OPS, n, n),
        st.builds(Compare, COMPARE_OPS, t, t),
        st.builds(Not, b),
        st.builds(
            Logic, st.sampled_from(["AND", "OR"]), st.lists(b, min_size=2, max_size=3).map(tuple)
        ),
        _call("ISNA", st.one_of(n, series(depth - 1), t)),
        _call("AND", b, n),
    )


@cache
def texts(depth: int) -> Strategy[Expr]:
    """Well-typed text expressions, nested up to `depth`."""
    leaves = st.one_of(
        st.builds(Text, st.sampled_from(["WTP", "wtp", "WDP", ""])), st.just(Name("label"))
    )
    if depth == 0:
        return leaves
    return st.one_of(leaves, _call("IF", booleans(depth - 1), texts(depth - 1), texts(depth - 1)))


@cache
def series(depth: int) -> Strategy[Expr]:
    """Well-typed series expressions (all of length WIDTH), nested up to `depth`."""
    leaves = st.sampled_from([Name("s"), Name("t")])
    if depth == 0:
        return leaves
    n, b, s = numbers(depth - 1), booleans(depth - 1), series(depth - 1)
    return st.one_of(
        leaves,
        _chain(s, st.one_of(s, n)),
        _chain(n, s),
        st.builds(Percent, s),
        st.builds(Sign, st.sampled_from(["+", "-"]), s),
        st.builds(Power, s, n),
        st.builds(Compare, COMPARE_OPS, s, n),
        _call("ABS", s),
        _call("ROUND", s, n),
        _call("CLAMP", s, n, n),
        _call("IFNA", s, st.one_of(n, s)),
        _call("IF", b, s, s),
        _call("IF", st.one_of(s, st.builds(Compare, COMPARE_OPS, s, n)), st.one_of(s, n), n),
        _call("IF", st.builds(Compare, COMPARE_OPS, _words(), texts(0)), n, s),
        _call("SWITCH", s, n, st.one_of(n, s), n, n),
        _call("SWITCH", _words(), texts(0), n, texts(0), s),
        _call("LOOKUP", st.one_of(s, _words()), st.just(Name("points"))),
        st.builds(Compare, COMPARE_OPS, _words(), st.one_of(texts(0), _words())),
    )


# ---- unit data ---------------------------------------------------------------------------

_REASONS = st.sampled_from(["no target in TW1", "missing", "not reported"])
_NA = st.builds(NA, _REASONS)
_NUMBER = st.one_of(
    st.sampled_from([0.0, 1.0, -1.0, 2.5, 100.0, 0.1, -3.0, 0.001, 1e308]),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
_TEXT = st.sampled_from(["WTP", "wtp", "WDP", "TW", ""])
_VALUES: dict[str, Strategy[Scalar]] = {
    "x": st.one_of(_NUMBER, _NA),
    "y": st.one_of(_NUMBER, _NA),
    "z": st.one_of(_NUMBER, _NA),
    "flag": st.one_of(st.booleans(), _NA),
    "label": st.one_of(_TEXT, _NA),
    "s": st.tuples(*[st.one_of(_NUMBER, _NA)] * WIDTH),
    "t": st.tuples(*[st.one_of(_NUMBER, _NA)] * WIDTH),
    "w": st.tuples(*[st.one_of(_TEXT, _NA)] * WIDTH),
    "k": st.one_of(_NUMBER, _TEXT, st.booleans(), _NA),
}


def units(n: int) -> Strategy[list[dict[str, Scalar]]]:
    """The values of every scope name for each of n units."""
    one = st.fixed_dictionaries(_VALUES)
    return st.lists(one, min_size=n, max_size=n)
