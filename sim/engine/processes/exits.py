"""How a path's life ends other than by running out of cash, and what it is worth at the end.

Called by the month-end close (:mod:`sim.engine.processes.month_end`) after it has settled the
month's cash and found the deaths, so that an exit in month t follows month t's business. The
rules are those of :mod:`sim.scenario.exits`:

- acquisition: hazard ``h = min(h_max, p x ARR / ARR_ref)`` from ``from_month``; price ``premium x
  ARR x m`` (m the path's revenue multiple in its market) plus net cash;
- acqui-hire: hazard ``p`` while ARR < ``below_arr``; the buyer pays each round's investors their
  money back with simple interest, ``invested x (1 + r x years since the round closed)`` (the
  ``financing.initial_round`` counts as closed in month 0), and the founders nothing;
- shutdown: runway < N months, no new high of the three-month revenue for M months and no round
  in talks, in a company that has earned something (one that never earned runs out instead):
  the net cash left is returned;
- the horizon: a company still running is worth ``ARR x m`` plus net cash (its enterprise value).

Net cash is cash plus receivables (revenue booked on payment terms, not yet paid): current
assets a buyer pays for at face value, and a company winding down collects (no bad debts are
modelled). A company that dies is worth 0 even with money owed to it.

Each hazard is an exponential clock: one ``U ~ Uniform(0, 1)`` per path, and the exit happens in
the first month in which ``sum_t -ln(1 - h_t) >= -ln U``. Proceeds are split by the liquidation
waterfall (:func:`sim.engine.waterfall.waterfall`), outstanding SAFEs first converted at the
exit's value (a post-money SAFE's holder then gets the greater of its money back and its
converted share, as in Y Combinator's post-money safe). A dead path is worth 0 to everyone.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from sim.engine.cap_table import CapTable, Series, convert_safes
from sim.engine.jit import njit
from sim.engine.processes import settle
from sim.engine.processes.base import month_of
from sim.engine.processes.financing import TALKING
from sim.engine.waterfall import waterfall

NONE, ACQUIRED, ACQUIHIRED, SHUT_DOWN = 0, 1, 2, 3
EXIT_LABELS = {ACQUIRED: "acquired", ACQUIHIRED: "acqui-hired", SHUT_DOWN: "shut down"}


class Exits:
    """The exits of one batch, and each path's value when its life ends."""

    def __init__(self, state, draws, exits, financing):
        n = state.n
        self.state, self.x, self.fin = state, exits, financing
        self.kind = np.zeros(n, dtype=np.int8)
        self.founder_value = np.zeros(n)
        self.investor_proceeds = np.zeros(n)
        self.enterprise_value = np.zeros(n)
        self.pending: list[tuple] = []  # sales whose cap tables are still to be split
        self.clock = {}
        for name, rule in (("acquisition", exits.acquisition), ("acquihire", exits.acquihire)):
            if rule is not None and np.any(np.asarray(rule.probability_per_month) > 0):
                u = draws.uniform("exit:" + name)
                self.clock[name] = [-np.log(np.maximum(u, 1e-300)), np.zeros(n)]

    def decide(self, t: int, live: np.ndarray, burn: np.ndarray) -> np.ndarray:
        """The paths in ``live`` (alive after month ``t``'s close) whose life ends now, by an
        exit; sets their kind and value. ``burn``: the month's costs less purchases and
        revenue."""
        st, x = self.state, self.x
        ends = None
        if "acquisition" in self.clock and _may_start(t, x.acquisition.from_month):
            a = x.acquisition
            # the hazard h = min(h_max, p ARR / ARR_ref) and the clock, compiled but for log1p
            rate = np.empty(st.n)
            settle.acquisition_hazard(
                st.window_total,
                _values(a.probability_per_month),
                _values(a.reference_arr),
                _values(a.max_probability_per_month),
                rate,
            )
            np.negative(np.log1p(rate, out=rate), out=rate)  # -log1p(-h)
            threshold, total = self.clock["acquisition"]
            ends = np.empty(st.n, dtype=bool)
            if _clock(total, rate, live, t, _months(a.from_month), threshold, ends):
                idx = np.flatnonzero(ends)
                multiple = np.broadcast_to(self.fin.multiple_now(t), (st.n,))[idx]
                price = _at(a.premium, idx) * st.arr[idx] * multiple
                self._sell(idx, price + st.cash[idx] + st.receivables[idx], ACQUIRED)
        if ends is None:
            ends = np.zeros(st.n, dtype=bool)
        if "acquihire" in self.clock and _may_start(t, x.acquihire.from_month):
            q = x.acquihire
            h = np.where(st.arr < q.below_arr, q.probability_per_month, 0.0)
            hit = self._tick("acquihire", h, live & ~ends & _started(t, q.from_month))
            if hit.any():
                self._acquihire(t, hit, q.interest_per_year)
                ends |= hit
        s = x.shutdown
        if s is not None and _may_start(t, s.from_month):
            quit_ = np.empty(st.n, dtype=bool)
            if _winds_down(
                st.cash,
                burn,
                live,
                ends,
                t,
                _months(s.from_month),
                _values(s.runway_below_months),
                st.flat_months,
                _values(s.flat_revenue_months),
                st.revenue_high,
                self.fin.status,
                TALKING,
                quit_,
            ):
                idx = np.flatnonzero(quit_)
                self._sell(idx, st.cash[idx] + st.receivables[idx], SHUT_DOWN)
                ends |= quit_
        return ends

    def horizon(self, t: int, live: np.ndarray) -> None:
        """Value the companies still running after the last month: ARR x multiple + net cash."""
        st = self.state
        if live.any():
            idx = np.flatnonzero(live)
            value = st.arr * self.fin.multiple_now(t) + st.cash + st.receivables
            self._sell(idx, np.broadcast_to(value, live.shape)[idx], NONE)
        self.flush()

    def _tick(self, name: str, h, live: np.ndarray) -> np.ndarray:
        threshold, total = self.clock[name]
        total += np.where(live, -np.log1p(-np.minimum(h, 1.0 - 1e-12)), 0.0)
        return live & (total >= threshold)

    def _sell(self, idx: np.ndarray, equity: np.ndarray, kind: int) -> None:
        """Split ``equity`` (money to shareholders) on the paths at index ``idx`` by the
        waterfall.

        A sale's cap table is taken now and split later, with the other sales of the batch
        (:meth:`flush`): one waterfall for all instead of one a month (each a few hundred small
        numpy calls for a few paths). A path's split does not depend on the other paths of
        the call when the table has at most two series (a sum over one or two series is the
        same in any grouping); a table with more, or with SAFEs to convert, is split now."""
        value = np.maximum(equity, 0.0)
        table = _take(self.fin.table, idx)
        safes = [_take_safe(s, idx) for s in self.fin.safes.values()]
        safes = [s for s in safes if np.any(s.investment > 0)]
        self.kind[idx] = kind
        self.enterprise_value[idx] = value
        if not safes and len(table.series) <= 2:
            self.pending.append((idx, value, table))
            return
        if safes:  # convert at the exit's value, as if it were the next priced round
            table, _ = convert_safes(table, np.ones(len(idx), bool), np.maximum(value, 1e-9), safes)
        self._split(idx, value, table)

    def _split(self, idx: np.ndarray, value: np.ndarray, table: CapTable) -> None:
        out = waterfall(table, value)
        self.founder_value[idx] = out["founders"]
        self.investor_proceeds[idx] = out["investors"]

    def flush(self) -> None:
        """Split the sales taken so far (see :meth:`_sell`): one waterfall per run of sales
        whose cap tables have the same series."""
        groups: list[list] = []
        for sale in self.pending:
            key = _terms(sale[2])
            if groups and groups[-1][0] == key:
                groups[-1][1].append(sale)
            else:
                groups.append([key, [sale]])
        self.pending = []
        for _, sales in groups:
            idx = np.concatenate([s[0] for s in sales])
            value = np.concatenate([s[1] for s in sales])
            self._split(idx, value, _join([s[2] for s in sales]))

    def _acquihire(self, t: int, mask: np.ndarray, rate) -> None:
        idx = np.flatnonzero(mask)
        fin = self.fin
        paid = np.zeros(len(idx))
        rate = np.broadcast_to(np.asarray(rate, dtype=float), mask.shape)[idx]
        for k in range(len(fin.f.rounds)):
            closed = fin.closed_month[k][idx]
            years = np.where(closed > 0, (t - closed) / 12.0, 0.0)
            paid += fin.round_invested[k][idx] * (1.0 + rate * years)
        paid += fin.initial_invested[idx] * (1.0 + rate * t / 12.0)  # raised before month 1
        self.kind[idx] = ACQUIHIRED
        self.founder_value[idx] = 0.0
        self.investor_proceeds[idx] = paid
        self.enterprise_value[idx] = paid


