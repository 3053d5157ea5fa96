"""What a run produced, per path and in summary; the JSON contract (``SCHEMA_VERSION``).

:class:`Results` holds every path of every batch. :meth:`Results.summary` turns it into the
documented, stable JSON (see README, "The JSON contract"): each figure with its standard
error or 95% interval.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import fields
from datetime import UTC, datetime
from importlib import metadata
from typing import TYPE_CHECKING

import numpy as np

from sim.analysis import stats
from sim.analysis.notebook import Notebook
from sim.engine.runner import CHUNK_PATHS, Simulation, simulate
from sim.engine.state import CATEGORIES

if TYPE_CHECKING:
    from sim.scenario import Scenario
    from sim.scenario.loading import LoadedScenario

SCHEMA_VERSION = 1
HEADLINE_MONTHS = (12, 24, 36)
GAP_QUANTILES = (0.5, 0.9)
VALUE_THRESHOLDS = (1e6, 1e7, 1e8)
"""Default thresholds of ``p_above`` for founders' value and enterprise value, in the
scenario's currency: a million, ten million, a hundred million."""
MULTIPLE_THRESHOLDS = (1.0, 3.0, 10.0)
"""Thresholds of ``p_above`` for the investors' multiple: money back, a good fund's target, a
fund-returning outcome."""


