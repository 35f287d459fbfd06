"""perkin's office CSV reader against polars' on the same files, in one run (issue 15, item 5).

    python benchmarks/reader.py [--percent 10] [--rounds 3] [--before DIR] [--long]

Each round runs, each in a fresh process, interleaved so that a busy machine slows them alike:
perkin's read_data (every file, every located check); polars reading the files as text
(read_csv, all columns strings); and polars reading them and cleaning the office cells into
numbers as its benchmark contender does (benchmarks/frame_polars.read). --before DIR adds
read_data of another checkout of perkin (a `git archive` of an earlier commit), for before/after
numbers measured in the same run. Times are the medians of the read alone, imports excluded:
wall seconds, and CPU seconds of all the process's threads (steadier on a busy machine).
--long reads the same register written in long form (generate.py --long, cached in /tmp) with
perkin's readers only, and prints the time per value too.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make the benchmarks package importable

from benchmarks import generate  # noqa: E402 — after the path set-up above
from benchmarks.common import DataFiles  # noqa: E402
from benchmarks.scaling import dataset  # noqa: E402

PROGRAMS = {
    "perkin read_data": (
        "from engine.data.read import read_data\n"
        "from benchmarks.common import DataFiles\n"
        "files = DataFiles.at(FOLDER).all()\n"
        "start, cpu = time.perf_counter(), time.process_time(); read_data(files)\n"
    ),
    "perkin read_data, per record": (
        "from engine.data.read import read_data\n"
        "from benchmarks.common import DataFiles\n"
        "files = DataFiles.at(FOLDER).all()\n"
        "start, cpu = time.perf_counter(), time.process_time(); read_data(files, columnar=False)\n"
    ),
    "polars read_csv (text)": (
        "import polars as pl\n"
        "from benchmarks.common import DataFiles\n"
        "files = DataFiles.at(FOLDER)\n"
        "start, cpu = time.perf_counter(), time.process_time()\n"
        "pl.read_csv(files.units, infer_schema=False)\n"
        "[pl.read_csv(p, separator=s, infer_schema=False) for p, s in files.wide]\n"
    ),
    "polars read_csv + cleaning": (
        "from benchmarks.common import DataFiles\n"
        "from benchmarks.frame_polars import read\n"
        "files = DataFiles.at(FOLDER)\n"
        "start, cpu = time.perf_counter(), time.process_time(); read(files)\n"
    ),
}


def main() -> None:
    """Print the median read times of every reader."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--percent", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--before", type=Path, help="another checkout's read_data, for before/after"
    )
    parser.add_argument("--long", action="store_true", help="the register in long form")
    args = parser.parse_args()
    folder = dataset(args.percent, 2016).folder
    names = [name for name in PROGRAMS if name != "perkin read_data, per record"]
    if args.long:
        folder, names = long_form(folder), ["perkin read_data", "perkin read_data, per record"]
    runs: dict[str, tuple[Path, str]] = {name: (ROOT, PROGRAMS[name]) for name in names}
    if args.before is not None:
        runs = {"perkin read_data, before": (args.before, PROGRAMS["perkin read_data"]), **runs}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, (root, code) in runs.items():
            times[name].append(_run(root, code, folder))
    values = _values(folder)
    print(
        f"{args.percent:g} % of the register ({folder}), {values:,} values, {args.rounds} rounds\n"
    )
    print("| reader | median wall s | median CPU s | CPU µs a value | wall s of each run |")
    print("|---|---:|---:|---:|---|")
    for name, measured in times.items():
        wall = statistics.median(w for w, _cpu in measured)
        cpu = statistics.median(c for _wall, c in measured)
        shown = ", ".join(f"{w:.2f}" for w, _cpu in measured)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {cpu / values * 1e6:.2f} | {shown} |")


def long_form(wide: Path) -> Path:
    """The register of the wide folder written in long form, cached beside it."""
    folder = wide.with_name(wide.name.replace("national-", "national-long-"))
    if not all(p.is_file() for p in DataFiles.at(folder).all()):
        print(f"writing the long form in {folder} …", file=sys.stderr)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "units.csv").write_bytes((wide / "units.csv").read_bytes())
        for path, sep in DataFiles.at(wide).wide:
            (folder / path.name).write_bytes(path.read_bytes())
            generate.to_long(folder / path.name, sep)
    return folder


def _values(folder: Path) -> int:
    """How many values the register's files hold (blank cells are none)."""
    from engine.data.read import read_data

    return read_data(DataFiles.at(folder).all()).value_count


def _run(root: Path, code: str, folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds (all threads) of one read in a fresh process with root first on
    the path."""
    program = (
        f"import sys, time; sys.path.insert(0, {str(root)!r}); sys.path.insert(1, {str(ROOT)!r})\n"
        f"from pathlib import Path; FOLDER = Path({str(folder)!r})\n"
        f"{code}print(time.perf_counter() - start, time.process_time() - cpu)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, cwd=root
    )
    wall, cpu = done.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


if __name__ == "__main__":
    main()
