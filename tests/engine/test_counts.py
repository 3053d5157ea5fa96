"""Count draws: exact below the variance threshold, a skew-corrected rounded normal above it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.engine import counts
from sim.engine.counts import LARGE_VARIANCE, MAX_CDF_ERROR
from sim.engine.draws import Draws
from sim.engine.rng import root_sequence

GRID = 1_000_000
# z at the middle of GRID equally likely bins (as float32, like the engine's normals): counts
# computed from it have, bin for bin, the sampler's own distribution, up to 1 / GRID
Z = stats.norm.ppf((np.arange(GRID) + 0.5) / GRID).astype(np.float32)
EXACT = 2 / GRID  # the grid's own resolution, plus the float32 rounding of Z (under 1e-6)


def _kolmogorov(x, cdf, lo, hi) -> float:
    k = np.arange(lo, hi + 1)
    approx = np.searchsorted(np.sort(x), k, side="right") / GRID
    return float(np.max(np.abs(approx - cdf(k))))


@pytest.mark.parametrize("var", [LARGE_VARIANCE, 2 * LARGE_VARIANCE, 50.0])
@pytest.mark.parametrize("p", [1e-4, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99])
def test_binomial_is_within_the_stated_error_from_the_threshold_up(var, p):
    n = np.ceil(var / (p * (1 - p)))
    x = counts.binomial(np.full(GRID, n), p, Z)
    mu, sd = n * p, np.sqrt(n * p * (1 - p))
    lo, hi = max(0, int(mu - 12 * sd)), min(int(n), int(mu + 12 * sd) + 1)
    assert _kolmogorov(x, stats.binom(n, p).cdf, lo, hi) <= MAX_CDF_ERROR + 1 / GRID


@pytest.mark.parametrize("lam", [LARGE_VARIANCE, 7.5, 20.0, 400.0])
def test_poisson_is_within_the_stated_error_from_the_threshold_up(lam):
    x = counts.poisson(np.full(GRID, lam), Z)
    sd = np.sqrt(lam)
    lo, hi = max(0, int(lam - 12 * sd)), int(lam + 12 * sd) + 1
    assert _kolmogorov(x, stats.poisson(lam).cdf, lo, hi) <= MAX_CDF_ERROR + 1 / GRID


@pytest.mark.parametrize("var", [0.01, 0.5, 2.0, 0.999 * LARGE_VARIANCE])
@pytest.mark.parametrize("p", [1e-6, 0.01, 0.3, 0.5, 0.7, 0.999])
def test_binomial_is_exact_below_the_threshold(var, p):
    n = max(1.0, np.floor(var / (p * (1 - p))))
    x = counts.binomial(np.full(GRID, n), p, Z)
    mu, sd = n * p, np.sqrt(n * p * (1 - p))
    lo, hi = max(0, int(mu - 12 * sd) - 1), min(int(n), int(mu + 12 * sd) + 2)
    assert _kolmogorov(x, stats.binom(n, p).cdf, lo, hi) <= EXACT
    assert x.min() >= 0 and x.max() <= n


@pytest.mark.parametrize("lam", [1e-4, 0.3, 1.0, 3.0, 0.999 * LARGE_VARIANCE])
def test_poisson_is_exact_below_the_threshold(lam):
    x = counts.poisson(np.full(GRID, lam), Z)
    assert _kolmogorov(x, stats.poisson(lam).cdf, 0, int(lam + 12 * np.sqrt(lam)) + 2) <= EXACT


def test_counts_grow_with_z_on_both_sides_of_the_threshold():
    """Common random numbers: a path with a larger normal never gets a smaller count."""
    order = np.argsort(Z, kind="stable")
    for n, p in ((40.0, 0.05), (40.0, 0.95), (1e6, 0.01)):
        assert np.all(np.diff(counts.binomial(np.full(GRID, n), p, Z)[order]) >= 0)
    for lam in (0.5, 4.0, 400.0):
        assert np.all(np.diff(counts.poisson(np.full(GRID, lam), Z)[order]) >= 0)


def test_a_count_does_not_depend_on_the_other_paths_of_the_call():
    """Small counts are inverted together, one term per pass (sim.engine.counts._count_up): a
    path's count is the same as alone, whatever mix of regimes, flips and known counts
    it is drawn with."""
    rng = np.random.default_rng(11)
    size = 3000
    n = rng.choice([0.0, 1.0, 5.0, 50.0, 1000.0, 1e6], size)
    p = rng.choice([0.0, 1e-3, 0.02, 0.2, 0.5, 0.8, 0.999, 1.0, 1.3, np.nan], size)
    lam = rng.choice([0.0, 1e-3, 0.7, 4.9, 5.0, 60.0, np.nan], size)
    z = rng.standard_normal(size).astype(np.float32)
    together = counts.binomial(n, p, z), counts.poisson(lam, z)
    alone = (
        np.concatenate(
            [counts.binomial(n[i : i + 1], p[i : i + 1], z[i : i + 1]) for i in range(size)]
        ),
        np.concatenate([counts.poisson(lam[i : i + 1], z[i : i + 1]) for i in range(size)]),
    )
    for a, b in zip(together, alone, strict=True):
        assert np.array_equal(a, b, equal_nan=True)


def test_the_skew_correction_matters():
    """Without it, the rounded normal is off by 0.066 / sd: over five times the bound here."""
    lam = LARGE_VARIANCE
    plain = np.maximum(np.rint(lam + np.sqrt(lam) * Z.astype(float)), 0)
    sd = np.sqrt(lam)
    assert _kolmogorov(plain, stats.poisson(lam).cdf, 0, int(lam + 12 * sd)) > 5 * MAX_CDF_ERROR


def test_draws_have_the_right_mean_and_variance_on_both_sides_of_the_threshold():
    size = 200_000
    draws = Draws(root_sequence(0), 0, size)
    for t, (n_trials, p) in enumerate(((20, 0.2), (10_000, 0.3)), 1):  # variance 3.2 and 2100
        x = draws.binomial("x", t, np.full(size, float(n_trials)), p)
        assert np.all(x == np.round(x)) and x.min() >= 0 and x.max() <= n_trials
        mean, var = n_trials * p, n_trials * p * (1 - p)
        assert abs(x.mean() - mean) < 4 * np.sqrt(var / size)
        # the variance of a sample variance is about 2 var^2 / size for near-normal counts
        assert abs(x.var() - var) < 4 * var * np.sqrt(2 / size) + 1 / 12


def test_known_draws_are_not_random():
    draws = Draws(root_sequence(0), 0, 4)
    n = np.array([0.0, 10.0, 10.0, 5000.0])
    assert draws.binomial("x", 1, n, np.array([0.5, 0.0, 1.0, 1.0])).tolist() == [0, 0, 10, 5000]
    assert draws.poisson("y", 1, np.zeros(4)).tolist() == [0, 0, 0, 0]


def test_expected_mode_returns_means():
    draws = Draws(root_sequence(0), 0, 1, random=False)
    assert draws.binomial("x", 1, np.array([10.0]), 0.25).tolist() == [2.5]
    assert draws.poisson("y", 1, np.array([3.5])).tolist() == [3.5]


def test_an_impossible_rate_shows_as_nan_rather_than_as_no_sales():
    z = np.zeros(2, dtype=np.float32)
    assert np.isnan(counts.binomial(np.array([100.0, 1e6]), np.nan, z)).all()
    assert np.isnan(counts.poisson(np.array([np.nan, np.nan]), z)).all()


def test_poisson_counts_known_to_be_zero_are_zero_by_inversion():
    # the shortcut's pairs (z_k, mu_k), at and just inside their corners, and dense grids of
    # small means: where it says 0, the exact quantile at Phi(z) is 0, and the counts are
    # those of the full inversion (run separately on each value, where nothing is skipped)
    mu = np.concatenate([np.geomspace(1e-9, 0.7, 400), [0.69, 0.35, 0.15, 0.05, 0.01, 0.001]])
    z = np.linspace(-6.0, 3.5, 400, dtype=np.float32)
    lam, zz = (a.ravel() for a in np.meshgrid(mu, z))
    got = counts.poisson(lam, zz)
    exact = stats.poisson.ppf(stats.norm.cdf(zz.astype(float)), lam)
    skipped = np.array([counts._surely_zero(m, float(x)) for m, x in zip(lam, zz, strict=True)])
    assert skipped.mean() > 0.3  # the shortcut is taken
    assert np.all(exact[skipped] == 0) and np.all(got[skipped] == 0)
    assert np.array_equal(got, exact)
