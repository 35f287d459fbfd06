"""How rendering scales with the number of units: json, html and xlsx at growing sizes.

    python benchmarks/render_scale.py                      # 500, 2,000 and 8,000 kelurahan
    python benchmarks/render_scale.py --sizes 5000 20000 --formats json html
    python benchmarks/render_scale.py --budget 60          # skip a format's larger sizes past 60 s

Each size is a national-shaped tree (generate.py: one provinsi, a kota per 160 kelurahan, a
kecamatan per 12) scored with benchmarks/national.yaml for the year, then rendered once per
format; times are CPU seconds of this process. The ratio column is time(N) / time(N/4) (for
sizes not four apart, the ratio to the previous size scaled to a fourfold step): about 4 means
linear, about 16 quadratic.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make the benchmarks package importable

from benchmarks import generate  # noqa: E402 — after the path set-up above
from benchmarks.plan import load  # noqa: E402
from engine.data.read import read_data  # noqa: E402
from engine.render import render  # noqa: E402
from engine.ruleset.model import Ruleset  # noqa: E402
from engine.scoring.result import Result  # noqa: E402
from engine.scoring.score import score  # noqa: E402

FORMATS = ("json", "html", "xlsx")
SIZES = (500, 2000, 8000)


def counts(kelurahan: int) -> dict[str, int]:
    """A tree of that many kelurahan, shaped like the national register."""
    return {
        "provinsi": 1,
        "kota": max(1, kelurahan // 160),
        "kecamatan": max(1, kelurahan // 12),
        "kelurahan": kelurahan,
    }


def scored(ruleset: Ruleset, kelurahan: int, scratch: Path, seed: int) -> Result:
    """The year's result for a generated tree of that many kelurahan."""
    folder = scratch / str(kelurahan)
    files = generate.generate(folder, counts(kelurahan), seed)
    return score(ruleset, read_data(files), "2016")


def timed(result: Result, fmt: str, ruleset: Ruleset) -> float:
    """CPU seconds to render the result in one format (garbage of the previous one collected);
    CPU time, not wall time, so that other work on the machine does not count."""
    gc.collect()
    start = time.process_time()
    render(result, fmt, ruleset)
    return time.process_time() - start


def ratio(times: dict[int, float], sizes: list[int], n: int) -> str:
    """time(N) / time(N/4), or the ratio to the previous size scaled to a fourfold step."""
    earlier = [m for m in sizes if m < n and m in times]
    if n not in times or not earlier:
        return "-"
    base = n // 4 if n // 4 in times else earlier[-1]
    step = math.log(4) / math.log(n / base)
    return f"{(times[n] / max(times[base], 1e-9)) ** step:.2f}"


def main() -> None:
    """Command line: generate, score and render each size; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--budget", type=float, default=300.0, help="seconds per render")
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    ruleset, sizes = load(), sorted(args.sizes)
    times: dict[str, dict[int, float]] = {fmt: {} for fmt in args.formats}
    print(f"{'kelurahan':>9} {'units':>6} {'rows':>7}", *(f"{f:>8}" for f in args.formats), sep=" ")
    with tempfile.TemporaryDirectory() as scratch:
        warm = scored(ruleset, 24, Path(scratch), args.seed)
        for fmt in args.formats:  # imports (openpyxl) and first-call costs out of the table
            timed(warm, fmt, ruleset)
        for n in sizes:
            result = scored(ruleset, n, Path(scratch), args.seed)
            line = [f"{n:>9} {len(result.units):>6} {len(result.indicators):>7}"]
            for fmt in args.formats:
                slow = [m for m, t in times[fmt].items() if t > args.budget]
                if slow:
                    line.append(f"{'skipped':>8}")
                    continue
                times[fmt][n] = timed(result, fmt, ruleset)
                line.append(f"{times[fmt][n]:>7.2f}s")
            print(*line, flush=True)
    print("\nt(N)/t(N/4), linear ≈ 4, quadratic ≈ 16")
    for n in sizes[1:]:
        print(f"{n:>9}", *(f"{fmt} {ratio(times[fmt], sizes, n):>6}" for fmt in args.formats))


if __name__ == "__main__":
    main()
