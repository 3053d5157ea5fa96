"""Shocks: events that multiply parameters (or stop revenue streams) from the month they hit."""

from __future__ import annotations

import numpy as np

from sim.engine.processes.base import Process, month_of, months_until
from sim.engine.state import Event

NEVER = np.iinfo(np.int32).max


class Shocks(Process):
    """All shocks of a scenario.

    A shock's arrival month is drawn per path when the batch starts: ``at_month``, or, with
    ``probability_per_month`` p, ``from_month + G - 1`` with G ~ Geometric(p) (never if later
    than ``until_month``). While shocks are in force, ``state.mult[target]`` is the product of
    their ``effects`` factors and the streams they ``stops`` earn nothing.
    """

    phase = 0.0

    def __init__(self, state, draws, shocks, stream_names):
        super().__init__(state, draws)
        n = state.n
        self.shocks = shocks
        self.hit, self.end = [], []
        for sh in shocks:
            if sh.at_month is not None:
                hit = np.broadcast_to(month_of(sh.at_month), (n,)).astype(np.int64)
            else:
                p = np.broadcast_to(sh.probability_per_month, (n,))
                u = draws.uniform("arrival:" + sh.name)
                wait = months_until(u, np.clip(p, 1e-12, 1.0))  # months until it hits, >= 1
                hit = month_of(sh.from_month) + np.minimum(wait, NEVER).astype(np.int64) - 1
                hit = np.where(p > 0, hit, NEVER)  # a zero chance never hits
                if sh.until_month is not None:
                    hit = np.where(hit > month_of(sh.until_month), NEVER, hit)
            lasts = (
                NEVER if sh.duration_months is None else np.maximum(month_of(sh.duration_months), 1)
            )
            self.hit.append(hit)
            self.end.append(np.minimum(hit + lasts, NEVER))
        self.stops = np.zeros((len(stream_names), len(shocks)), dtype=bool)
        for k, sh in enumerate(shocks):
            for name in sh.stops:
                self.stops[stream_names.index(name), k] = True
        self.active = np.zeros((len(shocks), n), dtype=bool)
        self.last = np.full(n, -1)  # most recent shock to hit each path (for causes of death)
        self.last_month = np.zeros(n, dtype=np.int64)

    def step(self, t):
        st = self.state
        changed = False
        for k in range(len(self.shocks)):
            starts, ends = self.hit[k] == t, self.end[k] == t
            if starts.any() or ends.any():
                changed = True
                self.active[k] = (self.active[k] | starts) & ~ends
                self.last[starts], self.last_month[starts] = k, t
                st.log(Event.SHOCK_HIT, starts, k)
                st.log(Event.SHOCK_ENDED, ends, k)
        if changed:
            self._apply()

    def _apply(self):
        st = self.state
        for target in vars(self.shocks[0].effects):
            m = np.ones(st.n)
            for k, sh in enumerate(self.shocks):
                factor = getattr(sh.effects, target)
                if np.any(factor != 1.0):
                    m = m * np.where(self.active[k], factor, 1.0)
            st.mult[target] = m
        st.stopped[:] = (self.stops.astype(np.int64) @ self.active.astype(np.int64)) > 0
