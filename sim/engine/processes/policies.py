"""Policies: a strategy's monthly rules, acting on each path's own parameters."""

from __future__ import annotations

import numpy as np

from sim.engine.processes.base import Process
from sim.engine.state import Event
from sim.scenario.strategy import find


class Policies(Process):
    """At the start of each month, after shocks, fire every policy whose conditions hold.

    A policy fires at most once per path. Its actions change that path's entry of the sampled
    parameter arrays, which every process reads afresh each month:
    ``x[fired] *= factor`` (``scale``) or ``x[fired] = value`` (``set``).
    """

    phase = 0.05

    def __init__(self, state, draws, policies, params):
        super().__init__(state, draws)
        self.policies = policies
        self.params = params
        self.fired = np.zeros((len(policies), state.n), dtype=bool)

    def metrics(self, t: int) -> dict[str, np.ndarray | float]:
        st = self.state
        burn = st.last_costs - st.last_capex - st.last_revenue  # a one-off purchase is not burn
        runway = np.divide(st.cash, burn, out=np.full(st.n, np.inf), where=burn > 0)
        return {
            "cash": st.cash,
            "runway_months": runway,
            "monthly_revenue": st.last_revenue,
            "monthly_costs": st.last_costs,
            "monthly_profit": st.last_revenue - st.last_costs,
            "users": st.users,
            "customers": st.customers.sum(0),
            "month": float(t),
        }

    def step(self, t):
        if not self.policies:
            return
        values = self.metrics(t)
        for k, policy in enumerate(self.policies):
            hit = self.state.alive & ~self.fired[k]
            for metric, bound in policy.when.items():
                if bound.below is not None:
                    hit &= values[metric] < bound.below
                if bound.above is not None:
                    hit &= values[metric] > bound.above
            if not hit.any():
                continue
            for path, factor in policy.scale.items():
                self._change(path, hit, lambda x, f=factor: x * f)
            for path, value in policy.set.items():
                self._change(path, hit, lambda x, v=value: np.full_like(x, v))
            self.fired[k] |= hit
            self.state.log(Event.POLICY, hit, k)

    def _change(self, path: str, mask: np.ndarray, how) -> None:
        parent_path, _, field = path.rpartition(".")
        parent = find(self.params, parent_path) if parent_path else self.params
        current = np.broadcast_to(np.asarray(getattr(parent, field), dtype=float), mask.shape)
        updated = current.copy()
        updated[mask] = how(current[mask])
        setattr(parent, field, updated)
