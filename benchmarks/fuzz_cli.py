"""Bad documents and bad options through the command line: does ``sim run`` fail cleanly?

What it measures: for about 60 hostile inputs (damaged scenario files, hostile values, and bad
options such as ``--out /proc/nope``, ``--paths 100000000`` or ``--set
financing.intial_cash=100``), ``sim run FILE --paths 200 --out DIR ...`` is run once, and the
script records its exit code (0 success, 2 a user error, anything else unexpected), whether its
output has a Python traceback, whether it printed ``error:``, how long it took, and which files
it left in the output folder (a failed run should leave none, not even a temporary file).

    python benchmarks/fuzz_cli.py --out /tmp/cli_results.json --timeout 60

Each run has an address-space limit (``--mem-limit-gb``) and a time limit. The process runs as
root here, so a folder without write permission is also tried as the user ``nobody`` (via
``setpriv``) where that works.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

DIFY = "scenarios/dify.yaml"
CASH = "initial_cash: {kind: triangular, low: 250000, mode: 400000, high: 600000}"
MARKET_SIZE = r"market_size: \{kind: lognormal, mean: [0-9.e]+, sd: [0-9.e]+\}"
"""dify's Bass market size, whatever its figures."""
SIZE = "market_size: {{kind: lognormal, mean: {}, sd: {}}}"


@dataclass
class Case:
    name: str
    text: str | bytes | None = None  # the scenario; None: the unchanged dify.yaml
    args: list[str] = field(default_factory=list)
    out: str = "fresh"  # fresh, proc, file, readonly, readonly-nobody, missing-parent, long
    scenario_path: str | None = None  # run on this path instead of a written file
    expect: str = "error"  # what a careful program does: "error" (exit 2) or "ok" (exit 0)


def bomb(width: int, depth: int) -> str:
    text = '&l0 ["lol", "lol"]'
    for k in range(1, depth + 1):
        text = f"&l{k} [{text}" + f", *l{k - 1}" * (width - 1) + "]"
    return text


