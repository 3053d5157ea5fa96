"""Spending: team, GPUs (rent, purchases, training runs), marketing, cost of goods, fixed."""

from __future__ import annotations

import numpy as np

from sim.engine.processes.base import Process, month_of
from sim.engine.state import COST


class Costs(Process):
    """The month's costs, per category (inference costs are booked by the revenue streams,
    the team's by :class:`sim.engine.processes.team.Team`).

    * gpu = rented_gpus x rent x g + purchases paid in their month (x g) + each training run's
      cost / months during its months (x g), g the shock multiplier on GPU costs; purchases
      depreciate straight-line (profit only, not cash);
    * marketing = per_month + per_new_customer x new customers, deals and sales;
    * cogs += cogs_share_of_revenue x revenue; other = fixed_per_month.
    """

    phase = 0.5

    def __init__(self, state, draws, costs):
        super().__init__(state, draws)
        self.c = costs
        self.depreciation = np.zeros(state.n)
        self.dep_until: list[tuple[np.ndarray, np.ndarray]] = []

    def step(self, t):
        st, c, f = self.state, self.c, self.state.flows
        g = st.factor("gpu_cost")
        gpu = c.gpu.rented_gpus * c.gpu.rent_per_gpu_month * g
        for run in c.gpu.training_runs:
            months = np.maximum(month_of(run.months), 1)
            start = month_of(run.start_month)
            gpu = gpu + np.where((t >= start) & (t < start + months), run.cost / months, 0.0) * g
        capex = 0.0
        for buy in c.gpu.purchases:
            paid = np.where(month_of(buy.month) == t, buy.gpus * buy.price_per_gpu * g, 0.0)
            if np.any(paid):
                capex = capex + paid
                dep_months = np.maximum(month_of(buy.depreciation_months), 1)
                self.depreciation += paid / dep_months
                self.dep_until.append((paid / dep_months, t + dep_months))
        for amount, until in self.dep_until:
            self.depreciation -= np.where(until == t, amount, 0.0)
        # a term that is the number 0 (most scenarios buy no GPUs, say) is not added: adding it
        # would be a pass over all paths for nothing
        if _some(gpu) or _some(capex):
            f.costs[COST["gpu"]] += gpu + capex
        if _some(capex):
            f.capex += capex
        if self.dep_until:
            f.depreciation += self.depreciation
        m = c.marketing
        if _some(m.per_month) or _some(m.per_new_customer):
            f.costs[COST["marketing"]] += m.per_month + m.per_new_customer * f.new_customers
        if _some(c.cogs_share_of_revenue):
            f.costs[COST["cogs"]] += c.cogs_share_of_revenue * f.revenue.sum(0)
        if _some(c.fixed_per_month):
            f.costs[COST["other"]] += c.fixed_per_month


def _some(x) -> bool:
    """Whether ``x`` may be nonzero: an array (per-path values) or a nonzero number."""
    return isinstance(x, np.ndarray) or x != 0
