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
        follow = self.hc is not None and _frictions(team)
        if not follow:
            self.open = None  # a policy that ends the frictions drops open positions
        elif self.open is None:
            self.open = np.zeros((st.months + 2, st.n))
            self.arrived = np.zeros((st.months + 2, st.n))
        target = np.empty(st.n)
        hc = self.hc.copy() if follow else target
        ramp = _values(team.ramp_months) if follow and _some(team.ramp_months) else NOTHING
        productive = np.empty(st.n) if ramp.size else hc
        span = _span(ramp) if ramp.size else 0
        severance = NOTHING
        if follow and _some(team.severance_months):
            severance = _values(team.severance_months)
        lag = np.minimum(month_of(team.hiring_months), st.months + 1 - t)  # row months + 1: never
        _month(
            t,
            self._base(t),
            NOTHING if team.revenue_per_head is None else _values(team.revenue_per_head),
            NOTHING if team.max_headcount is None else _values(team.max_headcount),
            st.last_revenue,
            follow,
            self.open if follow else EMPTY,
            self.arrived if follow else EMPTY,
            np.asarray(lag, dtype=np.int64).reshape(-1),
            target,
            hc,
            ramp,
            span,
            productive,
            _values(team.cost_per_head_per_month),
            severance,
            st.flows.costs[COST["team"]],
        )
        self.hc = hc
        st.headcount, st.productive_headcount = hc, productive

    def target(self, t):
        """G(t): the headcount the plan and the revenue rule ask for, per path."""
        team, st = self.c.team, self.state
        g = np.empty(st.n)
        _target(
            self._base(t),
            NOTHING if team.revenue_per_head is None else _values(team.revenue_per_head),
            NOTHING if team.max_headcount is None else _values(team.max_headcount),
            st.last_revenue,
            g,
        )
        return g

    def _base(self, t) -> np.ndarray:
        """The plan's headcount of month t, the latest step that has started (one value for
        all paths when no step depends on the path)."""
        team = self.c.team
        if not team.plan:
            return _values(team.headcount)
        hc = np.broadcast_to(np.asarray(team.headcount, dtype=float), (self.state.n,))
        latest = np.zeros(self.state.n)
        for hire in team.plan:
            start = month_of(hire.from_month)
            on = (t >= start) & (start >= latest)
            hc = np.where(on, hire.headcount, hc)
            latest = np.where(on, start, latest)
        return _values(hc)


NOTHING = np.empty(0)  # a rule that is not set
EMPTY = np.empty((0, 0))  # no open positions or hires: the team has no frictions


def _values(x) -> np.ndarray:
    """A parameter as the compiled pass takes it: one float per path, or one for all."""
    return np.ascontiguousarray(np.asarray(x, dtype=float).reshape(-1))


def _span(months) -> int:
    """Whole months a ramp of ``months`` (a number or per path) can last."""
    return int(np.ceil(np.max(months)))


def _frictions(team) -> bool:
    return _some(team.hiring_months) or _some(team.ramp_months) or _some(team.severance_months)


def _some(x) -> bool:
    """Whether ``x`` may be nonzero: an array (per-path values) or a nonzero number."""
    return isinstance(x, np.ndarray) or x != 0


@njit(cache=True, nogil=True, error_model="numpy")  # x / 0 is inf, as in numpy
def _target(base, per_head, most, last_revenue, g):
    """G(t) = min(max(plan(t), ceil(revenue(t-1) / revenue_per_head)), max_headcount) into
    ``g`` (a rule of size 0 is not set; size 1: one value for all paths)."""
    sb, sr, sm = base.size > 1, per_head.size > 1, most.size > 1  # steps: 1 per path, or 0
    for i in range(g.size):
        x = base[i * sb]
        if per_head.size:
            x = maximum(x, np.ceil(last_revenue[i] / per_head[i * sr]))
        if most.size:
            x = minimum(x, most[i * sm])
        g[i] = x


