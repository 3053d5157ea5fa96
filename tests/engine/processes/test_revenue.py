"""Revenue streams: subscriptions (constant and sBG churn), charging, contracts, one-offs."""

from __future__ import annotations

import numpy as np
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
