"""Sweep a scenario over a grid or a random design of parameter values.

A grid file (:mod:`sim.analysis.design`) names the parameters (dotted keys of the scenario, as
``--set`` takes them) and their values, a list or an evenly spaced range::

    parameters:
      financing.initial_cash: [100000, 200000, 400000]
      revenue.cloud.price_per_month: {low: 29, high: 99, n: 5}
    design: grid            # all combinations; or `random` with `points: N`
    paths: 2000
    months: 36
    seed: 1

Every point is ``load(scenario, [*overrides, "key=value", ...])`` simulated with the same seed
(common random numbers: points differ only by their parameter values, not by luck) and gives
one row of headline figures. Rows are appended to a CSV as they finish, so an interrupted
sweep resumes: a point whose id (a hash of its values, the seed, paths, months, the overrides
and the scenario file's content) is already in the CSV is not simulated again.

Points run on a local process pool, or on an existing Dask cluster (``scheduler``). Either
way a task carries the scenario's text and its sha256, which the worker checks before it
simulates: workers anywhere simulate the same bytes as the local pool, without the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from sim.analysis.design import (
    HEADLINE,
    INTEGER_METRICS,
    METRICS,
    Grid,
    SweepError,
    design,
)
from sim.analysis.results import run
from sim.children import kill_workers, worker_init
from sim.engine.runner import default_workers
from sim.output import replacing, write_atomic
from sim.scenario.loading import ScenarioError, load

INSTALL_HINT = "pip install 'startup-sim[sweep]'"


@dataclass(frozen=True)
class Point:
    id: str
    values: dict[str, bool | int | float | str]


@dataclass(frozen=True)
class Task:
    """What a worker needs to simulate one point (small and picklable): the scenario's text
    (a few kilobytes) and its sha256, not a path a worker elsewhere could not read."""

    scenario: str  # the file's name, for messages
    text: str
    sha256: str
    overrides: tuple[str, ...]
    paths: int
    seed: int
    months: int | None


@dataclass(frozen=True)
class Plan:
    scenario: Path
    grid: Grid
    overrides: tuple[str, ...]
    points: list[Point]
    text: str
    sha256: str

    @property
    def keys(self) -> list[str]:
        return list(self.grid.parameters)

    @property
    def columns(self) -> list[str]:
        return ["point", *self.keys, *METRICS]

    def task(self, point: Point) -> Task:
        sets = tuple(f"{k}={v!r}" for k, v in point.values.items())
        g = self.grid
        return Task(
            str(self.scenario), self.text, self.sha256, (*self.overrides, *sets), g.paths,
            g.seed, g.months,
        )  # fmt: skip


@dataclass(frozen=True)
class Outcome:
    rows: list[dict]
    """One row per point, in the design's order."""
    resumed: int
    """Points found already done in the CSV."""
    ran: int
    dropped: int
    """Rows of the CSV for points not in this design (left out of the table)."""


