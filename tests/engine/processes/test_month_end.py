"""The month-end close: cash identity, death, financing gap, breakeven, default alive."""

from __future__ import annotations

import numpy as np
from scipy import stats

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import ROOT, SCENARIOS, batch, scenario

EXPECTED = {"engine": {"counts": "expected"}}


def test_cash_identity_on_every_path():
    """final cash = initial cash + all inflows - all outflows, on every path (real record)."""
    r = run(load(SCENARIOS / "dify.yaml", ["financing.initial_cash=150000"]), paths=3000, seed=5)
    b = r.batch
    assert (b.death_month > 0).any() and (b.death_month == 0).any()  # both kinds of path
    np.testing.assert_allclose(
        b.cash[-1], b.initial_cash + b.inflow - b.outflow, rtol=1e-9, atol=1e-6
    )
    # the record stops at death: the balance is frozen from the month of death on (an
    # acquisition also ends a life, with money in the bank)
    dead = np.flatnonzero((b.death_month > 0) & (b.exit_kind == 0))
    for i in dead[:50]:
        assert np.all(b.cash[b.death_month[i] :, i] == b.cash[b.death_month[i], i])
        assert b.cash[b.death_month[i], i] < 0


def test_deterministic_runway():
    """1,000,000 cash, 100,000 a month, nothing earned: zero after month 10, dead in month 11."""
    sc = scenario(engine={"counts": "expected"}, costs={"fixed_per_month": 100_000})
    b = batch(sc)
    assert b.death_month[0] == 11
    assert b.cash[10, 0] == 0.0
    assert b.cash[11, 0] == -100_000
    assert b.gap[0] == 200_000  # to last all 12 months it needs months 11 and 12 paid for
    assert b.breakeven[0] == 0 and not b.default_alive[0]


def _growing(initial_cash):
    # 10 customers join each month and pay 1,000; costs 55,000: revenue 10,000 t
    return scenario(
        **EXPECTED,
        demand={"leads_per_month": 10},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 1000}],
        costs={"fixed_per_month": 55_000},
        financing={"initial_cash": initial_cash},
    )


def test_deterministic_breakeven_by_hand():
    """Net cash t = 10,000 t - 55,000: -45k, -35k, -25k, -15k, -5k, then +5k from month 6."""
    b = batch(_growing(125_000))
    assert b.breakeven[0] == 6
    assert b.death_month[0] == 0  # cash touches exactly 0 in month 5: not below zero
    np.testing.assert_allclose(b.cash[:7, 0], [125e3, 80e3, 45e3, 20e3, 5e3, 0, 5e3])
    assert b.default_alive[0] and b.gap[0] == 0

    b = batch(_growing(120_000))
    assert b.death_month[0] == 5 and b.gap[0] == 5_000
    assert not b.default_alive[0]


def _random_walk_survival(x0, mu, sigma, months, h):
    """P(X_1 >= 0, ..., X_t >= 0) for X_t = x0 + sum of N(mu, sigma^2) steps, t = 0..months.

    The density of the surviving mass is carried forward on a grid over [0, top] by the
    trapezoid rule: f_t(x) = integral_0^top f_{t-1}(y) phi((x - y - mu) / sigma) / sigma dy.
    """
    top = x0 + max(mu, 0) * months + 10 * sigma * np.sqrt(months)
    x = np.arange(0.0, top + h, h)
    w = np.full(x.size, h)
    w[[0, -1]] = h / 2
    kernel = stats.norm.pdf(x[:, None] - x[None, :] - mu, scale=sigma)
    f = stats.norm.pdf(x, x0 + mu, sigma)
    out = [1.0, float(w @ f)]
    for _ in range(months - 1):
        f = kernel @ (w * f)
        out.append(float(w @ f))
    return np.array(out)


def test_random_walk_ruin_matches_exact_discrete_recursion():
    x0, mu, sigma, months = 90.0, -3.0, 30.0, 24
    exact = _random_walk_survival(x0, mu, sigma, months, h=1.0)
    finer = _random_walk_survival(x0, mu, sigma, months, h=0.5)
    assert np.max(np.abs(exact - finer)) < 1e-4  # the reference is converged far below MC error

    sc = scenario(
        company={"name": "Walk", "horizon_months": months},
        revenue=[{"kind": "flat", "name": "w", "amount_per_month": 100.0, "sd_per_month": sigma}],
        costs={"fixed_per_month": 100.0 - mu},
        financing={"initial_cash": x0},
    )
    n = 100_000
    r = run(sc, paths=n, seed=11)
    surv = r.survival()
    se = np.sqrt(finer * (1 - finer) / n)
    assert np.all(np.abs(surv - finer) <= 4 * se + 1e-12), np.max(
        np.abs(surv - finer) / (se + 1e-12)
    )
    assert 0.2 < surv[-1] < 0.9  # the test is not trivial


