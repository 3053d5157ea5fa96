"""Check a built wheel: one top-level package (sim), the CLI inside it, the library shipped.

python3 .ci/check_wheel.py dist/startup_sim-0.1.0-py3-none-any.whl
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(wheel: str) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
    problems = [f"top-level packages {sorted(top)}, expected only sim"] if top != {"sim"} else []
    for folder, package in (("scenarios", "sim/scenarios"), ("seeds", "sim/seeds")):
        for source in sorted((ROOT / folder).glob("*.yaml")):
            if f"{package}/{source.name}" not in names:
                problems.append(f"{package}/{source.name} is not in the wheel")
    for module in sorted((ROOT / "cli").glob("*.py")):
        if f"sim/cli/{module.name}" not in names:
            problems.append(f"sim/cli/{module.name} is not in the wheel")
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    if "sim = sim.cli.main:app" not in zipfile.ZipFile(wheel).read(entry).decode():
        problems.append("the console script sim is not sim.cli.main:app")
    if problems:
        sys.exit("\n".join(f"{wheel}: {p}" for p in problems))
    print(f"{Path(wheel).name}: sim only, {len(names)} files, library and CLI inside")


if __name__ == "__main__":
    main(sys.argv[1])
