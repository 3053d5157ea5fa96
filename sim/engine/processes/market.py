"""The market's answer, once a month before demand and revenue (``market:``, issue 14).

Four optional mechanisms, each skipped entirely when its section is absent:

* **Marketing effort** (Generalized Bass Model; Bass, Krishnan & Jain 1994, Marketing Science
  13(3), 203-223): the Bass hazard and the lead flow are multiplied by the effort
  ``x(t) = (1 + M(t) / M_ref)^beta``, M(t) the month's marketing budget in currency per month
  (``costs.marketing.per_month``, as a policy may have set it), 0 <= beta <= 1. x = 1 without
  spend; each extra yuan buys less effort (diminishing returns), a constant-elasticity response
  in (1 + M / M_ref) as in aggregate advertising-response models (Little 1979, Operations
  Research 27(4); Hanssens, Parsons & Schultz 2001, *Market Response Models*, ch. 3). With a
  constant x, cumulative adoption is the Bass curve with (p x, q x) (the GBM's F depends on
  X(t) = integral of x); :class:`~sim.engine.processes.demand.Demand` steps it exactly.
  The budget is paid by :class:`~sim.engine.processes.costs.Costs` as before.

* **Appeal** (multinomial logit share; McFadden 1974, in *Frontiers in Econometrics*;
  Guadagni & Little 1983, Marketing Science 2(3)): a stream's value
  ``v = w_Q (Q - F) - a (P / P_ref - 1)`` and its share of choosers ``s = e^v / (e^v + N)``
  with N rivals, against ``s0 = 1 / (1 + N0)`` at the reference (v = 0, the base rivals N0).
  Conversion (and a contract's win rate) is multiplied by s / s0 and churn by
  (1 - s) / (1 - s0); the draws clip the products to [0, 1]. The share's price elasticity is
  ``d ln s / d ln P = -a (P / P_ref) (1 - s)``, i.e. ``-a (1 - s0)`` at P = P_ref with the
  base rivals: a scenario can cite an elasticity e and set a = -e / (1 - s0). With a constant
  inflow of users U, a subscription's steady customers are U c (s / s0) / (delta (1 - s) /
  (1 - s0)), so its revenue P C is proportional to P e^v / N = P e^{-a (P / P_ref - 1)} / N,
  largest at P* = P_ref / a: an interior best price.
  P is the stream's list price (``price_per_month``, ``price_per_unit``, ``price_per_sale``
  or, for contracts, ``deal_size``). A price war is the market's price falling: where a
  stream has a reference price, a shock's ``price`` multiplier (``deal_size`` for contracts)
  and every entrant's ``price_factor`` multiply P_ref, and the company keeps charging its list
  price (so it loses share unless a policy cuts the price).

* **Quality and the free frontier** (a deterministic quality ladder: in Grossman & Helpman
  1991, Review of Economic Studies 58(1), 43-61, R&D effort brings quality steps at a rate in
  proportion to it; we take the expected steps): ``Q(t) = Q0 + k_E sum_{u<t} E(u) + k_R
  (training runs ended before t)``, E the team's productive headcount (people; hires ramp up,
  :mod:`sim.engine.processes.team`), k_E quality points per
  person-month, k_R per run; the free (open-source) frontier ``F(t) = F0 + d (t - 1)``, and at
  the hit of a ``catch_up_on`` shock F += c max(Q - F, 0). Relative quality Q - F enters v: a
  lab's lead can vanish, and with it what its training runs bought (their cost, already paid as
  an expense, is then written off in effect).

* **Entrants**: the month's number of entrants ~ Poisson(lambda(t)), ``lambda = b + k u / m``
  (u users at the start of the month, m the Bass market size): visible success draws copycats.
  Each adds one rival to N and multiplies every P_ref by ``price_factor``.

Multipliers go where the shocks' go (``state.mult``): per stream as ``mult[(target, k)]``
(read by ``state.factor(target, k)``), the effort as ``mult["effort"]``.
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import at, maximum, minimum, njit, per_path
from sim.engine.processes.base import Process, month_of

PRICE = {
    "subscription": ("price_per_month", "price"),
    "per_job": ("price_per_unit", "price"),
    "usage": ("price_per_unit", "price"),
    "one_off": ("price_per_sale", "price"),
    "contracts": ("deal_size", "deal_size"),
}
"""Stream kind -> (its list price field, the shock target that moves its market price)."""

V_MAX = 700.0
"""|v| beyond which e^v overflows; the share is then 0 or 1 to double precision anyway."""
PRICE_FLOOR = 1e-9
"""Lowest market price P_ref (currency) the price term divides by: a shock's ``price`` of 0 or
entrants' price factors can take it to 0, where P / P_ref is infinite (NaN for a free
product). It is the schema's smallest reference price (``bounds.MIN_POSITIVE``)."""


