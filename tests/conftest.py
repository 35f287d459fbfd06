"""Shared test helpers: golden files (regenerate with PERKIN_UPDATE_GOLDEN=1, review the diff)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

# The tests read messages in English, the catalogue's source language; tests of the Indonesian
# default pass --lang id (or call set_language) and are reset after each test. Set before any
# perkin module is imported, so subprocesses and cli.py's --help see it too.
os.environ["PERKIN_LANG"] = "en"

from dsl.errors import PerkinError, PerkinErrors
from dsl.i18n import set_language

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(autouse=True)
def _english_messages() -> object:
    """Every test starts in English, whatever language the previous one chose."""
    set_language("en")
    yield
    set_language("en")


def check_golden(name: str, text: str) -> None:
    """Compare text with tests/golden/NAME, or rewrite it when PERKIN_UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("PERKIN_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {name} missing; run with PERKIN_UPDATE_GOLDEN=1 and review it")
    assert text == path.read_text(encoding="utf-8"), f"output differs from golden {name}"


def cache_formulas(path: Path, value: str) -> None:
    """Store a cached value for every formula of an openpyxl-written workbook, as Excel does
    when it saves the file (openpyxl writes formulas with an empty cached value)."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v\s*/>", rb"\1<v>" + value.encode() + b"</v>", data)
            target.writestr(name, data)


def ruleset_errors(path: Path) -> list[PerkinError]:
    """Every error loading the ruleset at path gives (the test fails when it loads)."""
    from engine.ruleset.loader import load_ruleset

    with pytest.raises(PerkinError) as caught:
        load_ruleset(path)
    err = caught.value
    return list(err.errors) if isinstance(err, PerkinErrors) else [err]
