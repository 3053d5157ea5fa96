"""Whole-number draws (customers, users, deals) for all paths at once.

Each count is a function of the path's standard normal ``Z`` for the month
(:mod:`sim.engine.draws`), and grows with it, so that runs on common random numbers differ smoothly.
Where the count's variance is at least ``LARGE_VARIANCE`` it is a skew-corrected rounded normal (the
first-order Cornish-Fisher expansion of the quantile function)::

    X = clip(rint(mu + sd Z + g (Z^2 - 1) / 6), 0, n),    g = sd x skewness,

with g = 1 - 2p for a binomial and g = 1 for a Poisson count. Its distribution function is
within ``MAX_CDF_ERROR`` = 0.0034 of the exact one everywhere (Kolmogorov distance, worst just
above the threshold; it falls as about 0.014 / variance: 0.0014 at variance 10, 1e-4 at 100),
where the plain rounded normal is off by 0.066 / sd.

Below the threshold the count is exact, by inversion: the least k with P(X <= k) >= Phi(Z),
summing the probability mass function term by term from 0 (a binomial with p > 1/2 counts its
failures instead, so that the mean is under 10 and the sum has at most 23 terms: the quantile
at Phi(5.77), of the largest Z, is at most 22). Its only error is that of ``Z`` itself, a
float32 value (:func:`sim.engine.draws.standard_normals`): under 1e-6 in the distribution function.
Counts known in advance (variance 0: no trials, p = 0 or 1) come out exactly.
``tests/test_counts.py`` checks both regimes against scipy's distributions.

The loops are compiled with numba. The first computes every count as the rounded normal
in one pass over the paths, without branches; the counts below the threshold are then gathered
and inverted together, one term of the sum per pass over all of them (a loop per count would
stop at a different k each time, and the mispredicted branches cost more than the
arithmetic). On the benchmark machine a count above the threshold costs 1.2 ns against 5.9 for
the same arithmetic as numpy expressions (each a pass over memory), one below it 26 ns against
50 for numpy's exact sampler (which redoes its set-up for every path's own parameters), and
dify's mix (one count in nine below the threshold) 4.8 ns on average.
"""

from __future__ import annotations

import math

import numpy as np

from sim.engine.jit import njit, types

LARGE_VARIANCE = 5.0
MAX_CDF_ERROR = 0.0034
_SIXTH = 1.0 / 6.0
_MAX_POISSON = 1000  # a bound on the inversion loop; with lam < 5 it stops by k = 23

# inputs typed read-only so that read-only and writable arrays both match the one compiled
# version (compiled at import, then loaded from numba's on-disk cache)
_F64, _F32 = (types.Array(t, 1, "C", readonly=True) for t in (types.float64, types.float32))


def binomial(n: np.ndarray, p, z: np.ndarray) -> np.ndarray:
    """Binomial(n, p) per path: ``n`` whole numbers, ``p`` an array or a number (clipped to
    [0, 1]), ``z`` the paths' standard normals (float32)."""
    out = np.empty(np.shape(n))
    _binomial(_paths(n), _paths(np.broadcast_to(p, out.shape)), _paths(z, np.float32), out)
    return out


