"""Shared test helpers: golden files (regenerate with PERKIN_UPDATE_GOLDEN=1, review the diff)."""

from __future__ import annotations

import os
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
