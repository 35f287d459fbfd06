"""The national-scale benchmark: perkin against polars, DuckDB, pandas, numpy, row-by-row rules
engines and itself.

    python benchmarks/national.py             # the scaling table at 1 % and 10 % of the register
    python benchmarks/national.py --national  # … and at 100 %
    python benchmarks/national.py --engines   # numpy, zen, cel, explaining path: the register
    python benchmarks/national.py --smoke     # both on a tiny tree in seconds: correctness only

Each contender runs in its own process (so its peak RSS is its own) on the same generated
files; its figures are compared with perkin's before anything is timed. The scaling table
(benchmarks/scaling.py) runs perkin, polars, DuckDB and pandas end to end for every output
format each writes, and polars-report (polars writing perkin's whole CSV report, checked byte
for byte against it before timing). In the --engines table the row-by-row engines and the
explaining path run on a sample and are extrapolated linearly, which the table says; --full
runs them on everything.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make the benchmarks package importable

import numpy as np  # noqa: E402 — after the path set-up above

from benchmarks import generate, scaling  # noqa: E402
from benchmarks.common import DataFiles, Figures, differences  # noqa: E402
from benchmarks.timed import peak_mb  # noqa: E402

CONTENDERS = ("numpy", "perkin", "zen", "cel", "explain")
ENGINES = {"zen": "zen", "cel": "celpy"}  # contender → module of its rules engine (the bench extra)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 1 when the contenders disagree."""
    args = _arguments(argv)
    if args.child:
        _child(args)
        return 0
    status = _engines(args) if args.engines or args.smoke else 0
    if status == 0 and (args.smoke or not args.engines):
        status = _scaling(args)
    return status


def _scaling(args: argparse.Namespace) -> int:
    """The scaling table of perkin, polars, DuckDB and pandas; 1 when they disagree."""
    contenders = scaling.available()
    with tempfile.TemporaryDirectory() as scratch:
        if args.smoke:
            sizes = [scaling.dataset(0, args.seed, Path(scratch) / "data")]
        else:
            percents = [*args.percent, *([100.0] if args.national else [])]
            sizes = [scaling.dataset(p, args.seed) for p in percents]
        try:
            formats = ("csv",) if args.smoke else tuple(args.formats)
            measured = scaling.measure(
                sizes, contenders, args.repeat, args.xlsx_max, formats, args.cold
            )
        except scaling.Mismatch as exc:
            print(f"contenders disagree; no timings printed: {exc}")
            return 1
    print(scaling.table(measured, contenders))
    return 0


def _engines(args: argparse.Namespace) -> int:
    """The table of numpy, the row-by-row engines and the explaining path; 1 on disagreement."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = _data(args, Path(scratch))
        runs = {name: _repeated(name, folder, args, Path(scratch)) for name in _available()}
        problems = _check(runs, DataFiles.at(folder))
    if problems:
        print("contenders disagree; no timings printed:", *problems[:40], sep="\n  ")
        return 1
    print(_table(runs, folder, args))
    return 0


def _available() -> list[str]:
    """The contenders whose rules engine is installed (pip install perkin[bench] for all)."""
    missing = [c for c, module in ENGINES.items() if importlib.util.find_spec(module) is None]
    for name in missing:
        print(
            f"skipping {name}: {ENGINES[name]} is not installed (the bench extra)", file=sys.stderr
        )
    return [c for c in CONTENDERS if c not in missing]


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny data, correctness only")
    parser.add_argument("--full", action="store_true", help="no sampling of the slow paths")
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--repeat", type=int, default=1, help="runs per contender (median)")
    parser.add_argument("--data", type=Path, help="use (or create) the dataset in this folder")
    parser.add_argument(
        "--percent", type=float, nargs="+", default=[1.0, 10.0], help="scaling: register shares"
    )
    parser.add_argument("--national", action="store_true", help="scaling: also 100 %%")
    parser.add_argument(
        "--xlsx-max", type=float, default=1.0, help="scaling: XLSX up to this share (slow)"
    )
    parser.add_argument(
        "--cold", action="store_true", help="scaling: no memory warmed before each run"
    )
    parser.add_argument("--engines", action="store_true", help="numpy, zen, cel, explain table")
    parser.add_argument(
        "--formats", nargs="+", default=list(scaling.ROWS[2:]), choices=scaling.ROWS[2:]
    )
    parser.add_argument("--child", choices=CONTENDERS, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def _data(args: argparse.Namespace, scratch: Path) -> Path:
    """The dataset folder, generated when missing (the national one is cached in /tmp)."""
    if args.data:
        folder = Path(args.data)
    elif args.smoke:
        folder = scratch / "data"
    else:
        folder = Path(tempfile.gettempdir()) / f"perkin-bench-national-{args.seed}-v1"
    if not all(p.is_file() for p in DataFiles.at(folder).all()):
        print(f"generating the dataset in {folder} …", file=sys.stderr)
        generate.generate(folder, generate.SMOKE if args.smoke else generate.NATIONAL, args.seed)
    return folder


def _repeated(name: str, folder: Path, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """A contender run --repeat times: the median wall time, the largest peak, every time."""
    runs = [_spawn(name, folder, args, scratch) for _ in range(max(args.repeat, 1))]
    ordered = sorted(runs, key=lambda r: float(r["seconds"]))
    median = ordered[len(ordered) // 2]
    median["peak_mb"] = max(float(r["peak_mb"]) for r in runs)
    median["times"] = [float(r["seconds"]) for r in runs]
    return median


def _spawn(name: str, folder: Path, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    """Run one contender in a fresh process; its report with its figures."""
    out = scratch / f"{name}.npz"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", name]
    command += ["--data", str(folder), "--out", str(out)]
    command += ["--full"] if args.full or args.smoke else []
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr}")
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    with np.load(out) as saved:
        report["figures"] = {k.replace(":", "/"): saved[k] for k in saved.files}
    report["scored"] = report["figures"].pop("units-scored", None)
    return report


def _child(args: argparse.Namespace) -> None:
    """In the contender's process: run it, save its figures, print its report as JSON."""
    from benchmarks import contenders

    files = DataFiles.at(args.data)
    start = time.perf_counter()
    figures, report = contenders.run(args.child, files, args.full)
    report.setdefault("seconds", time.perf_counter() - start)
    report["peak_mb"] = peak_mb()
    arrays = {k.replace("/", ":"): v for k, v in figures.items()}
    np.savez(args.out, **arrays)  # type: ignore[arg-type]  # numpy's stub types **kwds as bool
    print(json.dumps(report))


