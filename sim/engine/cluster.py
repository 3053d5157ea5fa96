"""Run chunks of a simulation on an existing Dask cluster (``sim run --scheduler ADDRESS``).

A local run shares its arrays with forked workers (:mod:`sim.engine.runner`); workers of a
cluster share no memory with this process, so each task gets everything it needs in its
arguments (the scenario model, the root seed sequence, the chunk's first path and size) and
returns the chunk's whole :class:`~sim.engine.batch.Batch`, monthly records included. A path's
numbers depend only on the seed and the path (:mod:`sim.engine.rng`), so the run is the same,
byte for byte, as a local one. Workers need the same version of this package, not the files.

Dask is the optional ``sweep`` extra: ``pip install 'startup-sim[sweep]'``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

INSTALL_HINT = "pip install 'startup-sim[sweep]'"
CONNECT_TIMEOUT = "10s"


class ClusterError(ValueError):
    """The cluster cannot be used as asked (not installed, not reachable): a user error."""


@contextmanager
def client(address: str) -> Iterator:
    """A ``dask.distributed.Client`` of the scheduler at ``address``, closed afterwards."""
    try:
        from dask.distributed import Client
    except ImportError:
        raise ClusterError(
            f"--scheduler needs Dask, which is not installed: {INSTALL_HINT}"
        ) from None
    try:
        c = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    try:
        yield c
    finally:
        c.close()


@contextmanager
def executor(address: str, records: dict) -> Iterator[Callable]:
    """``submit(jobs, progress, horizon) -> batches`` in job order, each job a task on the
    cluster; each chunk's monthly records are copied into the run's ``records`` columns."""
    from dask.distributed import as_completed

    with client(address) as c:

        def there(jobs, progress, horizon):
            futures = [c.submit(chunk, *job, _recorded(records, job), pure=False) for job in jobs]
            index = {f.key: k for k, f in enumerate(futures)}
            out = [None] * len(jobs)
            for future in as_completed(futures, loop=c.loop):
                k = index[future.key]
                out[k] = _keep(future.result(), records, jobs[k][4])
                future.release()  # the batch is here now: let the worker forget it
                if progress is not None:
                    progress(horizon)
            return out

        yield there


def _recorded(records: dict, job: tuple) -> int:
    """How many of the job's paths keep monthly records (the run's first paths only)."""
    n, start = job[1], job[4]
    total = next(iter(records.values())).shape[1]
    return max(0, min(n, total - start))


def chunk(scenario, n, root, months, start, given, recorded):
    """On a worker: simulate paths ``start .. start + n - 1``, monthly records for the first
    ``recorded`` of them, and return the whole batch."""
    from sim.engine.batch import new_records
    from sim.engine.batch import simulate as simulate_batch

    horizon = months or scenario.months
    records = new_records(recorded, horizon) if recorded else {}
    return simulate_batch(scenario, n, root, start, months, None, records, given)


def _keep(batch, records: dict, start: int):
    """Copy the batch's monthly records into the run's, as forked workers write them."""
    from dataclasses import replace

    from sim.engine.batch import MONTHLY

    for name in MONTHLY:
        values = getattr(batch, name)
        if values is not None and values.shape[1]:
            records[name][:, start : start + values.shape[1]] = values
    return replace(batch, **dict.fromkeys(MONTHLY))
