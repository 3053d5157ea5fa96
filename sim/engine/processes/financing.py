"""Money from outside: planned rounds (in a market climate) and customer prepayments."""

from __future__ import annotations

import numpy as np

from sim.engine.processes.base import Process, month_of
from sim.engine.state import Event

WAITING, TALKING, CLOSED, FAILED = 0, 1, 2, 3


class Financing(Process):
    """Rounds and prepayments.

    A round's talks start in the first month t >= earliest_month in which the previous
    month's revenue >= min_monthly_revenue, users >= min_users and the ``after`` round has
    closed. They end months_to_close + the climate's extra months later (0: the same month)
    and succeed when U < probability x climate factor, with U ~ Uniform(0, 1) drawn once per
    path and round (so the investors' answer does not depend on when they are asked); the
    company then receives amount x climate size factor. A failed round is not retried.
    """

    phase = 0.1

    def __init__(self, state, draws, financing, climate):
        super().__init__(state, draws)
        n = state.n
        self.f = financing
        self.status = np.zeros((len(financing.rounds), n), dtype=np.int8)
        self.close_at = np.zeros((len(financing.rounds), n), dtype=np.int64)
        self.u = [draws.uniform("answer:" + r.name) for r in financing.rounds]
        self.climate = climate
        self.names = [r.name for r in financing.rounds]
        self.last_failed = np.full(n, -1)  # round whose failure left the company short
        # paths per round still waiting and in talks: a round all paths have left costs nothing
        self.waiting = [n] * len(financing.rounds)
        self.talking = [0] * len(financing.rounds)

    def step(self, t):
        st, flows = self.state, self.state.flows
        for pre in self.f.prepayments:
            flows.prepaid += np.where(month_of(pre.month) == t, pre.amount, 0.0)
        for k, r in enumerate(self.f.rounds):
            status = self.status[k]
            if self.waiting[k]:
                ready = (status == WAITING) & (t >= month_of(r.earliest_month))
                ready &= (st.last_revenue >= r.min_monthly_revenue) & (st.users >= r.min_users)
                if r.after is not None:
                    ready &= self.status[self.names.index(r.after)] == CLOSED
                if ready.any():
                    status[ready] = TALKING
                    moved = int(ready.sum())
                    self.waiting[k] -= moved
                    self.talking[k] += moved
                    delay = r.months_to_close + self.climate.extra_months_to_close
                    self.close_at[k] = np.where(ready, t + month_of(delay), self.close_at[k])
                    st.log(Event.ROUND_TALKS, ready, k)
            if not self.talking[k]:
                continue
            ends = (status == TALKING) & (self.close_at[k] <= t)
            if ends.any():
                self.talking[k] -= int(ends.sum())
                p_close = np.minimum(r.probability * self.climate.probability_factor, 1.0)
                won = ends & (self.u[k] < p_close)
                lost = ends & ~won
                flows.raised += np.where(won, r.amount * self.climate.size_factor, 0.0)
                status[won], status[lost] = CLOSED, FAILED
                self.last_failed[lost] = k
                self.last_failed[won] = -1
                st.log(Event.ROUND_CLOSED, won, k)
                st.log(Event.ROUND_FAILED, lost, k)

    def first(self, status: int, paths: np.ndarray) -> np.ndarray:
        """For the paths at index ``paths``, the first round in ``status`` (-1 if none), for
        causes of death."""
        if not len(self.status):
            return np.full(len(paths), -1)
        match = self.status[:, paths] == status
        return np.where(match.any(0), match.argmax(0), -1)
