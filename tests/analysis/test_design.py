"""Random sweep designs: a Latin hypercube or a scrambled Sobol' sequence, seeded by the grid."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis import design as designs


def _grid(**kw) -> designs.Grid:
    return designs.Grid.model_validate(kw)


def test_latin_hypercube_puts_one_point_in_each_stratum_of_each_range():
    n = 50
    spec = {"a": {"low": 100.0, "high": 200.0}, "b": {"low": -1.0, "high": 1.0}}
    points = designs.design(_grid(parameters=spec, design="random", points=n, seed=3))
    for key, s in spec.items():
        u = (np.array([p[key] for p in points]) - s["low"]) / (s["high"] - s["low"])
        assert sorted(np.floor(u * n).astype(int)) == list(range(n)), key  # one per stratum
    again = designs.design(_grid(parameters=spec, design="random", points=n, seed=3))
    assert again == points
    other = designs.design(_grid(parameters=spec, design="random", points=n, seed=4))
    assert other != points


def test_whole_numbers_and_choices_take_each_value_equally_often():
    spec = {"k": {"low": 1, "high": 4, "integer": True}, "c": ["x", "y"], "m": [10, 20, 30]}
    points = designs.design(_grid(parameters=spec, design="random", points=12, seed=1))
    assert sorted(p["k"] for p in points) == sorted([1, 2, 3, 4] * 3)
    assert sorted(p["c"] for p in points) == ["x"] * 6 + ["y"] * 6
    assert all(isinstance(p["k"], int) and isinstance(p["m"], int) for p in points)
    # a list of integers spans min..max: 10..30, each whole number on an equal share
    assert all(10 <= p["m"] <= 30 for p in points)


def test_sobol_design_is_balanced_and_needs_a_power_of_two():
    spec = {"a": {"low": 0.0, "high": 1.0}, "b": {"low": 0.0, "high": 1.0}}
    points = designs.design(_grid(parameters=spec, design="sobol", points=64, seed=2))
    for key in spec:
        u = np.array([p[key] for p in points])
        # a (t, m, s)-net: each of the 2^m elementary intervals of a coordinate holds one point
        assert sorted(np.floor(u * 64).astype(int)) == list(range(64)), key
    assert points == designs.design(_grid(parameters=spec, design="sobol", points=64, seed=2))
    with pytest.raises(ValueError, match=r"power of 2 \(e\.g\. 32 or 64\), got 48"):
        _grid(parameters=spec, design="sobol", points=48)
    with pytest.raises(ValueError, match="design: sobol needs `points: N`"):
        _grid(parameters=spec, design="sobol")


def test_the_design_covers_a_range_more_evenly_than_uniform_draws():
    """The point of a Latin hypercube: the largest gap between 100 sorted values is at most
    two strata (2/100 of the range), where 100 uniform draws leave gaps near 5/100."""
    points = designs.design(
        _grid(parameters={"a": {"low": 0.0, "high": 1.0}}, design="random", points=100, seed=5)
    )
    u = np.sort([0.0, *(p["a"] for p in points), 1.0])
    assert np.diff(u).max() <= 2 / 100
