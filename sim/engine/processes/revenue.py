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

from sim.engine import cohorts
from sim.engine.processes.base import Process, month_of
from sim.engine.state import COST, Event


class _Stream(Process):
    phase = 0.3

    def __init__(self, state, draws, spec, index: int):
        super().__init__(state, draws)
        self.spec, self.k = spec, index
        self.stopped: np.ndarray | None = None
        self.due: np.ndarray | None = None  # receivables by the month they are paid in

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
        billed = self.selling(amount)
        self.state.flows.revenue[self.k] = billed
        terms = getattr(self.spec, "payment_terms_months", 0.0)
        if self.due is not None or isinstance(terms, np.ndarray) or terms != 0:
            self._invoice(billed, terms)

    def _invoice(self, billed: np.ndarray, terms) -> None:
        """Revenue booked now is paid ``payment_terms_months`` L later (trade credit): the
        amount billed in month t is due in month t + L (never, if after the horizon), and the
        month's receivables grow by billed(t) - due(t). A receivable is a current asset (it is
        counted with cash in what the company is worth) but pays no bills: a company can die
        with money owed to it. The month-end close takes the growth out of the month's cash
        (:class:`sim.engine.processes.month_end.MonthEnd`). Payment terms of 30-90 days are the
        norm of trade credit between firms (Petersen & Rajan 1997, Trade credit: theories and
        evidence, Review of Financial Studies 10(3))."""
        st, t = self.state, self.state.month
        if self.due is None:
            self.due = np.zeros((st.months + 2, st.n))  # by the month it is paid in
        lag = np.minimum(month_of(terms), st.months + 1 - t)
        if isinstance(lag, np.ndarray):
            self.due[t + lag, np.arange(st.n)] += billed
        else:
            self.due[t + lag] += billed
        st.flows.deferred += billed
        st.flows.deferred -= self.due[t]
        st.flows.deferring = True

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

    pipeline += Binomial(new users, conversion); decided ~ Binomial(pipeline, 1/cycle) (a
    geometric sales cycle), or by a lognormal sales cycle (:meth:`_lognormal`); with a sales
    team, decisions are capped by its capacity (:meth:`_capacity`);
    won ~ Binomial(decided, win_rate); revenue = won deal_size (1 + trend)^(t-1) f; delivery
    (cost of goods) = revenue x delivery_cost_share + won x delivery_cost_per_deal.
    """

    def __init__(self, state, draws, spec, index):
        super().__init__(state, draws, spec, index)
        self.pipeline = np.zeros(state.n)
        self.cohorts: np.ndarray | None = None  # (n, months + 1) undecided prospects by entry
        self.hazard_of: tuple = ()  # the cycle parameters the hazard was computed for
        self.ready = np.zeros(state.n)  # decided prospects waiting for a sales person

    def sell(self, t):
        st, spec = self.state, self.spec
        prospects = self.draws.binomial("prospects", t, st.new_users, spec.conversion)
        self.pipeline += prospects
        if spec.sales_cycle is None:
            decide = 1.0 / np.maximum(spec.sales_cycle_months, 1.0)
            decided = self.draws.binomial("decided", t, self.pipeline, decide)
        else:
            decided = self._lognormal(t, prospects)
        self.pipeline -= decided
        if spec.sales_team is not None:
            decided = self._capacity(decided)
        rate = spec.win_rate * st.factor("conversion", self.k)
        won = self.draws.binomial("won", t, self.selling(decided), rate)
        st.flows.new_customers += won
        self.count(won)
        size = spec.deal_size * (1.0 + spec.deal_size_change_per_month) ** (t - 1)
        value = won * size * st.price_factor * st.factor("deal_size", self.k)
        self.earn(value)
        self.cost("cogs", value * spec.delivery_cost_share + won * spec.delivery_cost_per_deal)

    def _lognormal(self, t, prospects):
        """Decisions of month ``t`` under a lognormal sales cycle D (months).

        Prospects are kept by entry month c (cohort age a = t - c + 1, a = 1 in the month they
        enter). A prospect still undecided at age a is decided in that month with the discrete
        hazard of D (Singer & Willett 1993, discrete-time survival analysis)::

            h(a) = (S(a - 1) - S(a)) / S(a - 1),   S(x) = 1 - Phi((ln x - mu) / s),  S(0) = 1,

        so that a cohort's undecided share after a months is exactly S(a) = P(D > a).
        The month's decisions are drawn as one binomial, Binomial(pipeline, pooled rate) with
        pooled rate = sum_c n_c h_c / sum_c n_c, and shared among cohorts in proportion to
        n_c h_c (the approximation :class:`CustomerStream` makes for sBG churn): the mean of
        every cohort is exact; the variance of the total is that of one binomial at the pooled
        rate, at least the exact sum_c n_c h_c (1 - h_c) of independent cohorts (by Jensen's
        inequality), and the split among cohorts is its expectation, not drawn. A share above a
        cohort's size (a draw far above its mean) is taken from the other cohorts' remainders.
        Lognormal durations: Limpert, Stahel & Abbt (2001), Log-normal distributions across the
        sciences, BioScience 51(5); right-skewed sales cycles with a long tail of slow deals.
        The passes over the cohorts are compiled (:mod:`sim.engine.cohorts`).
        """
        st, T = self.state, self.state.months
        if self.cohorts is None:
            self.cohorts = np.zeros((st.n, T + 1))
        self.cohorts[:, t] = prospects
        hazard = self._hazard()
        total = cohorts.expected_leaving(self.cohorts, hazard, t)
        pooled = np.divide(total, self.pipeline, out=np.zeros(st.n), where=self.pipeline > 0)
        decided = self.draws.binomial("decided", t, self.pipeline, pooled)
        cohorts.take(self.cohorts, hazard, t, decided, total)
        return decided

    def _hazard(self) -> np.ndarray:
        """h(a) for ages a = T, T - 1, ..., 1 (column T - a), per path or in one row; made
        again when a policy changes the cycle's parameters."""
        cycle = self.spec.sales_cycle
        key = (cycle.mean_months, cycle.sd_months)
        if not (self.hazard_of and all(x is y for x, y in zip(key, self.hazard_of, strict=True))):
            from scipy.special import ndtr  # the normal CDF, exact in both tails

            mean, sd = (np.asarray(x, dtype=float).reshape(-1, 1) for x in key)
            s2 = np.log1p((sd / mean) ** 2)
            mu, s = np.log(mean) - s2 / 2, np.sqrt(s2)
            age = np.arange(self.state.months, 0, -1, dtype=float)
            survive = ndtr(-(np.log(age) - mu) / s)
            with np.errstate(divide="ignore"):
                before = ndtr(-(np.log(age - 1.0) - mu) / s)  # S(0) = 1: ln 0 = -inf
            self.hazard = 1.0 - np.divide(
                survive, before, out=np.zeros_like(survive), where=before > 0
            )
            self.hazard_of = key
        return self.hazard

    def _capacity(self, decided):
        """Decisions the sales team can make: min(ready, K), K = deals_per_rep_per_month x R,
        R the fixed reps or share_of_team x the productive headcount (new hires ramp up,
        :class:`sim.engine.processes.team.Team`), K rounded down to whole deals when counts
        are random. Prospects whose cycle has ended join ``ready`` and wait, first come first
        served, without going cold (a queue with K servers a month). Capacity from the
        workload method of sales-force sizing (Talley 1961, How to design sales territories,
        J. of Marketing 25(3); Zoltners, Sinha & Lorimer 2004, ch. 5)."""
        team = self.spec.sales_team
        reps = team.reps
        if reps is None:
            reps = team.share_of_team * self.state.productive_headcount
        capacity = team.deals_per_rep_per_month * reps
        if self.draws.random:
            capacity = np.floor(capacity + 1e-9)  # whole decisions; 1e-9: 0.1 x 30 is 3
        self.ready += decided
        done = np.minimum(self.ready, capacity)
        self.ready -= done
        return done


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
