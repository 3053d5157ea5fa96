"""Money from outside: planned rounds in a market climate, the cap table, customer prepayments."""

from __future__ import annotations

import numpy as np

from sim.engine.cap_table import CapTable, Safe, Series, priced_round
from sim.engine.processes.base import Process, month_of, months_until
from sim.engine.state import Event
from sim.scenario.distributions import _Dist
from sim.scenario.financing import _name, _resolve

WAITING, TALKING, CLOSED, FAILED = 0, 1, 2, 3
NEVER = np.iinfo(np.int64).max // 2
DEFAULT_FLOOR_MULTIPLE = 4.0
"""A priced round with no ``pre_money_floor`` is priced at least at this multiple of its amount
(its investors then own at most 1/5 = 20%, a common dilution for an early round)."""


class Financing(Process):
    """Rounds, the market climate, the cap table and prepayments.

    A round's talks start in the first month t >= earliest_month in which the previous
    month's revenue >= min_monthly_revenue, users >= min_users and the ``after`` round has
    closed (after a failed try: also ``retry_wait_months`` later). They end months_to_close + the
    climate's extra months later (0: the same month) and succeed when U < probability x climate
    factor, with U ~ Uniform(0, 1) drawn once per path and try (so the investors' answer does
    not depend on when they are asked); the company then receives amount x climate size factor.

    The climate of month t is the schedule's phase for its calendar month, or, on a path whose
    random switch has happened (a geometric wait from ``from_month``), the switch's market. A
    priced round is priced at ``pre = max(floor, ARR x m_c) x retry_valuation_factor^k`` (k the
    retries before it; ``m_c`` the path's revenue multiple in climate c, drawn once per path and
    climate; ARR = 12 x the mean monthly revenue of the last three months; the floor defaults to
    :data:`DEFAULT_FLOOR_MULTIPLE` x the amount) or at its explicit ``pre_money``. The cap table
    (:mod:`sim.engine.cap_table`) then dilutes everyone by pre / post; SAFEs outstanding convert.
    """

    phase = 0.1

    def __init__(self, state, draws, financing, spec, start: str):
        super().__init__(state, draws)
        n = state.n
        self.f, self.spec = financing, spec
        rounds = financing.rounds
        self.status = np.zeros((len(rounds), n), dtype=np.int8)
        self.close_at = np.zeros((len(rounds), n), dtype=np.int64)
        self.tries = np.zeros((len(rounds), n), dtype=np.int64)  # failed tries so far
        self.retry_at = np.zeros((len(rounds), n), dtype=np.int64)
        self.u = [
            [
                draws.uniform("answer:" + r.name + ("" if k == 0 else f"#{k + 1}"))
                for k in range(1 + r.retries)
            ]
            for r in spec.rounds
        ]
        self.names = [r.name for r in rounds]
        self.last_failed = np.full(n, -1)  # round whose failure left the company short
        # paths per round still waiting and in talks: a round all paths have left costs nothing
        self.waiting = [n] * len(rounds)
        self.talking = [0] * len(rounds)
        self._climates(draws, spec, financing, start)
        pool = np.broadcast_to(np.asarray(financing.option_pool, dtype=float), (n,))
        self.table = CapTable(1.0 - pool, pool.copy(), _initial(financing, n), np.full(n, np.nan))
        self.safes = {
            r.name: Safe(r.name, np.zeros(n), _cap(r.valuation_cap), np.asarray(r.discount))
            for r in rounds
            if r.kind == "safe"
        }
        self.closed_month = np.zeros((len(rounds), n), dtype=np.int64)  # for acqui-hire interest
        self.round_invested = np.zeros((len(rounds), n))  # money each round brought
        self.down_round = np.zeros(n, dtype=bool)
        self.founders = self.table.ownership()["founders"]  # founders' fraction of the company

    @property
    def initial_invested(self) -> np.ndarray:
        """The initial round's money per path (0 without ``initial_round``)."""
        s = [s for s in self.table.series if s.name == INITIAL]
        return s[0].invested if s else np.zeros(self.state.n)

    @property
    def invested(self) -> np.ndarray:
        """All investors' money per path, the initial round, rounds and SAFEs, in the scenario's
        currency."""
        return self.round_invested.sum(0) + self.initial_invested

    # ------------------------------------------------------------------ climate

    def _climates(self, draws, spec, financing, start):
        """Per-climate factors and per-path multiples; the phase of each month; the switch."""
        phases = spec.phases
        climates = [c for c, _, _ in phases]
        names = [name for _, _, name in phases]
        switch = spec.climate_switch
        if switch is not None:
            climates.append(_resolve(switch.to))
            names.append("switch:" + _name(switch.to))
        self.prob = np.array([c.probability_factor for c in climates])
        self.size = np.array([c.size_factor for c in climates])
        self.extra = np.array([c.extra_months_to_close for c in climates])
        n = self.state.n
        self.multiple = np.empty((len(climates), n))
        for k, (c, name) in enumerate(zip(climates, names, strict=True)):
            m = c.revenue_multiple
            if isinstance(m, _Dist):
                u = draws.uniform(f"multiple:{k}:{name}")
                self.multiple[k] = m.ppf(np.clip(u, 1e-12, 1 - 1e-12))
            else:
                self.multiple[k] = float(m)
        # phase of each month (index 0 unused): a scheduled phase ends with its `until` month
        sy, sm = int(start[:4]), int(start[5:7])
        self.phase_of = np.full(self.state.months + 2, len(phases) - 1, dtype=np.int64)
        t = np.arange(self.state.months + 2)
        for k in reversed(range(len(phases) - 1)):  # earlier phases overwrite later ones
            until = phases[k][1]
            last = (int(until[:4]) - sy) * 12 + int(until[5:7]) - sm + 1
            self.phase_of[t <= last] = k
        self.switch_at = None
        if switch is not None:
            p = np.broadcast_to(np.asarray(switch.probability_per_month, dtype=float), (n,))
            u = draws.uniform("climate_switch")
            wait = months_until(u, np.clip(p, 1e-12, 1.0))  # months until it happens, >= 1
            at = month_of(switch.from_month) + np.minimum(wait, NEVER).astype(np.int64) - 1
            self.switch_at = np.where(p > 0, at, NEVER)
            self.switched = len(climates) - 1

    def climate(self, t: int) -> np.ndarray | int:
        """Index of the market each path is in during month ``t`` (a number if all share it)."""
        c = int(self.phase_of[min(t, len(self.phase_of) - 1)])
        if self.switch_at is None:
            return c
        return np.where(t >= self.switch_at, self.switched, c)

    def multiple_now(self, t: int) -> np.ndarray:
        """Each path's revenue multiple in its market of month ``t``."""
        c = self.climate(t)
        if np.isscalar(c):
            return self.multiple[c]
        return np.take_along_axis(self.multiple, np.asarray(c)[None, :], 0)[0]

    # ------------------------------------------------------------------ the month

    def step(self, t):
        st, flows = self.state, self.state.flows
        for pre in self.f.prepayments:
            flows.prepaid += np.where(month_of(pre.month) == t, pre.amount, 0.0)
        if not self.f.rounds:
            return
        c = self.climate(t)
        for k, r in enumerate(self.f.rounds):
            status = self.status[k]
            if self.waiting[k]:
                ready = (status == WAITING) & (t >= month_of(r.earliest_month))
                ready &= (st.last_revenue >= r.min_monthly_revenue) & (st.users >= r.min_users)
                if self.spec.rounds[k].retries:
                    ready &= t >= self.retry_at[k]
                if r.after is not None:
                    ready &= self.status[self.names.index(r.after)] == CLOSED
                if ready.any():
                    status[ready] = TALKING
                    moved = int(ready.sum())
                    self.waiting[k] -= moved
                    self.talking[k] += moved
                    delay = r.months_to_close + self.extra[c]
                    self.close_at[k] = np.where(ready, t + month_of(delay), self.close_at[k])
                    st.log(Event.ROUND_TALKS, ready, k)
            if not self.talking[k]:
                continue
            ends = (status == TALKING) & (self.close_at[k] <= t)
            if ends.any():
                self._answer(t, k, r, ends, c)

    def _answer(self, t, k, r, ends, c):
        st, flows, spec = self.state, self.state.flows, self.spec.rounds[k]
        status = self.status[k]
        self.talking[k] -= int(ends.sum())
        u = self.u[k][0] if not spec.retries else _pick(self.u[k], self.tries[k])
        p_close = np.minimum(r.probability * self.prob[c], 1.0)
        won = ends & (u < p_close)
        lost = ends & ~won
        amount = np.broadcast_to(r.amount * self.size[c], (st.n,))
        flows.raised += np.where(won, amount, 0.0)
        status[won] = CLOSED
        if won.any():
            self.closed_month[k][won] = t
            self.round_invested[k] += np.where(won, amount, 0.0)
            if spec.kind == "safe":
                safe = self.safes[r.name]
                safe.investment[won] += amount[won]
            else:
                self._price(t, k, r, spec, won, amount)
        retry = lost & (self.tries[k] < spec.retries)
        if retry.any():
            self.tries[k][retry] += 1
            self.retry_at[k] = np.where(
                retry, t + month_of(spec.retry_wait_months), self.retry_at[k]
            )
            status[retry] = WAITING
            self.waiting[k] += int(retry.sum())
        status[lost & ~retry] = FAILED
        self.last_failed[lost] = k
        self.last_failed[won] = -1
        st.log(Event.ROUND_CLOSED, won, k)
        st.log(Event.ROUND_FAILED, lost, k)

    def _price(self, t, k, r, spec, won, amount):
        """Sell the round's shares on the paths in ``won`` and convert outstanding SAFEs."""
        st = self.state
        if r.pre_money is not None:
            pre = np.broadcast_to(np.asarray(r.pre_money, dtype=float), (st.n,))
        else:
            floor = (
                DEFAULT_FLOOR_MULTIPLE * amount if r.pre_money_floor is None else r.pre_money_floor
            )
            pre = np.maximum(floor, st.arr * self.multiple_now(t))
        pre = pre * np.asarray(r.retry_valuation_factor, dtype=float) ** self.tries[k]
        safes = [s for s in self.safes.values() if np.any(s.investment[won] > 0)]
        pref = np.asarray(r.liquidation_preference, dtype=float)
        out = priced_round(
            self.table, won, pre, amount, "#new", pref, spec.participating, safes=safes
        )
        self.down_round |= out.down_round
        for left in out.safes:
            self.safes[left.name] = left
        self.table = _merge(out.table, r.name, k)
        own = self.table.ownership()
        self.founders = own["founders"]

    def first(self, status: int, paths: np.ndarray) -> np.ndarray:
        """For the paths at index ``paths``, the first round in ``status`` (-1 if none), for
        causes of death."""
        if not len(self.status):
            return np.full(len(paths), -1)
        match = self.status[:, paths] == status
        return np.where(match.any(0), match.argmax(0), -1)


