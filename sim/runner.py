"""Run a scenario: split the paths into fixed-size chunks, simulate them, combine.

Chunk ``i`` always holds paths ``i*CHUNK_PATHS ..`` and draws from streams keyed by ``i``
(:mod:`sim.rng`), so a run's numbers depend only on the seed and the number of paths, not on
how many worker processes simulate the chunks.

The monthly records (of the first ``RECORD_PATHS`` paths) are allocated once, in memory shared
with forked workers; each chunk writes its own columns, so workers send back only per-path
outcomes, and memory stays bounded however many paths a run has.
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import replace

import numpy as np

from .engine import MONTHLY, Batch, new_records, simulate
from .loading import LoadedScenario
from .processes import cause_labels
from .results import Results, combine
from .rng import root_sequence
from .scenario import Scenario

CHUNK_PATHS = 16_384
"""Paths per batch: large enough that numpy's per-call overhead is small (a batch is as fast
per path as one twice its size), small enough that work spreads evenly over the cores.
Changing it changes the draws."""
RECORD_PATHS = 8 * CHUNK_PATHS
"""Monthly records (cash, revenue, costs, users per month) are kept for the first 131,072 paths
only, so a run's memory is bounded whatever its size. Paths are independent, so these are a
simple random sample: a monthly percentile from them has a standard error of about
sqrt(p (1 - p) / 131072) / f(q) (under 0.0015 / f(q) in probability terms), far below what a
fan chart shows. Every other figure (survival, breakeven, financing gap, causes of death) uses
all paths."""

_RECORDS: dict[str, np.ndarray] = {}  # the run's records, inherited by forked workers


def chunk_sizes(paths: int) -> list[int]:
    full, rest = divmod(paths, CHUNK_PATHS)
    return [CHUNK_PATHS] * full + ([rest] if rest else [])


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run(
    scenario: Scenario | LoadedScenario,
    paths: int = 10_000,
    seed: int | None = None,
    months: int | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    given: dict[str, np.ndarray] | None = None,
) -> Results:
    """Simulate ``paths`` paths of ``scenario`` on ``workers`` processes (default: all cores).

    ``progress(k)`` is called as k chunk-months finish. ``seed=None`` draws fresh entropy; the
    seed actually used is in ``Results.seed``. ``given`` maps uncertain parameters to arrays of
    ``paths`` values used instead of random draws (path i gets entry i).
    """
    source = sha = None
    if isinstance(scenario, LoadedScenario):
        source, sha, scenario = str(scenario.path), scenario.sha256, scenario.scenario
    if paths < 1:
        raise ValueError(f"paths must be at least 1, got {paths}")
    if months is not None and not 1 <= months <= 600:
        raise ValueError(f"months must be between 1 and 600, got {months}")
    horizon = months or scenario.months
    root = root_sequence(seed)
    sizes = chunk_sizes(paths)
    starts = np.cumsum([0, *sizes[:-1]]).tolist()
    workers = min(workers or default_workers(), len(sizes))
    forking = workers > 1 and "fork" in multiprocessing.get_all_start_methods()
    recorded = min(paths, RECORD_PATHS)  # whole chunks: RECORD_PATHS is a multiple of a chunk
    # an anonymous mapping: shared with forked workers, and filled about three times faster
    # than np.empty's memory on Linux (fewer page-fault costs)
    records = new_records(recorded, horizon, _shared_empty)

    for key, values in (given or {}).items():
        if np.shape(values) != (paths,):
            raise ValueError(f"given {key}: expected {paths} values, got shape {np.shape(values)}")

    def columns(i: int) -> dict[str, np.ndarray]:
        return _columns(records, starts[i], sizes[i])

    def part(i: int) -> dict[str, np.ndarray] | None:
        return (
            {k: np.asarray(v)[starts[i] : starts[i] + sizes[i]] for k, v in given.items()}
            if given
            else None
        )

    if forking:
        batches = _parallel(
            scenario, sizes, root, months, progress, workers, records, horizon, part
        )
    else:
        batches = [
            simulate(scenario, n, root, i, months, progress, columns(i), part(i))
            for i, n in enumerate(sizes)
        ]
    labels = cause_labels(
        [r.name for r in scenario.financing.rounds], [s.name for s in scenario.shocks]
    )
    return Results(scenario, int(root.entropy), combine(batches, records), labels, source, sha)


def _shared_empty(shape: tuple[int, ...]) -> np.ndarray:
    """An array in an anonymous shared mapping: forked workers' writes are seen here."""
    size = int(np.prod(shape)) * 8
    return np.frombuffer(
        mmap.mmap(-1, max(size, 8)), dtype=np.float64, count=int(np.prod(shape))
    ).reshape(shape)


def _columns(records: dict[str, np.ndarray], start: int, n: int) -> dict[str, np.ndarray]:
    """A batch's columns of the run's records ({} for a batch beyond the recorded paths)."""
    if start >= next(iter(records.values())).shape[1]:
        return {}
    return {k: v[:, start : start + n] for k, v in records.items()}


def _chunk(scenario, n, root, i, months, start, given) -> Batch:
    batch = simulate(scenario, n, root, i, months, None, _columns(_RECORDS, start, n), given)
    return replace(batch, **{k: None for k in MONTHLY})  # the records are already in place


def _parallel(scenario, sizes, root, months, progress, workers, records, horizon, part):
    global _RECORDS
    _RECORDS = records
    starts = np.cumsum([0, *sizes[:-1]]).tolist()
    batches: list[Batch | None] = [None] * len(sizes)
    # fork: workers start in milliseconds with the parent's imports and see _RECORDS
    ctx = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {
                pool.submit(_chunk, scenario, n, root, i, months, starts[i], part(i)): i
                for i, n in enumerate(sizes)
            }
            for future in as_completed(futures):
                batches[futures[future]] = future.result()
                if progress is not None:
                    progress(horizon)
    finally:
        _RECORDS = {}
    return batches
