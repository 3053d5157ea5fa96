"""Print the startup and whole-process times of the `sim` command, measured in one run.

    python benchmarks/startup.py [--repeat 5]

Each figure is a whole process (interpreter start, imports, work, exit), the best and the
median of ``--repeat`` runs, all in one run of this script so that they share the machine's
load. Targets (issue 16), printed, not asserted (timing belongs here, not in unit tests):

- ``sim --help`` within 3 times ``python -c "import numpy"``;
- the default ``sim run scenarios/dify.yaml`` (10,000 paths, report included) in about 1 s;
- a 100,000 paths x 60 months ``sim run`` of dify.yaml within 2 times a process running the
  plain numpy toy loop of the same size (:func:`engine_speed.reference`, one core).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIFY = ROOT / "scenarios" / "dify.yaml"


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    """(best, median) seconds of ``command`` as a whole process, output discarded."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--paths", type=int, default=100_000)
    ap.add_argument("--months", type=int, default=60)
    args = ap.parse_args()
    py, sim = sys.executable, str(Path(sys.executable).with_name("sim"))
    if not Path(sim).exists():
        sys.exit(f"no `sim` command beside {py}: pip install -e . first")
    out = tempfile.mkdtemp()
    big = ["--paths", str(args.paths), "--months", str(args.months)]
    toy = (
        f"import sys; sys.path.insert(0, {str(HERE)!r}); from engine_speed import reference; "
        f"reference({args.paths}, {args.months}, 1)"
    )
    subprocess.run([sim, "run", str(DIFY), "--out", out, "-q"], check=True)  # numba's cache
    default_name = "sim run scenarios/dify.yaml (10,000 paths x 36 months, report)"
    big_name = f"sim run scenarios/dify.yaml, {args.paths:,} paths x {args.months} months"
    toy_name = f"plain numpy toy loop, {args.paths:,} paths x {args.months} months, 1 core"
    rows = {
        'python -c "import numpy"': timed([py, "-c", "import numpy"], args.repeat),
        "sim --help": timed([sim, "--help"], args.repeat),
        'python -c "import sim"': timed([py, "-c", "import sim"], args.repeat),
        "sim validate scenarios/dify.yaml": timed([sim, "validate", str(DIFY)], args.repeat),
        default_name: timed([sim, "run", str(DIFY), "--out", out, "-q"], args.repeat),
        big_name: timed([sim, "run", str(DIFY), *big, "--out", out, "-q"], args.repeat),
        toy_name: timed([py, "-c", toy], args.repeat),
    }
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"Python {platform.python_version()}; whole processes, best and median of {args.repeat}"
    )
    width = max(map(len, rows))
    for name, (best, median) in rows.items():
        print(f"{name:<{width}}  {best:5.2f} s  (median {median:5.2f} s)")
    numpy, help_ = rows['python -c "import numpy"'][0], rows["sim --help"][0]
    print(f"sim --help / import numpy: {help_ / numpy:.1f} (target: at most 3)")
    print(f"default sim run: {rows[default_name][0]:.2f} s (target: about 1 s)")
    ratio = rows[big_name][0] / rows[toy_name][0]
    print(f"{args.paths:,} x {args.months} run / toy loop: {ratio:.1f} (target: at most 2)")


if __name__ == "__main__":
    main()
