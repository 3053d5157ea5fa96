"""The runs behind the report's slider: the survival curve for several values of one parameter.

:func:`sweep` simulates the scenario ``steps`` times with one parameter set to a different
value each time, for every path, on the report's seed. The runs share the other parameters'
draws and the engine's luck path by path (common random numbers, as in
:mod:`sim.analysis.sensitivity`), so the curves differ only because of that parameter: with more
initial cash, no path dies sooner. :func:`sim.report.slider.figure` draws the curves in one plotly
figure with a slider: everything is in the page, nothing is computed in the browser.

The values span the 5th to the 95th percentile of the parameter's distribution, or half to one
and a half times its value when the scenario gives a number; they are rounded to readable
figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sim.analysis import stats
from sim.analysis.results import run
from sim.formatting import number
from sim.scenario.assumptions import describe
from sim.scenario.distributions import _Dist
from sim.scenario.loading import ScenarioError, load
from sim.scenario.parameters import uncertain_parameters
from sim.scenario.strategy import find

STEPS = 7
"""Positions of the slider."""
MAX_PATH_MONTHS = 720_000
"""Paths x months simulated per position at most: 20,000 paths of 36 months, about 0.2 s,
so the whole slider stays within a couple of seconds; survival to about +-0.6 points (95%)."""
LOW_Q, HIGH_Q = 0.05, 0.95
LOW_X, HIGH_X = 0.5, 1.5
"""Range of a parameter given as a number: these multiples of its value."""
DEFAULT = "financing.initial_cash"


class SliderError(ValueError):
    """A parameter the slider cannot move (worded for the user)."""


@dataclass(frozen=True)
class Slider:
    """The curves behind the slider. ``survival[i][m]`` is the share alive at the end of month
    ``m`` (0..months) with the parameter at ``values[i]``; ``alive[i]`` the share at the horizon
    with its standard error and 95% interval."""

    key: str
    values: list[float]
    survival: list[list[float]]
    alive: list[dict]
    paths: int
    seed: int
    months: int
    currency: str
    desc: str  # the scenario's value, as the assumptions table shows it
    spread: str  # "distribution" or "number"
    centre: int  # the position closest to the scenario's median (or value)
    dropped: bool = False  # some values were not allowed by the scenario


def paths_for(paths: int, months: int) -> int:
    """Paths per position: the run's, unless that is more than :data:`MAX_PATH_MONTHS`."""
    return max(1, min(paths, MAX_PATH_MONTHS // max(months, 1)))


def sweep(
    scenario_file: str | Path,
    key: str = DEFAULT,
    *,
    overrides: list[str] | None = None,
    seed: int = 1,
    paths: int = 10_000,
    months: int | None = None,
    workers: int | None = None,
    steps: int = STEPS,
) -> Slider:
    """Simulate the scenario with ``key`` at ``steps`` values, ``paths`` paths each (see
    :func:`paths_for`), on ``seed``. Raises :class:`SliderError` if ``key`` is not a number or
    a distribution of the scenario, or :class:`ScenarioError` for the file itself."""
    if steps < 2:
        raise SliderError(f"the slider needs at least 2 positions, got {steps}")
    loaded = load(scenario_file, overrides)
    sc = loaded.scenario
    try:
        node = find(sc, key)
    except KeyError as e:
        raise SliderError(f"--slider {key}: no such parameter ({e.args[0]})") from None
    if isinstance(node, bool) or not isinstance(node, int | float | _Dist):
        raise SliderError(
            f"--slider {key}: not a number or a distribution, so the slider cannot move it "
            f"(try {DEFAULT})"
        )
    horizon = months or sc.months
    n = paths_for(paths, horizon)
    integer = isinstance(node, int)
    if isinstance(node, _Dist):
        lo, hi = (float(x) for x in node.ppf([LOW_Q, HIGH_Q]))
        centre = float(node.ppf(0.5))
        spread = "distribution" if hi > lo else "number"
        if hi <= lo:
            lo, hi = LOW_X * centre, HIGH_X * centre
    else:
        centre, spread = float(node), "number"
        lo, hi = LOW_X * centre, HIGH_X * centre
    if hi <= lo:
        raise SliderError(f"--slider {key}: its value is {number(centre)}, so there is no range")
    values = nice_values(lo, hi, steps, integer)

    def once(value: float):
        if isinstance(node, _Dist):
            canonical = next(p for p, d in uncertain_parameters(sc).items() if d is node)
            given = {canonical: np.full(n, value)}
            return run(loaded, paths=n, seed=seed, months=months, workers=workers, given=given)
        shown = int(value) if integer else value
        try:
            again = load(scenario_file, [*(overrides or []), f"{key}={shown}"])
        except ScenarioError:
            return None  # a value the scenario does not allow (e.g. a probability above 1)
        return run(again, paths=n, seed=seed, months=months, workers=workers)

    kept, survival, alive = [], [], []
    for value in values:
        r = once(value)
        if r is None:
            continue
        kept.append(value)
        survival.append([float(x) for x in r.survival()])
        alive.append(stats.share(int(r.alive.sum()), n))
    if len(kept) < 2:
        raise SliderError(f"--slider {key}: the scenario allows too few values around {centre}")
    return Slider(
        key=key,
        values=kept,
        survival=survival,
        alive=alive,
        paths=n,
        seed=seed,
        months=horizon,
        currency=sc.company.currency,
        desc=describe(node),
        spread=spread,
        centre=int(np.argmin([abs(v - centre) for v in kept])),
        dropped=len(kept) < len(values),
    )


def nice_values(lo: float, hi: float, steps: int, integer: bool = False) -> list[float]:
    """``steps`` increasing values from about ``lo`` to about ``hi``, evenly spaced and rounded
    to readable figures (300k, 340k, ... rather than 296,312.5, ...)."""
    raw = (hi - lo) / (steps - 1)
    digits = math.floor(math.log10(raw))
    if raw / 10**digits < 3:
        digits -= 1
    values = [round(float(v), -digits) for v in np.linspace(lo, hi, steps)]
    if integer:
        values = [float(round(v)) for v in values]
    values = [float(f"{v:.12g}") for v in values]  # no 0.30000000000000004
    return sorted(set(values))
