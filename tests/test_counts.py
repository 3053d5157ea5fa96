"""Count draws: exact below the variance threshold, a close rounded normal above it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.counts import LARGE_VARIANCE, MAX_CDF_ERROR, Counts


@pytest.mark.parametrize("p", [1e-4, 0.01, 0.1, 0.5, 0.9])
def test_rounded_normal_is_within_the_stated_error_at_the_threshold(p):
    n = int(np.ceil(LARGE_VARIANCE / (p * (1 - p))))
    mu, sd = n * p, np.sqrt(n * p * (1 - p))
    k = np.arange(max(0, int(mu - 12 * sd)), int(mu + 12 * sd) + 1)
    distance = np.max(np.abs(stats.binom.cdf(k, n, p) - stats.norm.cdf((k + 0.5 - mu) / sd)))
    assert distance <= MAX_CDF_ERROR


def test_draws_have_the_right_mean_and_variance_on_both_sides_of_the_threshold():
    rng = np.random.default_rng(0)
    c = Counts("random")
    size = 200_000
    for n_trials, p in ((50, 0.2), (10_000, 0.3)):  # variance 8 (exact) and 2100 (normal)
        x = c.binomial(rng, np.full(size, float(n_trials)), p)
        assert np.all(x == np.round(x)) and x.min() >= 0 and x.max() <= n_trials
        mean, var = n_trials * p, n_trials * p * (1 - p)
        assert abs(x.mean() - mean) < 4 * np.sqrt(var / size)
        # the variance of a sample variance is about 2 var^2 / size for near-normal counts
        assert abs(x.var() - var) < 4 * var * np.sqrt(2 / size) + 1 / 12


def test_known_draws_are_not_random():
    rng = np.random.default_rng(0)
    c = Counts("random")
    n = np.array([0.0, 10.0, 10.0, 5000.0])
    assert c.binomial(rng, n, np.array([0.5, 0.0, 1.0, 1.0])).tolist() == [0, 0, 10, 5000]
    assert c.poisson(rng, np.zeros(3)).tolist() == [0, 0, 0]


def test_expected_mode_returns_means():
    c = Counts("expected")
    assert c.binomial(None, np.array([10.0]), 0.25).tolist() == [2.5]
    assert c.poisson(None, np.array([3.5])).tolist() == [3.5]
