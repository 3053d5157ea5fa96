"""Print path-months per second and peak memory for every library scenario.

    python benchmarks/library.py [--sizes 10000 100000 1000000] [--months 60] [--repeat 3]
                                 [--out FILE.md]

Each (scenario, paths, workers) runs in a fresh process, so that its peak resident memory
(the larger of the main process and its workers, over the first run) is its own; its time
is the best of ``--repeat`` runs. Figures are printed as a Markdown table; timings vary by
about 10% on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from sim.scenario.loading import load
from sim.analysis.results import run
loaded = load({scenario!r})
run(loaded, paths=1000, seed=0, months={months})
def peak():
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 2**20
seconds = float("inf")
for seed in range({repeat}):
    start = time.perf_counter()
    run(loaded, paths={paths}, seed=seed, months={months}, workers={workers})
    seconds = min(seconds, time.perf_counter() - start)
    if seed == 0:
        first_peak = peak()  # of one run: later ones reuse memory the allocator kept
print(json.dumps({{"seconds": seconds, "peak_gib": first_peak}}))
"""


def measure(scenario: Path, paths: int, months: int, workers: int, repeat: int) -> dict:
    code = ONE.format(root=str(ROOT), scenario=str(scenario), paths=paths, months=months,
                      workers=workers, repeat=repeat)  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--months", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3, help="runs per cell; the best is shown")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    lines = [
        f"{cores} cores, {args.months} months; million path-months per second, "
        + (f"best of {args.repeat} runs" if args.repeat > 1 else "one run")
        + " (peak GiB)",
        "",
        "| scenario | " + " | ".join(f"{n:,} x 1 | {n:,} x {cores}" for n in args.sizes) + " |",
        "|---" * (1 + 2 * len(args.sizes)) + "|",
    ]
    print("\n".join(lines), flush=True)
    for scenario in sorted((ROOT / "scenarios").glob("*.yaml")):
        cells = []
        for paths in args.sizes:
            for workers in (1, cores):
                m = measure(scenario, paths, args.months, workers, args.repeat)
                rate = paths * args.months / m["seconds"] / 1e6
                cells.append(f"{rate:.1f} ({m['peak_gib']:.2f})")
        line = f"| {scenario.stem} | " + " | ".join(cells) + " |"
        lines.append(line)
        print(line, flush=True)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
