"""Compiled passes over cohorts kept by entry month (a sales pipeline's prospects).

``cohorts`` is (paths, months + 1): column c holds what entered in month c and is still there;
``hazard`` is (1 or paths, months): column months - a holds the share of a cohort of age a
that leaves in a month (age 1 in its entry month), one row for all paths or one per path.
In month t the cohorts 1..t have ages t..1, and read hazard columns months - t .. months - 1.

Each path is one row, summed in entry order: the same bits whatever the other paths of a
chunk (:mod:`sim.engine.draws`). Two passes, with no temporary array, where numpy needed six
over a (paths x months) array (a sixth of the time of the whole month of a contracts stream).
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import njit


@njit(cache=True, nogil=True)
def expected_leaving(cohorts: np.ndarray, hazard: np.ndarray, t: int) -> np.ndarray:
    """sum_c n_c h(t - c + 1) per path: the expected number leaving in month ``t``."""
    n, months = cohorts.shape[0], hazard.shape[1]
    one = hazard.shape[0] == 1
    out = np.empty(n)
    for i in range(n):
        h = hazard[0] if one else hazard[i]
        s = 0.0
        for c in range(1, t + 1):
            s += cohorts[i, c] * h[months - t + c - 1]
        out[i] = s
    return out


@njit(cache=True, nogil=True)
def take(cohorts: np.ndarray, hazard: np.ndarray, t: int, left: np.ndarray, total: np.ndarray):
    """Take ``left`` (drawn) from the cohorts of each path in proportion to their expected
    leavers n_c h_c (``total`` their sum), none more than it holds; what that bound leaves
    short (a draw far above its mean) is taken from the remainders in proportion."""
    n, months = cohorts.shape[0], hazard.shape[1]
    one = hazard.shape[0] == 1
    for i in range(n):
        if left[i] == 0.0 or total[i] == 0.0:
            continue
        h = hazard[0] if one else hazard[i]
        share = left[i] / total[i]
        taken = 0.0
        for c in range(1, t + 1):
            x = cohorts[i, c] * h[months - t + c - 1] * share
            x = min(x, cohorts[i, c])
            cohorts[i, c] -= x
            taken += x
        short = left[i] - taken
        if short > 1e-9 * max(left[i], 1.0):
            rest = 0.0
            for c in range(1, t + 1):
                rest += cohorts[i, c]
            if rest > 0.0:
                keep = 1.0 - min(short / rest, 1.0)
                for c in range(1, t + 1):
                    cohorts[i, c] *= keep
