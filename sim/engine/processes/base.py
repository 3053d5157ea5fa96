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