def documents(base: str) -> list[Case]:
    """Damaged variants of dify.yaml, each one change."""

    def sub(old: str, new: str) -> str:
        if old not in base:
            raise SystemExit(f"dify.yaml changed: {old!r} not found")
        return base.replace(old, new, 1)

    def resub(pattern: str, new: str) -> str:
        changed, count = re.subn(pattern, lambda _: new, base, count=1)
        if not count:
            raise SystemExit(f"dify.yaml changed: {pattern!r} not found")
        return changed

    def add(text: str) -> str:
        return base + "\n" + text + "\n"

    season = "demand:\n  seasonality: {}\n"
    return [
        Case("baseline", None, expect="ok"),
        Case("empty file", ""),
        Case("not a mapping", "- 1\n- 2\n"),
        Case("invalid utf-8", base.encode() + b"\n# \xff\xfe\n"),
        Case("yaml syntax error", base.replace("company:", "company: [", 1)),
        Case("tab indentation", base.replace("  name: Dify", "\tname: Dify", 1)),
        Case("duplicate key", add("company: {name: x}")),
        Case("unknown top key", add("compnay: {name: x}")),
        Case("missing financing", base.split("financing:")[0]),
        Case("%YAML 1.3 directive", "%YAML 1.3\n---\n" + base),
        Case("5000-digit integer", sub("price_per_month: 59", "price_per_month: " + "9" * 5000)),
        Case("deep nesting 400", add("x: " + "[" * 400 + "]" * 400)),
        Case("deep nesting 5000", add("x: " + "[" * 5000 + "]" * 5000)),
        Case("alias bomb 9^6", add("x: " + bomb(9, 6))),
        Case("alias bomb 10^8", add("x: " + bomb(10, 8))),
        Case("alias cycle", sub("costs:\n", "costs: &c\n  cyc: *c\n")),
        Case("long company name 1M", sub("name: Dify", 'name: "' + "x" * 1_000_000 + '"')),
        Case(
            "long story 5M",
            resub(r"  story: >-\n(    .*\n)+", '  story: "' + "y" * 5_000_000 + '"\n'),
        ),  # fmt: skip
        Case(
            "huge tag in error",
            resub(MARKET_SIZE, "market_size: {kind: " + "é" * 500_000 + ", mean: 6000000, sd: 1}"),
        ),  # fmt: skip
        Case("shocks use list", add("shocks: [{use: [price_war]}]")),
        Case("shocks use mapping", add("shocks: [{use: {price_war: 1}}]")),
        Case("shocks effects 5", add("shocks: [{use: price_war, effects: 5}]")),
        Case("shocks effects list", add("shocks: [{use: price_war, effects: [1]}]")),
        Case("shock at_month 1e30", add("shocks: [{name: s, at_month: 1e30}]")),
        Case("shock at_month true", add("shocks: [{name: s, at_month: true}]")),
        Case("lognormal sd 1e300", resub(MARKET_SIZE, SIZE.format("6000000", "1e300"))),
        Case("lognormal sd 1e154", resub(MARKET_SIZE, SIZE.format("6000000", "1e154"))),
        Case(
            "triangular -1e308..1e308",
            sub(CASH, "initial_cash: {kind: triangular, low: -1e308, mode: 0, high: 1e308}"),
        ),  # fmt: skip
        Case(
            "uniform 0..1e308 cash", sub(CASH, "initial_cash: {kind: uniform, low: 0, high: 1e308}")
        ),  # fmt: skip
        Case("seasonality {true: 2}", sub("demand:\n", season.format("{true: 2}"))),
        Case("seasonality {'6': 2}", sub("demand:\n", season.format('{"6": 2}'))),
        Case("seasonality {13: 2}", sub("demand:\n", season.format("{13: 2}"))),
        Case("seasonality value 1e308", sub("demand:\n", season.format("{6: 1e308}"))),
        Case("horizon true", sub("horizon_months: 36", "horizon_months: true")),
        Case("horizon '36'", sub("horizon_months: 36", 'horizon_months: "36"')),
        Case("horizon 1e30", sub("horizon_months: 36", "horizon_months: 1e30")),
        Case("price 1e308", sub("price_per_month: 59", "price_per_month: 1e308")),
        Case(
            "price 9223372036854775808",
            sub("price_per_month: 59", "price_per_month: 9223372036854775808"),
        ),
        Case("price .nan", sub("price_per_month: 59", "price_per_month: .nan")),
        Case("price -1", sub("price_per_month: 59", "price_per_month: -1")),
        Case("price true", sub("price_per_month: 59", "price_per_month: true")),
        Case("cash 1e-320", sub(CASH, "initial_cash: 1e-320")),
        Case("cash 1e308", sub(CASH, "initial_cash: 1e308")),
        Case("headcount 1e308", sub("headcount: 10", "headcount: 1e308")),
        Case("bass p bool in triangular", resub(r"low: 0\.001, mode", "low: false, mode")),
        Case("market_size 1e308", resub(MARKET_SIZE, SIZE.format("1e308", "1e307"))),
        Case("revenue string", resub(r"revenue:\n(  .*\n|\n)+?(?=costs:)", "revenue: cloud\n\n")),
        Case("segments string", resub(r"  segments:\n(    - .*\n)+", "  segments: domestic\n")),
        Case(
            "policy set -1",
            add(
                "policies: [{name: p, when: {month: {above: 1}}, set: {costs.team.headcount: -1}}]"
            ),
        ),  # fmt: skip
        Case(
            "policy scale 1e308",
            add(
                "policies: [{name: p, when: {month: {above: 1}}, "
                "scale: {costs.fixed_per_month: 1e308}}]"
            ),
        ),  # fmt: skip
        Case(
            "correlation ragged",
            add(
                "correlations: [{parameters: [demand.bass.p, demand.bass.q],"
                " rank_matrix: [[1, 0], [0]]}]"
            ),
        ),  # fmt: skip
        Case("!!binary name", sub("name: Dify", "name: !!binary RGlmeQ==")),
        Case("nonexistent file", scenario_path="/nonexistent/x.yaml"),
        Case("a folder as file", scenario_path="/tmp"),
    ]


