"""The design of a sweep: which values of which parameters (a grid file).

A grid file names the parameters (dotted keys of the scenario, as ``--set`` takes them) and
their values, a list or an evenly spaced range, and how each point is simulated; the design is
every combination (``grid``) or ``points`` random points (``random``). :mod:`sim.analysis.sweep`
simulates them.
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
    design: Literal["grid", "random"] = "grid"
    points: int | None = Field(None, ge=1, description="Number of points of a random design.")
    paths: int = Field(1000, ge=1)
    months: int | None = Field(None, ge=1, le=600)
    seed: int = Field(1, ge=0)

    @model_validator(mode="after")
    def _consistent(self) -> Grid:
        for key, values in self.parameters.items():
            if isinstance(values, list) and not values:
                raise ValueError(f"parameters.{key}: give at least one value")
        if self.design == "random" and self.points is None:
            raise ValueError("design: random needs `points: N`")
        if self.design == "grid" and self.points is not None:
            raise ValueError("points: only for `design: random` (a grid has all combinations)")
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

    ``grid``: every combination (the last parameter varies fastest). ``random``: ``points``
    points, each parameter uniform over its range (a list of numbers spans its minimum to its
    maximum; a list of other values is drawn from with equal weights), from one generator
    seeded by the grid's seed.
    """
    keys = list(grid.parameters)
    if grid.design == "grid":
        axes = [_values(v) for v in grid.parameters.values()]
        return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*axes)]
    rng = design_stream(grid.seed, "sweep.design")
    n = grid.points or 0
    columns = [_draw(rng, spec, n) for spec in grid.parameters.values()]
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns, strict=True)]


def _values(spec: list | Span) -> list:
    if isinstance(spec, list):
        return list(spec)
    values = np.linspace(spec.low, spec.high, spec.n)
    return list(dict.fromkeys(_clean(v, spec.integer) for v in values))


def _draw(rng: np.random.Generator, spec: list | Span, n: int) -> list:
    if isinstance(spec, Span):
        if spec.integer:
            lo, hi = int(np.ceil(spec.low)), int(np.floor(spec.high))
            return [int(v) for v in rng.integers(lo, max(lo, hi) + 1, size=n)]
        return [float(v) for v in rng.uniform(spec.low, spec.high, size=n)]
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in spec):
        if all(isinstance(v, int) for v in spec):
            return [int(v) for v in rng.integers(min(spec), max(spec) + 1, size=n)]
        return [float(v) for v in rng.uniform(min(spec), max(spec), size=n)]
    return [spec[i] for i in rng.integers(len(spec), size=n)]


def _clean(v: float, integer: bool) -> int | float:
    """Whole numbers as ints, so overrides read ``29``, not ``29.0``."""
    v = float(v)
    if integer:
        return int(round(v))
    return int(v) if v.is_integer() and abs(v) < 2**53 else v
