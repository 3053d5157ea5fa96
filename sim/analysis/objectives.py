"""What "better" means when strategies are compared: the objective a ranking is judged on.

An objective turns a run into one number per path (alive at the horizon: 1 or 0; the
founders' proceeds in money ...) and a score over paths (their mean, or their median). Two
strategies run on common random numbers are compared path by path:

- a mean-type objective (``p_alive``, ``founder_value_mean``, ``p_founder_value_above:X``): the
  paired difference ``mean(A_i - B_i)`` with standard error ``sd(A - B) / sqrt(n)``;
- ``founder_value_p50``: the difference of medians, with a paired bootstrap (the same resampled
  paths for both; 400 resamples from a fixed seed, so the interval is reproducible): standard
  error the resamples' standard deviation, interval their 2.5% and 97.5% quantiles
  (Efron & Tibshirani 1993, ch. 13);
- ``investor_multiple_mean``: the mean over paths with money invested of proceeds / invested;
  paths where one strategy raised money and the other did not cannot be paired, so the
  standard error is the unpaired ``sqrt(se_A^2 + se_B^2)``.

The default of ``sim compare`` and ``sim tournament`` is the founders' expected value: a
strategy that keeps the company alive but builds nothing does not win.

References
----------
Efron, B. and Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*. Chapman & Hall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.stats import Z95
from sim.engine.rng import design_stream
from sim.scenario.tournament import NAMES as OBJECTIVE_NAMES
from sim.scenario.tournament import check_objective

DEFAULT = "founder_value_mean"
NAMES = OBJECTIVE_NAMES
"""Objectives a command's ``--objective`` takes (X: an amount in the scenario's currency)."""
BOOTSTRAP = 400


class ObjectiveError(ValueError):
    """An objective that does not exist, worded for the user."""


@dataclass(frozen=True)
class Objective:
    name: str
    label: str  # in words, for tables and pages
    money: bool  # its values are money (else a share or a multiple)
    threshold: float | None = None

    def per_path(self, results) -> np.ndarray:
        """The objective's value on every path (NaN where it is undefined)."""
        b = results.batch
        if self.name == "p_alive":
            return (b.death_month == 0).astype(float)
        if self.name.startswith("p_founder_value_above"):
            return (b.founder_value > self.threshold).astype(float)
        if self.name == "investor_multiple_mean":
            return results.investor_multiple
        return b.founder_value

    def rewards(self) -> str:
        """What the objective rewards, in plain words (for a debrief; the pages say the same in
        each language: ``objective.means.*`` in :mod:`sim.report.i18n`'s catalogues)."""
        if self.name == "p_alive":
            return (
                "Teams are ranked on the chance of being alive at the end: a team that only keeps "
                "the company alive can win, even if it builds nothing."
            )
        if self.name == "founder_value_p50":
            return (
                "Teams are ranked on the founders' median value: what the founders take home in "
                "the middle world (half do better, half worse). A rare large exit does not move "
                "it, and when more than half of the companies die it is zero."
            )
        if self.threshold is not None:
            return (
                f"Teams are ranked on the chance that the founders take home more than "
                f"{self.threshold:,.0f}: only worlds that reach that amount count, however far "
                "above it they go."
            )
        if self.name == "investor_multiple_mean":
            return (
                "Teams are ranked on the investors' mean multiple: what investors get back for "
                "each unit they put in, averaged over the worlds in which money was raised. "
                "The founders' own outcome does not count."
            )
        return (
            f"Teams are ranked on {self.label}: what the founders take home when the company is "
            "sold, wound down or valued at the end (nothing if it dies), averaged over all "
            "worlds, so staying alive is not enough and growing without surviving is not either."
        )

    def score(self, values: np.ndarray) -> float:
        values = np.asarray(values, dtype=float)
        if self.name == "founder_value_p50":
            return float(np.median(values))
        finite = values[~np.isnan(values)]
        return float(finite.mean()) if finite.size else float("nan")

    def estimate(self, values: np.ndarray) -> dict:
        """``{value, se}`` of the score (the median's se from a bootstrap)."""
        values = np.asarray(values, dtype=float)
        if self.name == "founder_value_p50":
            boot = _bootstrap(values, np.zeros_like(values))[0]
            return {"value": self.score(values), "se": float(boot.std(ddof=1))}
        finite = values[~np.isnan(values)]
        se = float(finite.std(ddof=1) / math.sqrt(finite.size)) if finite.size > 1 else None
        return {"value": self.score(values), "se": se}

    def paired(self, a: np.ndarray, b: np.ndarray) -> dict:
        """The difference of scores A - B with its standard error and 95% interval."""
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        diff = self.score(a) - self.score(b)
        if self.name == "founder_value_p50":
            da, db = _bootstrap(a, b)
            boot = da - db
            lo, hi = np.quantile(boot, [0.025, 0.975])
            return {"diff": diff, "se": float(boot.std(ddof=1)), "lo": float(lo), "hi": float(hi)}
        if self.name == "investor_multiple_mean":
            ea, eb = self.estimate(a), self.estimate(b)
            se = math.sqrt((ea["se"] or 0.0) ** 2 + (eb["se"] or 0.0) ** 2)
            if math.isnan(diff):
                return {"diff": None, "se": None, "lo": None, "hi": None}
        else:
            d = a - b
            se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
        return {"diff": diff, "se": se, "lo": diff - Z95 * se, "hi": diff + Z95 * se}


def parse(text: str) -> Objective:
    """``p_alive``, ``founder_value_mean``, ``founder_value_p50``,
    ``p_founder_value_above:X`` or ``investor_multiple_mean``; ObjectiveError otherwise
    (the names are checked by :func:`sim.scenario.tournament.check_objective`)."""
    try:
        name, x = check_objective(text)
    except ValueError as e:
        raise ObjectiveError(f"--objective {text}: {e}") from None
    if x is not None:
        return Objective(f"{name}:{x:g}", f"P(founders' value > {x:,.0f})", False, x)
    labels = {
        "p_alive": ("P(alive at the horizon)", False),
        "founder_value_mean": ("founders' expected value", True),
        "founder_value_p50": ("founders' median value", True),
        "investor_multiple_mean": ("investors' mean multiple", False),
    }
    return Objective(name, *labels[name])


def _bootstrap(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Medians of ``a`` and ``b`` over the same resampled paths, ``BOOTSTRAP`` times."""
    rng = design_stream(0, "objective:bootstrap")  # fixed: part of a reproducible run
    n = a.size
    ma, mb = np.empty(BOOTSTRAP), np.empty(BOOTSTRAP)
    for k in range(BOOTSTRAP):
        idx = rng.integers(0, n, n)
        ma[k], mb[k] = np.median(a[idx]), np.median(b[idx])
    return ma, mb