def effort(spend, reference, elasticity):
    """x = (1 + M / M_ref)^beta, the marketing effort of a budget M (see the module)."""
    return (1.0 + np.asarray(spend, dtype=float) / reference) ** elasticity


def logit_share(v, rivals):
    """s = e^v / (e^v + N), computed as 1 / (1 + N e^{-v}); v is clipped to [ln N - V_MAX,
    V_MAX], so that N e^{-v} stays within e^V_MAX (where the clip acts the share is about
    1e-304 instead of less: 0 to any purpose)."""
    return 1.0 / (1.0 + rivals * np.exp(-np.clip(v, np.log(rivals) - V_MAX, V_MAX)))


class Market(Process):
    """Marketing effort, appeal, quality and entrants (see the module docstring)."""

    phase = 0.15  # after shocks, policies and financing; before demand and revenue

    def __init__(self, state, draws, params, shocks):
        super().__init__(state, draws)
        self.p, self.m = params, params.market
        self.shocks = shocks
        n = state.n
        self.spend = None  # the budget the current effort was computed for
        if self.m.quality is not None:
            qu = self.m.quality
            self.Q = np.broadcast_to(np.asarray(qu.initial, dtype=float), (n,)).copy()
            self.F = np.broadcast_to(np.asarray(qu.frontier_initial, dtype=float), (n,)).copy()
            names = [s.name for s in shocks.shocks]
            self.catch_up = [names.index(name) for name in qu.catch_up_on]
        if self.m.appeal is not None:
            ap = self.m.appeal
            self.rivals = np.broadcast_to(np.asarray(ap.rivals, dtype=float), (n,)).copy()
            self.s0 = 1.0 / (1.0 + self.rivals)
            # logit_share's lower clip of v, ln N - V_MAX, kept up to date where rivals come
            self.v_lo = np.log(self.rivals) - V_MAX
            self.cut = np.ones(n)  # the entrants' product of price factors
            # where entrants came this month, how many, and the rivals there now
            self._came = np.empty(n, dtype=np.int64), np.empty(n), np.empty(n)
            self.streams = [
                (k, spec) for k, spec in enumerate(params.revenue) if spec.kind in PRICE
            ]

    def step(self, t):
        m = self.m
        if m.marketing is not None:
            spend = self.p.costs.marketing.per_month
            if spend is not self.spend:  # keep the object: demand rebuilds its hazard on change
                self.spend = spend
                self.state.mult["effort"] = effort(
                    spend, m.marketing.reference_per_month, m.marketing.elasticity
                )
        if m.quality is not None:
            self._quality(t)
        if m.entrants is not None:
            self._entrants(t)
        if m.appeal is not None:
            self._appeal()

    def _quality(self, t):
        qu, n = self.m.quality, self.state.n
        if t > 1:  # last month's engineering work, by its productive team (new hires ramp up)
            work = (qu.per_engineer_month, self.state.productive_headcount)
            _drift(
                self.Q,
                self.F,
                *(per_path(x, n) for x in work),
                per_path(qu.frontier_drift_per_month, n),
            )
        for run in self.p.costs.gpu.training_runs:
            start, months = month_of(run.start_month), month_of(run.months)
            if isinstance(start, int) and isinstance(months, int):  # no numpy for numbers
                if start + max(months, 1) == t:
                    self.Q += qu.per_training_run
                continue
            ended = start + np.maximum(months, 1) == t
            if np.any(ended):
                self.Q += np.where(ended, qu.per_training_run, 0.0)
        for k in self.catch_up:
            _catch_up(self.Q, self.F, self.shocks.hit[k], t, per_path(qu.catch_up_share, n))

    def _entrants(self, t):
        e, st = self.m.entrants, self.state
        lam = e.base_per_month
        if _differs(e.per_market_share, 0.0):
            lam = np.empty(st.n)
            _entry_rate(
                *(per_path(x, st.n) for x in (e.base_per_month, e.per_market_share)),
                st.users,
                per_path(self.p.demand.bass.market_size, st.n),
                lam,
            )
        new = self.draws.poisson("entrants", t, lam)
        came, count, rivals = self._came
        m = _arrive(new, self.rivals, came, count, rivals)
        if not m:
            return
        came, count = came[:m], count[:m]
        # the log (numpy's, as in logit_share) only where N changed: elementwise, the same
        _set_at(self.v_lo, came, np.log(rivals[:m]), V_MAX)
        if _differs(e.price_factor, 1.0):  # f^0 = 1: where none came nothing changes
            f = e.price_factor
            _scale_at(self.cut, came, (f[came] if isinstance(f, np.ndarray) else f) ** count)

    def _appeal(self):
        ap, st = self.m.appeal, self.state
        base = ap.quality_weight * (self.Q - self.F) if self.m.quality is not None else 0.0
        for k, spec in self.streams:
            v = base
            reference = ap.reference_prices.get(spec.name)  # read afresh: a policy may set it
            field, target = PRICE[spec.kind]
            # v (at the market's price, where the stream has one: a shock moved the market's
            # price, not the list), then s and the multipliers of conversion and churn as
            # logit_share and the module give them: compiled passes but for exp
            n = st.n
            x = np.empty(n)
            if reference is None:
                _minus_clipped(per_path(v, n), self.v_lo, V_MAX, x)
            else:
                _minus_v(
                    *(per_path(y, n) for y in (base, reference, st.factor(target))),
                    per_path(ap.price_sensitivity, n),
                    self.cut,
                    per_path(getattr(spec, field), n),
                    self.v_lo,
                    V_MAX,
                    PRICE_FLOOR,
                    x,
                )
            np.exp(x, out=x)
            conversion, churn = np.empty(n), np.empty(n)
            _multipliers(
                x,
                self.rivals,
                self.s0,
                per_path(st.factor("conversion"), n),
                per_path(st.factor("churn"), n),
                conversion,
                churn,
            )
            if reference is not None:  # the list price is charged, not the market's
                st.mult[(target, k)] = 1.0
            st.mult[("conversion", k)], st.mult[("churn", k)] = conversion, churn


