"""Shares and their intervals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps

from sim.analysis.stats import share, wilson


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
