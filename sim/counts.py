"""Whole-number draws (customers, users, deals) for all paths at once.

``random`` mode draws counts; ``expected`` mode returns their expected values, so a scenario
without distributions is deterministic.

Random counts are exact (numpy's binomial / Poisson) while their variance is below
``LARGE_VARIANCE``. Above it they come from a rounded normal with the same mean and
variance, ``X = clip(rint(mu + sd Z), 0, n)``: four to six times cheaper, and within
``MAX_CDF_ERROR`` = 0.0067 of the exact distribution function everywhere (Kolmogorov
distance, which falls as 0.066 / sd; ``tests/test_counts.py`` checks it). Such counts are in
the hundreds or more, where an error of this size is far below every other uncertainty in a
scenario.
Entries whose draw is known (no trials, probability 0 or 1) are not drawn at all.
"""

from __future__ import annotations

import numpy as np

LARGE_VARIANCE = 100.0
MAX_CDF_ERROR = 0.0067


class Counts:
    def __init__(self, mode: str):
        self.random = mode == "random"

    def binomial(self, rng: np.random.Generator, n: np.ndarray, p) -> np.ndarray:
        """Binomial(n, p) per path; ``n`` holds whole numbers in random mode."""
        p = np.clip(p, 0.0, 1.0)
        if not self.random:
            return n * p
        p = np.broadcast_to(p, n.shape)
        mu = n * p
        var = mu * (1.0 - p)
        return self._draw(rng, mu, var, n, lambda m: rng.binomial(n[m].astype(np.int64), p[m]))

    def poisson(self, rng: np.random.Generator, lam) -> np.ndarray:
        """Poisson(lam) per path."""
        lam = np.asarray(lam, dtype=float)
        if not self.random:
            return lam
        return self._draw(rng, lam, lam, None, lambda m: rng.poisson(lam[m]))

    @staticmethod
    def _draw(rng, mu, var, upper, exact) -> np.ndarray:
        big = var >= LARGE_VARIANCE
        n_big = np.count_nonzero(big)
        if n_big == 0:
            return exact(slice(None)).astype(float)
        # the rounded normal is exact where var = 0 (no trials, p = 0 or 1)
        out = rng.standard_normal(mu.shape)
        out *= np.sqrt(var)
        out += mu
        np.rint(out, out=out)
        np.clip(out, 0.0, upper if upper is not None else np.inf, out=out)
        if n_big < mu.size:
            small = ~big & (var > 0)
            out[small] = exact(small)
        return out
