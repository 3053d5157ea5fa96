"""Monte Carlo estimates with their uncertainty: shares, quantiles, survival curves.

Every figure the tool prints comes from here with a standard error or a 95% interval:
shares get a binomial standard error and a Wilson interval, quantiles a distribution-free
interval from order statistics (the interval of ``scipy.stats.quantile_test``, computed here
with scipy.special's binomial distribution function so that no run imports scipy.stats).
"""

from __future__ import annotations

import math

import numpy as np

Z95 = 1.959963984540054
"""The 97.5% point of the standard normal, ``scipy.stats.norm.ppf(0.975)`` to the last bit
(tests/analysis/test_stats.py checks it): written out so that importing this module does not
import scipy.stats, which costs more than half a second."""


def share(k: int, n: int) -> dict:
    """A share k/n with its standard error sqrt(p(1-p)/n) and 95% Wilson interval."""
    if n == 0:
        return {"p": None, "se": None, "lo": None, "hi": None}
    p = k / n
    lo, hi = wilson(k, n)
    return {"p": p, "se": math.sqrt(p * (1 - p) / n), "lo": lo, "hi": hi}


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share k/n (Wilson 1927):
    (p + z^2/2n -+ z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n).

    The formula scipy's ``binomtest(k, n).proportion_ci(method="wilson")`` uses (the tests
    check that they agree), without the exact test's p-value, which costs a thousand times more
    and which a survival curve, one interval per month, does not need.
    """
    p, z2 = k / n, z * z
    centre = p + z2 / (2 * n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # at k = 0 the lower bound is exactly 0 (centre = half), at k = n the upper exactly 1; in
    # floating point the formula misses them by an ulp or two (4.9e-17 at n = 3)
    lo = 0.0 if k == 0 else max((centre - half) / (1 + z2 / n), 0.0)
    hi = 1.0 if k == n else min((centre + half) / (1 + z2 / n), 1.0)
    return lo, hi


def quantile(x: np.ndarray, q: float) -> dict:
    """The q-quantile of ``x`` with a 95% interval from order statistics (None if empty)."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return {"value": None, "lo": None, "hi": None}
    value = float(np.quantile(x, q))
    x, n = np.sort(x), x.size
    # the order statistics x_(l) <= x_(h) that bracket the q-quantile with 95% confidence: with
    # B ~ Binomial(n, q), l + 1 = the 2.5% point of B and h = its 97.5% point from the top
    # (Conover 1999, Practical Nonparametric Statistics, 3.2), as scipy's quantile_test
    low, high = _order_indices(n, q)
    lo = float(x[low]) if low >= 0 and np.isfinite(x[low]) else None
    hi = float(x[high]) if high < n and np.isfinite(x[high]) else None
    return {"value": value, "lo": lo, "hi": hi}


def _order_indices(n: int, q: float, tail: float = 0.025) -> tuple[int, int]:
    """Indices (0-based) of the sorted sample bounding a two-sided interval of the q-quantile:
    (ppf(tail) - 1, isf(tail)) of Binomial(n, q), the smallest k with P(B <= k) >= tail and the
    smallest k with P(B > k) <= tail. Searched over mean +- 10 sd, where both lie."""
    from scipy.special import bdtr, bdtrc  # the binomial distribution function and its tail

    mu, sd = n * q, math.sqrt(n * q * (1 - q))
    k = np.arange(max(0, int(mu - 10 * sd) - 2), min(n, int(mu + 10 * sd) + 2) + 1)
    ppf = int(k[np.argmax(bdtr(k, n, q) >= tail)])
    isf = int(k[np.argmax(bdtrc(k, n, q) <= tail)])
    return ppf - 1, isf


def mean(x: np.ndarray) -> dict:
    """Mean with its standard error."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return {"value": None, "se": None}
    se = float(x.std(ddof=1) / math.sqrt(x.size)) if x.size > 1 else None
    return {"value": float(x.mean()), "se": se}


def ratio(num: np.ndarray, den: np.ndarray) -> dict:
    """Ratio of totals sum(num) / sum(den) over paths, with its delta-method standard error.

    With R = mean(num) / mean(den): se(R) = sqrt(sum((num - R den)^2) / (n (n - 1))) / mean(den).
    """
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    n, d = num.size, den.mean() if den.size else 0.0
    if n < 2 or d == 0:
        return {"value": None, "se": None}
    r = num.mean() / d
    se = math.sqrt(np.sum((num - r * den) ** 2) / (n * (n - 1))) / abs(d)
    return {"value": float(r), "se": float(se)}


def survival(death_month: np.ndarray, months: int) -> np.ndarray:
    """Share alive at the end of month t = 0..months (death_month 0 = never died)."""
    deaths = np.bincount(death_month[death_month > 0], minlength=months + 1)
    return 1.0 - np.cumsum(deaths) / death_month.size


def fan(
    values: np.ndarray, mask: np.ndarray | None = None, qs=(5, 25, 50, 75, 95), first_month=0
) -> dict:
    """Per-month percentiles of ``values`` (months x paths), over the paths in ``mask``.

    ``month`` numbers the rows: ``first_month``, ``first_month + 1``, ...
    """
    out: dict = {"month": list(range(first_month, first_month + values.shape[0]))}
    if mask is None and values.shape[1]:  # every month at once: one copy, one partition
        pct = np.percentile(values, qs, axis=1)
        return out | {f"p{q}": row.tolist() for q, row in zip(qs, pct, strict=True)}
    out |= {f"p{q}": [] for q in qs}
    for t in range(values.shape[0]):
        col = values[t] if mask is None else values[t, mask[t]]
        pct = np.percentile(col, qs) if col.size else [None] * len(qs)
        for q, v in zip(qs, pct, strict=True):
            out[f"p{q}"].append(None if v is None else float(v))
    return out


def distribution(x: np.ndarray, thresholds: tuple[float, ...] | list[float] = ()) -> dict:
    """A per-path quantity summarised: ``mean`` {value, se}, quantiles ``p10``, ``p50``,
    ``p90`` {value, lo, hi}, and ``p_above`` {threshold: share of paths above it} (shares with
    their standard error and Wilson interval). NaN entries (undefined on a path) are left out."""
    x = np.asarray(x, dtype=float)
    x = x[~np.isnan(x)]
    return {
        "mean": mean(x),
        **{f"p{int(q * 100)}": quantile(x, q) for q in (0.1, 0.5, 0.9)},
        "p_above": {_key(t): share(int((x > t).sum()), x.size) for t in thresholds},
    }


def _key(t: float) -> str:
    """A threshold as a JSON key: '1000000', '2.5'."""
    return f"{t:.12g}" if not float(t).is_integer() else str(int(t))
