"""The CSV and JSON reports written block by block from the Result's columns are, byte for byte,
the ones the row writers make (tabular.to_csv_by_rows, Result.to_json): on every example year,
in both languages, on random rulesets and data, and on values and texts chosen to be awkward."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl.i18n import set_language
from dsl.values import NaKind, reason_code
from engine.api import load
from engine.atomic import write_atomic
from engine.data.model import Unit
from engine.data.read import read_data
from engine.pieces import Pieces
from engine.render import render, render_payload
from engine.render.csv_blocks import cell as cell_text
from engine.render.csv_blocks import to_csv
from engine.render.json_blocks import Shapes, dump, json_lines
from engine.render.tabular import to_csv_by_rows
from engine.ruleset.loader import load_ruleset
from engine.ruleset.model import Rounding
from engine.safe_text import csv_text
from engine.scoring.columns import (
    IndicatorBlock,
    LabelColumn,
    Listed,
    NaBlock,
    PresentedColumn,
    Rows,
    TieBlock,
    ValueBlock,
    reasons_of,
)
from engine.scoring.result import Diagnostic, Presented, RankRow, Result, Tie, ValueRow
from engine.scoring.score import score
from tests.engine.test_paths_agree import RANDOM_YEAR, _ruleset, _write_data

ROOT = Path(__file__).parents[2]
YEARS = ("2016", "2020", "2022", "2023", "2024")


def assert_same_reports(result: Result) -> None:
    """Both writers, both formats, and the chunks the CLI writes."""
    assert to_csv(result) == to_csv_by_rows(result)
    assert "".join(json_lines(result)) == result.to_json()
    for fmt in ("csv", "json"):
        payload = render_payload(result, fmt)
        assert isinstance(payload, Pieces)
        assert "".join(payload.texts()) == render(result, fmt)


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("year", YEARS)
def test_every_example_year(year: str, lang: str) -> None:
    set_language(lang)
    result = score(load(ROOT / "rulesets" / year), read_data([ROOT / "examples" / year]))
    assert isinstance(result.indicators, Rows)  # the block path is the one under test
    assert_same_reports(result)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(**RANDOM_YEAR)
def test_random_rulesets_and_data(
    tmp_path: Path,
    indicators: list[dict[str, Any]],
    combines: list[str],
    sc: dict[str, Any],
    fig: dict[str, Any],
    cells: list[Any],
    weights: list[int],
) -> None:
    (tmp_path / "r.yaml").write_text(yaml.safe_dump(_ruleset(indicators, combines, sc, fig)))
    _write_data(tmp_path, cells, weights)
    assert_same_reports(score(load_ruleset(tmp_path / "r.yaml"), read_data([tmp_path / "d.yaml"])))


# values whose texts differ from the obvious: signed zero, exponents, halves, huge and tiny
AWKWARD = [-0.0, 0.0, 1e-05, -1e-07, 97.765, 2.5, -2.5, 1e16, 1.5e20, 123456789.123456789, 1 / 3]
# unit ids a spreadsheet would run or a CSV reader would split
UNITS = ("=SUM(A1)", '-a,"b"', "kel\r1", "@x", "plain", "+1", "-2.5", "ü, ü", "a", "b", "c")


def _column(values: list[float], na: dict[int, str], decimals: int, mode: Any) -> PresentedColumn:
    codes = np.zeros(len(values), dtype=np.int32)
    for row, reason in na.items():
        codes[row] = reason_code(reason, NaKind.NO_DATA)
    array = np.where(codes != 0, np.nan, np.array(values, dtype=np.float64))
    return PresentedColumn(array, codes, reasons_of(codes), Rounding(decimals, mode))


def awkward_result() -> Result:
    """A hand-made Result: blocks with awkward values and texts, and rows kept as objects."""
    n = len(UNITS)
    values = AWKWARD[:n]
    labels = np.array(["=baik", "cukup, ya", None, *["baik"] * (n - 3)], dtype=object)
    label_codes = np.zeros(n, dtype=np.int32)
    label_codes[2] = reason_code('no "band"', NaKind.DERIVED)
    predikat = LabelColumn(labels, label_codes, reasons_of(label_codes))
    block = IndicatorBlock(
        "=ind,1",
        "TW1",
        UNITS,
        None,
        _column(values, {3: "no data for x on TW1"}, 2, "half_up"),
        _column(values[::-1], {4: "-dibagi nol", 5: ""}, 0, "truncate"),
        predikat,
    )
    scores = ValueBlock("nilai", "tahunan", UNITS, _column(values, {0: "=x"}, 3, "half_up"), None)
    figures = ValueBlock("f", "TW2", UNITS, _column(values, {}, 10, "truncate"), predikat)
    listed = ValueRow("kel 9", "f", "TW3", Presented(2.0, None, Rounding(1, "half_up")), "baik")
    ranked = RankRow("p", "=u", 1, "I", Presented(None, "n/a", Rounding()), (None, 2.5), "=tie")
    unranked = RankRow("p", 'u,"2"', None, None, Presented(-2.5, None, Rounding(1), -2.5), (), None)
    note = Diagnostic("warning", "T001", '-tie, "quoted"\nline', None, "p", None)
    return Result(
        "id",
        "title",
        "h",
        "i",
        "0",
        "2024",
        (Unit("=SUM(A1)", 'Kel, "A"', "kelurahan", None),),
        Rows([block]),
        Rows([figures, Listed((listed,))]),
        Rows([scores]),
        (ranked, unranked),
        Rows([NaBlock.of(block), Listed((note,))]),
    )


def test_awkward_values_and_texts() -> None:
    result = awkward_result()
    assert_same_reports(result)
    assert json.loads(result.to_json())["indicators"][0]["realisasi"]["value"] == -0.0


def test_awkward_values_and_texts_in_indonesian() -> None:
    set_language("id")
    assert_same_reports(awkward_result())


def test_a_result_of_plain_rows() -> None:
    """A Result whose rows are tuples (made by hand, not by score) is written row by row."""
    blocks = awkward_result()
    plain = Result(
        *(getattr(blocks, name) for name in Result.__slots__[:7]),
        tuple(blocks.indicators),
        tuple(blocks.figures),
        tuple(blocks.scores),
        blocks.rankings,
        tuple(blocks.diagnostics),
    )
    assert to_csv(plain) == to_csv(blocks)
    assert "".join(json_lines(plain)) == "".join(json_lines(blocks))


def test_an_empty_result() -> None:
    empty = Result("id", "t", "h", "i", "0", "2024", (), Rows([]), (), (), (), ())
    assert_same_reports(empty)
    assert '"indicators": []' in "".join(json_lines(empty))


def test_chunks_are_written_as_they_come_and_a_failure_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "laporan.csv"
    target.write_text("before")
    written: list[int] = []

    def chunks() -> Any:
        yield b"a,b\n"
        written.append(target.stat().st_size)  # the target is untouched while chunks come
        raise RuntimeError("rendering failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, chunks())
    assert target.read_text() == "before" and written == [6]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan.csv"]
    write_atomic(target, iter([b"a,", b"b\n"]))
    assert target.read_text() == "a,b\n"


def test_infinite_and_signed_values() -> None:
    """Numbers whose texts start with a formula character only when negative ('-inf' is
    quoted, '-2.5' is a number): csv_blocks.safe_signed, against the row writer."""
    values = [float("-inf"), float("inf"), -2.5, -0.0, 3.0, -1e-07]
    units = tuple(f"u{i}" for i in range(len(values)))
    column = _column(values, {}, 2, "half_up")
    block = ValueBlock("f", "TW1", units, column, None)
    result = Result("id", "t", "h", "i", "0", "2024", (), Rows([]), Rows([block]), (), (), ())
    assert_same_reports(result)
    assert "\nfigur,u0,f,TW1,nilai,'-inf,'-inf,2,,," in to_csv(result)


plain_or_awkward = st.text(alphabet=st.sampled_from(list("aZ09_. ,\"'=+-@\t\r\nü")), max_size=8)


@given(text=plain_or_awkward)
def test_a_cell_is_the_csv_writers(text: str) -> None:
    """csv_blocks.cell's shortcut for plain texts gives what the csv writer writes."""
    assert cell_text(text) == csv_text([[text, ""]])[:-2]


