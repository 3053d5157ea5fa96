"""What the processes share: the months until a monthly chance first comes true."""

from __future__ import annotations

import numpy as np

from sim.engine.processes.base import months_until


def test_months_until_by_hand():
    # p = 1/2: the event has happened by month k with chance 1 - 2^-k (1/2, 3/4, 7/8 ...)
    u = np.array([0.0, 0.25, 0.5, 0.5000001, 0.75, 0.8, 0.875, 0.9])
    assert months_until(u, np.full(u.size, 0.5)).tolist() == [1, 1, 1, 2, 2, 3, 3, 4]
    # a certain event happens in the first month; u = 1 never comes
    assert months_until(np.array([0.0, 0.3, 0.999]), np.ones(3)).tolist() == [1, 1, 1]
    assert months_until(np.array([1.0]), np.array([0.2])).tolist() == [np.inf]


def test_months_until_is_geometric():
    """The months have the geometric distribution: P(K = k) = (1 - p)^(k - 1) p, checked on
    the mean 1/p within 4 standard errors, and equal to scipy.stats.geom.ppf inside (0, 1)."""
    from scipy import stats

    rng = np.random.default_rng(3)
    u = rng.random(200_000)
    p = 0.07
    k = months_until(u, np.full(u.size, p))
    se = np.sqrt((1 - p) / p**2 / u.size)
    assert abs(k.mean() - 1 / p) <= 4 * se
    for p in (1e-9, 1e-4, 0.02, 0.3, 0.999):
        assert np.array_equal(months_until(u, np.full(u.size, p)), stats.geom.ppf(u, p))
