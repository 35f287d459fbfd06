"""Every problem at once (issue 10, item 8): independent mistakes in a ruleset or in data are all
reported in one run, a consequence of a reported mistake is not reported again, and errors
collected while reading are bounded however many cells are bad.

Cases live in tests/hostile/atonce/cases.yaml; the large CSV is generated in tmp_path and read in
a subprocess under the memory cap of tests/hostile/test_limits.py.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dsl.errors import PerkinError
from dsl.limits import MAX_COLLECTED
from engine.data.model import ErrorLog, NotCollected
from tests.hostile.test_limits import capped
from tests.test_bad_inputs import BASE, run

HERE = Path(__file__).parent / "atonce"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HERE / "cases.yaml").read_text("utf-8"))


def _args(case: dict[str, Any]) -> list[str]:
    return [a.format(here=HERE, base=BASE) for a in case["args"]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_independent_mistakes_are_all_reported(name: str) -> None:
    case = CASES[name]
    result = run(_args(case))
    assert result.exit_code == 1, result.output
    found = [line for line in result.stderr.splitlines() if ": error[" in line]
    missing = [e for e in case["errors"] if not any(e in line for line in found)]
    assert not missing, "\n".join(["missing:", *missing, "printed:", *found])
    assert len(found) == len(case["errors"]), "\n".join(["printed:", *found])


def _write_bad_cells(folder: Path, rows: int) -> tuple[Path, Path]:
    """A units file of `rows` kelurahan and a wide file whose 4 cells per row are all bad."""
    units, data = folder / "units.csv", folder / "bad.csv"
    kelurahan = "".join(f"K{i},K{i},kelurahan,KEC1\n" for i in range(rows))
    units.write_text(
        "unit,name,level,parent\nKOTA,Kota,kota,\nKEC1,Kec,kecamatan,KOTA\n" + kelurahan
    )
    header = "unit," + ",".join(f"aduan@TW{t}" for t in range(1, 5)) + "\n"
    data.write_text(header + "".join(f"K{i},abc,abc,abc,abc\n" for i in range(rows)))
    return units, data


def test_errors_collected_are_bounded_however_many_cells_are_bad(tmp_path: Path) -> None:
    units, data = _write_bad_cells(tmp_path, 50_000)
    result = capped("validate", "--ruleset", str(BASE / "ruleset.yaml"), str(data), str(units))
    assert result.returncode == 1, result.stderr[-2000:]
    more = f"… and {200_000 - MAX_COLLECTED:,} more errors of this kind (error[D001]) not collected"
    assert re.search(
        rf"^\S*bad\.csv:\d+:\d+: error\[D001\]: {re.escape(more)}$", result.stderr, re.M
    )
    assert result.stderr.rstrip().endswith(f"\n{MAX_COLLECTED + 1} errors")


def test_an_error_log_counts_what_another_did_not_keep() -> None:
    first, second = ErrorLog(), ErrorLog()
    for log, n in ((first, MAX_COLLECTED + 5), (second, 3)):
        log.extend(PerkinError(f"bad {i}", code="D001") for i in range(n))
    second.extend(first)
    kept = second.collected()
    assert second.met == MAX_COLLECTED + 8 and len(kept) == MAX_COLLECTED + 1
    assert isinstance(kept[-1], NotCollected) and kept[-1].count == 8


def test_a_count_handed_on_in_a_list_is_added_not_kept() -> None:
    log = ErrorLog(PerkinError(f"bad {i}", code="D001") for i in range(MAX_COLLECTED + 2))
    again = ErrorLog(tuple(log.collected()))
    again.append(PerkinError("bad", code="D001"))
    summaries = [e for e in again.collected() if isinstance(e, NotCollected)]
    assert [s.count for s in summaries] == [3] and again.met == MAX_COLLECTED + 3


def test_a_count_alone_is_handed_on_as_it_is() -> None:
    first = PerkinError("bad", code="D001")
    log = ErrorLog([NotCollected(first, 5), PerkinError("other", code="D001")])
    assert [(type(e), getattr(e, "count", None)) for e in log.collected()] == [
        (PerkinError, None),
        (NotCollected, 5),
    ]
