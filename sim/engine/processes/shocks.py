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
        # each shock's paths by the month it hits and ends (a path once each): a month's
        # changes are found by two binary searches, not by passes over every path
        self.hits = [_ByMonth(h, state.months) for h in self.hit]
        self.ends = [_ByMonth(e, state.months) for e in self.end]
        self.factors: list | None = None  # the effects' values the multipliers were made of
        self.moving: dict[str, list[int]] = {}

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
        targets = list(vars(self.shocks[0].effects))
        factors = [[getattr(sh.effects, target) for sh in self.shocks] for target in targets]
        flat = [x for values in factors for x in values]
        same = self.factors is not None and all(
            x is y for x, y in zip(flat, self.factors, strict=True)
        )
        if not same:  # which shocks move each target (the others multiply it by 1)
            self.moving = {
                target: [k for k, f in enumerate(values) if np.any(f != 1.0)]
                for target, values in zip(targets, factors, strict=True)
            }
        self.factors = flat
        at = paths if same else slice(None)
        for target, values in zip(targets, factors, strict=True):
            moving = self.moving[target]
            if same and not moving:
                continue  # all ones on every path, as before
            m = np.ones(st.n if not same else paths.size)
            for k in moving:
                factor = values[k]
                f = factor[at] if isinstance(factor, np.ndarray) else factor
                m = m * np.where(self.active[k, at], f, 1.0)
            if same:  # a new array, as on every path: a reader may keep last month's
                m, part = st.mult[target].copy(), m
                m[paths] = part
            st.mult[target] = m
        stopped = (self.stops.astype(np.int64) @ self.active[:, at].astype(np.int64)) > 0
        st.stopped[:, at] = stopped


class _ByMonth:
    """The paths (in increasing order) at which a per-path month equals t, for t in 1 ..
    ``months`` (only those paths are sorted: most shocks never hit most paths)."""

    def __init__(self, month: np.ndarray, months: int):
        paths = np.flatnonzero((month >= 1) & (month <= months))
        order = np.argsort(month[paths], kind="stable")  # equal months: paths in order
        self.order, self.month = paths[order], month[paths][order]

    def at(self, t: int) -> np.ndarray:
        lo, hi = np.searchsorted(self.month, (t, t + 1))
        return self.order[lo:hi]