class Results(Notebook, Simulation):
    """A run (:class:`~sim.engine.runner.Simulation`) with the questions asked of it: survival,
    breakeven, the financing gap ... each with its Monte Carlo error, and the JSON summary.

    In a notebook (:class:`~sim.analysis.notebook.Notebook`): a short repr, an HTML summary
    table, :meth:`to_pandas` (one row per path) and :meth:`monthly_percentiles`."""

    @classmethod
    def of(cls, simulation: Simulation) -> Results:
        return cls(**{f.name: getattr(simulation, f.name) for f in fields(Simulation)})

    @property
    def paths(self) -> int:
        return self.batch.n

    @property
    def months(self) -> int:
        return self.batch.months

    @property
    def alive(self) -> np.ndarray:
        """Alive at the horizon, per path."""
        return self.batch.death_month == 0

    @property
    def died(self) -> np.ndarray:
        """Ran out of cash within the horizon, per path (an exit is not a death)."""
        return (self.batch.death_month > 0) & (self.batch.exit_kind == 0)

    @property
    def investor_multiple(self) -> np.ndarray:
        """Investors' proceeds / money invested, per path (NaN where nobody invested)."""
        b = self.batch
        return np.divide(
            b.investor_proceeds, b.invested, out=np.full(b.n, np.nan), where=b.invested > 0
        )

    def value(self, thresholds: tuple[float, ...] = VALUE_THRESHOLDS) -> dict:
        """What the company is worth: founders' value, enterprise value, the investors'
        multiple, founders' ownership over time, exits and down rounds (the JSON contract's
        valuation keys)."""
        # here, not at the top: the processes import numba, which `import sim` should not
        from sim.engine.processes.exits import ACQUIHIRED, ACQUIRED, SHUT_DOWN

        b, n = self.batch, self.paths
        out = {
            "founder_value": stats.distribution(b.founder_value, thresholds),
            "enterprise_value": stats.distribution(b.enterprise_value, thresholds),
            "investor_multiple": stats.distribution(self.investor_multiple, MULTIPLE_THRESHOLDS),
            "exits": {
                "acquired": stats.share(int((b.exit_kind == ACQUIRED).sum()), n),
                "acquihired": stats.share(int((b.exit_kind == ACQUIHIRED).sum()), n),
                "shut_down": stats.share(int((b.exit_kind == SHUT_DOWN).sum()), n),
                "zombie": stats.share(int(b.zombie.sum()), n),
            },
            "down_rounds": stats.share(int(b.down_round.sum()), n),
        }
        if b.founders is not None and b.founders.shape[1]:
            out["ownership"] = {
                "month": list(range(self.months + 1)),
                "founders": [float(x) for x in np.median(b.founders, axis=1)],
            }
        return out

    @property
    def breakeven_month(self) -> np.ndarray:
        """Month of breakeven on the real path (0: never, or died first)."""
        b = self.batch
        reached = (b.breakeven > 0) & ((b.death_month == 0) | (b.breakeven <= b.death_month))
        return np.where(reached, b.breakeven, 0)

    def survival(self) -> np.ndarray:
        return stats.survival(self.batch.death_month, self.months)

    def alive_mask(self, paths: int | None = None) -> np.ndarray:
        """(months, paths): alive during month t (t = 1..months), i.e. at its start; for the
        first ``paths`` paths (default: all)."""
        d = self.batch.death_month[:paths]
        t = np.arange(1, self.months + 1)
        return (d[None, :] == 0) | (t[:, None] <= d[None, :])

    def summary(
        self, monthly: bool = True, thresholds: tuple[float, ...] = VALUE_THRESHOLDS
    ) -> dict:
        """The JSON contract. Stable keys; new keys may be added, none removed or renamed.

        ``monthly=False`` leaves out the monthly fan charts (``monthly``), most of the cost of
        a summary, for callers that need only the headline figures (a sweep). ``thresholds``:
        the founders' and enterprise values whose chance of being exceeded ``p_above`` gives.
        """
        b, n, T = self.batch, self.paths, self.months
        surv = self.survival()
        alive_at = np.cumsum(np.bincount(b.death_month[b.death_month > 0], minlength=T + 1))
        curve = [stats.share(n - int(alive_at[t]), n) for t in range(T + 1)]
        be = self.breakeven_month
        gap = b.gap
        died = self.died
        deaths = int(died.sum())
        causes = []
        for k in np.unique(b.cause[died]):
            count = int((b.cause == k).sum())
            causes.append(
                {"cause": self.cause_labels[k], "deaths": count, "share_of_deaths": count / deaths}
                | {"share_of_paths": stats.share(count, n)}
            )
        causes.sort(key=lambda c: -c["deaths"])
        names = [s.name for s in self.scenario.revenue]
        segments = [s.name for s in self.scenario.demand.segments]
        # the monthly sums cover the companies alive during the month, i.e. at its start
        alive_during = b.alive_count[:-1]
        revenue = b.revenue_total  # per path, until death
        return {
            "schema_version": SCHEMA_VERSION,
            "scenario": self.scenario.company.name,
            "currency": self.scenario.company.currency,
            "start": self.scenario.company.start,
            "paths": n,
            "months": T,
            "seed": self.seed,
            "survival": {
                "month": list(range(T + 1)),
                "p": [float(x) for x in surv],
                "lo": [c["lo"] for c in curve],
                "hi": [c["hi"] for c in curve],
            },
            "p_alive": {str(m): (curve[m] if m <= T else None) for m in HEADLINE_MONTHS},
            "p_alive_at_horizon": curve[T],
            "breakeven": {
                "share": stats.share(int((be > 0).sum()), n),
                "never_share": stats.share(int((be == 0).sum()), n),
                "month": {
                    f"p{int(q * 100)}": stats.quantile(be[be > 0], q) for q in (0.1, 0.5, 0.9)
                },
            },
            "default_alive": stats.share(int(b.default_alive.sum()), n),
            "financing_gap": {
                **{f"p{int(q * 100)}": stats.quantile(gap, q) for q in GAP_QUANTILES},
                "mean": stats.mean(gap),
                "share_needing_money": stats.share(int((gap > 0).sum()), n),
            },
            **({"monthly": self._monthly()} if monthly else {}),
            "cost_breakdown": {
                c: _per_company(b.cost_sums[i], alive_during) for i, c in enumerate(CATEGORIES)
            },
            "revenue_by_stream": {
                s: _per_company(b.stream_sums[i], alive_during) for i, s in enumerate(names)
            },
            "units_by_stream": {
                s: _per_company(b.unit_sums[i], alive_during) for i, s in enumerate(names)
            },
            "revenue_share_by_segment": {
                s: stats.ratio(b.segment_revenue[:, i], revenue) for i, s in enumerate(segments)
            },
            "gross_margin": _one_minus(stats.ratio(b.cost_of_revenue, revenue)),
            "causes_of_death": causes,
            **self.value(thresholds),
            "run": self.run_record(),
        }

    def _monthly(self) -> dict:
        b = self.batch
        recorded = b.cash.shape[1]  # monthly records: the first paths only (runner.RECORD_PATHS)
        alive_mask = self.alive_mask(recorded)
        fans = {
            "cash": (b.cash, None, 0),
            "revenue": (b.revenue, alive_mask, 1),
            "costs": (b.costs, alive_mask, 1),
            "users": (b.users, None, 0),
        }
        # numpy's partition, most of a percentile's time, releases the GIL: on two threads the
        # four fans take about half the time (each fan's numbers are the same either way)
        with ThreadPoolExecutor(min(2, os.cpu_count() or 1)) as pool:
            done = pool.map(lambda f: stats.fan(f[0], f[1], first_month=f[2]), fans.values())
            return {"paths": recorded, **dict(zip(fans, done, strict=True))}

    def run_record(self) -> dict:
        """Audit trail. ``created`` honours SOURCE_DATE_EPOCH for reproducible files."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
        return {
            "scenario_file": self.source,
            "scenario_sha256": self.sha256,
            "seed": self.seed,
            "paths": self.paths,
            "package_version": _version("startup-sim"),
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "created": when.isoformat(timespec="seconds"),
        }


def _per_company(sums: np.ndarray, alive: np.ndarray) -> list[float | None]:
    """Monthly totals per company alive that month (None once none is)."""
    return [float(x) / a if a else None for x, a in zip(sums, alive, strict=True)]


def _one_minus(est: dict) -> dict:
    return {"value": None if est["value"] is None else 1 - est["value"], "se": est["se"]}


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"


def run(
    scenario: Scenario | LoadedScenario,
    paths: int = 10_000,
    seed: int | None = 1,
    months: int | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
    given: dict[str, np.ndarray] | None = None,
    precision: float | None = None,
    chunk_paths: int = CHUNK_PATHS,
    record_paths: int | None = None,
    scheduler: str | None = None,
) -> Results:
    """Simulate ``paths`` paths of ``scenario`` (:func:`sim.engine.runner.simulate`) and
    return its :class:`Results`.

    ``seed`` is 1 by default, as in ``sim run``, so that a notebook reproduces the command's
    figures; ``seed=None`` draws fresh entropy (the seed used is in ``Results.seed``).

    With ``precision`` (a share, e.g. 0.005), ``paths`` is a cap: chunks are added until the
    first chunk, in order, after which the 95% (Wilson) interval of P(alive at the horizon) is
    no wider than +/- ``precision``. The result is the same as a run of that many paths with
    the same seed, whatever the number of workers. The other arguments are
    :func:`~sim.engine.runner.simulate`'s.
    """
    if precision is not None and not 0 < precision < 0.5:
        raise ValueError(f"precision must be a share between 0 and 0.5, got {precision}")

    def precise(alive: int, n: int) -> bool:
        est = stats.share(alive, n)
        return (est["hi"] - est["lo"]) / 2 <= precision

    done = simulate(
        scenario,
        paths,
        seed,
        months,
        progress,
        workers,
        given,
        None if precision is None else precise,
        chunk_paths,
        record_paths,
        scheduler,
    )
    return Results.of(done)
