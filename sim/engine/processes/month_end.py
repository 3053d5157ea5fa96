"""The month-end close: settle cash, find deaths and their causes, record the month."""

from __future__ import annotations

import numpy as np

from sim.engine.processes import settle
from sim.engine.processes.base import Process
from sim.engine.processes.exits import EXIT_LABELS
from sim.engine.processes.financing import TALKING, WAITING
from sim.engine.rng import BLOCK_PATHS
from sim.engine.state import CATEGORIES, COST, Event

TOTALS = ("inflow", "outflow", "cost_of_revenue", "revenue_total", "final_cash")
IN, OUT, COR, REV, CASH = range(len(TOTALS))

MONEY_ATOL = 1e-6
"""Money is compared to zero with this tolerance, in currency units (a ten-thousandth of a
cent), plus MONEY_RTOL times the month's amounts (the balance brought forward plus the
costs): binary floating point does not hold 0.1 exactly, so a balance that is exactly zero in
decimal (0.3 - 0.1 - 0.1 - 0.1) may come out as -2.8e-17. A path dies when cash < -tol and
breaks even when profit >= -tol."""
MONEY_RTOL = 1e-13
"""Relative part of the tolerance: a hundredth of a cent on amounts of a billion, far more
than the rounding of a month's arithmetic (a few units in the 16th digit) and far less than
any real amount of money."""

ZOMBIE_MONTHS = 12
"""A survivor is a zombie if its operating profit over this many last months is negative: a
year, so that the off-season of a seasonal company does not count as losing money."""

SHOCK_MEMORY_MONTHS = 12
"""A death is put down to a shock that hit within this many months before it."""


def block_total(sums: np.ndarray) -> np.ndarray:
    """Sum per-block totals (last axis) in block order: the same additions, in the same
    order, however the blocks were split between chunks."""
    return np.cumsum(sums, axis=-1)[..., -1] if sums.shape[-1] else sums.sum(-1)


def cause_labels(rounds: list[str], shocks: list[str]) -> list[str]:
    """Every cause of death the engine can give, in priority order of :class:`MonthEnd`."""
    return (
        [f"round failed: {r}" for r in rounds]
        + [f"shock: {s}" for s in shocks]
        + [f"ran out while raising: {r}" for r in rounds]
        + [f"no round in time: {r}" for r in rounds]
        + ["burned cash before breakeven", "fell back into losses after breakeven"]
        + list(EXIT_LABELS.values())
    )


def exit_causes(labels: list[str]) -> list[int]:
    """Indices of ``labels`` (from :func:`cause_labels`) that end a life without a death."""
    return [k for k, label in enumerate(labels) if label in EXIT_LABELS.values()]


