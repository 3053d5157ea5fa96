"""Revenue streams: subscriptions (constant and sBG churn), charging, contracts, one-offs."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from scipy.special import betaln

from tests.helpers import batch, scenario

EXPECTED = {"engine": {"counts": "expected"}}


def _stream(revenue, months=24, **more):
    sc = scenario(
        company={"name": "R", "horizon_months": months}, **EXPECTED, revenue=revenue, **more
    )
    return batch(sc)


def test_subscription_with_constant_churn():
    """C(t) = C(t-1)(1 - c) + 100: revenue = price C(t)."""
    b = _stream(
        [{"kind": "subscription", "name": "s", "price_per_month": 10, "churn": 0.1}],
        demand={"leads_per_month": 100},
    )
    c = 0.0
    for t in range(24):
        c = c * 0.9 + 100
        assert np.isclose(b.revenue[t, 0], 10 * c)


def test_sbg_cohort_retention_matches_closed_form():
    """One cohort of 1,000: survivors S(t) = B(alpha, beta + t) / B(alpha, beta)."""
    alpha, beta = 0.7, 3.0
    b = _stream(
        [
            {
                "kind": "subscription",
                "name": "s",
                "price_per_month": 1,
                "churn": {"kind": "sbg", "alpha": alpha, "beta": beta},
            }
        ],
        demand={"leads_per_month": 1000, "leads_growth_per_month": -1},  # month 1 only
    )
    t = np.arange(24)
    survivors = 1000 * np.exp(betaln(alpha, beta + t) - betaln(alpha, beta))
    np.testing.assert_allclose(b.revenue[:, 0], survivors, rtol=1e-10)


def test_charging_starts_after_users_and_converts_the_backlog():
    b = _stream(
        [
            {
                "kind": "subscription",
                "name": "s",
                "price_per_month": 1,
                "conversion": 0.1,
                "backlog_conversion": 0.05,
                "charging": {"after_users": 450},
            }
        ],
        demand={"leads_per_month": 100},
    )
    # users at the start of month t are 100 (t - 1): charging starts in month 6 (500 >= 450)
    assert np.all(b.revenue[:5, 0] == 0)
    assert np.isclose(b.revenue[5, 0], 0.05 * 500 + 0.1 * 100)
    assert np.isclose(b.revenue[6, 0], 0.05 * 500 + 0.1 * 200)


def test_contracts_reach_their_steady_state():
    """10 prospects a month, half decide each month, half of those win: 5 deals of 100."""
    b = _stream(
        [
            {
                "kind": "contracts",
                "name": "c",
                "sales_cycle_months": 2,
                "win_rate": 0.5,
                "deal_size": 100,
            }
        ],
        months=60,
        demand={"leads_per_month": 10},
    )
    assert np.isclose(b.revenue[-1, 0], 500, rtol=1e-9)
    assert b.revenue[0, 0] == 0.5 * 0.5 * 10 * 100  # the first month's half that decides at once


def test_deal_size_falls_with_its_trend():
    b = _stream(
        [
            {
                "kind": "contracts",
                "name": "c",
                "win_rate": 1.0,
                "deal_size": 10_000_000,
                "deal_size_change_per_month": -0.2,
            }
        ],
        months=12,
        demand={"leads_per_month": 1},
    )
    np.testing.assert_allclose(b.revenue[:, 0], 10_000_000 * 0.8 ** np.arange(12))


def test_one_off_sales_and_segment_prices():
    b = _stream(
        [{"kind": "one_off", "name": "exam", "price_per_sale": 50, "conversion": 0.5}],
        months=3,
        demand={
            "leads_per_month": 1000,
            "segments": [
                {"name": "a", "share": 0.5, "price_factor": 1.0},
                {"name": "b", "share": 0.5, "price_factor": 3.0},
            ],
        },
    )
    assert np.allclose(b.revenue[:, 0], 500 * 50 * 2.0)  # average price factor (1 + 3) / 2
    share_b = b.segment_revenue[:, 1].sum() / b.segment_revenue.sum()
    assert np.isclose(share_b, 0.75)


def test_metered_units_cost_inference():
    b = _stream(
        [
            {
                "kind": "per_job",
                "name": "video",
                "units_per_customer_per_month": 4,
                "price_per_unit": 100,
                "unit_cost": 30,
            }
        ],
        months=2,
        demand={"leads_per_month": 10},
    )
    assert np.allclose(b.revenue[:, 0], [4000, 8000])
    assert np.allclose(b.cost_sums[2], [1200, 2400])  # the inference column


def test_units_sold_are_recorded_per_stream():
    b = _stream(
        [
            {"kind": "contracts", "name": "c", "win_rate": 1.0, "deal_size": 100,
             "delivery_cost_per_deal": 30},
            {"kind": "one_off", "name": "o", "price_per_sale": 5, "conversion": 0.5},
        ],
        months=3,
        demand={"leads_per_month": 10},
    )  # fmt: skip
    assert np.allclose(b.unit_sums[0], 10) and np.allclose(b.unit_sums[1], 5)
    assert np.allclose(b.cost_sums[4], 10 * 30)  # delivery per deal is cost of goods


def _contracts(**more):
    """A contracts stream whose revenue counts its decisions (every decided deal signs, 1 each)."""
    return {"kind": "contracts", "name": "d", "win_rate": 1.0, "deal_size": 1.0, **more}


LOGNORMAL = {"mean_months": 6.0, "sd_months": 4.0}


def _lognormal_cdf(mean, sd, months):
    """P(D <= a), a = 0 .. months, of the lognormal with that mean and sd (scipy's)."""
    s = np.sqrt(np.log1p((sd / mean) ** 2))
    return stats.lognorm(s=s, scale=mean * np.exp(-(s**2) / 2)).cdf(np.arange(months + 1))


def test_lognormal_sales_cycle_of_one_cohort_matches_the_cdf():
    """1,000 prospects meet in month 1: F(t) - F(t-1) of them decide in month t."""
    b = _stream(
        [_contracts(sales_cycle=LOGNORMAL)],
        demand={"leads_per_month": 1000, "leads_growth_per_month": -1},  # month 1 only
    )
    cdf = _lognormal_cdf(6.0, 4.0, 24)
    np.testing.assert_allclose(b.revenue[:, 0], 1000 * np.diff(cdf), rtol=1e-10, atol=1e-9)


def test_lognormal_sales_cycle_of_many_cohorts_in_random_counts():
    """20 prospects a month: E[decisions in month t] = 20 F(t) (the cohorts' hazards telescope);
    the pooled binomial keeps the mean (4 standard errors over 4,000 paths, fixed seed)."""
    sc = scenario(
        company={"name": "R", "horizon_months": 18},
        demand={"leads_per_month": 20},
        revenue=[_contracts(sales_cycle={"mean_months": 4.0, "sd_months": 3.0})],
    )
    b = batch(sc, n=4000, seed=3)
    want = 20 * _lognormal_cdf(4.0, 3.0, 18)[1:]
    mean = b.revenue.mean(1)
    se = b.revenue.std(1, ddof=1) / np.sqrt(4000)
    assert np.all(np.abs(mean - want) <= 4 * se + 1e-12), (mean - want) / se
    assert np.all(b.revenue == np.rint(b.revenue))  # whole deals
    # and every prospect is decided once: decisions so far never exceed prospects so far
    assert np.all(b.revenue.cumsum(0) <= 20 * np.arange(1, 19)[:, None])


def test_lognormal_sales_cycle_differs_from_the_monthly_coin():
    """The '6-month' coin closes 1/6 of its deals in month 1; a lognormal cycle with mean 6
    and sd 4 closes P(D <= 1) = 0.7% of them then."""
    coin = _stream(
        [_contracts(sales_cycle_months=6)],
        demand={"leads_per_month": 1000, "leads_growth_per_month": -1},
    )
    real = _stream(
        [_contracts(sales_cycle=LOGNORMAL)],
        demand={"leads_per_month": 1000, "leads_growth_per_month": -1},
    )
    assert np.isclose(coin.revenue[0, 0], 1000 / 6)
    assert real.revenue[0, 0] < 10


def test_sales_cycle_and_its_monthly_chance_are_exclusive():
    with pytest.raises(ValueError, match="not both"):
        scenario(revenue=[_contracts(sales_cycle=LOGNORMAL, sales_cycle_months=3)])


def test_sales_capacity_caps_decisions_and_the_rest_waits():
    """N prospects (20, or Poisson(20) with random counts) in month 1, all decided at once,
    one rep closing 5 a month: min(5, what is left) deals a month, N in all."""
    for counts in ("expected", "random"):
        sc = scenario(
            company={"name": "R", "horizon_months": 8},
            engine={"counts": counts},
            demand={"leads_per_month": 20, "leads_growth_per_month": -1},
            revenue=[_contracts(sales_team={"deals_per_rep_per_month": 5, "reps": 1})],
        )
        b = batch(sc, n=50)
        left = b.users[1] - 5 * np.arange(8)[:, None]
        np.testing.assert_array_equal(b.revenue, np.clip(left, 0, 5))
    assert b.users[1].max() > 20 and b.users[1].min() < 20  # the random counts varied


def test_sales_capacity_grows_with_the_ramp_of_new_reps():
    """A founder selling 3 deals a month hires 3 reps in month 2 who ramp up over 3 months:
    productive sellers 1, 2, 3, 4: capacity 3, 6, 9, 12 deals while prospects wait."""
    b = _stream(
        [_contracts(sales_team={"deals_per_rep_per_month": 3, "share_of_team": 1.0})],
        months=6,
        demand={"leads_per_month": 1000, "leads_growth_per_month": -1},
        costs={
            "team": {"headcount": 1, "plan": [{"from_month": 2, "headcount": 4}], "ramp_months": 3}
        },
    )
    np.testing.assert_allclose(b.revenue[:, 0], [3, 6, 9, 12, 12, 12])
