"""Revenue streams: how users become money. One process per stream in the scenario.

All streams write the month's revenue of stream k to ``flows.revenue[k]`` (per path) and their
serving cost to ``flows.costs``. While a shock stops a stream (a ban), it sells nothing: no
revenue, no serving cost, no new customers or deals; its existing customers wait (and churn) for
the ban to end. Segment price factors enter through ``state.price_factor`` (the share-weighted
average factor): a stream's customers are split across segments in proportion to the segment
shares.
"""

from __future__ import annotations

import numpy as np

from sim.engine.processes.base import Process, month_of
from sim.engine.state import COST, Event


class _Stream(Process):
    phase = 0.3

    def __init__(self, state, draws, spec, index: int):
        super().__init__(state, draws)
        self.spec, self.k = spec, index
        self.stopped: np.ndarray | None = None

    def step(self, t):
        stopped = self.state.stopped[self.k]
        self.stopped = stopped if stopped.any() else None  # most months nothing is stopped
        self.sell(t)

    def sell(self, t: int) -> None:
        """The stream's month (``self.stopped``: paths where a shock stops it, or None)."""
        raise NotImplementedError

    def selling(self, x):
        """``x`` on the paths where the stream sells, 0 where a shock stops it."""
        return x if self.stopped is None else np.where(self.stopped, 0.0, x)

    def earn(self, amount: np.ndarray) -> None:
        self.state.flows.revenue[self.k] = self.selling(amount)

    def count(self, units: np.ndarray) -> None:
        """What the stream sold this month: deals, jobs or calls, sales or new subscribers."""
        self.state.flows.units[self.k] = self.selling(units)

    def cost(self, category: str, amount) -> None:
        self.state.flows.costs[COST[category]] += self.selling(amount)


class CustomerStream(_Stream):
    """Subscription, per-job and usage streams: a pool of paying customers.

    Each month: customers churn, charging may start, new users convert, then customers pay.

    * churn: lost ~ Binomial(C, c d) for a constant churn c (d: shock multiplier); with
      ``sbg`` churn, customers are kept by acquisition cohort and a cohort of age a loses the
      share alpha / (alpha + beta + a - 1) of its members; the month's total loss is drawn as
      one binomial at the pooled rate and shared among cohorts in proportion to their hazard.
    * charging starts in the first month with t >= from_month and users at the start of the
      month >= after_users; then Binomial(users so far, backlog_conversion) customers join.
    * new(t) ~ Binomial(new users, conversion) while charging.
    * subscription revenue = C price f; metered revenue = U price f with units
      U ~ Poisson(C units_per_customer), f the price factor of segments and shocks.
    """

    def __init__(self, state, draws, spec, index):
        super().__init__(state, draws, spec, index)
        n = state.n
        self.customers = np.zeros(n)
        self.charging = np.zeros(n, dtype=bool)
        self.all_charging = False
        self.sbg = getattr(spec.churn, "kind", None) == "sbg"
        if self.sbg:
            self.cohorts = np.zeros((n, state.months + 1))
            # hazard[:, T - a] = alpha / (alpha + beta + a - 1): the share of a cohort of age a
            # that leaves at its a-th renewal, stored so that cohorts 0..t-1 (ages t..1) read
            # the contiguous slice hazard[:, T - t : T].
            age = np.arange(state.months, 0, -1)
            alpha = np.broadcast_to(spec.churn.alpha, (n,))[:, None]
            beta = np.broadcast_to(spec.churn.beta, (n,))[:, None]
            self.hazard = alpha / (alpha + beta + age - 1)
            self.first_cohort = state.months  # no cohort before charging starts anywhere

    def sell(self, t):
        st, spec = self.state, self.spec
        if self.customers.any():
            self._churn(t)
        if not self.all_charging:
            start = ~self.charging & (t >= month_of(spec.charging.from_month))
            start &= st.users_start >= spec.charging.after_users
            if start.any():
                joined = self.draws.binomial(
                    "backlog", t, np.where(start, st.users_start, 0.0), self._backlog()
                )
                self._join(joined, t)
                self.charging |= start
                self.all_charging = self.charging.all()
                st.log(Event.CHARGING_STARTED, start, self.k)
        if self.all_charging or self.charging.any():
            rate = spec.conversion * st.factor("conversion", self.k)
            buyers = (
                st.new_users if self.all_charging else np.where(self.charging, st.new_users, 0.0)
            )
            new = self.draws.binomial("conversion", t, self.selling(buyers), rate)
            self._join(new, t)
            st.flows.new_customers += new
            if spec.kind == "subscription":
                self.count(new)
        st.customers[self.k] = self.customers
        self._bill(t)

    def _backlog(self):
        backlog = self.spec.backlog_conversion
        return self.spec.conversion if backlog is None else backlog

    def _join(self, new, t):
        self.customers += new
        if self.sbg:
            self.cohorts[:, t] += new
            self.first_cohort = min(self.first_cohort, t)

    def _churn(self, t):
        st = self.state
        if not self.sbg:
            rate = self.spec.churn * st.factor("churn", self.k)
            self.customers -= self.draws.binomial("churn", t, self.customers, rate)
            return
        c0, T = self.first_cohort, st.months
        cohorts = self.cohorts[:, c0:t]
        hazard = self.hazard[:, T - t + c0 : T]
        factor = st.factor("churn", self.k)
        if isinstance(factor, np.ndarray):
            hazard = np.minimum(hazard * factor[:, None], 1.0)
        expected = cohorts * hazard
        total = expected.sum(1)
        pooled = np.divide(total, self.customers, out=np.zeros(st.n), where=self.customers > 0)
        lost = self.draws.binomial("churn", t, self.customers, pooled)
        share = np.divide(lost, total, out=np.zeros(st.n), where=total > 0)
        cohorts -= expected * share[:, None]
        self.customers = np.maximum(self.customers - lost, 0.0)

    def _bill(self, t):
        st, spec = self.state, self.spec
        price = st.price_factor * st.factor("price", self.k)
        if spec.kind == "subscription":
            self.earn(self.customers * spec.price_per_month * price)
            serving = self.customers * spec.serving_cost_per_customer_per_month
        else:
            units = self.draws.poisson(
                "units", t, self.customers * spec.units_per_customer_per_month
            )
            self.count(units)
            self.earn(units * spec.price_per_unit * price)
            serving = units * spec.unit_cost
        self.cost("inference", serving * st.factor("inference_cost"))


