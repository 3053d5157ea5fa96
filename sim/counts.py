"""Whole-number draws (customers, users, deals) for all paths at once.

Each count is a function of the path's standard normal ``Z`` for the month (:mod:`sim.draws`).
Where its variance is at least ``LARGE_VARIANCE`` it is a skew-corrected rounded normal (the
first-order Cornish-Fisher expansion of the quantile function)::

    X = clip(rint(mu + sd Z + g (Z^2 - 1) / 6), 0, n),    g = sd x skewness,

with g = 1 - 2p for a binomial and g = 1 for a Poisson count. Its distribution function is
within ``MAX_CDF_ERROR`` = 0.0034 of the exact one everywhere (Kolmogorov distance, worst just
above the threshold; it falls as about 0.014 / variance: 0.0014 at variance 10, 1e-4 at 100),
where the plain rounded normal is off by 0.066 / sd. ``tests/test_counts.py`` checks the bound
across p. Such a draw costs one normal and a few array operations, several times less than
numpy's exact samplers, and the count grows with ``Z``, so runs on common random numbers
differ smoothly.

Below the threshold counts are exact: numpy's binomial or Poisson, from the site's own
streams. Counts known in advance (variance 0: no trials, p = 0 or 1) are not drawn at all.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

LARGE_VARIANCE = 5.0
MAX_CDF_ERROR = 0.0034

Exact = Callable[..., np.ndarray]
"""``exact(index, *parameters)``: exact draws for the paths at ``index`` (see sim.draws)."""


def binomial(n: np.ndarray, p, z: np.ndarray, exact: Exact) -> np.ndarray:
    """Binomial(n, p) per path, ``n`` whole numbers, ``p`` in [0, 1] (an array or a number)."""
    mu = n * p
    var = mu * (1.0 - p)
    g6 = (1.0 - 2.0 * p) / 6.0

    def at(i):
        return exact(i, n[i].astype(np.int64), p[i] if np.ndim(p) else p)

    return _draw(mu, var, g6, z, n, at)


def poisson(lam: np.ndarray, z: np.ndarray, exact: Exact) -> np.ndarray:
    """Poisson(lam) per path."""
    return _draw(lam, lam, 1.0 / 6.0, z, None, lambda i: exact(i, lam[i]))


def _draw(mu, var, g6, z, upper, exact) -> np.ndarray:
    """clip(rint(mu + noise), 0, upper), noise = sd z + g6 (z^2 - 1), then the exact draws
    below the threshold.

    The noise is computed in float32, like ``z``: twice as fast, and its rounding (6e-8 of
    its size) moves a count only when mu + noise falls that close to a half-integer.
    """
    noise = np.square(z)
    noise -= 1.0
    noise *= g6
    sd = np.sqrt(var, dtype=np.float32)
    # no skew term where the count is known (sd = 0: no trials, p = 0 or 1, lam = 0), so
    # that it comes out exactly; elsewhere sd >= 1 or the draw is exact anyway
    noise *= np.minimum(sd, 1.0)
    sd *= z
    noise += sd
    out = np.add(mu, noise, dtype=np.float64)
    np.rint(out, out=out)
    np.maximum(out, 0.0, out=out)
    if upper is not None:
        np.minimum(out, upper, out=out)
    small = np.flatnonzero((var < LARGE_VARIANCE) & (var > 0.0))
    if small.size:
        out[small] = exact(small)
    return out