def options() -> list[Case]:
    return [
        Case("--out /proc/nope", out="proc"),
        Case("--out an existing regular file", out="file"),
        Case("--out a folder without write bits (root)", out="readonly"),
        Case("--out a folder without write bits (as nobody)", out="readonly-nobody"),
        Case("--out under a regular file", out="under-file"),
        Case("--out a 300-character name", out="long"),
        Case("--paths 100000000", args=["--paths", "100000000"], expect="ok"),
        Case("--paths 0", args=["--paths", "0"]),
        Case(
            "--set demand.bass.p=9223372036854775808",
            args=["--set", "demand.bass.p=9223372036854775808"],
        ),
        Case("--set costs.fixed_per_month=1e308", args=["--set", "costs.fixed_per_month=1e308"]),
        Case("--set financing.intial_cash=100", args=["--set", "financing.intial_cash=100"]),
        Case(
            "--set financing.initial_cash=1e-320", args=["--set", "financing.initial_cash=1e-320"]
        ),
        Case(
            "--set revenue.cloud.price_per_month=true",
            args=["--set", "revenue.cloud.price_per_month=true"],
        ),
        Case(
            "--set costs.fixed_per_month=&a [*a]", args=["--set", "costs.fixed_per_month=&a [*a]"]
        ),
        Case("--set company.name.x=1", args=["--set", "company.name.x=1"]),
        Case("--set revenue.99.price=1", args=["--set", "revenue.99.price=1"]),
        Case("--set =1", args=["--set", "=1"]),
        Case("--set x (no =)", args=["--set", "x"]),
        Case(
            "--set lognormal sd 1e300",
            args=["--set", "financing.rounds.seed.amount={kind: lognormal, mean: 1, sd: 1e300}"],
        ),
        *new_fields(),
        Case("--months 0", args=["--months", "0"]),
        Case("--months 601", args=["--months", "601"]),
        Case("--seed -1", args=["--seed", "-1"]),
        Case("--lang xx", args=["--lang", "xx"]),
        Case("--json /proc/nope.json", args=["--json", "/proc/nope.json"]),
        Case("--json a folder", args=["--json", "/tmp"]),
        Case("--export-paths /proc/x.csv", args=["--export-paths", "/proc/x.csv"]),
        Case("--export-paths x.txt", args=["--export-paths", "OUT/x.txt"]),
        Case("--slider nope", args=["--slider", "nope"]),
        Case("--slider company.name", args=["--slider", "company.name"]),
        Case("--precision 0.5", args=["--precision", "0.5"]),
        Case("--workers 0", args=["--workers", "0"]),
    ]


def new_fields() -> list[Case]:
    """Hostile values of the fields added since the first run (market, team frictions, initial
    round, climate schedules and switch): ``--set`` on dify, which has a market section."""

    def sets(name: str, *values: str, expect: str = "error") -> Case:
        return Case(name, args=[a for v in values for a in ("--set", v)], expect=expect)

    free = ["market.entrants.price_factor=0", "market.entrants.base_per_month=1"]
    return [
        sets("entrants price_factor 2", "market.entrants.price_factor=2"),
        sets("free product, free market", *free, "revenue.cloud.price_per_month=0", expect="ok"),
        sets("price shock 0", "shocks=[{name: s, at_month: 2, effects: {price: 0}}]", expect="ok"),
        sets("rivals 1e15", "market.appeal.rivals=1e15", expect="ok"),
        sets("reference price of no stream", "market.appeal.reference_prices={nope: 59}"),
        sets("reference price true", "market.appeal.reference_prices={cloud: true}"),
        sets("investors_share 1", "financing.initial_round={investors_share: 1}"),
        sets(
            "climate switch month drawn",
            "financing.climate_switch={to: winter, probability_per_month: 0.1, "
            "from_month: {kind: uniform, low: 1, high: 5}}",
        ),
        sets(
            "climate phases out of order",
            "financing.climate=[{climate: hot, until: '2024-01'}, "
            "{climate: winter, until: '2023-01'}, {climate: normal}]",
        ),
        sets("climate size_factor 1e308", "financing.climate={size_factor: 1e308}"),
        sets(
            "team frictions extreme",
            "costs.team.hiring_months=1e15",
            "costs.team.ramp_months=1e-320",
            "costs.team.severance_months=1e15",
            expect="ok",
        ),
        sets("hiring_months true", "costs.team.hiring_months=true"),
    ]


def limit_memory(gb: float) -> list[str]:
    """A command prefix that limits the address space (prlimit; none where it is missing)."""
    tool = shutil.which("prlimit")
    return [tool, f"--as={int(gb * 2**30)}", "--"] if tool else []


def run_case_safe(case: Case, *args) -> dict:
    """One case; a failure of this script itself is recorded, not raised."""
    try:
        return run_case(case, *args)
    except Exception as e:  # noqa: BLE001
        return {"name": case.name, "skipped": f"fuzz_cli failed: {type(e).__name__}: {e}"[:200]}