def poisson(lam: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Poisson(lam) per path."""
    out = np.empty(np.shape(lam))
    _poisson(_paths(lam), _paths(z, np.float32), out)
    return out


def _paths(x, dtype=np.float64) -> np.ndarray:
    """``x`` as the contiguous array the compiled loops take (a copy only if it is not one):
    on strided or broadcast arrays they run four times slower, unvectorised."""
    return np.ascontiguousarray(x, dtype=dtype)


@njit(cache=True, nogil=True)
def _share(p: float) -> float:
    """``p`` clipped to [0, 1] (a shock may push a rate past 1); NaN stays NaN, so that an
    error shows in the counts rather than turning into no sales."""
    return 0.0 if p < 0.0 else (1.0 if p > 1.0 else p)


@njit(cache=True, nogil=True)
def _phi(z: float) -> float:
    """P(Z <= z), accurate in both tails."""
    return 0.5 * math.erfc(-z / math.sqrt(2.0))


@njit(cache=True, nogil=True)
def _count_up(u, term, odds, trials, poisson):
    """For each entry j, the least k <= trials[j] with P(X <= k) >= u[j], summing the
    probability mass function from term[j] = P(X = 0) with P(X = k) = P(X = k - 1) x
    odds (trials - k + 1) / k (a binomial) or odds / k (a Poisson, odds = its mean).

    All entries advance together, one k per pass, until every sum has reached its u: a pass
    is a loop without branches, which the compiler vectorises, where a loop per entry would
    stop at a different k each time and its mispredicted branches cost more than the
    arithmetic. ``term`` is overwritten."""
    m = u.size
    k, cdf = np.zeros(m), term.copy()
    step = 0.0
    going = m > 0
    while going:
        step += 1.0
        going = False
        for j in range(m):
            on = (u[j] > cdf[j]) & (step <= trials[j])
            k[j] += on
            term[j] *= odds[j] * (1.0 if poisson else trials[j] - step + 1.0) / step
            cdf[j] += term[j]
            going |= on
    return k


@njit(cache=True, nogil=True)
def _small(var: float) -> bool:
    """Whether a count of variance ``var`` is drawn by inversion (0: known in advance)."""
    return (var > 0.0) & (var < LARGE_VARIANCE)


@njit(cache=True, nogil=True)
def _where_small(var, small):
    """The positions of the ``small`` counts of variances ``var`` drawn by inversion."""
    index = np.empty(var.size, np.int64)
    m = 0
    for i in range(var.size):
        index[m] = i  # written for every count, kept for the small ones
        m += _small(var[i])
    return index[:small]


@njit(types.void(_F64, _F64, _F32, types.float64[::1]), cache=True, nogil=True)
def _binomial(n, p, z, out):
    # every count as the rounded normal, in a loop without branches or calls, which the
    # compiler vectorises; known counts (variance 0) exactly
    var = np.empty(n.size)
    small = 0
    for i in range(n.size):
        q, zi = _share(p[i]), np.float64(z[i])
        mu = n[i] * q
        var[i] = mu * (1.0 - q)
        x = np.rint(mu + math.sqrt(var[i]) * zi + (1.0 - 2.0 * q) * _SIXTH * (zi * zi - 1.0))
        x = 0.0 if x < 0.0 else x  # comparisons that let NaN through, as above
        x = n[i] if x > n[i] else x
        out[i] = mu if var[i] == 0.0 else x
        small += _small(var[i])
    if small == 0:
        return
    # then the small ones again, exactly; p > 1/2 counts the failures, whose number falls as
    # Z grows, so that every sum has few terms
    index = _where_small(var, small)
    m = index.size
    u, term, odds = np.empty(m), np.empty(m), np.empty(m)
    for j in range(m):
        i = index[j]
        q = _share(p[i])
        s, zi = (1.0 - q, -np.float64(z[i])) if q > 0.5 else (q, np.float64(z[i]))
        u[j] = _phi(zi)
        term[j] = math.exp(n[i] * math.log1p(-s))  # P(X = 0) >= e^-20 here: no underflow
        odds[j] = s / (1.0 - s)
    k = _count_up(u, term, odds, n[index], False)
    for j in range(m):
        i = index[j]
        out[i] = n[i] - k[j] if _share(p[i]) > 0.5 else k[j]


@njit(cache=True, nogil=True)
def _surely_zero(mu: float, z: float) -> bool:
    """Whether inversion gives 0 for a Poisson(mu) count at normal ``z`` without computing it:
    0 iff Phi(z) <= P(X = 0) = e^-mu, which holds where z <= z_k and mu <= mu_k for one of
    these pairs (Phi(z_k) is below e^-mu_k by at least 3e-4, far more than the rounding of
    erfc and exp). Most small counts are near 0 (entrants, rare events): this skips their
    erfc and exp, and the result is the same."""
    return (mu > 0.0) & (
        ((z <= 0.0) & (mu <= 0.69))  # 0.5 < 0.5016
        | ((z <= 0.5) & (mu <= 0.35))  # 0.6915 < 0.7047
        | ((z <= 1.0) & (mu <= 0.15))  # 0.8413 < 0.8607
        | ((z <= 1.5) & (mu <= 0.05))  # 0.9332 < 0.9512
        | ((z <= 2.0) & (mu <= 0.01))  # 0.9772 < 0.9900
        | ((z <= 3.0) & (mu <= 0.001))  # 0.99865 < 0.99900
    )


@njit(types.void(_F64, _F32, types.float64[::1]), cache=True, nogil=True)
def _poisson(lam, z, out):
    small = 0
    for i in range(lam.size):
        mu, zi = lam[i], np.float64(z[i])
        x = np.rint(mu + math.sqrt(mu) * zi + _SIXTH * (zi * zi - 1.0))
        x = 0.0 if x < 0.0 else x
        zero = _surely_zero(mu, zi)
        out[i] = 0.0 if (mu == 0.0) | zero else x
        small += _small(mu) & ~zero
    if small == 0:
        return
    index = np.empty(small, np.int64)  # the counts left to invert
    m = 0
    for i in range(lam.size):
        if _small(lam[i]) and not _surely_zero(lam[i], np.float64(z[i])):
            index[m] = i
            m += 1
    m = index.size
    u, term = np.empty(m), np.empty(m)
    for j in range(m):
        i = index[j]
        u[j] = _phi(np.float64(z[i]))
        term[j] = math.exp(-lam[i])
    k = _count_up(u, term, lam[index], np.full(m, _MAX_POISSON), True)
    for j in range(m):
        out[index[j]] = k[j]
