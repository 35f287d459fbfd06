"""Every problem at once (issue 10, item 8): independent mistakes in a ruleset or in data are all
reported in one run, a consequence of a reported mistake is not reported again, and errors
collected while reading are bounded however many cells are bad.

Cases live in tests/hostile/atonce/cases.yaml; the large CSV is generated in tmp_path and read in
a subprocess under the memory cap of tests/hostile/test_limits.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

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
