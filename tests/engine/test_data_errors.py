"""read_data on invalid files: every problem reported, located, coded, never as a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dsl.errors import PerkinErrors
from engine.data.read import _read_file, read_data

INVALID = Path(__file__).parent / "data_files" / "invalid"
EXPECTED: dict[str, list[str]] = yaml.safe_load((INVALID / "expected.yaml").read_text("utf-8"))


def problems(paths: list[Path]) -> list[str]:
    """Every error read_data raises, as 'LOCATION CODE message'."""
    with pytest.raises(PerkinErrors) as caught:
        read_data(paths)
    return [f"{e.location.label()} {e.code} {e.message}" for e in caught.value.errors]


def test_every_invalid_fixture_has_expectations() -> None:
    names = {path.name for path in INVALID.iterdir()} - {"expected.yaml"}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_fixture(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    assert problems([Path(name)]) == EXPECTED[name]


def test_errors_of_all_files_come_together(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    found = problems([Path("bad_cells.csv"), Path("no_unit.csv"), Path("json_syntax.json")])
    assert found == [
        *EXPECTED["bad_cells.csv"],
        *EXPECTED["no_unit.csv"],
        *EXPECTED["json_syntax.json"],
    ]


def test_rendered_yaml_error_shows_line_and_caret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("duplicate_keys.yaml")])
    assert caught.value.errors[1].render() == (
        "duplicate_keys.yaml:5:7: error[D031]: duplicate key 'ikm' "
        "(first at duplicate_keys.yaml:4:7)\n"
        "  at data.KEL01.2024-TW1\n"
        "          ikm: 87\n"
        "          ^^^\n"
        "hint: keep one of them: YAML would silently use the last"
    )


def test_rendered_csv_error_has_hint_with_did_you_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("unknown_column.csv")])
    assert caught.value.errors[0].render() == (
        "unknown_column.csv:1:4: error[D025]: unknown column 'nilaii'\n"
        "hint: did you mean 'nilai'? long-form columns are "
        "unit, period, variable, value, item, note, source, validated_by, validated_on, name, "
        "level, parent"
    )


def test_unknown_parent_suggests_a_declared_unit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(INVALID)
    with pytest.raises(PerkinErrors) as caught:
        read_data([Path("unknown_parent.csv")])
    assert (caught.value.errors[0].hint or "").startswith("did you mean 'KOTA'?")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"unit,value\x00\x01\x02\n",
            "data.csv:1:11 D022 the file is not text (control character U+0000)",
        ),
        (
            b"unit,value\nKEL01,\x81\x8d\n",
            "data.csv:2:7 D022 the file is not UTF-8 text (byte 0x81)",
        ),
        (b"PK\x03\x04garbage", "data.csv D022 the file is not text"),
        (b"\n\n  \n", "data.csv D023 the file is empty"),
        (b"\xef\xbb\xbf", "data.csv D023 the file is empty"),
    ],
)
def test_unreadable_csv(
    content: bytes, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data.csv").write_bytes(content)
    monkeypatch.chdir(tmp_path)
    assert problems([Path("data.csv")]) == [expected]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("data.yaml", b"", "data.yaml D023 the file is empty"),
        ("data.json", b"  \n", "data.json D023 the file is empty"),
        (
            "data.yaml",
            b"a: [1\n",
            "data.yaml:2:1 D030 YAML syntax error: while parsing a flow sequence: "
            "expected ',' or ']', but got '<stream end>'",
        ),
        (
            "data.yaml",
            b"a: 1\n---\nb: 2\n",
            "data.yaml:2:1 D030 YAML syntax error: expected a single document in the stream: "
            "but found another document",
        ),
        ("data.yaml", b"42\n", "data.yaml:1:1 D029 expected a mapping at the top of the file"),
        (
            "data.yaml",
            b"\xff\xfe\x00",  # a UTF-16 byte-order mark, then half a code unit
            "data.yaml:1 D022 the file is not UTF-16 text, though it starts like it (byte 2)",
        ),
        (
            "data.yaml",
            b"data:\n  K1: &a {2024: {x: 1}}\n  K2: *a\n",
            "data.yaml:3:7 D029 an alias repeats data written elsewhere",
        ),
        (
            "data.json",
            b'{"data": {"K1": {"2024": {"x": true}}}}',
            "data.json:1:32 D004 a true/false value where a number was expected",
        ),
        (
            "data.yaml",
            b"data: {K1: {2024: {x: yes}}}",
            "data.yaml:1:23 D004 a true/false value where a number was expected",
        ),
    ],
)
def test_bad_yaml_and_json(
    name: str, content: bytes, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / name).write_bytes(content)
    monkeypatch.chdir(tmp_path)
    assert problems([Path(name)]) == [expected]


def test_missing_paths_and_empty_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "old.xls").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    assert problems([Path("nope.csv"), Path("empty"), Path("old.xls")]) == [
        "nope.csv D045 no such file or folder",
        "empty D045 no data files in the folder",
        "old.xls D021 unsupported file type '.xls'",
    ]
    assert problems([]) == ["<input> D045 no data files given"]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data.csv").mkdir()  # a folder named like a file: reading it fails with OSError
    monkeypatch.chdir(tmp_path)
    (error,) = _read_file(Path("data.csv")).errors
    assert (error.code, error.location.label()) == ("D020", "data.csv")
    assert error.message.startswith("cannot read the file: ")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
    name=st.sampled_from(["data.csv", "data.yaml", "data.json", "data.xlsx"]),
)
def test_any_bytes_give_a_dataset_or_perkin_errors(
    content: bytes, name: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    try:
        read_data([path])
    except PerkinErrors as exc:
        assert exc.errors and all(e.code.startswith("D0") or e.code in LATER for e in exc.errors)


LATER = {
    "D304",
    "D340",
    "D341",
}  # reading errors numbered later: repeated header, quotes, encodings


TEXTY = st.text(alphabet=st.sampled_from(list("unitperodvabl,;\t\n\"'-:[]{}@ 0123456789%N/A#")))


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTY, name=st.sampled_from(["data.csv", "data.yaml", "data.json"]))
def test_structured_looking_text_gives_a_dataset_or_perkin_errors(
    text: str, name: str, tmp_path: Path
) -> None:
    header = "unit,period,variable,value\n" if name == "data.csv" else "data:\n  "
    path = tmp_path / name
    path.write_text(header + text, encoding="utf-8")
    try:
        read_data([path])
    except PerkinErrors as exc:
        assert exc.errors and all(e.code.startswith("D0") or e.code in LATER for e in exc.errors)


LATER = {
    "D304",
    "D340",
    "D341",
}  # reading errors numbered later: repeated header, quotes, encodings