INITIAL = "initial_round"
"""Name of the series that bought the initial cash (``financing.initial_round``)."""


def _initial(financing, n: int) -> tuple[Series, ...]:
    """The series of ``financing.initial_round``: shares s with s / (1 + s) = f (f its
    ``investors_share``) on a company of one share before it (founders and pool), i.e.
    s = f / (1 - f); invested the initial cash, junior to every later round (seniority -1)."""
    r = financing.initial_round
    if r is None:
        return ()
    cash = np.broadcast_to(np.asarray(financing.initial_cash, dtype=float), (n,)).copy()
    share = np.broadcast_to(np.asarray(r.investors_share, dtype=float), (n,))
    pref = np.asarray(r.liquidation_preference, dtype=float)
    return (Series(INITIAL, share / (1.0 - share), cash, pref, r.participating, -1),)


def _pick(us: list[np.ndarray], tries: np.ndarray) -> np.ndarray:
    """The answer of each path's current try: ``us[tries[i]][i]``."""
    return np.choose(np.minimum(tries, len(us) - 1), us)


def _cap(cap) -> float | np.ndarray:
    return np.inf if cap is None else np.asarray(cap, dtype=float)


def _merge(table: CapTable, round_name: str, seniority: int) -> CapTable:
    """Fold the series just sold (named ``#new``, and ``SAFE@#new`` for converted SAFEs) into the
    round's permanent series, so that a round closing on different paths in different months
    keeps one series (the waterfall's passes grow with the number of series). A round's series
    ranks by the round's place in the scenario: later rounds are senior."""
    kept: dict[str, Series] = {}
    for s in table.series:
        name = s.name.replace("#new", round_name)
        if name in kept:
            old = kept[name]
            kept[name] = Series(
                name,
                old.shares + s.shares,
                old.invested + s.invested,
                old.liquidation_preference_multiple,
                old.participating,
                old.seniority,
            )
        else:
            new = "#new" in s.name
            kept[name] = Series(
                name,
                s.shares,
                s.invested,
                s.liquidation_preference_multiple,
                s.participating,
                seniority if new else s.seniority,
            )
    return CapTable(table.founders, table.pool, tuple(kept.values()), table.last_post_money)
