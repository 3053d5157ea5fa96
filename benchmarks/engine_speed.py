"""Print engine speed (path-months per second) and the time of a default `sim run`.

    python benchmarks/engine_speed.py [--paths 100000] [--months 60] [--repeat 3]

Targets on a 2-core machine: 100,000 paths x 60 months of dify.yaml in under 1 s of engine
time and `sim run scenarios/dify.yaml` (10,000 paths, report included) in under 3 s (issue
2); at least 20 million path-months per second with all workers (issue 6; also printed for
1,000,000 paths with --paths 1000000). Figures are printed, not asserted: timing belongs
here, not in unit tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402


def engine(scenario: Path, paths: int, months: int, repeat: int, workers=None) -> float:
    # imported here, so that benchmarks/startup.py can time reference() alone in a process
    from sim.analysis.results import run
    from sim.scenario.loading import load

    loaded = load(scenario)
    run(loaded, paths=1000, seed=0, months=months)  # warm up imports and caches
    best = float("inf")
    for i in range(repeat):
        start = time.perf_counter()
        run(loaded, paths=paths, seed=i, months=months, workers=workers)
        best = min(best, time.perf_counter() - start)
    return best


def reference(paths: int, months: int, repeat: int) -> float:
    """The yardstick of issue 2: a plain vectorised numpy cash-flow loop with two binomial draws
    per path-month (new customers and churn, per-path probabilities), one core."""
    rng = np.random.default_rng(1)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        cash, customers = np.full(paths, 1e6), np.zeros(paths)
        p = rng.uniform(0.01, 0.05, paths)
        for _ in range(months):
            new = rng.binomial(np.full(paths, 1000), p)
            lost = rng.binomial(customers.astype(np.int64), 0.04)
            customers += new - lost
            cash += customers * 50 - 40_000
        best = min(best, time.perf_counter() - start)
    return best


def cli(scenario: Path) -> float:
    sim = Path(sys.executable).with_name("sim")
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([str(sim), "run", str(scenario), "--out", out, "-q"], check=True)
        return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "dify.yaml")
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    seconds = engine(args.scenario, args.paths, args.months, args.repeat)
    rate = args.paths * args.months / seconds
    print(
        f"engine: {args.scenario.name}, {args.paths:,} paths x {args.months} months: "
        f"{seconds:.2f} s (best of {args.repeat}), {rate / 1e6:.2f} million path-months/s"
    )
    one = engine(args.scenario, args.paths, args.months, args.repeat, workers=1)
    print(
        f"engine on 1 worker: {one:.2f} s, {args.paths * args.months / one / 1e6:.2f} million "
        "path-months/s"
    )
    ref = reference(args.paths, args.months, args.repeat)
    print(
        f"reference (plain numpy loop, two binomial draws per path-month, 1 core): {ref:.2f} s, "
        f"{args.paths * args.months / ref / 1e6:.2f} million path-months/s"
    )
    if Path(sys.executable).with_name("sim").exists():
        seconds = cli(args.scenario)
        print(f"sim run {args.scenario.name} (10,000 paths, report included): {seconds:.2f} s")


if __name__ == "__main__":
    main()
