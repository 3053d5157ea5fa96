"""Run a scenario: split the paths into fixed-size chunks, simulate them, combine.

Each path's random numbers depend only on the seed and the path (:mod:`sim.engine.draws`), so a
run's numbers are the same whatever the chunk size (a multiple of ``BLOCK_PATHS``) and however many
worker processes simulate the chunks.

The per-path outcomes and the monthly records (of the first ``RECORD_PATHS`` paths) are
allocated once, in memory shared with forked workers; each chunk writes its own rows and
columns there, so workers send back only monthly totals and the recorded paths' events (no
large arrays to pickle and join), and memory stays bounded however many paths a run has.

The batch (simpy, numba, scipy) is imported when a run starts, not with this module, so that
:mod:`sim.analysis.results` and ``import sim`` stay light.
"""

from __future__ import annotations

import gc
import mmap
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from sim.children import kill_workers, worker_init
from sim.engine.rng import BLOCK_PATHS, root_sequence

if TYPE_CHECKING:
    from sim.engine.batch import Batch
    from sim.scenario import Scenario
    from sim.scenario.loading import LoadedScenario

CHUNK_PATHS = 4 * BLOCK_PATHS
"""Paths per batch by default: large enough that numpy's per-call overhead is small (a batch
is as fast per path as one twice its size), small enough that work spreads evenly over the
cores. Changing it changes only the speed."""
RECORD_PATHS = 8 * CHUNK_PATHS
"""Monthly records (cash, revenue, costs, users per month) and events (rounds, shocks,
milestones: what a path's story is told from) are kept for the first 131,072 paths only, so a
run's memory is bounded whatever its size. Paths are independent, so these are a
simple random sample: a monthly percentile from them has a standard error of about
sqrt(p (1 - p) / 131072) / f(q) (under 0.0015 / f(q) in probability terms), far below what a
fan chart shows. Every other figure (survival, breakeven, financing gap, causes of death) uses
all paths."""

_SHARED: dict[str, dict[str, np.ndarray]] = {}  # the run's arrays, inherited by forked workers


WORKER_BYTES = 900 * 2**20
"""Memory of the program itself and of each worker process (imports, numba, one chunk's
arrays: 0.84 GiB measured for a worker of model_lab.yaml over 120 months, the largest of the
library; see README's Speed section)."""


def memory_estimate(scenario: Scenario, paths: int, months: int, workers: int = 1) -> int:
    """Bytes a run of ``paths`` x ``months`` needs at its peak, roughly: the per-path outcomes
    and inputs (8 bytes each, and about three copies of them while the results are
    summarised), the monthly records of the first RECORD_PATHS paths (``MONTHLY``: five
    arrays of months + 1 values), and the program and its workers (WORKER_BYTES each)."""
    from sim.engine.batch import MONTHLY, PER_PATH
    from sim.engine.sampling import uncertain_parameters

    columns = len(PER_PATH) + len(scenario.demand.segments) + len(uncertain_parameters(scenario))
    per_path = 3 * 8 * columns
    records = len(MONTHLY) * 8 * (months + 1) * min(paths, RECORD_PATHS)
    return paths * per_path + records + (1 + max(workers, 1)) * WORKER_BYTES


