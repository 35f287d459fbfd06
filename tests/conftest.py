"""Shared test helpers: golden files (regenerate with PERKIN_UPDATE_GOLDEN=1, review the diff)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"


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
