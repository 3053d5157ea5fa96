"""The team: how many people, how many of them fully productive, and what they cost."""

from __future__ import annotations

import numpy as np

from sim.engine.jit import maximum, minimum, njit
from sim.engine.processes.base import Process, month_of
from sim.engine.state import COST


class Team(Process):
    """The month's headcount H(t), productive headcount P(t) and team cost (``costs.team``).

    The target is G(t) = max(plan(t), ceil(revenue(t-1) / revenue_per_head)), at most
    max_headcount, where plan(t) is the latest plan step that has started (the base headcount
    before any). Without frictions H(t) = G(t). With frictions (``hiring_months`` L,
    ``ramp_months`` R or ``severance_months`` S set) the team of month 1 is its target, and from
    month 2, with O(t, s) the positions open at the start of month t that are to be filled in
    month s >= t:

    1. cancel: the open positions are cut to max(G - H(t-1), 0), the latest-filled first, at
       no cost (an offer not yet started is withdrawn);
    2. cut: C(t) = max(H(t-1) - G, 0) people leave at once;
    3. open: max(G - H(t-1) + C - sum_s O(t, s), 0) new positions, to be filled in month t + L
       (this month if L = 0; never, if after the horizon);
    4. arrive: the positions to be filled in month t join, A(t) = O(t, t), so
       H(t) = H(t-1) - C(t) + A(t).

    A hire in its k-th month (k = 1 the month it arrives) works min(k / R, 1) of a full
    person: P(t) = H(t) - sum_{j >= 0} A(t - j) max(0, 1 - (j + 1) / R) (a linear ramp;
    a cut removes the same share of each ramping cohort as of the team). The founding team is
    productive at once.

    team cost (per month) = H(t) x cost_per_head_per_month + C(t) x S x cost_per_head_per_month:
    people in their ramp are paid in full, and severance (S months of pay per person cut) is
    booked as a team cost in the month of the cut.

    Hiring lags and ramps follow the workforce-planning literature: time-to-fill and time to
    productivity of new hires (Zoltners, Sinha & Lorimer 2004, *Sales Force Design for Strategic
    Advantage*, ch. 5: new sales people reach full productivity over their first months);
    severance as months of pay per year of service is the usual statutory form (e.g. China's
    Labour Contract Law 2008, art. 47: one month's pay per year worked).
    """

    phase = 0.25  # after demand, before the revenue streams, which read the productive team

    def __init__(self, state, draws, costs):
        super().__init__(state, draws)
        self.c = costs
        self.hc: np.ndarray | None = None  # headcount of the last month
        self.open: np.ndarray | None = None  # (months + 2, n): positions by the month filled
        self.arrived: np.ndarray | None = None  # (months + 2, n): hires by the month they came

    def step(self, t):
        st, team = self.state, self.c.team
        target = self.target(t)
        cut = None
        if self.hc is None or not _frictions(team):
            hc, self.open = target, None  # a policy that ends the frictions drops open positions
            productive = hc
        else:
            hc, cut = self._follow(t, target, team)
            productive = self._productive(t, hc, team)
        self.hc = hc
        st.headcount, st.productive_headcount = hc, productive
        cost = hc * team.cost_per_head_per_month
        if cut is not None and _some(team.severance_months):
            cost = cost + cut * team.severance_months * team.cost_per_head_per_month
        st.flows.costs[COST["team"]] += cost

    def target(self, t):
        """G(t): the headcount the plan and the revenue rule ask for, per path."""
        team = self.c.team
        hc = np.broadcast_to(np.asarray(team.headcount, dtype=float), (self.state.n,))
        latest = np.zeros(self.state.n)
        for hire in team.plan:
            start = month_of(hire.from_month)
            on = (t >= start) & (start >= latest)
            hc = np.where(on, hire.headcount, hc)
            latest = np.where(on, start, latest)
        if team.revenue_per_head is not None:
            hc = np.maximum(hc, np.ceil(self.state.last_revenue / team.revenue_per_head))
        if team.max_headcount is not None:
            hc = np.minimum(hc, team.max_headcount)
        return hc

    def _follow(self, t, target, team):
        """Steps 1-4 of the class docstring: H(t) and C(t), in one compiled pass
        (:func:`_follow_paths`)."""
        st = self.state
        if self.open is None:
            self.open = np.zeros((st.months + 2, st.n))
            self.arrived = np.zeros((st.months + 2, st.n))
        lag = np.minimum(month_of(team.hiring_months), st.months + 1 - t)  # row months + 1: never
        lag = np.ascontiguousarray(np.broadcast_to(lag, (st.n,)), dtype=np.int64)
        hc = self.hc.astype(float, copy=True)
        cut = np.empty(st.n)
        ramp_from = max(t - _span(team.ramp_months), 0)
        rows = int(lag.max()) + 1
        _follow_paths(self.open, self.arrived, t, lag, rows, target, hc, cut, ramp_from)
        return hc, cut

    def _productive(self, t, hc, team):
        """P(t): the headcount less what the hires still in their ramp do not yet work."""
        ramp = team.ramp_months
        if not _some(ramp):
            return hc
        productive = hc.copy()
        r = np.maximum(ramp, 1e-12)
        for j in range(min(_span(ramp), t)):
            productive -= self.arrived[t - j] * np.maximum(0.0, 1.0 - (j + 1) / r)
        return productive