class OneOffStream(_Stream):
    """sales(t) ~ Binomial(new users, conversion); revenue = sales price f."""

    def sell(self, t):
        st, spec = self.state, self.spec
        rate = spec.conversion * st.factor("conversion", self.k)
        sales = self.draws.binomial("sales", t, self.selling(st.new_users), rate)
        st.flows.new_customers += sales
        self.count(sales)
        self.earn(sales * spec.price_per_sale * st.price_factor * st.factor("price", self.k))
        self.cost("inference", sales * spec.unit_cost * st.factor("inference_cost"))


class ContractStream(_Stream):
    """A sales pipeline of prospects (see :class:`sim.scenario.Contracts`).

    pipeline += Binomial(new users, conversion); decided ~ Binomial(pipeline, 1/cycle);
    won ~ Binomial(decided, win_rate); revenue = won deal_size (1 + trend)^(t-1) f; delivery
    (cost of goods) = revenue x delivery_cost_share + won x delivery_cost_per_deal.
    """

    def __init__(self, state, draws, spec, index):
        super().__init__(state, draws, spec, index)
        self.pipeline = np.zeros(state.n)

    def sell(self, t):
        st, spec = self.state, self.spec
        self.pipeline += self.draws.binomial("prospects", t, st.new_users, spec.conversion)
        decide = 1.0 / np.maximum(spec.sales_cycle_months, 1.0)
        decided = self.draws.binomial("decided", t, self.pipeline, decide)
        self.pipeline -= decided
        rate = spec.win_rate * st.factor("conversion", self.k)
        won = self.draws.binomial("won", t, self.selling(decided), rate)
        st.flows.new_customers += won
        self.count(won)
        size = spec.deal_size * (1.0 + spec.deal_size_change_per_month) ** (t - 1)
        value = won * size * st.price_factor * st.factor("deal_size", self.k)
        self.earn(value)
        self.cost("cogs", value * spec.delivery_cost_share + won * spec.delivery_cost_per_deal)


class FlatStream(_Stream):
    """revenue(t) = amount_per_month + sd_per_month Z_t, Z_t ~ N(0, 1) i.i.d., from from_month."""

    def sell(self, t):
        st, spec = self.state, self.spec
        amount = np.broadcast_to(np.asarray(spec.amount_per_month, dtype=float), (st.n,))
        if np.any(spec.sd_per_month):
            amount = amount + spec.sd_per_month * self.draws.normal("noise", t)
        self.earn(np.where(t >= month_of(spec.from_month), amount, 0.0))


STREAMS = {
    "subscription": CustomerStream,
    "per_job": CustomerStream,
    "usage": CustomerStream,
    "one_off": OneOffStream,
    "contracts": ContractStream,
    "flat": FlatStream,
}
