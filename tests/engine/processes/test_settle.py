"""The compiled month-end arithmetic gives the numbers of the numpy expressions it replaced,
bit for bit (ties, signed zeros, NaN and values of every size included)."""

import numpy as np

from sim.engine.processes import settle
from sim.engine.processes.month_end import MONEY_ATOL, MONEY_RTOL


def numpy_settle(t, own, revenue, costs, cost_rows, cor, raised, capex, dep, cash, sums, s):
    """MonthEnd.step's arithmetic as numpy expressions (the engine's code before it was
    compiled); ``s``: the per-path state, changed in place. Returns tol, profit, burn,
    first, short."""
    inflow = own + costs
    inflow += raised
    tol = np.abs(cash)
    tol += costs
    tol *= MONEY_RTOL
    tol += MONEY_ATOL
    cash += own
    cash += raised
    sums[0] += inflow
    sums[1] += costs
    for r in cor:
        sums[2] += cost_rows[r]
    sums[3] += revenue
    sums[4] = cash
    s["own"] += own
    np.minimum(s["own_min"], s["own"] + tol, out=s["own_min"])
    profit = revenue - costs
    profit += capex
    profit -= dep
    first = (profit + tol >= 0) & (s["breakeven"] == 0)
    s["breakeven"][first] = t
    s["window"][t % 3] = revenue
    total = s["window"].sum(0)
    s["window_total"][:] = total
    grew = total > s["high"]
    np.maximum(s["high"], total, out=s["high"])
    s["flat"] += 1.0
    s["flat"][grew] = 0.0
    tol *= -1
    short = cash < tol
    topped = short & (s["kind"] == 0) if s["any_exit"] else short
    s["gap"] -= np.where(topped, cash, 0.0)
    np.copyto(cash, 0.0, where=short)
    burn = costs - capex - revenue
    return tol, profit, burn, first, short


def test_compiled_close_is_bit_identical():
    rng = np.random.default_rng(0)
    special = np.array([0.0, -0.0, 1.0, -1.0, 0.1, 0.3, 1e9, -1e9, 1e-7, -1e-7, np.nan, 2.5])
    for _ in range(300):
        n, streams = int(rng.integers(1, 60)), int(rng.integers(0, 4))

        def values(shape=None, n=n):
            shape = (n,) if shape is None else shape
            if rng.random() < 0.4:
                return rng.choice(special, size=shape)
            return rng.normal(0, 10.0 ** rng.integers(-3, 10), shape)

        cost_rows = values((6, n))
        revenue_rows = values((streams, n))
        revenue, costs = revenue_rows.sum(0), cost_rows.sum(0)
        own = revenue - costs
        args = [values() for _ in range(4)]  # raised, capex, depreciation, cash
        state = {
            "own": values(),
            "own_min": values(),
            "breakeven": rng.integers(0, 3, n),
            "window": values((3, n)),
            "window_total": np.zeros(n),
            "high": values(),
            "flat": rng.integers(0, 9, n).astype(float),
            "gap": values(),
            "kind": rng.integers(0, 3, n).astype(np.int8),
            "any_exit": bool(rng.random() < 0.5),
        }
        live = rng.random(n) < 0.8
        t = int(rng.integers(1, 40))
        sums = values((5, n))
        a = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in state.items()}
        cash_a, sums_a = args[3].copy(), sums.copy()
        want = numpy_settle(t, own, revenue, costs, cost_rows, [2, 4], *args[:3], cash_a, sums_a, a)
        b = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in state.items()}
        cash_b, sums_b = args[3].copy(), sums.copy()
        got = settle.new_scratch(n)
        got_revenue, got_costs = np.empty(n), np.empty(n)
        settle.column_sums(revenue_rows, got_revenue)
        settle.column_sums(cost_rows, got_costs)
        assert got_revenue.tobytes() == revenue.tobytes()
        assert got_costs.tobytes() == costs.tobytes()
        some_first, some_dies = settle.settle(
            t, own, revenue, costs, cost_rows, np.array([2, 4]), *args[:3], cash_b, sums_b,
            b["own"], b["own_min"], b["breakeven"], b["window"], b["window_total"], b["high"],
            b["flat"], b["gap"], b["kind"], b["any_exit"], live, got["tol"], got["profit"],
            got["burn"], got["first"], got["short"], MONEY_RTOL, MONEY_ATOL, -1.0,
        )  # fmt: skip
        for name, x in zip(("tol", "profit", "burn", "first", "short"), want, strict=True):
            assert x.tobytes() == got[name].tobytes(), name
        assert some_first == want[3].any() and some_dies == (live & want[4]).any()
        assert cash_a.tobytes() == cash_b.tobytes() and sums_a.tobytes() == sums_b.tobytes()
        for k, v in a.items():
            if isinstance(v, np.ndarray):
                assert v.tobytes() == b[k].tobytes(), k


def test_compiled_acquisition_hazard_is_bit_identical():
    """(The exit clock and the shutdown rule: tests/engine/processes/test_exits_kernel.py.)"""
    rng = np.random.default_rng(1)
    for _ in range(200):
        n = int(rng.integers(1, 50))
        window_total = rng.choice([0.0, 1e3, 1e6, 3e6, np.nan], n) * rng.random(n)
        per_path = rng.random() < 0.5
        p = rng.uniform(0, 0.01, n) if per_path else np.array([0.001])
        reference, most = np.array([5e6]), rng.uniform(0, 0.05, n if per_path else 1)
        want = -np.minimum(np.minimum(most, p * (4.0 * window_total) / reference), 1.0 - 1e-12)
        got = np.empty(n)
        settle.acquisition_hazard(window_total, p, reference, most, got)
        assert got.tobytes() == want.tobytes()
