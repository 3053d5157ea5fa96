"""Distributions: sampling matches each kind's moments; bounds are checked before running."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from sim.scenario.distributions import NonNeg, Param, Share

PARAM = TypeAdapter(Param)
KINDS = [
    ({"kind": "fixed", "value": 3.0}, 3.0, 0.0),
    ({"kind": "normal", "mean": 5, "sd": 2}, 5.0, 4.0),
    ({"kind": "lognormal", "mean": 100, "sd": 50}, 100.0, 2500.0),
    ({"kind": "uniform", "low": 2, "high": 4}, 3.0, 4 / 12),
    ({"kind": "triangular", "low": 0, "mode": 1, "high": 5}, 2.0, (0 + 1 + 25 - 0 - 0 - 5) / 18),
    ({"kind": "pert", "low": 0, "mode": 2, "high": 6}, (0 + 8 + 6) / 6, None),
    ({"kind": "beta", "alpha": 2, "beta": 6}, 0.25, 2 * 6 / (8**2 * 9)),
    ({"kind": "choice", "values": [1, 2, 10], "weights": [1, 1, 2]}, 23 / 4, None),
]


@pytest.mark.parametrize(("spec", "mean", "var"), KINDS)
def test_sample_mean_and_variance(spec, mean, var):
    dist = PARAM.validate_python(spec)
    n = 200_000
    x = dist.sample(n, np.random.default_rng(1))
    assert x.shape == (n,)
    sd = np.sqrt(var) if var is not None else x.std()
    assert abs(x.mean() - mean) <= 4 * sd / np.sqrt(n) + 1e-12
    assert np.isclose(dist.mean(), mean)
    if var:
        assert abs(x.var() / var - 1) < 0.05
    lo, hi = dist.support()
    assert x.min() >= lo and x.max() <= hi


def test_truncated_normal_stays_in_bounds():
    dist = PARAM.validate_python({"kind": "normal", "mean": 0.02, "sd": 0.05, "low": 0})
    assert dist.sample(10_000, np.random.default_rng(0)).min() >= 0
    TypeAdapter(NonNeg).validate_python(dist.model_dump(by_alias=True))


@pytest.mark.parametrize(
    ("adapter", "value", "message"),
    [
        (NonNeg, -1, "expected a number >= 0, got -1"),
        (NonNeg, {"kind": "normal", "mean": 1, "sd": 1}, "normal distribution with values in"),
        (Share, 1.5, "expected a share between 0 and 1"),
        (Share, {"kind": "uniform", "low": 0.5, "high": 1.5}, "values in [0.5, 1.5]"),
        (Param, "ten", "expected a number or a distribution"),
        (Param, True, "expected a number or a distribution"),
        (Param, {"kind": "pert", "low": 3, "mode": 1, "high": 5}, "low <= mode <= high"),
        (Param, {"kind": "gamma", "k": 1}, "does not match any of the expected tags"),
    ],
)
def test_impossible_values_are_rejected_with_a_reason(adapter, value, message):
    with pytest.raises(ValidationError) as err:
        TypeAdapter(adapter).validate_python(value)
    assert message in str(err.value)


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "normal", "mean": float("nan"), "sd": 1},
        {"kind": "normal", "mean": 1, "sd": float("inf")},
        {"kind": "normal", "mean": 1, "sd": 1, "low": float("nan")},
        {"kind": "uniform", "low": float("-inf"), "high": 1},
        {"kind": "fixed", "value": float("nan")},
    ],
)
def test_nan_and_infinity_are_refused(spec):
    with pytest.raises(ValidationError):
        PARAM.validate_python(spec)


SUPPORTS = [
    *(spec for spec, _, _ in KINDS),
    {"kind": "normal", "mean": 0.02, "sd": 0.05, "low": 0},
    {"kind": "normal", "mean": 0.3, "sd": 0.1, "low": 0.1, "high": 0.7},
    {"kind": "normal", "mean": -3, "sd": 7, "high": 1.1},
    {"kind": "uniform", "low": 0.1, "high": 0.3},
    {"kind": "triangular", "low": 0.07, "mode": 0.1, "high": 0.31},
    {"kind": "pert", "low": 1e-3, "mode": 2e-3, "high": 7.3e-3},
    {"kind": "beta", "alpha": 2, "beta": 3, "low": 0.013, "high": 0.29},
]


@pytest.mark.parametrize("spec", SUPPORTS, ids=lambda s: s["kind"])
def test_support_is_scipys_to_the_last_bit(spec):
    """Each kind writes its support out (checking a file needs no scipy.stats); it is the
    frozen scipy distribution's, exactly, so validation decides as before."""
    dist = PARAM.validate_python(spec)
    if spec["kind"] == "fixed":
        return  # no scipy distribution behind it
    expected = tuple(float(x) for x in dist._frozen().support())
    if spec["kind"] == "choice":
        expected = (min(spec["values"]), max(spec["values"]))
    assert dist.support() == expected


@pytest.mark.parametrize("spec", SUPPORTS, ids=lambda s: s["kind"])
def test_samples_are_scipys_to_the_last_bit(spec):
    """The common kinds draw with numpy, not through scipy.stats (a run need not import it),
    and give the numbers scipy's frozen distribution gives from the same generator, exactly."""
    dist = PARAM.validate_python(spec)
    if spec["kind"] == "fixed":
        return
    for seed in range(5):
        ours = dist.sample(1001, np.random.default_rng(seed))
        theirs = dist._frozen().rvs(size=1001, random_state=np.random.default_rng(seed))
        if spec["kind"] == "choice":
            theirs = np.asarray(spec["values"], dtype=float)[theirs]
        assert np.array_equal(ours, np.asarray(theirs, dtype=float))
    if spec["kind"] == "choice":
        return  # its quantiles are values, scipy's are indices
    u = np.r_[0.0, np.random.default_rng(9).random(999), 1.0]
    assert np.array_equal(dist.ppf(u), np.asarray(dist._frozen().ppf(u), dtype=float))


def test_a_lognormal_whose_spread_underflows_is_refused():
    # (5e-324 / 1e7)^2 is 0 in binary: a lognormal of no spread, which scipy cannot draw from
    with pytest.raises(ValidationError, match="too small against mean"):
        TypeAdapter(Param).validate_python({"kind": "lognormal", "mean": 1e7, "sd": 5e-324})
    TypeAdapter(Param).validate_python({"kind": "lognormal", "mean": 1e7, "sd": 1e-3})