class MonthEnd(Process):
    """Settle the month on every path.

    cash(t) = cash(t-1) + revenue - credit used - receivables' growth + prepayments + rounds
    - costs, where costs include GPU purchases, credit used = min(prepaid credit left, revenue)
    and receivables' growth = revenue booked on payment terms less what customers paid (see
    ``_Stream._invoice`` in :mod:`sim.engine.processes.revenue`). A path alive at
    the start of month t dies at its end if cash(t) < 0; the shortfall is topped up on the
    funded balance (``State``) and added to its financing gap. The cause of death is, in this
    order: the last round failed (and none closed since); a shock hit within the last
    ``SHOCK_MEMORY_MONTHS``; a round was still in talks; a planned round had not
    started (gate not met or too early); else it burned its cash before breakeven, or fell back
    into losses after it.

    Breakeven is the first month with operating profit = revenue - (costs - capex) -
    depreciation >= 0. A path is *default alive* if it breaks even and its own money (initial
    cash, prepayments and operating cash flow, without rounds) never runs out over the horizon:
    it would live on what it has.
    """

    phase = 0.9

    def __init__(self, state, draws, financing, shocks, exits, records, progress=None):
        super().__init__(state, draws)
        self.exits = exits
        self.any_exit = False  # some path has exited (its financing gap stops growing)
        # operating profit over the last ZOMBIE_MONTHS months and its money tolerance: a year,
        # so that a seasonal company out of season is not taken for a zombie
        self.profit_tail = np.zeros(state.n)
        self.tol_tail = np.zeros(state.n)
        n, T = state.n, state.months
        self.fin, self.shocks, self.progress = financing, shocks, progress
        n_rounds, n_shocks = len(financing.names), len(shocks.shocks)
        self.base_shock = n_rounds
        self.base_talking = n_rounds + n_shocks
        self.base_waiting = 2 * n_rounds + n_shocks
        self.burn = 3 * n_rounds + n_shocks
        self.credit = np.zeros(n)
        self.prepayments = bool(financing.f.prepayments)  # else no path has credit
        self.own = state.cash.copy()  # cash without round money and top-ups
        self.own_min = state.cash.copy()  # its minimum over the months so far
        # per path outcomes
        self.death_month = np.zeros(n, dtype=np.int64)  # 0: alive at the horizon
        self.cause = np.full(n, -1, dtype=np.int64)
        self.breakeven = np.zeros(n, dtype=np.int64)  # 0: never (on the funded path)
        self.gap = np.zeros(n)
        # accounting for the cash identity: totals over the months so far on the funded path,
        # and their values at death, when the company's real accounts stop (see ``totals``)
        self.sums = np.zeros((len(TOTALS), n))
        self.cor_rows = np.array([COST["inference"], COST["cogs"]])  # cost of revenue
        self.scratch = settle.new_scratch(n)
        self.at_death = np.zeros((len(TOTALS), n))
        # monthly record
        # months x paths (views into the run's arrays), so that a month is one contiguous row;
        # they may hold only the first paths of the batch (or none: an empty ``records``)
        self.records = bool(records)
        if self.records:
            self.cash_rec, self.revenue_rec = records["cash"], records["revenue"]
            self.costs_rec, self.users_rec = records["costs"], records["users"]
            self.founders_rec = records["founders"]
            self.kept = slice(0, self.cash_rec.shape[1])
            self.cash_rec[0] = state.cash[self.kept]
            self.users_rec[0] = 0.0
            self.founders_rec[0] = financing.founders[self.kept]
        # monthly totals over the paths alive in the month, per block of paths (summed in
        # block order at the end, so that they do not depend on how a run is chunked)
        self.block_starts = np.arange(0, n, BLOCK_PATHS)
        blocks = len(self.block_starts)
        self.block_sums = {
            "cost_sums": np.zeros((len(CATEGORIES), T, blocks)),
            "stream_sums": np.zeros((state.n_streams, T, blocks)),
            "unit_sums": np.zeros((state.n_streams, T, blocks)),
        }
        self.alive_count = np.zeros(T + 1)
        self.alive_count[0] = n

    def step(self, t):
        st, f = self.state, self.state.flows
        live = st.alive
        revenue, costs = np.empty(st.n), np.empty(st.n)
        settle.column_sums(f.revenue, revenue)
        settle.column_sums(f.costs, costs)
        # own money: revenue, less what prepaid credit covers, plus prepayments, less costs
        own = revenue - costs
        if self.prepayments and (f.prepaid.any() or self.credit.any()):
            self.credit += f.prepaid
            used = np.minimum(self.credit, revenue)
            self.credit -= used
            own += f.prepaid - used
        if f.deferring:  # some stream bills on payment terms: its revenue is not yet cash
            own -= f.deferred
            st.receivables += f.deferred
            f.deferred.fill(0.0)
            f.deferring = False
        # cash, the totals, own money, breakeven, the revenue window, shortfalls and the burn
        # in one compiled pass (the tolerance of the comparisons with zero: MONEY_ATOL; at a
        # tie the balance brought forward and the costs are as large as any amount added)
        x = self.scratch
        sums = self.sums
        some_first, some_dies = settle.settle(
            t, own, revenue, costs, f.costs, self.cor_rows, f.raised, f.capex, f.depreciation,
            st.cash, sums, self.own, self.own_min, self.breakeven, st.revenue_window,
            st.window_total, st.revenue_high, st.flat_months, self.gap, self.exits.kind,
            self.any_exit, live, x["tol"], x["profit"], x["burn"], x["first"], x["short"],
            MONEY_RTOL, MONEY_ATOL, -1.0,
        )  # fmt: skip
        tol, profit, burn, short = x["tol"], x["profit"], x["burn"], x["short"]
        if some_first:
            st.log(Event.BREAKEVEN, x["first"], -1)
        if some_dies:
            dies = live & short
            paths = np.flatnonzero(dies)
            self.death_month[paths] = t
            self.at_death[:, paths] = sums[:, paths]
            self.cause[paths] = self._cause(t, paths)
            for k in np.unique(self.cause[dies]):
                st.log(Event.DEATH, dies & (self.cause == k), int(k))
            st.alive = live & ~short
        ends = self.exits.decide(t, st.alive, burn)
        if ends.any():
            self.any_exit = True
            paths = np.flatnonzero(ends)
            self.death_month[paths] = t
            self.at_death[:, paths] = sums[:, paths]
            self.cause[paths] = self.burn + 1 + self.exits.kind[paths].astype(np.int64)
            for k in np.unique(self.cause[ends]):
                st.log(Event.DEATH, ends & (self.cause == k), int(k))
            st.alive = st.alive & ~ends
        if t > st.months - ZOMBIE_MONTHS:
            self.profit_tail += profit
            self.tol_tail -= tol  # tol is negative here
        if t == st.months:
            self.exits.horizon(t, st.alive)

        w = live.astype(float)
        if self.records:
            k = self.kept
            self.cash_rec[t] = np.where(live[k], sums[CASH, k], self.cash_rec[t - 1])
            np.multiply(revenue[k], w[k], out=self.revenue_rec[t - 1])
            np.multiply(costs[k], w[k], out=self.costs_rec[t - 1])
            self.users_rec[t] = np.where(live[k], st.users[k], self.users_rec[t - 1])
            self.founders_rec[t] = np.where(live[k], self.fin.founders[k], self.founders_rec[t - 1])
        # totals per block over the paths alive in the month (reduceat, not @: BLAS threads
        # stall on small products when the cores are busy); the flows are multiplied in place,
        # since they are reset below (a temporary copy of them cost more than the product)
        for name, flow in (
            ("cost_sums", f.costs),
            ("stream_sums", f.revenue),
            ("unit_sums", f.units),
        ):
            if flow.size:
                np.multiply(flow, w, out=flow)
                self.block_sums[name][:, t - 1] = np.add.reduceat(flow, self.block_starts, 1)
        self.alive_count[t] = st.alive.sum()
        st.last_revenue, st.last_costs, st.last_capex = revenue, costs, f.capex.copy()
        f.reset()
        if self.progress is not None:
            self.progress(1)

    def _cause(self, t, paths):
        """The cause of death of each path at index ``paths``, dying in month ``t``."""
        sh = self.shocks
        broke_even = (self.breakeven[paths] > 0) & (self.breakeven[paths] <= t)
        cause = np.where(broke_even, self.burn + 1, self.burn)
        waiting = self.fin.first(WAITING, paths)
        cause = np.where(waiting >= 0, self.base_waiting + waiting, cause)
        talking = self.fin.first(TALKING, paths)
        cause = np.where(talking >= 0, self.base_talking + talking, cause)
        if len(sh.shocks):
            last = sh.last[paths]
            recent = (last >= 0) & (t - sh.last_month[paths] < SHOCK_MEMORY_MONTHS)
            cause = np.where(recent, self.base_shock + last, cause)
        failed = self.fin.last_failed[paths]
        return np.where(failed >= 0, failed, cause)

    def monthly_sums(self) -> dict[str, np.ndarray]:
        """(rows, months) totals over the paths alive in each month (see ``block_total``)."""
        return {name: block_total(s) for name, s in self.block_sums.items()}

    def totals(self) -> dict[str, np.ndarray]:
        """Per path, until death (or the horizon): cash received and spent, cost of revenue,
        revenue, and the balance at the end (negative at death: the shortfall)."""
        dead = self.death_month > 0
        return {
            name: np.where(dead, self.at_death[i], self.sums[i]) for i, name in enumerate(TOTALS)
        }

    def zombie(self) -> np.ndarray:
        """Alive at the horizon but losing money over its last ``ZOMBIE_MONTHS`` months (or the
        whole horizon, if shorter; beyond the money tolerance), with no revenue growth for as
        many months as the shutdown rule's ``flat_revenue_months`` (six without a rule)."""
        rule = self.exits.x.shutdown
        flat = 6.0 if rule is None else rule.flat_revenue_months  # a number or per path
        return (
            (self.death_month == 0)
            & (self.profit_tail < -self.tol_tail)
            & (self.state.flat_months >= flat)
        )

    @property
    def default_alive(self) -> np.ndarray:
        return (self.breakeven > 0) & (self.own_min >= 0)  # own_min includes the tolerance