def _check(runs: dict[str, dict[str, Any]], files: DataFiles) -> list[str]:
    """Every difference between perkin and the others, on the figures each computed."""
    perkin = runs["perkin"]["figures"]
    names = sorted(runs["numpy"]["figures"])
    problems = [f"numpy: {line}" for line in differences(runs["numpy"]["figures"], perkin, names)]
    for name in (n for n in ("zen", "cel", "explain") if n in runs):
        got: Figures = runs[name]["figures"]
        complete, scored = runs[name]["complete"], runs[name]["scored"]
        shared = names if complete else [n for n in names if n in got]
        problems += [
            f"{name}: {line}"
            for line in differences(got, perkin, shared, None if complete else scored)
        ]
        if not shared or (scored is not None and not len(scored)):
            problems.append(f"{name}: nothing to compare")
    return problems


LABELS = {
    "numpy": ("numpy by hand", "np.loadtxt after text clean-up, whole-array maths"),
    "perkin": ("perkin, columnar", "load ruleset, read (columnar), score() to the Result"),
    "zen": ("zen-engine row by row", "csv module, ZEN expression per unit and period"),
    "cel": ("cel-python row by row", "csv module, CEL program per unit and period"),
    "explain": ("perkin explaining path", "Program.explain per unit and formula"),
}


def _table(runs: dict[str, dict[str, Any]], folder: Path, args: argparse.Namespace) -> str:
    """The timings as a Markdown table, with perkin's phases and the CLI start-up times."""
    base = runs["numpy"]["seconds"]
    perkin = runs["perkin"]
    lines = [
        f"{perkin['units']:,} units, {perkin['values']:,} values ({folder})",
        "",
        "| contender | what runs | measured on | wall s | peak MB | × numpy |",
        "|---|---|---|---:|---:|---:|",
    ]
    for name, run in runs.items():
        title, what = LABELS[name]
        scope = f"{run['note']}" if run.get("note") else "everything"
        if len(run["times"]) > 1:
            scope += " (median of " + ", ".join(f"{t:.1f}" for t in run["times"]) + ")"
        seconds, peak = run["seconds"], run["peak_mb"]
        lines.append(
            f"| {title} | {what} | {scope} | {seconds:.2f} | {peak:.0f} | {seconds / base:.2f} |"
        )
    phases = ", ".join(f"{k} {v:.2f}" for k, v in perkin["phases"].items())
    lines += ["", f"perkin phases (s): {phases}", *_cli_times()]
    return "\n".join(lines)


def _cli_times() -> list[str]:
    """Best-of-three wall times of `perkin --help` and `perkin validate rulesets/`."""
    perkin = str(Path(sys.executable).with_name("perkin"))
    out = []
    for words in (["--help"], ["validate", "rulesets/"]):
        best, status = float("inf"), 0
        for _ in range(3):
            start = time.perf_counter()
            done = subprocess.run([perkin, *words], capture_output=True, cwd=ROOT, check=False)
            best, status = min(best, time.perf_counter() - start), done.returncode
        out.append(f"perkin {' '.join(words)}: {best:.2f} s (exit {status})")
    return out


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
