"""What every business process shares: a monthly simpy loop acting on the batch state."""

from __future__ import annotations

import numpy as np

from sim.engine.draws import Draws
from sim.engine.state import State


class Process:
    """One business function, run by simpy once a month for all paths at once.

    ``phase`` orders the processes within a month (shocks, then money raised, demand,
    revenue, costs, and the month-end close), so that the order does not depend on the order
    in which they were created.
    """

    phase: float = 0.5

    def __init__(self, state: State, draws: Draws):
        self.state, self.draws = state, draws

    def step(self, t: int) -> None:
        """Act on month ``t`` (1-based)."""
        raise NotImplementedError

    def run(self, env, months: int):
        yield env.timeout(self.phase)
        for t in range(1, months + 1):
            self.state.month = t
            self.step(t)
            yield env.timeout(1)


def month_of(x) -> np.ndarray | int:
    """A per-path month parameter as whole months (sampled values are rounded)."""
    return np.rint(x).astype(np.int64) if isinstance(x, np.ndarray) else round(x)


def months_until(u: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Months until an event with a chance ``p`` a month first happens (1 = this month), by
    inversion of the geometric distribution: the smallest k >= 1 with 1 - (1 - p)^k >= u, for
    ``u`` uniform on [0, 1) (Devroye 1986, *Non-Uniform Random Variate Generation*, X.2).

    k = ceil(log(1 - u) / log(1 - p)), stepped down by one where rounding overshot (as
    scipy.stats.geom.ppf does, which this replaces so that a run need not import scipy.stats);
    at least 1, also where p = 1 or u = 0, and infinite where u = 1. ``p`` must be above 0.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.log1p(-p)  # log(1 - p), below 0; -inf at p = 1
        k = np.ceil(np.log1p(-u) / q)
        overshot = (-np.expm1(q * (k - 1)) >= u) & (k > 1)
        k = np.where(overshot, k - 1, k)
    return np.where(u >= 1, np.inf, np.maximum(k, 1))
