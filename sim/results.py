"""What a run produced, per path and in summary; the JSON contract (``SCHEMA_VERSION``).

:class:`Results` holds every path of every batch. :meth:`Results.summary` turns it into the
documented, stable JSON (see README, "The JSON contract"): each figure with its standard
error or 95% interval.
"""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from importlib import metadata

import numpy as np

from . import stats
from .engine import MONTHLY, Batch
from .processes.month_end import block_total
from .scenario import Scenario
from .state import CATEGORIES, EVENT_DTYPE

SCHEMA_VERSION = 1
HEADLINE_MONTHS = (12, 24, 36)
GAP_QUANTILES = (0.5, 0.9)


@dataclass
class Results:
    scenario: Scenario
    seed: int
    batch: Batch  # all paths of the run, batches concatenated in order
    cause_labels: list[str]
    source: str | None = None  # scenario file
    sha256: str | None = None  # of the scenario file

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

    def summary(self, monthly: bool = True) -> dict:
        """The JSON contract. Stable keys; new keys may be added, none removed or renamed.

        ``monthly=False`` leaves out the monthly fan charts (``monthly``), most of the cost of
        a summary, for callers that need only the headline figures (a sweep).
        """
        b, n, T = self.batch, self.paths, self.months
        surv = self.survival()
        alive_at = np.cumsum(np.bincount(b.death_month[b.death_month > 0], minlength=T + 1))
        curve = [stats.share(n - int(alive_at[t]), n) for t in range(T + 1)]
        be = self.breakeven_month
        gap = b.gap
        deaths = int((b.death_month > 0).sum())
        causes = []
        for k in np.unique(b.cause[b.cause >= 0]):
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
            "run": self.run_record(),
        }

    def _monthly(self) -> dict:
        b = self.batch
        recorded = b.cash.shape[1]  # monthly records: the first paths only (runner.RECORD_PATHS)
        alive_mask = self.alive_mask(recorded)
        return {
            "paths": recorded,
            "cash": stats.fan(b.cash, first_month=0),
            "revenue": stats.fan(b.revenue, alive_mask, first_month=1),
            "costs": stats.fan(b.costs, alive_mask, first_month=1),
            "users": stats.fan(b.users, first_month=0),
        }

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


def combine(
    batches: list[Batch],
    records: dict[str, np.ndarray] | None = None,
    outcomes: dict[str, np.ndarray] | None = None,
) -> Batch:
    """Concatenate batches path-wise (monthly sums add up, event paths are renumbered).

    ``records``: the run's monthly arrays that the batches wrote their columns into;
    ``outcomes``: the run's per-path arrays (``input:NAME`` for inputs), likewise.
    """
    if len(batches) == 1 and records is None and outcomes is None:
        return batches[0]
    out = dict(records or {})
    if outcomes is not None:
        out |= {k: v for k, v in outcomes.items() if not k.startswith("input:")}
        out["inputs"] = {k[6:]: v for k, v in outcomes.items() if k.startswith("input:")}
    offsets = np.cumsum([0] + [b.n for b in batches[:-1]])
    for f in fields(Batch):
        parts = [getattr(b, f.name) for b in batches]
        if f.name == "n":
            out["n"] = sum(parts)
        elif f.name == "months":
            out["months"] = parts[0]
        elif f.name in out:
            continue  # written in place
        elif f.name in MONTHLY:
            if records is None:
                out[f.name] = np.concatenate([p for p in parts if p is not None], axis=1)
        elif f.name == "block_sums":
            out[f.name] = {k: np.concatenate([p[k] for p in parts], axis=-1) for k in parts[0]}
            out |= {k: block_total(v) for k, v in out[f.name].items()}
        elif f.name.endswith("_sums"):
            continue  # from block_sums (the field after them)
        elif f.name == "alive_count":  # monthly counts add up
            out[f.name] = np.sum(parts, axis=0)
        elif f.name == "events":
            shifted = []
            for off, ev in zip(offsets, parts, strict=True):
                ev = ev.copy()
                ev["path"] += off
                shifted.append(ev)
            out["events"] = np.concatenate(shifted) if shifted else np.empty(0, EVENT_DTYPE)
        elif f.name == "inputs":
            out["inputs"] = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        else:
            out[f.name] = np.concatenate(parts)
    return Batch(**out)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "unknown"