@njit(cache=True, nogil=True, error_model="numpy")
def _month(
    t, base, per_head, most, last_revenue, follow, open_, arrived, lag, target, hc,
    ramp, span, productive, pay, severance, costs,
):  # fmt: skip
    """The month of :class:`Team` on every path, in place: ``target`` = G(t)
    (:func:`_target`); with frictions (``follow``) ``hc`` goes from H(t-1) to H(t) by steps
    1-4 (``open_`` rows t .. t + max(lag) cancelled down to what the target allows, the
    ramping hires ``arrived[t - span .. t - 1]`` cut by the team's share, ``arrived[t]`` the
    month's hires) and, with a ``ramp``, ``productive`` = P(t); without, ``hc`` is ``target``.
    ``costs`` (yuan per month) += H x pay + C x severance x pay, the last term only with
    ``severance`` set (``lag``, ``ramp``, ``pay``, ``severance``: one value or one per path).

    The same floating-point operations, in the same order, as the numpy expressions of the
    engine before (``tests/engine/processes/test_team_kernel.py`` checks it bit for bit):
    ``before = cumsum(pending, 0) - pending``, ``clip(allowed - before, 0, pending)``,
    ``gap = max(target - hc - pending.sum(0), 0)`` (a cumulative sum starts at its first
    term, a sum over rows at +0.0, adding the rows in order), the cut's share applied to
    every path when some path is cut, and ``P = H - sum_j A(t - j) max(0, 1 - (j + 1) /
    max(R, 1e-12))`` subtracting in order of j.
    """
    n = target.size
    _target(base, per_head, most, last_revenue, target)
    sp, ss, sl, sr = pay.size > 1, severance.size > 1, lag.size > 1, ramp.size > 1
    if follow:
        rows = lag[0]
        for i in range(1, lag.size):
            rows = max(rows, lag[i])
        rows += 1
        allowed, upto = np.empty(n), np.empty(n)  # upto: the positions open up to this row
        total = np.zeros(n)  # the open positions after cancelling (numpy's sum: from +0.0)
        cut = np.empty(n)
        some = False
        for i in range(n):
            allowed[i] = maximum(target[i] - hc[i], 0.0)
            c = maximum(hc[i] - target[i], 0.0)
            cut[i] = c
            some |= c != 0.0  # as cut.any(): NaN counts
        for r in range(rows):  # row by row, so that the loops over paths are vectorised
            row = open_[t + r]
            for i in range(n):
                p = row[i]
                c = p if r == 0 else upto[i] + p
                upto[i] = c
                kept = minimum(maximum(allowed[i] - (c - p), 0.0), p)
                row[i] = kept
                total[i] += kept
        if some:  # the ramping hires lose the same share as the team
            share = np.empty(n)
            for i in range(n):
                share[i] = (hc[i] - cut[i]) / hc[i] if hc[i] > 0.0 else 0.0
                hc[i] -= cut[i]
            for r in range(max(t - span, 0), t):
                row = arrived[r]
                for i in range(n):
                    row[i] *= share[i]
        now = open_[t]
        for i in range(n):
            open_[t + lag[i * sl], i] += maximum(target[i] - hc[i] - total[i], 0.0)
            arrived[t, i] = now[i]
            hc[i] += now[i]
        if ramp.size:
            for i in range(n):
                productive[i] = hc[i]
            for j in range(min(span, t)):
                row = arrived[t - j]
                for i in range(n):
                    r = maximum(ramp[i * sr], 1e-12)
                    productive[i] -= row[i] * maximum(0.0, 1.0 - (j + 1) / r)
        for i in range(n):
            c = hc[i] * pay[i * sp]
            if severance.size:
                c = c + cut[i] * severance[i * ss] * pay[i * sp]
            costs[i] += c
    else:
        for i in range(n):
            costs[i] += target[i] * pay[i * sp]
