"""Print the peak memory of a large run: by default 1,000,000 paths x 120 months of model_lab.

    python benchmarks/memory.py [--scenario scenarios/model_lab.yaml] [--paths N] [--months M]

Target (issue 6): within 2 GiB peak. Monthly records are kept for the first
sim.engine.runner.RECORD_PATHS paths only, so memory grows with the per-path outcomes, not with
paths x months. Peak resident memory of this process and of its worker processes is printed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.analysis.results import run  # noqa: E402
from sim.scenario.loading import load  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "model_lab.yaml")
    ap.add_argument("--paths", type=int, default=1_000_000)
    ap.add_argument("--months", type=int, default=120)
    ap.add_argument("--workers", type=int, default=None)
    args = ap.parse_args()
    start = time.perf_counter()
    results = run(load(args.scenario), paths=args.paths, seed=1, months=args.months,
                  workers=args.workers)  # fmt: skip
    summary = results.summary()
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 2**20
    print(
        f"{args.scenario.name}: {args.paths:,} paths x {args.months} months in {seconds:.1f} s "
        f"(run and summary); P(alive at the horizon) {summary['p_alive_at_horizon']['p']:.4f}"
    )
    print(
        f"peak resident memory: {own:.2f} GiB in the main process, {children:.2f} GiB in the "
        "largest worker"
    )


if __name__ == "__main__":
    main()