def test_financing_gap_is_the_money_that_buys_survival():
    """P(no death with G more cash up front) = P(gap <= G), path by path. An acquisition does
    not depend on cash (it moves with ARR), so it stays; the shutdown rule does (runway), so
    it is off."""
    sets = ["exits.shutdown=null"]
    base = load(SCENARIOS / "dify.yaml", ["financing.initial_cash=100000", *sets])
    r = run(base, paths=2000, seed=3)
    g = float(np.quantile(r.batch.gap, 0.5))
    more = load(SCENARIOS / "dify.yaml", [f"financing.initial_cash={100000 + g}", *sets])
    r2 = run(more, paths=2000, seed=3)
    b2 = r2.batch
    assert (b2.exit_kind > 0).any()  # acquisitions happen
    assert np.array_equal((b2.death_month == 0) | (b2.exit_kind > 0), r.batch.gap <= g)


def test_more_cash_never_lowers_survival_on_any_path():
    """Common random numbers: the same worlds, only the starting cash differs."""
    less = run(load(SCENARIOS / "dify.yaml", ["financing.initial_cash=200000"]), paths=5000, seed=9)
    more = run(load(SCENARIOS / "dify.yaml", ["financing.initial_cash=300000"]), paths=5000, seed=9)
    d_less, d_more = less.batch.death_month, more.batch.death_month
    assert (d_less > 0).sum() > (d_more > 0).sum() > 0
    lives_longer = (d_more == 0) | ((d_less > 0) & (d_more >= d_less))
    assert lives_longer.all()


def test_money_at_exact_decimal_ties():
    """Amounts binary floating point does not hold (0.1, 0.7, 2.1) land exactly on zero in
    decimal, and the engine must see the tie: 0.3 of cash less 0.1 a month is 0 after month 3
    (alive: not below zero), dead in month 4; 3 customers at 0.7 against a cost of 2.1 is
    breakeven in month 3 (3 x 0.7 is 2.0999999999999996 in floating point)."""
    sc = scenario(**EXPECTED, costs={"fixed_per_month": 0.1}, financing={"initial_cash": 0.3})
    b = batch(sc)
    assert 0.3 - 0.1 - 0.1 - 0.1 < 0  # the float arithmetic does miss the tie
    assert b.death_month[0] == 4 and b.gap[0] > 0
    assert abs(b.cash[3, 0]) < 1e-12

    sc = scenario(**EXPECTED, costs={"fixed_per_month": 0.1}, financing={"initial_cash": 0.4})
    assert batch(sc).death_month[0] == 5  # 0.4 lasts four months exactly
    sc = scenario(
        **EXPECTED,
        demand={"leads_per_month": 1},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 0.7}],
        costs={"fixed_per_month": 2.1},
        financing={"initial_cash": 100},
    )
    assert 3 * 0.7 < 2.1
    b = batch(sc)
    assert b.breakeven[0] == 3
    # a cent short of the tie is no tie: 0.29 of cash dies in month 3, 2.11 of cost breaks
    # even in month 4
    sc = scenario(**EXPECTED, costs={"fixed_per_month": 0.1}, financing={"initial_cash": 0.29})
    assert batch(sc).death_month[0] == 3
    sc = scenario(
        **EXPECTED,
        demand={"leads_per_month": 1},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 0.7}],
        costs={"fixed_per_month": 2.11},
        financing={"initial_cash": 100},
    )
    assert batch(sc).breakeven[0] == 4


def test_default_alive_at_an_exact_tie():
    """Own money that touches exactly zero (0.3 less 0.1 for three months, then breakeven)
    is default alive."""
    sc = scenario(
        **EXPECTED,
        demand={"leads_per_month": 1},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 0.1}],
        costs={"fixed_per_month": 0.4},
        financing={"initial_cash": 0.6},
    )
    # net: -0.3, -0.2, -0.1, 0, ... : own money 0.6 -> 0.3, 0.1, 0.0, 0.0
    b = batch(sc)
    assert b.death_month[0] == 0 and b.breakeven[0] == 4 and b.default_alive[0]


