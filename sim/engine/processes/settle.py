"""The arithmetic of the month-end close, compiled: one pass over the paths instead of some
forty numpy expressions, each a pass over memory (:class:`~sim.engine.processes.month_end.
MonthEnd` states the equations).

Each value is computed by the same floating-point operations, in the same order, as the numpy
expressions it replaces (a sum over rows starts at +0.0 and adds them in order, as numpy's does
along the first axis; ``maximum``/``minimum`` keep numpy's NaN and signed-zero choices), so the
numbers are identical to the last bit: ``tests/engine/processes/test_settle.py`` checks it
against the numpy version. No transcendental function is used here (numpy's may round
differently from the compiled ones).
"""

from __future__ import annotations

import numpy as np

from sim.engine.jit import maximum, minimum, njit


@njit(cache=True, nogil=True)
def column_sums(rows, out):
    """``out = rows.sum(0)`` for a (rows, n) array: +0.0, then each row added in order."""
    n = out.size
    for i in range(n):
        out[i] = 0.0
    for r in range(rows.shape[0]):
        row = rows[r]
        for i in range(n):
            out[i] += row[i]


@njit(cache=True, nogil=True)
def settle(
    t,
    own,
    revenue,
    costs,
    cost_rows,
    cor_rows,
    raised,
    capex,
    depreciation,
    cash,
    sums,
    own_total,
    own_min,
    breakeven,
    window,
    window_total,
    revenue_high,
    flat_months,
    gap,
    kind,
    any_exit,
    live,
    tol,
    profit,
    burn,
    first,
    short,
    rtol,
    atol,
    minus_one,
):
    """Settle month ``t`` on every path, in place (names as in ``MonthEnd.step``; ``sums``
    rows: inflow, outflow, cost of revenue, revenue, cash; ``cor_rows``: the rows of
    ``cost_rows`` that are cost of revenue; ``kind``: the exits' kinds, 0 for none;
    ``rtol``, ``atol``: the money tolerance; ``minus_one`` is -1.0, an argument so that the
    compiler cannot turn the product into a negation). Returns (some path broke even for the first
    time, some path alive at the start of the month is short of cash)."""
    n = own.size
    some_first = False
    some_dies = False
    slot = t % 3
    for i in range(n):
        c = costs[i]
        tol_i = (abs(cash[i]) + c) * rtol + atol
        cash_i = cash[i] + own[i] + raised[i]
        sums[0, i] += own[i] + c + raised[i]
        sums[1, i] += c
        for r in cor_rows:
            sums[2, i] += cost_rows[r, i]
        sums[3, i] += revenue[i]
        sums[4, i] = cash_i
        own_total[i] += own[i]
        own_min[i] = minimum(own_min[i], own_total[i] + tol_i)
        p = revenue[i] - c + capex[i] - depreciation[i]
        profit[i] = p
        f = (p + tol_i >= 0.0) & (breakeven[i] == 0)
        if f:
            breakeven[i] = t
        first[i] = f
        some_first |= f
        window[slot, i] = revenue[i]
        total = 0.0 + window[0, i] + window[1, i] + window[2, i]
        window_total[i] = total
        grew = total > revenue_high[i]
        revenue_high[i] = maximum(revenue_high[i], total)
        flat_months[i] = 0.0 if grew else flat_months[i] + 1.0
        tol_i = tol_i * minus_one  # a product, as numpy's (a negation flips a NaN's sign)
        tol[i] = tol_i
        s = cash_i < tol_i
        short[i] = s
        topped = s & (kind[i] == 0) if any_exit else s
        gap[i] -= cash_i if topped else 0.0
        cash[i] = 0.0 if s else cash_i
        some_dies |= s & live[i]
        burn[i] = c - capex[i] - revenue[i]
    return some_first, some_dies


def new_scratch(n: int) -> dict[str, np.ndarray]:
    """The per-path outputs of :func:`settle`, allocated once per batch."""
    out = {name: np.empty(n) for name in ("tol", "profit", "burn")}
    out |= {name: np.empty(n, dtype=bool) for name in ("first", "short")}
    return out


@njit(cache=True, nogil=True, error_model="numpy")  # x / 0 is inf, as in numpy
def acquisition_hazard(window_total, p, reference, most, out):
    """``out = -min(min(most, p x ARR / reference), 1 - 1e-12)`` with ARR = 4 x the
    three-month revenue: the argument of the acquisition clock's log1p (taken by numpy; see
    :meth:`sim.engine.processes.exits.Exits.decide`). ``p``, ``reference`` and ``most`` have
    one entry per path or one for all."""
    sp, sr, sm = p.size > 1, reference.size > 1, most.size > 1  # steps: 1 per path, or 0
    for i in range(out.size):
        arr = 4.0 * window_total[i]
        h = minimum(most[i * sm], p[i * sp] * arr / reference[i * sr])
        out[i] = -minimum(h, 1.0 - 1e-12)