json_leaf = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=4)
json_document = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "\x001", "\x000", "k"]), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(first=json_document, second=json_document, indent=st.sampled_from([0, 2, 4]))
def test_shapes_dump_as_json_does(first: Any, second: Any, indent: int) -> None:
    """A document dumped from its shape's template is json.dumps' text, also when the template
    was made from another document (of the same shape or not), and when a key reads like a
    mark of the template ('\\x000')."""
    shapes = Shapes()
    for document in (first, second, first):
        assert shapes(document, indent) == dump(document, indent)


def test_rankings_numbers_in_batches_are_the_row_writers() -> None:
    """A ranking's numbers rounded column-wise (shown set) are made in one batch per rounding
    (CsvTexts.presented_rows); the others (no shown value, N/A, text) one by one. Mixed roundings,
    signs, an int value and values that are not finite, against the row writer."""
    roundings = [Rounding(2, "half_up"), Rounding(0, "truncate"), Rounding(1, "half_up")]
    figs = [
        Presented(97.765, None, roundings[0], 97.77),
        Presented(-2.5, None, roundings[1], -2.0),
        Presented(-0.0, None, roundings[0], -0.0),
        Presented(float("inf"), None, roundings[2], float("inf")),
        Presented(float("-inf"), None, roundings[2], float("-inf")),
        Presented(float("nan"), None, roundings[0], float("nan")),
        Presented(3, None, roundings[0], 3),  # an int, as a hand-made Result may hold
        Presented(1e-05, None, roundings[1]),  # not rounded column-wise: one by one
        Presented(None, "=no data", roundings[0], None, NaKind.NO_DATA),
        Presented(None, None, roundings[2]),  # a text figure: no number
        Presented(97.765, None, roundings[0], 97.77),  # the same number again
    ]
    ranks = tuple(
        RankRow(f"r{i % 2}", f"u{i}", i + 1, None, fig, (), None) for i, fig in enumerate(figs)
    )
    result = Result("id", "t", "h", "i", "0", "2024", (), Rows([]), (), (), ranks, ())
    assert_same_reports(result)
    lines = to_csv(result).splitlines()
    assert lines[1] == "peringkat,u0,r0,,nilai,97.765,97.77,2,,,,,1,,,,"
    assert lines[2] == "peringkat,u1,r1,,nilai,-2.5,-2,0,,,,,2,,,,"  # a number: not quoted
    assert lines[4] == "peringkat,u3,r1,,nilai,inf,inf,1,,,,,4,,,,"
    assert lines[5] == "peringkat,u4,r0,,nilai,'-inf,'-inf,1,,,,,5,,,,"