def _invoiced(initial_cash, terms, months=12):
    """10,000 booked a month on ``terms`` months, 5,000 spent a month."""
    return scenario(
        **EXPECTED,
        company={"name": "R", "horizon_months": months},
        revenue=[
            {"kind": "flat", "name": "f", "amount_per_month": 10_000, "payment_terms_months": terms}
        ],
        costs={"fixed_per_month": 5000},
        financing={"initial_cash": initial_cash},
    )


def test_receivables_delay_cash_not_revenue():
    """Paid 2 months after booking: cash(t) = 100k - 5k t + 10k max(t - 2, 0); revenue and
    breakeven (month 1) as without terms; the horizon value counts the 20k still owed."""
    paid, owed = batch(_invoiced(100_000, 0)), batch(_invoiced(100_000, 2))
    t = np.arange(13)
    np.testing.assert_array_equal(
        owed.cash[:, 0], 100_000 - 5000 * t + 10_000 * np.maximum(t - 2, 0)
    )
    np.testing.assert_array_equal(owed.revenue, paid.revenue)
    assert owed.breakeven[0] == paid.breakeven[0] == 1
    assert owed.final_cash[0] == paid.final_cash[0] - 20_000
    assert owed.enterprise_value[0] == paid.enterprise_value[0]  # receivables at face value
    assert owed.inflow[0] == paid.inflow[0] - 20_000  # cash received, not revenue


def test_a_company_can_die_with_money_owed_to_it():
    """8k of cash, 5k of costs, 10k a month paid 2 months late: -2k at the end of month 2."""
    assert batch(_invoiced(8000, 0)).death_month[0] == 0
    b = batch(_invoiced(8000, 2))
    assert b.death_month[0] == 2 and b.cash[2, 0] == -2000
    assert b.revenue_total[0] == 20_000 and b.enterprise_value[0] == 0


def test_payment_terms_per_path():
    """Terms drawn per path (0 or 3 months): each path's cash lags by its own."""
    sc = _invoiced(100_000, {"kind": "choice", "values": [0, 3]})
    b = batch(sc, n=64)
    lag = np.rint(b.inputs["revenue.f.payment_terms_months"])
    assert set(lag) == {0, 3}
    t = np.arange(13)[:, None]
    want = 100_000 - 5000 * t + 10_000 * np.maximum(t - lag[None, :], 0)
    np.testing.assert_array_equal(b.cash, want)


def test_cash_identity_with_receivables_and_sales_frictions():
    """final cash = initial cash + cash in - cash out on every path, with contracts paid 3
    months after signing, a lognormal sales cycle, a sales team and a team with frictions."""
    file = SCENARIOS / "private_deployment.yaml"
    assert load(file).scenario.revenue[0].sales_cycle is not None  # the file's lognormal cycle
    sets = [
        "revenue.deployments.payment_terms_months=3",
        "revenue.deployments.sales_team={deals_per_rep_per_month: 1, share_of_team: 0.2}",
        "costs.team.hiring_months=2",
        "costs.team.ramp_months=3",
        "costs.team.severance_months=1",
    ]
    r = run(load(file, sets), paths=3000, seed=5)
    b = r.batch
    assert (b.death_month > 0).any() and (b.death_month == 0).any()
    np.testing.assert_allclose(
        b.cash[-1], b.initial_cash + b.inflow - b.outflow, rtol=1e-9, atol=1e-6
    )
    # cash in is revenue paid, prepayments and rounds: never more than booked revenue + rounds
    assert np.all(b.inflow <= b.revenue_total + b.invested + 1e-6 * b.inflow)


def test_the_sales_frictions_example_keeps_cash_behind_revenue():
    """tests/examples/enterprise_sales.yaml: cash in never exceeds revenue booked (the rest is
    owed), and the cash identity holds on every path."""
    b = run(load(ROOT / "tests" / "examples" / "enterprise_sales.yaml"), paths=2000, seed=2).batch
    np.testing.assert_allclose(
        b.cash[-1], b.initial_cash + b.inflow - b.outflow, rtol=1e-9, atol=1e-6
    )
    assert np.all(b.inflow <= b.revenue_total + 1e-6 * b.revenue_total)
    assert np.mean(b.inflow < b.revenue_total) > 0.9  # most paths are owed money at the end
