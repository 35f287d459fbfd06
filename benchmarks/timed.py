"""One contender's run in its own process, for benchmarks/scaling.py: timed, its peak measured.

    python benchmarks/timed.py CONTENDER DATA [--format F --out FILE] [--figures FILE.npz]

The clock starts before the contender's library (perkin's CLI, polars, pandas, DuckDB) is
imported: only the interpreter's start-up and numpy's import are left out, for every contender.
perkin runs as `perkin evaluate benchmarks/national.yaml DATA… --format F -o FILE --quiet` in
this process; without --format, its compute phases (read_data, score) are timed instead. The
report is one JSON line on stdout: seconds, phases, peak MB (VmHWM), exit status.
--figures (untimed) saves every figure for the check against perkin. polars-report
(frame_polars_report.py) writes CSV only, and is checked on its report instead of its figures.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make the benchmarks package importable

import numpy as np  # noqa: E402 — imported before the clock starts, by every contender

FRAMES = ("polars", "pandas", "duckdb", "polars-report")  # polars-report: frame_polars_report
RULESET = ROOT / "benchmarks" / "national.yaml"


def main(argv: list[str] | None = None) -> int:
    """Run one contender; print its report."""
    args = _arguments(argv)
    if args.figures is not None:
        _save_figures(args)
        return 0
    report = _perkin(args) if args.contender == "perkin" else _frame(args)
    report["peak_mb"] = peak_mb()
    print(json.dumps(report))
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contender", choices=("perkin", *FRAMES))
    parser.add_argument("data", type=Path)
    parser.add_argument("--format", dest="fmt")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--figures", type=Path, help="save the figures (untimed) to this .npz")
    return parser.parse_args(argv)


def _perkin(args: argparse.Namespace) -> dict[str, Any]:
    """perkin's CLI writing the report, or its compute phases without a format."""
    start = time.perf_counter()
    if args.fmt is None:
        from benchmarks.common import DataFiles
        from benchmarks.perkin_runs import columnar

        _figures, _ids, phases = columnar(DataFiles.at(args.data))
        return {"seconds": time.perf_counter() - start, "phases": phases, "status": 0}
    from cli import main as cli

    files = [str(p) for p in _data_files(args.data)]
    words = ["evaluate", str(RULESET), *files, "--format", args.fmt, "-o", str(args.out)]
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors):
        try:  # click returns the exit status of ctx.exit() when not standalone
            returned = cli.main([*words, "--quiet"], standalone_mode=False)
            status = returned if isinstance(returned, int) else 0
        except SystemExit as exc:
            status = int(exc.code or 0)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "phases": {}, "status": status, "stderr": errors.getvalue()[-600:]}


def _data_files(folder: Path) -> list[Path]:
    from benchmarks.common import DataFiles

    return DataFiles.at(folder).all()


def _frame(args: argparse.Namespace) -> dict[str, Any]:
    """A dataframe contender: read, compute and (with a format) write."""
    from benchmarks.common import DataFiles
    from benchmarks.plan import load, plan_of

    ruleset = load()
    plan, files = plan_of(ruleset), DataFiles.at(args.data)  # perkin's loader: not timed
    extra = []
    if args.contender == "polars-report":  # the report's decimals and bands: not timed either
        from benchmarks.frame_polars_report import layout_of

        extra.append(layout_of(ruleset))
    start = time.perf_counter()
    module = importlib.import_module(_module(args.contender))
    _figures, clock = module.run(files, plan, args.fmt, args.out, *extra)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "phases": clock.laps, "status": 0}


def _save_figures(args: argparse.Namespace) -> None:
    """Every figure the contender computes, in units.csv order, saved for the check."""
    from benchmarks.common import DataFiles

    files = DataFiles.at(args.data)
    if args.contender == "perkin":
        from benchmarks.contenders import run

        figures, _report = run("perkin", files, True)
    else:
        from benchmarks.plan import load, plan_of

        module = importlib.import_module(_module(args.contender))
        figures, _clock = module.run(files, plan_of(load()), None, None)
    np.savez(args.figures, **{k.replace("/", ":"): v for k, v in figures.items()})  # type: ignore[arg-type]
    print(json.dumps({"saved": len(figures)}))


def _module(contender: str) -> str:
    """The module of a dataframe contender: polars-report is benchmarks.frame_polars_report."""
    return f"benchmarks.frame_{contender.replace('-', '_')}"


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM). Linux carries ru_maxrss across exec, so a
    child spawned by a large parent would report the parent's size; VmHWM is its own."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    sys.exit(main())