def _take(table: CapTable, idx: np.ndarray) -> CapTable:
    """The cap table of the paths at ``idx`` only."""
    return CapTable(
        table.founders[idx],
        table.pool[idx],
        tuple(
            Series(
                s.name,
                s.shares[idx],
                s.invested[idx],
                _at(s.liquidation_preference_multiple, idx),
                s.participating,
                s.seniority,
            )
            for s in table.series
        ),
        table.last_post_money[idx],
    )


def _terms(table: CapTable) -> tuple:
    """What the waterfall reads of a table besides the per-path numbers."""
    return tuple((s.name, s.participating, s.seniority) for s in table.series)


def _join(tables: list[CapTable]) -> CapTable:
    """The tables (of the same series) of several sales, one after the other."""
    if len(tables) == 1:
        return tables[0]

    def cat(arrays):
        return np.concatenate(
            [np.broadcast_to(a, (t.n,)) for a, t in zip(arrays, tables, strict=True)]
        )

    first = tables[0]
    return CapTable(
        cat([t.founders for t in tables]),
        cat([t.pool for t in tables]),
        tuple(
            Series(
                s.name,
                cat([t.series[k].shares for t in tables]),
                cat([t.series[k].invested for t in tables]),
                cat([t.series[k].liquidation_preference_multiple for t in tables]),
                s.participating,
                s.seniority,
            )
            for k, s in enumerate(first.series)
        ),
        cat([t.last_post_money for t in tables]),
    )