def _differs(x, value: float) -> bool:
    """Whether a number or any entry of a per-path array differs from ``value`` (NaN does);
    for a number without numpy's few microseconds."""
    return x != value if isinstance(x, float) else bool(np.any(x != value))


@njit(cache=True, nogil=True)
def _drift(Q, F, per_engineer_month, productive, drift):
    """A month of quality and frontier: ``Q += k_E E``, ``F += d`` (as the numpy in-place
    additions)."""
    for i in range(Q.size):
        Q[i] += at(per_engineer_month, i) * at(productive, i)
        F[i] += at(drift, i)


@njit(cache=True, nogil=True)
def _catch_up(Q, F, hit, t, share):
    """At a ``catch_up_on`` shock's hit (``hit`` its month per path): ``F += c max(Q - F, 0)``
    there, and, in a month where it hits some path, ``F += 0`` on the others, as the numpy
    ``F += where(hit == t, c max(Q - F, 0), 0)`` it replaces."""
    for i in range(hit.size):
        if hit[i] == t:
            break
    else:
        return
    for i in range(F.size):
        F[i] += at(share, i) * maximum(Q[i] - F[i], 0.0) if hit[i] == t else 0.0


@njit(cache=True, nogil=True, error_model="numpy")
def _entry_rate(base, per_share, users, size, out):
    """The entrants' Poisson mean ``lambda = b + k u / m`` (per month; u users, m the Bass
    market size, u / m taken as 0 where m <= 0), as the numpy expressions it replaces:
    ``b + k * where(m > 0, u / m, 0)``."""
    for i in range(out.size):
        m = at(size, i)
        share = users[i] / m if m > 0.0 else 0.0
        out[i] = at(base, i) + at(per_share, i) * share


