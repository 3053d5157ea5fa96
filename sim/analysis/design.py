"""The design of a sweep: which values of which parameters (a grid file).

A grid file names the parameters (dotted keys of the scenario, as ``--set`` takes them) and
their values, a list or an evenly spaced range, and how each point is simulated; the design is
every combination (``grid``), or ``points`` points spread over the ranges: a Latin hypercube
(``random``: each parameter's range cut into ``points`` equal strata, one point in each, McKay,
Beckman & Conover 1979) or a scrambled Sobol' sequence (``sobol``, ``points`` a power of 2;
Owen 1998), both from :mod:`scipy.stats.qmc`. A uniform random sample leaves gaps and clumps
that a few hundred points do not fill; these designs cover each range evenly.
:mod:`sim.analysis.sweep` simulates the points.

References
----------
McKay, M. D., Beckman, R. J. & Conover, W. J. (1979). A comparison of three methods for
selecting values of input variables in the analysis of output from a computer code.
Technometrics 21(2), 239-245.
Owen, A. B. (1998). Scrambling Sobol' and Niederreiter-Xing points. Journal of Complexity
14(4), 466-489.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import (
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from sim.engine.rng import design_stream
from sim.scenario.base import Model
from sim.scenario.loading import ScenarioError, parse_yaml

Scalar = StrictBool | StrictInt | StrictFloat | StrictStr

HEADLINE = (12, 24, 36)
METRICS = (
    "p_alive_at_horizon",
    "p_alive_at_horizon_se",
    "p_alive_at_horizon_lo",
    "p_alive_at_horizon_hi",
    *(f"p_alive_{m}" for m in HEADLINE),
    "breakeven_share",
    "default_alive_share",
    "financing_gap_p50",
    "financing_gap_p90",
    "founder_value_mean",
    "founder_value_mean_se",
    "founder_value_p50",
    "investor_multiple_mean",
    "p_acquired",
    "p_shut_down",
    "paths",
    "months",
    "seed",
)
"""Columns after the point id and the parameter values (empty: not defined, e.g. p_alive_36
of a 24-month run, or a financing-gap quantile when no path needs money)."""
INTEGER_METRICS = ("paths", "months", "seed")


class SweepError(ValueError):
    """A problem with the grid file or the sweep, worded for the user."""


class Span(Model):
    """An evenly spaced range: ``n`` values from ``low`` to ``high`` (both included)."""

    low: StrictInt | StrictFloat
    high: StrictInt | StrictFloat
    n: int = Field(5, ge=1, le=10_000, description="Number of values in a grid design.")
    integer: bool = Field(False, description="Round values to whole numbers (e.g. headcount).")

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.high < self.low:
            raise ValueError(f"high ({self.high}) is below low ({self.low})")
        return self


class Grid(Model):
    """A sweep: which values of which parameters, and how each point is simulated."""

    parameters: dict[str, list[Scalar] | Span] = Field(min_length=1)
    design: Literal["grid", "random", "sobol"] = "grid"
    points: int | None = Field(None, ge=1, description="Number of points of a random design.")
    paths: int = Field(1000, ge=1)
    months: int | None = Field(None, ge=1, le=600)
    seed: int = Field(1, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> Grid:
        for key, values in self.parameters.items():
            if isinstance(values, list) and not values:
                raise ValueError(f"parameters.{key}: give at least one value")
        if self.design != "grid" and self.points is None:
            raise ValueError(f"design: {self.design} needs `points: N`")
        if self.design == "sobol" and self.points & (self.points - 1):
            lower = 1 << (self.points.bit_length() - 1)
            raise ValueError(
                f"points: a Sobol' design needs a power of 2 (e.g. {lower} or {2 * lower}), "
                f"got {self.points}; or use `design: random` (a Latin hypercube) for any number"
            )
        if self.design == "grid" and self.points is not None:
            raise ValueError(
                "points: only for `design: random` or `sobol` (a grid has all combinations)"
            )
        clash = set(self.parameters) & {"point", *METRICS}
        if clash:
            raise ValueError(f"parameters: {', '.join(sorted(clash))} is a column of the table")
        return self


def read_grid(path: str | Path) -> Grid:
    """Read and check a grid file; :class:`SweepError` names the file and the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SweepError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SweepError(f"{path}: cannot read ({e})") from None
    try:
        doc = parse_yaml(text, str(path), what="a sweep: parameters, design, paths, ...")
    except ScenarioError as e:
        raise SweepError(str(e)) from None
    try:
        return Grid.model_validate(json.loads(json.dumps(doc)))
    except ValidationError as e:
        problems = []
        for err in e.errors():
            # pydantic names the union branches it tried; they are not keys of the file
            loc = [str(p) for p in err["loc"] if not str(p).startswith(("list[", "Span", "Strict"))]
            where = ".".join(loc) or "(top level)"
            msg = err["msg"].removeprefix("Value error, ")
            problems.append(f"{path}: {where}: {msg}")
        raise SweepError("\n".join(dict.fromkeys(problems))) from None


def design(grid: Grid) -> list[dict]:
    """The parameter values of every point, in a fixed order.

    ``grid``: every combination (the last parameter varies fastest). ``random`` (a Latin
    hypercube) and ``sobol`` (a scrambled Sobol' sequence): ``points`` points u in [0, 1)^d,
    one coordinate per parameter, each mapped onto its range: ``low + u (high - low)``; whole
    numbers (``integer: true``, or a list of integers) take each of ``low .. high`` on an
    equal share of [0, 1); a list of other values, each value likewise. The scrambling comes
    from the generator :func:`sim.engine.rng.design_stream` makes from the grid's seed.
    """
    keys = list(grid.parameters)
    if grid.design == "grid":
        axes = [_values(v) for v in grid.parameters.values()]
        return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*axes)]
    from scipy.stats import qmc  # only random designs need it

    rng = design_stream(grid.seed, "sweep.design")
    n, d = grid.points or 0, len(keys)
    engine = qmc.LatinHypercube(d, rng=rng) if grid.design == "random" else qmc.Sobol(d, rng=rng)
    unit = engine.random(n)
    columns = [_place(unit[:, j], spec) for j, spec in enumerate(grid.parameters.values())]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def _values(spec: list | Span) -> list:
    if isinstance(spec, list):
        return list(spec)
    values = np.linspace(spec.low, spec.high, spec.n)
    return list(dict.fromkeys(_clean(v, spec.integer) for v in values))


def _place(u: np.ndarray, spec: list | Span) -> list:
    """Values of one parameter for design coordinates ``u`` in [0, 1)."""
    if isinstance(spec, Span):
        if spec.integer:
            lo, hi = int(np.ceil(spec.low)), int(np.floor(spec.high))
            return _whole(u, lo, max(lo, hi))
        return [float(spec.low + v * (spec.high - spec.low)) for v in u]
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec):
        if all(isinstance(v, int) for v in spec):
            return _whole(u, min(spec), max(spec))
        low, high = min(spec), max(spec)
        return [float(low + v * (high - low)) for v in u]
    index = np.minimum((u * len(spec)).astype(np.int64), len(spec) - 1)
    return [spec[i] for i in index]


def _whole(u: np.ndarray, lo: int, hi: int) -> list[int]:
    """Each of lo .. hi on an equal share of [0, 1)."""
    return [int(v) for v in np.minimum(lo + np.floor(u * (hi - lo + 1)), hi)]


def _clean(v: float, integer: bool) -> int | float:
    """Whole numbers as ints, so overrides read ``29``, not ``29.0``."""
    v = float(v)
    if integer:
        return int(round(v))
    return int(v) if v.is_integer() and abs(v) < 2**53 else v
