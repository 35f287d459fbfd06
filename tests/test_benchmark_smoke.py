"""The benchmark's smoke mode: a tiny national-shaped dataset, every contender, numbers compared.

It checks correctness only (the contenders agree); timings at this size mean nothing.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
ENGINES = [("zen-engine", "zen"), ("cel-python", "celpy")]  # skipped by the benchmark if missing


def test_benchmark_smoke_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "national.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    expected = ["numpy by hand", "perkin, columnar", "explaining"]
    expected += [
        f"{name} row by row" for name, module in ENGINES if importlib.util.find_spec(module)
    ]
    for contender in expected:
        assert contender in done.stdout, done.stdout
