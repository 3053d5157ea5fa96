"""Shared test helpers: build scenarios from dicts, locate the repository."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
from scipy import stats

from sim.analysis.stats import Z95, quantile
from sim.engine.batch import simulate
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def scenario(**sections) -> Scenario:
    """A minimal valid scenario (one company, 12 months, 1M cash) with sections replaced.

    It never winds down (``exits: {shutdown: null}``), so that a test of one mechanism (ruin,
    runway, a round) checks that mechanism against its closed form; the shutdown rule has tests
    of its own."""
    doc = {
        "company": {"name": "Test", "horizon_months": 12},
        "financing": {"initial_cash": 1_000_000},
        "exits": {"shutdown": None},
    }
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **copy.deepcopy(value)}
        else:
            doc[key] = copy.deepcopy(value)
    return Scenario.model_validate(doc)


def median_se(x) -> float:
    """Standard error of a sample median, from its distribution-free 95% interval (order
    statistics, ``sim.analysis.stats.quantile``): half its width over 1.96."""
    q = quantile(np.asarray(x, dtype=float), 0.5)
    return (q["hi"] - q["lo"]) / (2 * Z95)


Z4 = 2 * stats.norm.sf(4)  # two-sided tail beyond 4 standard errors


def median_interval(x) -> tuple[float, float, float]:
    """The median of ``x`` and its distribution-free interval at 4-sigma confidence."""
    x = np.asarray(x, dtype=float)
    med = float(np.median(x))
    ci = stats.quantile_test(x, q=med, p=0.5).confidence_interval(1 - Z4)
    return med, float(ci.low), float(ci.high)


def in_band(x, low: float, high: float) -> bool:
    """Could the median of ``x`` lie in [low, high], given its 4-sigma interval?"""
    _, lo, hi = median_interval(x)
    return hi >= low and lo <= high


def batch(sc: Scenario, n: int = 1, seed: int = 1, months: int | None = None):
    return simulate(sc, n, np.random.SeedSequence(seed), 0, months)
