"""Shares and their intervals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from sim.analysis.stats import quantile, share, wilson


@pytest.mark.parametrize("n", [1, 2, 7, 100, 4_000, 1_000_000])
def test_wilson_interval_is_scipys(n):
    for k in sorted({0, 1, n // 3, n // 2, n - 1, n}):
        ci = sps.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
        assert np.allclose(wilson(k, n), (ci.low, ci.high), rtol=1e-12, atol=1e-15), (k, n)


def test_share_has_its_standard_error():
    s = share(30, 120)
    assert s["p"] == 0.25 and np.isclose(s["se"], np.sqrt(0.25 * 0.75 / 120))
    assert s["lo"] < 0.25 < s["hi"]
    assert share(0, 0) == {"p": None, "se": None, "lo": None, "hi": None}


def test_wilson_interval_ends_exactly_at_0_and_1():
    """k = 0 has lower bound 0 and k = n upper bound 1 exactly (the formula's rounding gave
    4.9e-17 at n = 3, 0.9999999999999999 at n = 10), and every bound lies in [0, 1]."""
    for n in [*range(1, 400), 10**6, 10**9]:
        assert wilson(0, n)[0] == 0.0 and wilson(n, n)[1] == 1.0, n
        assert 0.0 < wilson(0, n)[1] and wilson(n, n)[0] < 1.0, n
        for k in (1, n // 2, n - 1):
            lo, hi = wilson(k, n)
            assert 0.0 <= lo <= k / n <= hi <= 1.0, (k, n)
        if n > 1:
            assert wilson(1, n)[0] > 0.0 and wilson(n - 1, n)[1] < 1.0, n


@pytest.mark.parametrize("n", [1, 2, 3, 7, 40, 399, 1000, 4000, 10_001, 123_457])
@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_quantile_interval_is_scipys_quantile_test(n, q):
    """The order-statistics interval, computed without scipy.stats, is scipy's exactly."""
    from scipy import stats

    x = np.random.default_rng(n).lognormal(0.0, 1.0, n)
    ours = quantile(x, q)
    ci = stats.quantile_test(x, q=ours["value"], p=q).confidence_interval(0.95)
    assert ours["value"] == float(np.quantile(x, q))
    assert ours["lo"] == (float(ci.low) if np.isfinite(ci.low) else None)
    assert ours["hi"] == (float(ci.high) if np.isfinite(ci.high) else None)