def _take_safe(safe, idx):
    return replace(
        safe,
        investment=safe.investment[idx],
        conversion_valuation_cap=_at(safe.conversion_valuation_cap, idx),
        conversion_discount=_at(safe.conversion_discount, idx),
    )


def _at(x, idx):
    x = np.asarray(x)
    return x[idx] if x.ndim else x


def _values(x) -> np.ndarray:
    """A rule's parameter as the compiled passes take it: one float per path, or one for all."""
    return np.ascontiguousarray(np.asarray(x, dtype=float).reshape(-1))


def _may_start(t: int, from_month) -> bool:
    """Whether a rule starting at ``from_month`` (a number or per-path) applies on some path."""
    if not isinstance(from_month, np.ndarray):
        return t >= month_of(from_month)
    return bool(np.any(t >= month_of(from_month)))


def _months(from_month) -> np.ndarray:
    """A rule's first month as the compiled passes take it: one per path, or one for all."""
    return np.asarray(month_of(from_month), dtype=np.int64).reshape(-1)


def _started(t: int, from_month) -> np.ndarray | bool:
    """Where a rule starting at ``from_month`` applies in month ``t`` (True: everywhere)."""
    return True if not isinstance(from_month, np.ndarray) else t >= month_of(from_month)


@njit(cache=True, nogil=True)
def _clock(total, rate, live, t, start, threshold, hit):
    """An exit clock on the paths alive and where the rule has started (t >= ``start``, one
    month per path or one for all): ``total += rate`` (``rate`` = -ln(1 - h), per month),
    ``hit = total >= threshold``. Returns whether some path was hit. (``rate`` is negated
    by numpy: compiled, ``total + -x`` becomes ``total - x``, which keeps a NaN's sign.)"""
    some = False
    step = start.size > 1
    for i in range(total.size):
        on = live[i] & (t >= start[i * step])  # no branches: the loop is vectorised
        total[i] += rate[i] if on else 0.0
        h = on & (total[i] >= threshold[i])
        hit[i] = h
        some |= h
    return some


@njit(cache=True, nogil=True, error_model="numpy")  # x / 0 is inf, as in numpy
def _winds_down(
    cash, burn, live, ends, t, start, below, flat_months, flat, revenue_high, status, talking, out
):
    """The shutdown rule on the paths alive, not ended otherwise and where the rule has
    started (t >= ``start``): revenue flat for ``flat`` months or more, some revenue ever,
    runway = cash / burn (months; infinite without burn) < ``below`` months and no round
    (row of ``status``) in talks. Returns whether some path winds down."""
    s0, sb, sf = start.size > 1, below.size > 1, flat.size > 1
    for i in range(out.size):  # without branches, and the rounds row by row: vectorised
        runway = cash[i] / burn[i] if burn[i] > 0.0 else np.inf
        q = live[i] & (not ends[i]) & (t >= start[i * s0]) & (runway < below[i * sb])
        out[i] = q & (flat_months[i] >= flat[i * sf]) & (revenue_high[i] > 0.0)
    for k in range(status.shape[0]):
        row = status[k]
        for i in range(out.size):
            out[i] &= row[i] != talking
    some = False
    for i in range(out.size):
        some |= out[i]
    return some
