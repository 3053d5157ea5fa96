"""Print the time of a sweep: N points of 10,000 paths x 60 months of dify.yaml, local pool.

    python benchmarks/sweep_speed.py [--points 1000] [--workers N]

Target (issue 6) on a 2-core machine: 1,000 points in under a minute. A random design over
the founders' cash and the price, written to a temporary folder; the figure is printed, not
asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.analysis.design import read_grid  # noqa: E402
from sim.analysis.sweep import execute, plan  # noqa: E402

GRID = """\
parameters:
  financing.initial_cash: {{low: 100000, high: 600000}}
  revenue.cloud.price_per_month: {{low: 29, high: 99}}
design: random
points: {points}
paths: 10000
months: 60
seed: 1
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        grid_file = Path(tmp) / "grid.yaml"
        grid_file.write_text(GRID.format(points=args.points), encoding="utf-8")
        the_plan = plan(ROOT / "scenarios" / "dify.yaml", read_grid(grid_file))
        start = time.perf_counter()
        execute(the_plan, Path(tmp) / "sweep.csv", workers=args.workers)
        seconds = time.perf_counter() - start
    path_months = args.points * 10_000 * 60
    print(
        f"sweep: {args.points:,} points of 10,000 paths x 60 months: {seconds:.1f} s, "
        f"{path_months / seconds / 1e6:.1f} million path-months/s"
    )


if __name__ == "__main__":
    main()