def _span(months) -> int:
    """Whole months a ramp of ``months`` (a number or per path) can last."""
    return int(np.ceil(np.max(months)))


def _frictions(team) -> bool:
    return _some(team.hiring_months) or _some(team.ramp_months) or _some(team.severance_months)


def _some(x) -> bool:
    """Whether ``x`` may be nonzero: an array (per-path values) or a nonzero number."""
    return isinstance(x, np.ndarray) or x != 0


@njit(cache=True, nogil=True, error_model="numpy")  # x / 0 is inf, as in numpy
def _follow_paths(open_, arrived, t, lag, rows, target, hc, cut, ramp_from):
    """Steps 1-4 of :class:`Team` on every path, in place: ``open_`` rows t .. t + rows - 1
    are cancelled down to what the target allows, ``hc`` (last month's headcount on entry)
    becomes H(t), ``cut`` C(t), and ``arrived[t]`` the month's hires.

    The same floating-point operations, in the same order, as the numpy expressions
    ``before = cumsum(pending, 0) - pending``, ``clip(allowed - before, 0, pending)``,
    ``gap = max(target - hc - pending.sum(0), 0)`` (a cumulative sum starts at its first
    term, a sum over rows at +0.0, adding the rows in order), so the numbers are identical
    to the last bit (``tests/engine/processes/test_team_kernel.py`` checks it).
    """
    n = hc.size
    allowed, upto = np.empty(n), np.empty(n)  # upto: the positions open up to this row
    total = np.zeros(n)  # the open positions after cancelling (numpy's sum starts at +0.0)
    for i in range(n):
        allowed[i] = maximum(target[i] - hc[i], 0.0)
    for r in range(rows):  # row by row, so that the loops over paths are vectorised
        row = open_[t + r]
        for i in range(n):
            p = row[i]
            c = p if r == 0 else upto[i] + p
            upto[i] = c
            kept = minimum(maximum(allowed[i] - (c - p), 0.0), p)
            row[i] = kept
            total[i] += kept
    some = False
    for i in range(n):
        cut[i] = maximum(hc[i] - target[i], 0.0)
        some |= cut[i] != 0.0  # as cut.any(): NaN counts
    if some:  # the ramping hires lose the same share as the team
        share = np.empty(n)
        for i in range(n):
            share[i] = (hc[i] - cut[i]) / hc[i] if hc[i] > 0.0 else 0.0
            hc[i] -= cut[i]
        for r in range(ramp_from, t):
            row = arrived[r]
            for i in range(n):
                row[i] *= share[i]
    for i in range(n):
        open_[t + lag[i], i] += maximum(target[i] - hc[i] - total[i], 0.0)
        arrived[t, i] = open_[t, i]
        hc[i] += open_[t, i]
