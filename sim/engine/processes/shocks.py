"""Shocks: events that multiply parameters (or stop revenue streams) from the month they hit."""

from __future__ import annotations

import operator

import numpy as np

from sim.engine.jit import njit
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
        # each shock's paths by the month it hits and ends (a path once each): a month's
        # changes are found by two binary searches, not by passes over every path
        self.hits = [_ByMonth(h, state.months) for h in self.hit]
        self.ends = [_ByMonth(e, state.months) for e in self.end]
        self.targets = list(vars(shocks[0].effects)) if shocks else []
        self.factors: list | None = None  # the effects' values the multipliers were made of
        self.plan: list = []  # (target, the shocks that move it, their factors)

    def step(self, t):
        st = self.state
        changed = []
        for k in range(len(self.shocks)):
            starts, ends = self.hits[k].at(t), self.ends[k].at(t)
            if starts.size or ends.size:
                self.active[k, starts] = True
                self.active[k, ends] = False  # a shock lasts at least a month: never both
                self.last[starts], self.last_month[starts] = k, t
                st.log_paths(Event.SHOCK_HIT, starts, k)
                st.log_paths(Event.SHOCK_ENDED, ends, k)
                changed += [starts, ends]
        if changed:  # the paths where something changed, once each, in order
            paths = np.sort(np.concatenate(changed))
            self._apply(paths[np.flatnonzero(np.diff(paths, prepend=-1))])

    def _apply(self, paths: np.ndarray):
        """The multipliers and stopped streams again, where shocks started or ended (at index
        ``paths``); on every path the first time, and whenever a policy has changed an
        effect's value (a multiplier is the same product, in the same order, either way)."""
        st = self.state
        flat = [getattr(sh.effects, target) for target in self.targets for sh in self.shocks]
        same = self.factors is not None and all(map(operator.is_, flat, self.factors))
        if not same:
            self.factors, self.plan = flat, self._plan(flat)
            paths = np.arange(st.n)
        for target, moving, factors in self.plan:
            if not moving.size:
                if not same:
                    st.mult[target] = np.ones(st.n)
                continue  # all ones on every path, as before
            # a new array, as on every path: a reader may keep last month's
            m = st.mult[target].copy() if same else np.empty(st.n)
            _multiply(m, paths, self.active, moving, factors)
            st.mult[target] = m
        _stop(st.stopped, paths, self.stops, self.active)

    def _plan(self, flat: list) -> list:
        """Per effect target: the shocks that move it (the others multiply it by 1) and their
        factors, one row each (one column when no factor differs by path)."""
        k = len(self.shocks)
        plan = []
        for j, target in enumerate(self.targets):
            values = flat[j * k : (j + 1) * k]
            moving = [q for q, f in enumerate(values) if np.any(f != 1.0)]
            width = max([np.size(values[q]) for q in moving], default=1)
            factors = np.empty((len(moving), width))
            for row, q in enumerate(moving):
                factors[row] = values[q]
            plan.append((target, np.array(moving, dtype=np.int64), factors))
        return plan


@njit(cache=True, nogil=True)
def _multiply(out, paths, active, moving, factors):
    """``out[i]`` = 1 x f_1 x f_2 ... (f_q the factor of shock ``moving[q]`` where it is
    active, else 1), multiplied in order of q as numpy's ``m = m * where(active, f, 1.0)``
    from ``m = ones``, for i in ``paths``. ``factors``: one row per moving shock, one column
    per path or one for all."""
    step = factors.shape[1] > 1
    for i in paths:
        m = 1.0
        for q in range(moving.size):
            m = m * (factors[q, i * step] if active[moving[q], i] else 1.0)
        out[i] = m


@njit(cache=True, nogil=True)
def _stop(stopped, paths, stops, active):
    """``stopped[s, i]``: some shock that ``stops`` stream s is active on path i, for i in
    ``paths``."""
    for i in paths:
        for s in range(stops.shape[0]):
            x = False
            for k in range(stops.shape[1]):
                x |= stops[s, k] & active[k, i]
            stopped[s, i] = x


class _ByMonth:
    """The paths (in increasing order) at which a per-path month equals t, for t in 1 ..
    ``months`` (only those paths are sorted: most shocks never hit most paths)."""

    def __init__(self, month: np.ndarray, months: int):
        paths = np.flatnonzero((month >= 1) & (month <= months))
        order = np.argsort(month[paths], kind="stable")  # equal months: paths in order
        self.order = paths[order]
        self.first = np.searchsorted(month[paths][order], np.arange(months + 2)).tolist()

    def at(self, t: int) -> np.ndarray:
        return self.order[self.first[t] : self.first[t + 1]]