def available_memory() -> int | None:
    """Bytes this machine can still give (``MemAvailable`` of /proc/meminfo), None if unknown."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def chunk_sizes(paths: int, chunk_paths: int = CHUNK_PATHS) -> list[int]:
    full, rest = divmod(paths, chunk_paths)
    return [chunk_paths] * full + ([rest] if rest else [])


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class Simulation:
    """What a run produced: every path of every chunk, joined in path order."""

    scenario: Scenario
    seed: int  # the root entropy actually used
    batch: Batch  # all paths of the run, batches concatenated in order
    cause_labels: list[str]
    source: str | None = None  # scenario file
    sha256: str | None = None  # of the scenario file


def simulate(
    scenario: Scenario | LoadedScenario,
    paths: int = 10_000,
    seed: int | None = None,
    months: int | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    given: dict[str, np.ndarray] | None = None,
    enough: Callable[[int, int], bool] | None = None,
    chunk_paths: int = CHUNK_PATHS,
    record_paths: int | None = None,
    scheduler: str | None = None,
) -> Simulation:
    """Simulate ``paths`` paths of ``scenario`` on ``workers`` processes (default: all cores).

    ``progress(k)`` is called as k chunk-months finish. ``seed=None`` draws fresh entropy; the
    seed actually used is in ``Simulation.seed``. ``given`` maps uncertain parameters to arrays of
    ``paths`` values used instead of random draws (path i gets entry i).

    With ``enough(alive, n)`` (alive at the horizon among the first n paths), ``paths`` is a
    cap: chunks are added (``workers`` at a time) until the first chunk, in order, after which
    ``enough`` holds. The result is the same as a run of that many paths with the same seed,
    whatever the number of workers.

    ``chunk_paths`` (a multiple of ``BLOCK_PATHS``) sets the paths simulated together: the
    results are the same for any value, only the speed and memory change.
    ``record_paths`` (default ``RECORD_PATHS``) is how many paths keep monthly records (0 for
    none, as a sweep, which reports no monthly figure).

    ``scheduler``: the address of a running Dask scheduler (e.g. ``tcp://10.0.0.5:8786``); the
    chunks are then tasks on its workers (:mod:`sim.engine.cluster`), ``workers`` is not used,
    and the result is the same, byte for byte, as a local run's.
    """
    from sim.engine.batch import combine, new_records
    from sim.engine.processes import cause_labels
    from sim.scenario.loading import LoadedScenario

    source = sha = None
    if isinstance(scenario, LoadedScenario):
        source, sha, scenario = str(scenario.path), scenario.sha256, scenario.scenario
    if paths < 1:
        raise ValueError(f"paths must be at least 1, got {paths}")
    if months is not None and not 1 <= months <= 600:
        raise ValueError(f"months must be between 1 and 600, got {months}")
    if chunk_paths < 1 or chunk_paths % BLOCK_PATHS:
        raise ValueError(f"chunk_paths must be a multiple of {BLOCK_PATHS}, got {chunk_paths}")
    for key, values in (given or {}).items():
        if np.shape(values) != (paths,):
            raise ValueError(f"given {key}: expected {paths} values, got shape {np.shape(values)}")
    horizon = months or scenario.months
    root = root_sequence(seed)
    sizes = chunk_sizes(paths, chunk_paths)
    starts = np.cumsum([0, *sizes[:-1]]).tolist()
    workers = min(workers or default_workers(), len(sizes))
    forking = (
        scheduler is None and workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    )
    # an anonymous mapping: shared with forked workers, and filled about three times faster
    # than np.empty's memory on Linux (fewer page-fault costs); untouched pages cost nothing
    record_paths = RECORD_PATHS if record_paths is None else record_paths
    records = new_records(min(paths, record_paths), horizon, _shared_empty)

    def job(i: int) -> tuple:
        part = {
            k: np.asarray(v)[starts[i] : starts[i] + sizes[i]] for k, v in (given or {}).items()
        }
        return scenario, sizes[i], root, months, starts[i], part or None

    step = max(workers, 1) if enough is not None else len(sizes)
    batches: list[Batch] = []
    outcomes = _outcomes(scenario, paths) if forking else None
    if scheduler is not None:
        from sim.engine import cluster

        pool = cluster.executor(scheduler, records)
    else:
        pool = _executor(workers if forking else 1, records, outcomes)
    with pool as submit:
        for first in range(0, len(sizes), step):
            todo = range(first, min(first + step, len(sizes)))
            batches += submit([job(i) for i in todo], progress, horizon)
            if enough is not None:
                # stop at the first chunk, in order, that makes the run precise enough (later
                # ones computed alongside it are dropped), whatever the number of workers
                last = next(
                    (k for k in range(first, len(batches)) if _enough(batches[: k + 1], enough)),
                    None,
                )
                if last is not None:
                    batches = batches[: last + 1]
                    break
    done = sum(b.n for b in batches)
    records = {k: v[:, : min(done, record_paths)] for k, v in records.items()}
    labels = cause_labels(
        [r.name for r in scenario.financing.rounds], [s.name for s in scenario.shocks]
    )
    if outcomes is not None:
        outcomes = {k: v[:done] for k, v in outcomes.items()}
    batch = combine(batches, records, outcomes)
    return Simulation(scenario, int(root.entropy), batch, labels, source, sha)


def _enough(batches: list[Batch], enough: Callable[[int, int], bool]) -> bool:
    return enough(sum(int(b.alive_count[-1]) for b in batches), sum(b.n for b in batches))


def _outcomes(scenario: Scenario, paths: int) -> dict[str, np.ndarray]:
    """Shared arrays for every per-path outcome of a run (``input:NAME`` for the inputs)."""
    from sim.engine.batch import PER_PATH
    from sim.engine.sampling import uncertain_parameters

    segments = len(scenario.demand.segments)
    out = {
        name: _shared_empty((paths, segments) if name == "segment_revenue" else (paths,), dtype)
        for name, dtype in PER_PATH.items()
    }
    for name in uncertain_parameters(scenario):
        out["input:" + name] = _shared_empty((paths,))
    return out


@contextmanager
def _executor(workers: int, records: dict[str, np.ndarray], outcomes=None):
    """``submit(jobs, progress, horizon) -> batches`` in job order, on forked workers or here."""
    global _SHARED
    from sim.engine.batch import simulate as simulate_batch

    if workers <= 1:

        def here(jobs, progress, horizon):
            return [
                simulate_batch(
                    sc, n, root, start, months, progress, _columns(records, start, n), given
                )
                for sc, n, root, months, start, given in jobs
            ]

        yield here
        return
    _SHARED = {"records": records, "outcomes": outcomes}
    # fork: workers start in milliseconds with the parent's imports and see _SHARED
    ctx = multiprocessing.get_context("fork")
    # a worker shares the parent's memory until it writes to it, and a garbage collection in
    # it would write to every inherited object, copying its page: frozen objects are left
    # alone (without this, each worker's first chunk took twice as long)
    frozen_before = gc.get_freeze_count() > 0  # the caller's own freeze is left as it was
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),)
        )

        def there(jobs, progress, horizon):
            futures = {pool.submit(_chunk, *j): k for k, j in enumerate(jobs)}
            out: list[Batch | None] = [None] * len(jobs)
            for future in as_completed(futures):
                out[futures[future]] = future.result()
                if progress is not None:
                    progress(horizon)
            return out

        try:
            yield there
        except BaseException:  # Ctrl-C or an error: stop the workers now, not after the run
            kill_workers(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        if not frozen_before:
            gc.unfreeze()
        _SHARED = {}


def _shared_empty(shape: tuple[int, ...], dtype=np.float64) -> np.ndarray:
    """An array in an anonymous shared mapping: forked workers' writes are seen here."""
    count = int(np.prod(shape))
    size = count * np.dtype(dtype).itemsize
    return np.frombuffer(mmap.mmap(-1, max(size, 8)), dtype=dtype, count=count).reshape(shape)


def _columns(records: dict[str, np.ndarray], start: int, n: int) -> dict[str, np.ndarray]:
    """A batch's columns of the run's records ({} for a batch beyond the recorded paths)."""
    if start >= next(iter(records.values())).shape[1]:
        return {}
    return {k: v[:, start : start + n] for k, v in records.items()}


def _chunk(scenario, n, root, months, start, given) -> Batch:
    from sim.engine.batch import MONTHLY, PER_PATH
    from sim.engine.batch import simulate as simulate_batch

    records, outcomes = _SHARED["records"], _SHARED["outcomes"]
    batch = simulate_batch(
        scenario, n, root, start, months, None, _columns(records, start, n), given
    )
    for name in PER_PATH:
        outcomes[name][start : start + n] = getattr(batch, name)
    for name, values in batch.inputs.items():
        outcomes["input:" + name][start : start + n] = values
    # the records and outcomes are in place: send back the rest
    return replace(batch, inputs={}, **dict.fromkeys([*MONTHLY, *PER_PATH]))
