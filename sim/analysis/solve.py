"""Solve for one parameter: the value that makes a survival or value figure meet a target.

Targets are the survival figures of :data:`METRICS` (shares) or an objective of
:mod:`sim.analysis.objectives` (``founder_value_mean=5e6``: money in the scenario's currency;
``p_founder_value_above:1e7=0.2``: a share; ``investor_multiple_mean=3``: a multiple).

``f(x) = metric(run with parameter = x) - target`` is evaluated on common random numbers (the
same seed for every x), so it changes with x only through x, not through fresh noise, and
``scipy.optimize.brentq`` can bracket its root. The answer's Monte Carlo uncertainty is the
metric's standard error at the root divided by the local slope of the metric (delta method),
with the slope from a central difference on the same worlds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.analysis.objectives import ObjectiveError
from sim.analysis.objectives import parse as objective
from sim.analysis.stats import Z95

if TYPE_CHECKING:
    from sim.analysis.results import Results

METRICS = {
    "p_alive_12": "P(alive at 12 months)",
    "p_alive_24": "P(alive at 24 months)",
    "p_alive_36": "P(alive at 36 months)",
    "p_alive_at_horizon": "P(alive at the horizon)",
    "default_alive": "share default alive",
    "breaks_even": "share breaking even",
}


class SolveError(ValueError):
    """The target cannot be met, or was asked for wrongly (a user error)."""


def parse_target(text: str) -> tuple[str, float]:
    """``p_alive_24=0.9`` -> ("p_alive_24", 0.9); ``founder_value_mean=5e6`` -> (..., 5e6)."""
    match = re.fullmatch(r"\s*([a-z_0-9]+(?::[0-9.eE+_]+)?)\s*=\s*([0-9.eE+-]+%?)\s*", text)
    names = ", ".join([*METRICS, "founder_value_mean", "founder_value_p50",
                       "p_founder_value_above:X", "investor_multiple_mean"])  # fmt: skip
    if not match or not _known(match.group(1)):
        raise SolveError(f"--target {text!r}: expected METRIC=VALUE with METRIC one of {names}")
    value = match.group(2)
    try:
        target = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        raise SolveError(f"--target {text!r}: {value!r} is not a number") from None
    name = match.group(1)
    if is_share(name) and not 0 < target < 1:
        raise SolveError(f"--target {text!r}: the value must be a share strictly between 0 and 1")
    if not is_share(name) and not (math.isfinite(target) and target > 0):
        raise SolveError(f"--target {text!r}: the value must be a number above 0")
    return name, target


def _known(name: str) -> bool:
    if name in METRICS:
        return True
    try:
        objective(name)
    except ObjectiveError:
        return False
    return True


def is_share(name: str) -> bool:
    """Whether the metric is a share (else money or a multiple)."""
    return name in METRICS or name.startswith("p_")


def label(name: str) -> str:
    """The metric in words."""
    return METRICS[name] if name in METRICS else objective(name).label


def show(name: str, x: float) -> str:
    """A value of the metric as people read it: '90.0%', '5,000,000', '3.00x'."""
    if is_share(name):
        return f"{x:.1%}"
    if name.startswith("founder_value"):
        return f"{x:,.0f}"
    return f"{x:.2f}x"


def default_range(current) -> tuple[float, float]:
    """The search range when none is given: 0 to ten times the parameter's current value (its
    mean for a distribution), at least up to 1."""
    value = float(current) if isinstance(current, int | float) else current.mean()
    return 0.0, max(10 * abs(value), 1.0)


def metric(results: Results, name: str) -> tuple[float, float]:
    """(estimate, standard error) of a metric."""
    if name not in METRICS:
        goal = objective(name)
        est = goal.estimate(goal.per_path(results))
        return est["value"], est["se"] or 0.0
    b = results.batch
    if name == "default_alive":
        hits = b.default_alive
    elif name == "breaks_even":
        hits = results.breakeven_month > 0
    else:
        m = results.months if name == "p_alive_at_horizon" else int(name.rsplit("_", 1)[1])
        if m > results.months:
            raise SolveError(f"{name}: the run has only {results.months} months")
        hits = (b.death_month == 0) | (b.death_month > m)
    p = float(np.mean(hits))
    return p, math.sqrt(p * (1 - p) / hits.size)


@dataclass
class Solution:
    parameter: str
    metric: str
    target: float
    value: float
    se: float  # Monte Carlo standard error of the value
    achieved: float  # the metric at the value, on the solving run's worlds
    achieved_se: float
    evaluations: int
    low: float = -math.inf  # the search range: the answer is in it by construction
    high: float = math.inf

    @property
    def jumps(self) -> bool:
        """The metric steps over the target at the answer (e.g. whole months of cash): the value
        found is where the step is, and the target itself is not reached exactly."""
        return abs(self.achieved - self.target) > 2 * self.achieved_se

    @property
    def interval(self) -> tuple[float, float]:
        """value +- 1.96 SE (the delta method's), cut to the search range: a root found in
        [low, high] cannot lie outside it (and a cash interval never reaches below 0)."""
        lo, hi = self.value - Z95 * self.se, self.value + Z95 * self.se
        return max(lo, self.low), min(hi, self.high)

    def as_dict(self) -> dict:
        lo, hi = self.interval
        return {
            "parameter": self.parameter,
            "metric": self.metric,
            "target": self.target,
            "value": self.value,
            "se": self.se,
            "lo": lo,
            "hi": hi,
            "achieved": {"p": self.achieved, "se": self.achieved_se},
            "jumps": self.jumps,
            "evaluations": self.evaluations,
        }


def solve(
    run_at: Callable[[float], Results],
    parameter: str,
    name: str,
    target: float,
    low: float,
    high: float,
) -> Solution:
    """The value in [low, high] where the metric crosses ``target``.

    ``run_at(x)`` runs the scenario with the parameter set to x, always with the same seed.
    """
    cache: dict[float, tuple[float, float]] = {}

    def at(x: float) -> tuple[float, float]:
        if x not in cache:
            cache[x] = metric(run_at(x), name)
        return cache[x]

    f_low, f_high = at(low)[0] - target, at(high)[0] - target
    if f_low * f_high > 0:
        raise SolveError(
            f"no value of {parameter} in [{low:g}, {high:g}] gives {label(name)} = "
            f"{show(name, target)}: it is {show(name, at(low)[0])} at {low:g} and "
            f"{show(name, at(high)[0])} at {high:g} (widen --range, or ask for a reachable "
            "target)"
        )
    scale = max(abs(low), abs(high), 1.0)
    from scipy import optimize  # imported when solving, so that `sim solve --help` is quick

    root = optimize.brentq(lambda x: at(x)[0] - target, low, high, xtol=1e-4 * scale)
    achieved, achieved_se = at(root)
    # slope by a central difference on the same worlds, wide enough to span several steps
    h = 0.05 * max(abs(root), 1e-3 * scale)
    a, b = max(low, root - h), min(high, root + h)
    slope = (at(b)[0] - at(a)[0]) / (b - a) if b > a else 0.0
    se = achieved_se / abs(slope) if slope else math.inf
    return Solution(parameter, name, target, root, se, achieved, achieved_se, len(cache), low, high)