@njit(cache=True, nogil=True)
def _arrive(new, rivals, came, count, now):
    """``rivals += new``; the first entries of ``came`` are then the paths where entrants
    came (new != 0, NaN included, as ``flatnonzero``), of ``count`` their numbers there and of
    ``now`` the rivals there; their number is returned."""
    m = 0
    for i in range(new.size):
        rivals[i] += new[i]
        came[m], count[m], now[m] = i, new[i], rivals[i]  # on every path, kept where they came
        m += new[i] != 0.0
    return m


@njit(cache=True, nogil=True)
def _set_at(x, paths, values, minus):
    """``x[paths] = values - minus`` (ln N - V_MAX where entrants came)."""
    for j in range(paths.size):
        x[paths[j]] = values[j] - minus


@njit(cache=True, nogil=True)
def _scale_at(x, paths, factors):
    """``x[paths] *= factors`` (the entrants' price cut where they came)."""
    for j in range(paths.size):
        x[paths[j]] *= factors[j]


@njit(cache=True, nogil=True, error_model="numpy")  # x / 0 is inf, as in numpy
def _minus_v(base, reference, factor, sensitivity, cut, price, v_lo, v_max, floor, out):
    """``out = -clip(v, ln N - V_MAX, V_MAX)`` with ``v = base - a (P / max(P_ref f cut,
    floor) - 1)``, the same operations in the same order as the numpy expressions of
    :func:`logit_share` and :meth:`Market._appeal` (a number applies to every path)."""
    for i in range(out.size):
        market_price = maximum(at(reference, i) * at(factor, i) * cut[i], floor)
        v = at(base, i) - at(sensitivity, i) * (at(price, i) / market_price - 1.0)
        out[i] = -minimum(maximum(v, at(v_lo, i)), v_max)


@njit(cache=True, nogil=True)
def _minus_clipped(v, v_lo, v_max, out):
    """``out = -clip(v, ln N - V_MAX, V_MAX)``, as :func:`logit_share` clips v."""
    for i in range(out.size):
        out[i] = -minimum(maximum(at(v, i), v_lo[i]), v_max)


@njit(cache=True, nogil=True, error_model="numpy")  # x / 0 is inf, as in numpy
def _multipliers(e, rivals, s0, conversion_factor, churn_factor, conversion, churn):
    """From ``e = exp(-v)``: s = 1 / (1 + N e), conversion x f_c (s / s0) and churn x
    f_churn ((1 - s) / (1 - s0)), as :func:`logit_share` and :meth:`Market._appeal` compute
    them."""
    for i in range(e.size):
        s = 1.0 / (1.0 + rivals[i] * e[i])
        conversion[i] = at(conversion_factor, i) * (s / s0[i])
        churn[i] = at(churn_factor, i) * ((1.0 - s) / (1.0 - s0[i]))
