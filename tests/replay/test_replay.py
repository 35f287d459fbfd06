"""Replay every case file in tests/replay, and check that replay notices what it must notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from dsl.errors import PerkinErrors
from engine.history.cases import load_case
from engine.history.figures import decimals_in
from engine.history.replay import replay_files

HERE = Path(__file__).parent
CASES = sorted(HERE.glob("*.yaml"))
LKIP = HERE / "2024_lkip_jakpus.yaml"


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_replays(case: Path) -> None:
    """Every published figure reproduces, or is known wrong and perkin gives the correct value."""
    report = replay_files([case])
    if not report.ok:
        pytest.fail("\n".join(report.mismatches), pytrace=False)


def _variant(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the LKIP case (paths kept valid) with one line's text replaced."""
    text = LKIP.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new).replace("../../", f"{HERE.parent.parent}/")
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_misprinted_figure_is_one_line(tmp_path: Path) -> None:
    """A printed value the engine does not give is reported in domain words, one line."""
    old = '- {score: sasaran_05, printed: "100", source: "003:1578"}'
    path = _variant(tmp_path, old, old.replace('"100"', '"100.5"'))
    report = replay_files([path])
    assert not report.ok
    assert report.mismatches == [
        "003:1578 sasaran_05 value 2024: published 100.5, computed 100.0 (full precision 100)"
    ]


def test_a_known_wrong_figure_needs_the_correct_value(tmp_path: Path) -> None:
    """A known-wrong figure fails when perkin does not recompute the declared correct value."""
    old = 'source: "003:1574",\n     known_wrong: {correct: "104.19"'
    path = _variant(tmp_path, old, old.replace("104.19", "104.18"))
    report = replay_files([path])
    assert not report.ok
    assert report.mismatches[0].startswith(
        "003:1574 sasaran_02 value 2024: known wrong: published 104.08, correct 104.18, "
        "but computed 104.19"
    )


def test_a_stale_known_wrong_mark_fails(tmp_path: Path) -> None:
    """A figure marked known wrong that in fact reproduces is a mismatch too."""
    old = '- {score: sasaran_05, printed: "100", source: "003:1578"}'
    new = old[:-1] + ', known_wrong: {correct: "99", why: "test"}}'
    report = replay_files([_variant(tmp_path, old, new)])
    assert report.mismatches == [
        "003:1578 sasaran_05 value 2024: published 100 reproduces, but the case marks it "
        "known wrong (correct 99)"
    ]


def test_the_report_counts_known_wrong_figures() -> None:
    """The summary line says how many figures reproduce and how many are known wrong."""
    report = replay_files([LKIP])
    assert report.ok
    assert report.lines[-1].endswith(
        "356 published figures: 303 reproduce, 53 known wrong (perkin gives the correct value), "
        "0 mismatches"
    )
    blank = "003:2980 konsistensi value 2024: known wrong: published 73.14%, correct N/A"
    assert any(line.startswith(blank) for line in report.lines)


def test_case_errors_are_located(tmp_path: Path) -> None:
    """Problems in a case file are errors at their line and column, all at once."""
    path = tmp_path / "bad.yaml"
    path.write_text(
        "ruleset: r\n"
        "data: d\n"
        "published:\n"
        '  - {score: s, printed: 104.08, source: "003:1574"}\n'
        '  - {figure: f, indicator: i, printed: "1", source: "p. 3", colour: red}\n',
        encoding="utf-8",
    )
    with pytest.raises(PerkinErrors) as caught:
        load_case(path)
    shown = [e.render().splitlines()[0] for e in caught.value.errors]
    assert shown == [
        f"{path}:4:25: error[H001]: 'printed' must be the quoted text as printed",
        f"{path}:4:5: error[H001]: no unit: give 'unit' here or in defaults",
        f"{path}:4:5: error[H001]: no period: give 'period' here or on top",
        f"{path}:5:61: error[H001]: unknown key 'colour'",
        f"{path}:5:5: error[H001]: name exactly one of indicator, figure, score or ranking",
        f"{path}:5:5: error[H001]: no unit: give 'unit' here or in defaults",
        f"{path}:5:5: error[H001]: no period: give 'period' here or on top",
        f"{path}:5:53: error[H001]: 'source' must cite the seed line, e.g. 003:1574",
    ]


def test_unknown_names_are_located(tmp_path: Path) -> None:
    """A unit or name the ruleset does not know is reported at its entry, with a hint."""
    old = '- {score: sasaran_05, printed: "100", source: "003:1578"}'
    path = _variant(tmp_path, old, old.replace("sasaran_05", "sasaran_5"))
    with pytest.raises(PerkinErrors) as caught:
        replay_files([path])
    error = caught.value.errors[0]
    assert error.message == "unknown score 'sasaran_5'"
    assert error.hint == "did you mean 'sasaran_05'?"
    assert error.location.line is not None


@pytest.mark.parametrize(
    ("text", "decimals"),
    [("104,08", 2), ("1036,99%", 2), ("779.977.900.621", 0), ("100", 0), ("101.5", 1),
     ("4.35%", 2), ("WTP (3)", 0), ("1.234", None)],
)  # fmt: skip
def test_decimals_are_read_from_the_printed_text(text: str, decimals: int | None) -> None:
    """The printed text says how many decimals the report shows; '1.234' does not say."""
    assert decimals_in(text) == decimals


def test_a_folder_replays_every_case_file_in_it() -> None:
    from engine.history.case_files import case_files

    assert case_files([HERE]) == CASES  # the .yaml files, in name order; not README or tests
    assert case_files([LKIP, HERE]) == [LKIP, *CASES]


def test_a_folder_without_case_files_is_an_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    import cli

    (tmp_path / "notes.txt").write_text("no case here", encoding="utf-8")
    out = CliRunner().invoke(cli.main, ["--lang", "id", "replay", str(tmp_path)])
    assert out.exit_code == 1
    assert f"{tmp_path}: galat[H001]: tidak ada berkas kasus dalam folder ini" in out.output


def test_a_case_file_that_cannot_be_read_gets_a_case_file_hint(tmp_path: Path) -> None:
    from dsl.errors import PerkinError

    with pytest.raises(PerkinError) as caught:
        load_case(tmp_path)
    assert caught.value.hint == "name a case file you may read (not a folder, device or pipe)"
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(PerkinError) as empty_caught:
        load_case(empty)
    assert empty_caught.value.hint == "a case file needs ruleset:, data: and published:"