def run_case(case: Case, sim: str, root: Path, work: Path, paths: int, timeout: float,
             mem_gb: float) -> dict:  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="case_", dir=work))
    os.chmod(folder, 0o755)
    scenario = Path(case.scenario_path) if case.scenario_path else folder / "scenario.yaml"
    if case.scenario_path is None:
        data = (root / DIFY).read_bytes() if case.text is None else case.text
        scenario.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        os.chmod(scenario, 0o644)
    out = folder / "out"
    prefix: list[str] = []
    if case.out == "proc":
        out = Path("/proc/nope")
    elif case.out == "file":
        out.write_text("not a folder\n")
    elif case.out in ("readonly", "readonly-nobody"):
        out.mkdir()
        os.chmod(out, 0o555)
        if case.out == "readonly-nobody":
            if not shutil.which("setpriv"):
                return {"name": case.name, "skipped": "no setpriv"}
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    elif case.out == "under-file":
        (folder / "plain").write_text("x\n")
        out = folder / "plain" / "out"
    elif case.out == "long":
        out = folder / ("n" * 300)
    args = [a.replace("OUT", str(out)) for a in case.args]
    if "--paths" not in args:
        args = ["--paths", str(paths), *args]
    prefix = [*limit_memory(mem_gb), *prefix]
    command = [*prefix, sim, "run", str(scenario), "--out", str(out), "--quiet", *args]
    before = _listing(folder)
    start = time.monotonic()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=folder,
        stdin=subprocess.DEVNULL, start_new_session=True,  # its own group: killed whole
    )  # fmt: skip
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
        code: int | str = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        code = "timeout"
    elapsed = time.monotonic() - start
    text = (stdout + stderr).decode("utf-8", "replace")
    written = sorted(set(_listing(folder)) - set(before) - {"scenario.yaml"})
    try:
        if out.is_dir() and not str(out).startswith("/proc"):
            os.chmod(out, 0o755)  # so that it can be removed
    except OSError:
        pass
    tail = [line for line in text.splitlines() if line.strip()][-3:]
    result = {
        "name": case.name,
        "command": " ".join(c if len(c) < 80 else c[:60] + "..." for c in command[len(prefix) :]),
        "exit": code,
        "traceback": "Traceback" in text,
        "error_line": next((ln[:200] for ln in text.splitlines() if "error:" in ln), None),
        "last_lines": [ln[:200] for ln in tail],
        "seconds": round(elapsed, 1),
        "written": written,
        "expect": case.expect,
    }
    result["verdict"] = verdict(result)
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _listing(folder: Path) -> list[str]:
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        for f in files:
            path = Path(dirpath, f)
            try:
                if stat.S_ISREG(path.lstat().st_mode):
                    out.append(str(path.relative_to(folder)))
            except OSError:
                pass
    return out


def verdict(r: dict) -> str:
    if r["exit"] == "timeout":
        return "timeout"
    if r["traceback"]:
        return "TRACEBACK"
    if r["exit"] == 2:
        return "clean error" + (f" but wrote {r['written']}" if r["written"] else "")
    if r["exit"] == 0:
        return "ok" if r["expect"] == "ok" else "ACCEPTED (exit 0)"
    return f"exit {r['exit']}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sim", default=str(Path(sys.executable).parent / "sim"),
                    help="the sim command (default: beside this Python)")  # fmt: skip
    ap.add_argument("--root", type=Path, default=None, help="project with scenarios/dify.yaml")
    ap.add_argument("--paths", type=int, default=200, help="--paths of every run (200)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per run (60)")
    ap.add_argument("--mem-limit-gb", type=float, default=12.0, help="address space per run")
    ap.add_argument("--jobs", type=int, default=2, help="runs at a time (2)")
    ap.add_argument("--only", default=None, help="run only cases whose name has this text")
    ap.add_argument(
        "--out", type=Path, default=Path(tempfile.gettempdir()) / "cli_results.json",
        help="JSON results",
    )  # fmt: skip
    args = ap.parse_args(argv)

    root = args.root
    if root is None:
        import importlib.util

        spec = importlib.util.find_spec("sim")
        root = Path(spec.origin).resolve().parent.parent  # type: ignore[union-attr]
    base = (root / DIFY).read_text("utf-8")
    cases = documents(base) + options()
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    work = Path(tempfile.mkdtemp(prefix="fuzz_cli_"))
    os.chmod(work, 0o755)
    start = time.monotonic()
    try:
        with ThreadPoolExecutor(args.jobs) as pool:
            results = list(
                pool.map(
                    lambda c: run_case_safe(
                        c, args.sim, root, work, args.paths, args.timeout, args.mem_limit_gb
                    ),
                    cases,
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    width = max(len(r["name"]) for r in results)
    print(f"{'case':<{width}}  exit     s  traceback  verdict / first error line")
    for r in results:
        if "skipped" in r:
            print(f"{r['name']:<{width}}  skipped: {r['skipped']}")
            continue
        line = r["error_line"] or (r["last_lines"][-1] if r["last_lines"] else "")
        print(f"{r['name']:<{width}}  {r['exit']!s:>7} {r['seconds']:>5}  "
              f"{'YES' if r['traceback'] else 'no':<9}  {r['verdict']}  | {line[:90]}")  # fmt: skip
    counts: dict[str, int] = {}
    for r in results:
        key = r.get("verdict", "skipped").split(" but ")[0]
        counts[key] = counts.get(key, 0) + 1
    print(f"\n{len(results)} runs in {time.monotonic() - start:.0f} s: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
