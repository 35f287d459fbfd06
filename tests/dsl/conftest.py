"""Pytest setup for the formula-language tests: import path, --update-golden, golden files."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
# The repository is not installed in the test environment: make `import dsl` work, and the
# helper modules of this folder importable under any pytest import mode.
for path in (ROOT, HERE):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

GOLDEN = HERE / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register --update-golden (when pytest is started on tests/dsl or a file in it)."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files of tests/dsl from the current output",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """A check that text equals the golden file `name`, or rewrites it when updating."""
    option = bool(request.config.getoption("--update-golden", default=False))
    # The project-wide switch (see tests/conftest.py) works here too.
    update = option or os.environ.get("PERKIN_UPDATE_GOLDEN") == "1"

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        text = actual.rstrip("\n") + "\n"
        if update:
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"golden file {name} is missing; run with --update-golden", pytrace=False)
        expected = path.read_text(encoding="utf-8")
        assert text == expected, f"{name} differs from its golden file (see diff above)"

    return check
