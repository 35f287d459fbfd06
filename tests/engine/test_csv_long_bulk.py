"""Long-form CSV read column-wise (engine.data.csv_long) means what reading it record by record
means: the same records, result and errors at the same places; and the same values written long
and wide bind to the same slots, with the same diagnostics for the same bad cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dsl.errors import PerkinErrors
from engine.data.bind import Bound
from engine.data.binding import bind
from engine.data.model import Dataset
from engine.data.read import read_data
from engine.ruleset.loader import load_ruleset
from engine.scoring.score import score

BASE = Path(__file__).parents[1] / "bad_inputs" / "base"
Reader = Callable[[list[Path]], Dataset]


def by_record(paths: list[Path]) -> Dataset:
    """The reference: every cell read as a record."""
    return read_data(paths, columnar=False)


def outcome(reader: Reader, paths: list[Path]) -> str:
    """The result JSON of scoring what reader read, or its rendered errors."""
    try:
        return score(load_ruleset(BASE), reader(paths)).to_json()
    except PerkinErrors as err:
        return err.render()


def problems(columnar: bool, paths: list[Path]) -> list[tuple[str, str, str]]:
    """Every error of reading and binding (a bad cell does not stop binding): code, message and
    place, in order."""
    try:
        bind(load_ruleset(BASE), read_data(paths, columnar=columnar, to_bind=True))
    except PerkinErrors as err:
        return [(e.code, e.message, e.location.label() if e.location else "") for e in err.errors]
    return []


def write(path: Path, rows: list[list[str]], sep: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, delimiter=sep, lineterminator="\n").writerows(rows)
    return path


UNIT = st.sampled_from(["KEL1", "KEL2", "KEL9", "", " KEL1", "KOTA", "\u00a0KEL2", "KÉL1", "'"])
PERIOD = st.sampled_from(["TW1", "TW2", "2024-TW3", "TW4", "", "TW9", "Jan", "B03", "2024"])
VARIABLE = st.sampled_from(["aduan", "ikm", "serapan", "", "nope", " aduan"])
VALUE = st.one_of(
    st.sampled_from(["", " ", "N/A", "-", "86,75", "86.75", "1.234", "1.234.567", "-3", "+2"]),
    st.sampled_from(["40%", "WTP (3)", "#DIV/0!", "1e999", "abc", "0012", "1,5", "9" * 17]),
    st.integers(-(10**6), 10**6).map(str),
)
ITEM = st.sampled_from(["", "1", "03", "jan", "R1"])


@st.composite
def long_files(draw: st.DrawFn) -> tuple[str, str]:
    """A long-form CSV text (columns in any order, perhaps a period and an item column, bad
    cells, blank and ragged rows, any separator and line end, perhaps a BOM) and its suffix."""
    optional = [key for key in ("period", "item") if draw(st.booleans())]
    header = draw(st.permutations(["unit", "variable", "value", *optional]))
    cell = {"unit": UNIT, "period": PERIOD, "variable": VARIABLE, "value": VALUE, "item": ITEM}
    body = [[draw(cell[k]) for k in header] for _ in range(draw(st.integers(0, 8)))]
    if body and draw(st.booleans()):  # a blank row
        body.insert(draw(st.integers(0, len(body))), [""] * len(header))
    if body and draw(st.integers(0, 9)) == 0:  # a ragged row
        body[0] = body[0][:-1]
    sep = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [header, *body]
    )
    bom = "\ufeff" if draw(st.booleans()) else ""
    return bom + out.getvalue(), draw(st.sampled_from([".csv", ".tsv"]))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(long_files(), min_size=1, max_size=3), st.booleans())
@example([("unit,period,variable,value\nKEL1,TW1,aduan,5\nKEL1,TW1,aduan,6\n", ".csv")], True)
@example([("unit,period,variable,value\nKEL1,TW1,aduan,5\nKEL1,2024-TW1,aduan,-\n", ".csv")], False)
def test_long_read_in_bulk_agrees_with_the_per_record_reader(
    tmp_path_factory: pytest.TempPathFactory, files: list[tuple[str, str]], with_units: bool
) -> None:
    folder = tmp_path_factory.mktemp("long")
    paths = [BASE / "units.csv"] if with_units else []
    for n, (text, suffix) in enumerate(files):
        paths.append(folder / f"data{n}{suffix}")
        paths[-1].write_text(text, encoding="utf-8")
    assert outcome(read_data, paths) == outcome(by_record, paths)
    assert problems(True, paths) == problems(False, paths)
    try:
        bulk = read_data(paths)
    except PerkinErrors:
        return
    assert bulk.every_record() == list(by_record(paths).records)


def test_the_benchmark_register_long_is_read_in_bulk(tmp_path: Path) -> None:
    from benchmarks import generate
    from benchmarks.plan import load

    wide = generate.generate(tmp_path / "wide", generate.SMOKE, seed=7)
    long = generate.generate(tmp_path / "long", generate.SMOKE, seed=7)
    generate.to_long(long[1], ";")
    generate.to_long(long[2], ",")
    read = read_data(long)
    assert read.records == () and len(read.bulk.files) > 2  # no value read as a record
    assert read.value_count == read_data(wide).value_count == len(by_record(long).records) > 0
    assert read.every_record() == list(by_record(long).records)
    rs = load()
    assert _slots(bind(rs, read)) == _slots(bind(rs, read_data(wide)))


def _slots(bound: Bound) -> dict[tuple[str, tuple[str, str | None]], tuple[list[int], list[str]]]:
    """Every slot's states and values (as text, so that N/A's NaN compares equal)."""
    return {
        (input_id, key): (slot.state.tolist(), [repr(v) for v in slot.values.tolist()])
        for input_id, table in bound.slots.items()
        for key, slot in table.items()
    }


# the same bad cells written wide (one row per unit) and long (one row per value)
BAD = {("KEL1", "aduan", "TW1"): "#DIV/0!", ("KEL1", "ikm", "TW1"): "1.234"}
BAD |= {("KEL2", "serapan", "TW2"): "abc", ("KEL2", "aduan", "TW2"): "40%"}
BAD |= {("KEL2", "ikm", "TW4"): "-", ("KEL1", "serapan", "TW1"): "1e999"}
GOOD = {("KEL1", "aduan", "TW2"): "9", ("KEL2", "ikm", "TW1"): "79,5"}
GOOD |= {("KEL1", "ikm", "TW4"): "N/A"}


def test_bad_cells_give_the_same_diagnostics_long_and_wide(tmp_path: Path) -> None:
    cells = {**GOOD, **BAD}
    columns = sorted({(v, p) for _u, v, p in cells})
    header = ["unit", *(f"{v}@{p}" for v, p in columns)]
    wide_rows = [[u, *(cells.get((u, v, p), "") for v, p in columns)] for u in ("KEL1", "KEL2")]
    wide = write(tmp_path / "wide.csv", [header, *wide_rows])
    long_rows = [[u, p, v, text] for (u, v, p), text in sorted(cells.items())]
    long = write(tmp_path / "long.csv", [["unit", "period", "variable", "value"], *long_rows], ";")
    units = BASE / "units.csv"
    found = problems(True, [units, long])
    assert found == problems(False, [units, long])  # places included
    assert {(code, message) for code, message, _ in found} == {
        (code, message) for code, message, _ in problems(True, [units, wide])
    }
    # rows sorted by unit, variable, period: line 2 is KEL1 aduan TW1; '-' is N/A, not an error
    assert [(code, place) for code, _message, place in found] == [
        ("D002", f"{long}:2:4"),  # '#DIV/0!'
        ("D005", f"{long}:6:4"),  # '1e999'
        ("D109", f"{long}:4:4"),  # ikm (number) '1.234': a thousands dot or a decimal point
        ("D109", f"{long}:7:4"),  # aduan (count) '40%'
        ("D001", f"{long}:10:4"),  # serapan (percent) 'abc'
    ]


def test_a_long_value_read_in_bulk_keeps_its_place(tmp_path: Path) -> None:
    rows = [["variable", "value", "unit", "period"], ["aduan", "5", "KEL1", "TW1"]]
    rows += [["aduan", "7", "KEL1", "TW1"]]
    path = write(tmp_path / "long.csv", rows)
    found = problems(True, [BASE / "units.csv", path])
    assert [(code, place) for code, _message, place in found] == [("D040", f"{path}:3:2")]
    assert f"first at {path}:2:2" in found[0][1]


def test_a_long_file_is_one_bulk_file_per_key(tmp_path: Path) -> None:
    rows = [["unit", "period", "variable", "value"], ["KEL1", "TW1", "ikm", "79,5"]]
    rows += [["KEL1", "TW2", "ikm", "1.234.567"], ["KEL2", "TW1", "ikm", "N/A"]]
    read = read_data([BASE / "units.csv", write(tmp_path / "long.csv", rows)])
    assert read.records == ()
    found = [
        (f.units, f.lines.tolist(), c.number, c.variable, str(c.period), c.state.tolist())
        for f in read.bulk.files
        for c in f.columns
    ]
    assert found == [  # in the order the keys first occur; state 1 a number, 2 reported N/A
        (("KEL1", "KEL2"), [2, 4], 4, "ikm", "TW1", [1, 2]),
        (("KEL1",), [3], 4, "ikm", "TW2", [1]),
    ]
    first, second = (f.columns[0].values.tolist() for f in read.bulk.files if f.columns)
    assert first[0] == 79.5 and np.isnan(first[1]) and second == [1234567.0]


def test_values_out_of_range_are_reported_in_reading_order(tmp_path: Path) -> None:
    ruleset = (BASE / "ruleset.yaml").read_text("utf-8")
    bounded = ruleset.replace("aduan: {kind: count,", "aduan: {kind: count, min: 0, max: 50,")
    bounded = bounded.replace("ikm: {kind: number,", "ikm: {kind: number, min: 0, max: 100,")
    assert bounded.count("max:") == 2
    (tmp_path / "ruleset.yaml").write_text(bounded, "utf-8")
    rows = [["unit", "period", "variable", "value"], ["KEL1", "TW1", "ikm", "120"]]
    rows += [["KEL1", "TW1", "aduan", "60"], ["KEL2", "TW1", "ikm", "130"]]
    paths = [BASE / "units.csv", write(tmp_path / "long.csv", rows)]
    places = []
    for columnar in (True, False):
        try:
            bind(load_ruleset(tmp_path), read_data(paths, columnar=columnar))
        except PerkinErrors as err:
            places.append([e.location.label() for e in err.errors if e.location])
    assert places[1] == [f"{paths[1]}:{line}:4" for line in (2, 3, 4)]
    assert places[0] == places[1]