def plan(scenario: str | Path, grid: Grid, overrides: list[str] | None = None) -> Plan:
    """The points of a sweep of ``scenario``, each with its stable id."""
    scenario = Path(scenario)
    try:
        raw = scenario.read_bytes()
        text = raw.decode("utf-8")
    except OSError as e:
        raise SweepError(f"{scenario}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError:
        raise SweepError(f"{scenario}: not UTF-8 text") from None
    sha = hashlib.sha256(raw).hexdigest()
    overrides = tuple(overrides or ())
    points = []
    seen = set()
    for values in design(grid):
        pid = point_id(values, grid, overrides, sha)
        if pid not in seen:  # a list with a repeated value: simulate it once
            seen.add(pid)
            points.append(Point(pid, values))
    return Plan(scenario, grid, overrides, points, text, sha)


def point_id(values: dict, grid: Grid, overrides: tuple[str, ...], sha: str) -> str:
    """A stable id: the same values, seed, paths, months, overrides and scenario, the same id."""
    key = {
        "values": values,
        "seed": grid.seed,
        "paths": grid.paths,
        "months": grid.months,
        "overrides": list(overrides),
        "scenario_sha256": sha,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


def check(plan: Plan) -> None:
    """Load the first and the last point, so that an unknown parameter or a bad value stops
    the sweep before it starts (other points are loaded by the workers)."""
    for point in {p.id: p for p in (plan.points[0], plan.points[-1])}.values():
        try:
            _load(plan.task(point))
        except ScenarioError as e:
            raise SweepError(f"point {describe(point)}: {e}") from None


def describe(point: Point) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in point.values.items())


def _load(task: Task):
    """The point's scenario, from the task's text (checked against its sha256)."""
    if hashlib.sha256(task.text.encode("utf-8")).hexdigest() != task.sha256:
        raise SweepError(
            f"{task.scenario}: the scenario text of this task does not match its sha256 "
            f"{task.sha256[:12]}...; it was changed on the way"
        )
    return load(task.scenario, list(task.overrides), text=task.text)


def evaluate(task: Task) -> dict:
    """Simulate one point (on one process) and return its headline figures."""
    results = run(
        _load(task),
        paths=task.paths,
        seed=task.seed,
        months=task.months,
        workers=1,
        record_paths=0,
    )
    return metrics(results.summary(monthly=False))


def metrics(s: dict) -> dict:
    """The table's figures from a run's summary (:meth:`sim.analysis.results.Results.summary`)."""
    h = s["p_alive_at_horizon"]
    gap = s["financing_gap"]
    alive = {f"p_alive_{m}": (s["p_alive"].get(str(m)) or {}).get("p") for m in HEADLINE}
    return {
        "p_alive_at_horizon": h["p"],
        "p_alive_at_horizon_se": h["se"],
        "p_alive_at_horizon_lo": h["lo"],
        "p_alive_at_horizon_hi": h["hi"],
        **alive,
        "breakeven_share": s["breakeven"]["share"]["p"],
        "default_alive_share": s["default_alive"]["p"],
        "financing_gap_p50": gap["p50"]["value"],
        "financing_gap_p90": gap["p90"]["value"],
        "founder_value_mean": s["founder_value"]["mean"]["value"],
        "founder_value_mean_se": s["founder_value"]["mean"]["se"],
        "founder_value_p50": s["founder_value"]["p50"]["value"],
        "investor_multiple_mean": s["investor_multiple"]["mean"]["value"],
        "p_acquired": s["exits"]["acquired"]["p"],
        "p_shut_down": s["exits"]["shut_down"]["p"],
        "paths": s["paths"],
        "months": s["months"],
        "seed": s["seed"],
    }


def execute(
    plan: Plan,
    csv_path: str | Path,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Simulate the points not yet in ``csv_path``, appending a row as each finishes, then
    rewrite the CSV as the table of this design (in its order) and return it.

    ``workers``: local processes (default: all cores; 1 runs in this process).
    ``scheduler``: the address of a running Dask scheduler, instead of local processes.
    """
    csv_path = Path(csv_path)
    done = read_rows(csv_path, plan.columns)
    wanted = {p.id for p in plan.points}
    pending = [p for p in plan.points if p.id not in done]
    resumed = len(plan.points) - len(pending)
    total = len(plan.points)
    if progress is not None:
        progress(resumed, total)
    csv_path.parent.mkdir(parents=True, exist_ok=True)
    new = not csv_path.exists() or csv_path.stat().st_size == 0
    with open(csv_path, "a", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, plan.columns, lineterminator="\n")
        if new:
            writer.writeheader()
            f.flush()
        by_id = {p.id: p for p in pending}
        finished = resumed
        for pid, figures in _results(plan, pending, workers, scheduler):
            row = {"point": pid, **by_id[pid].values, **figures}
            writer.writerow(row)
            f.flush()
            done[pid] = _parse(_text_row(row), plan.keys)
            finished += 1
            if progress is not None:
                progress(finished, total)
    rows = []
    for p in plan.points:
        row = done[p.id]
        rows.append({"point": p.id, **p.values, **{m: row[m] for m in METRICS}})
    write_atomic(csv_path, table_csv(rows, plan.columns))
    return Outcome(rows, resumed, len(pending), len(set(done) - wanted))


def _results(plan: Plan, pending: list[Point], workers: int | None, scheduler: str | None):
    """(point id, figures) as points finish, in any order."""
    if not pending:
        return
    if scheduler is not None:
        yield from _dask(plan, pending, scheduler)
        return
    workers = min(workers or default_workers(), len(pending))
    if workers == 1:
        for p in pending:
            yield p.id, _evaluate(plan, p)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=worker_init, initargs=(os.getpid(),)
    )
    try:
        futures = {pool.submit(evaluate, plan.task(p)): p for p in pending}
        for future in as_completed(futures):
            p = futures[future]
            yield p.id, _result(future, p)
    except BaseException:  # Ctrl-C, an error, or the caller stopped: end the workers now
        kill_workers(pool)
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def _evaluate(plan: Plan, p: Point) -> dict:
    try:
        return evaluate(plan.task(p))
    except ScenarioError as e:
        raise SweepError(f"point {describe(p)}: {e}") from None


def _result(future, p: Point) -> dict:
    try:
        return future.result()
    except ScenarioError as e:
        raise SweepError(f"point {describe(p)}: {e}") from None


def _dask(plan: Plan, pending: list[Point], address: str):
    from sim.engine.cluster import ClusterError, client

    try:
        with client(address) as c:
            from dask.distributed import as_completed as dask_completed

            tasks = [plan.task(p) for p in pending]
            keys = [f"sweep-{p.id}" for p in pending]
            futures = c.map(evaluate, tasks, key=keys)
            points = {f.key: p for f, p in zip(futures, pending, strict=True)}
            for future in dask_completed(futures, loop=c.loop):
                p = points[future.key]
                yield p.id, _result(future, p)
    except ClusterError as e:  # not installed, or not reachable
        raise SweepError(str(e)) from None


def read_rows(path: Path, columns: list[str]) -> dict[str, dict]:
    """The rows already in the CSV, by point id; a half-written last line is cut off."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):  # interrupted while writing a row
        text = text[: text.rfind("\n") + 1]
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
    if not text:
        return {}
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != columns:
        raise SweepError(
            f"{path} holds another sweep's table (its columns differ: parameters "
            f"{', '.join(c for c in (reader.fieldnames or []) if c not in columns) or 'other'}); "
            "move it away or choose another --out"
        )
    keys = [c for c in columns[1:] if c not in METRICS]
    return {r["point"]: _parse(r, keys) for r in reader if r.get("point")}


def _text_row(row: dict) -> dict:
    return {k: "" if v is None else str(v) for k, v in row.items()}


def _parse(row: dict, keys: list[str]) -> dict:
    out = {}
    for m in METRICS:
        text = row.get(m) or ""
        out[m] = None if text == "" else int(text) if m in INTEGER_METRICS else float(text)
    return out


def table_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(_text_row(row))
    return buf.getvalue()


def write_parquet(rows: list[dict], columns: list[str], path: str | Path) -> Path:
    """The table as Parquet (needs pyarrow: :data:`INSTALL_HINT`), replaced atomically."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise SweepError(f"no Parquet file: pyarrow is not installed ({INSTALL_HINT})") from None
    data = {c: _column([r[c] for r in rows]) for c in columns}
    table = pa.table(data)
    with replacing(path) as tmp:
        pq.write_table(table, tmp)
    return Path(path)


def _column(values: list) -> list:
    """One type per column: ints and floats mixed become floats; anything mixed, text."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {int, float} and float in kinds:
        return [None if v is None else float(v) for v in values]
    if len(kinds) > 1:
        return [None if v is None else str(v) for v in values]
    return values


OBJECTIVE_COLUMNS = {
    "p_alive": "p_alive_at_horizon",
    "founder_value_mean": "founder_value_mean",
    "founder_value_p50": "founder_value_p50",
    "investor_multiple_mean": "investor_multiple_mean",
}
"""The table's column that each objective ranks points by (a sweep keeps no per-path values,
so ``p_founder_value_above:X`` is not among them)."""


def objective_column(name: str) -> str:
    """The column of ``--objective NAME``; SweepError for one a sweep cannot rank by."""
    if name not in OBJECTIVE_COLUMNS:
        raise SweepError(
            f"--objective {name}: a sweep ranks by one of {', '.join(OBJECTIVE_COLUMNS)}"
        )
    return OBJECTIVE_COLUMNS[name]