def test_tie_notes_written_column_wise_are_the_row_writers() -> None:
    """The N002 warnings of surviving ties (TieBlock) are a warning per shared or undecided
    rank, not per separated one; written column-wise, they are the row writers' lines, awkward
    unit and ranking ids included."""
    shown = Presented(1.0, None, Rounding(), 1.0)
    ranks = (
        RankRow("=p,1", 'u "1"', 1, None, shown, (), "shares the rank", Tie.SHARED),
        RankRow("=p,1", "u2", 1, None, shown, (), "shares the rank", Tie.SHARED),
        RankRow("=p,1", "u3", 3, None, shown, (), "tied with u2; separated", Tie.SEPARATED),
        RankRow("q", "-u4", 1, None, shown, (), "Tim Penilai decides", Tie.UNDECIDED),
        RankRow("q", "u5", None, None, shown, (), "not ranked", None),
    )
    ties = TieBlock.of(ranks)
    assert list(ties) == [
        Diagnostic("warning", "N002", "=p,1: shares the rank", 'u "1"', "=p,1"),
        Diagnostic("warning", "N002", "=p,1: shares the rank", "u2", "=p,1"),
        Diagnostic("warning", "N002", "q: Tim Penilai decides", "-u4", "q"),
    ]
    result = Result("id", "t", "h", "i", "0", "2024", (), Rows([]), (), (), ranks, Rows([ties]))
    assert_same_reports(result)
    lines = to_csv(result).splitlines()
    assert lines[-2] == 'catatan,u2,"\'=p,1",,,,,,,,,,,,warning,N002,"\'=p,1: shares the rank"'
    assert lines[-1] == "catatan,'-u4,q,,,,,,,,,,,,warning,N002,q: Tim Penilai decides"


def test_flat_objects_dumped_by_their_keys_are_json_dumps() -> None:
    """A flat object (every value a leaf) is dumped from the template of its keys without being
    walked; an object of the same keys with a list or object among its values, or a value of a
    subclass of a leaf's type, is not."""

    class Text(str):
        pass

    documents: list[Any] = [
        {"b": 1, "a": "x"},
        {"b": [5], "a": "x"},  # same keys, a list: another shape
        {"b": None, "a": 2.5},
        {"b": {"c": True}, "a": []},
        {"b": Text("t"), "a": False},
        {"a": "x", "b": 1},  # the same keys made in another order
        {"b": 'ü\n"q"', "a": -0.0},
    ]
    shapes = Shapes()
    for document in documents * 2:
        assert shapes(document, 4) == dump(document, 4)
