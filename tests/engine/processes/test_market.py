"""The market process: marketing effort (GBM), the logit appeal, quality, entrants."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from sim.engine.processes.demand import bass_closed_form
from sim.engine.processes.market import effort, logit_share
from tests.helpers import batch, scenario

M, P, Q = 100_000, 0.01, 0.3


def _gbm(months=24, per_month=40_000.0, **extra):
    return scenario(
        company={"name": "GBM", "horizon_months": months},
        engine={"counts": "expected"},
        demand={"bass": {"market_size": M, "p": P, "q": Q}},
        costs={"marketing": {"per_month": per_month}},
        market={"marketing": {"reference_per_month": 20_000, "elasticity": 0.5}},
        financing={"initial_cash": 1e9},  # alive throughout: the records run to the horizon
        **extra,
    )


def test_constant_effort_follows_the_bass_curve_with_scaled_coefficients():
    """GBM with constant x: F(t) is the Bass closed form with (p x, q x), every month."""
    x = (1 + 40_000 / 20_000) ** 0.5
    users = batch(_gbm()).users[:, 0]
    np.testing.assert_allclose(users, M * bass_closed_form(np.arange(25), P * x, Q * x), rtol=1e-9)
    assert users[6] > 1.5 * M * bass_closed_form(6, P, Q)  # the spend bought users


def test_effort_that_changes_follows_the_bass_curve_in_cumulative_effort():
    """GBM: F(t) = F_Bass(X(t); p, q) with X(t) the cumulative effort, here a budget a policy
    raises from 10k to 90k a month from month 7."""
    sc = _gbm(
        policies=[
            {
                "name": "push",
                "when": {"month": {"above": 6}},
                "set": {"costs.marketing.per_month": 9e4},
            }
        ],
        per_month=10_000.0,
    )
    users = batch(sc).users[:, 0]
    t = np.arange(25)
    x1, x2 = effort(10_000, 20_000, 0.5), effort(90_000, 20_000, 0.5)
    X = x1 * np.minimum(t, 6) + x2 * np.maximum(t - 6, 0)
    np.testing.assert_allclose(users, M * bass_closed_form(X, P, Q), rtol=1e-9)


def test_effort_scales_the_lead_flow_and_is_one_without_spend():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 100},
        costs={"marketing": {"per_month": 60_000}},
        market={"marketing": {"reference_per_month": 20_000, "elasticity": 0.5}},
    )
    np.testing.assert_allclose(np.diff(batch(sc).users[:, 0]), 100 * 4**0.5)
    assert effort(0.0, 20_000, 0.5) == 1.0


def test_zero_spend_and_an_empty_market_change_nothing():
    base = scenario(
        company={"name": "B", "horizon_months": 12},
        demand={"bass": {"market_size": 5000, "p": 0.02, "q": 0.4}},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 10, "churn": 0.1}],
    )
    plain = batch(base, n=256, seed=3)
    for market in ({}, {"marketing": {"reference_per_month": 1000, "elasticity": 0.7}}):
        other = batch(base.model_copy(update={"market": _market(market)}), n=256, seed=3)
        assert np.array_equal(plain.users, other.users)
        assert np.array_equal(plain.cash, other.cash)


def _market(doc):
    from sim.scenario import Market

    return Market.model_validate(doc)


# --- appeal --------------------------------------------------------------------------------

U, C, DELTA, P_REF, A = 1000.0, 0.1, 0.3, 100.0, 2.0


def _priced(price, months=300, rivals=1.0, **extra):
    return scenario(
        company={"name": "Priced", "horizon_months": months},
        engine={"counts": "expected"},
        demand=extra.pop("demand", {"leads_per_month": U}),
        revenue=[
            {
                "kind": "subscription",
                "name": "cloud",
                "price_per_month": price,
                "conversion": C,
                "churn": DELTA,
            }
        ],
        market={
            "appeal": {
                "rivals": rivals,
                "price_sensitivity": A,
                "reference_prices": {"cloud": P_REF},
            },
            **extra.pop("market", {}),
        },
        **extra,
    )


def _steady_revenue(price, rivals=1.0):
    """Hand-worked: C* = U c (s/s0) / (delta (1-s)/(1-s0)); revenue P C*."""
    v = -A * (price / P_REF - 1)
    s, s0 = np.exp(v) / (np.exp(v) + rivals), 1 / (1 + rivals)
    return price * U * C * (s / s0) / (DELTA * (1 - s) / (1 - s0))


def test_a_price_sweep_has_the_interior_best_price_of_the_logit():
    """Steady revenue is proportional to P e^{-a P / P_ref}: largest at P* = P_ref / a = 50,
    strictly inside the swept range 20-150."""
    prices = np.arange(20.0, 151.0, 5.0)
    revenue = np.array([batch(_priced(p)).stream_sums[0, -1] for p in prices])
    np.testing.assert_allclose(revenue, [_steady_revenue(p) for p in prices], rtol=1e-9)
    best = int(np.argmax(revenue))
    assert 0 < best < len(prices) - 1 and prices[best] == P_REF / A
    # with three rivals the best price is the same (P e^v / N), the revenue lower
    three = [batch(_priced(p, rivals=3.0)).stream_sums[0, -1] for p in (45.0, 50.0, 55.0)]
    assert three[1] > max(three[0], three[2]) and three[1] < revenue[best]


def test_share_elasticity_at_the_reference_price_is_minus_a_one_minus_s0():
    rivals, a, h = 3.0, 1.7, 1e-6
    s = [logit_share(-a * (np.exp(x) - 1), rivals) for x in (-h, h)]
    elasticity = (np.log(s[1]) - np.log(s[0])) / (2 * h)
    assert elasticity == pytest.approx(-a * (1 - 1 / (1 + rivals)), rel=1e-8)


def test_a_price_war_lowers_the_market_price_not_the_list_price():
    """A price shock x0.5 from month 5: the company still charges 100 but its share falls to
    s(v = -a (100 / 50 - 1)), so new subscribers fall and churn rises accordingly."""
    sc = _priced(
        P_REF, months=8, shocks=[{"name": "war", "at_month": 5, "effects": {"price": 0.5}}]
    )
    b = batch(sc)
    s0 = 0.5
    s = 1 / (1 + np.exp(A * (2 - 1)))
    conv = np.where(np.arange(1, 9) >= 5, s / s0, 1.0)
    churn = np.where(np.arange(1, 9) >= 5, (1 - s) / (1 - s0), 1.0)
    customers, revenue = 0.0, []
    for t in range(8):
        customers = customers * (1 - DELTA * churn[t]) + U * C * conv[t]
        revenue.append(P_REF * customers)
    np.testing.assert_allclose(b.unit_sums[0], U * C * conv, rtol=1e-12)
    np.testing.assert_allclose(b.stream_sums[0], revenue, rtol=1e-12)


def test_without_appeal_a_price_shock_still_cuts_the_price_charged():
    doc = _priced(P_REF, months=8).model_dump(exclude_none=True)
    doc.pop("market")
    doc["shocks"] = [{"name": "war", "at_month": 5, "effects": {"price": 0.5}}]
    from sim.scenario import Scenario

    b = batch(Scenario.model_validate(doc))
    assert b.stream_sums[0, 4] == pytest.approx(0.5 * P_REF * U * C * sum(0.7**k for k in range(5)))


# --- quality and the frontier ---------------------------------------------------------------


def test_quality_against_the_frontier_hand_worked():
    """Q = 0.05 x 4 people x (t - 1) + 1 after the run ending in month 4; F = 0.1 (t - 1) until
    the catch-up in month 8 brings F to Q; v = Q - F."""
    sc = _priced(
        P_REF,
        months=12,
        costs={
            "team": {"headcount": 4},
            "gpu": {"training_runs": [{"name": "v1", "start_month": 2, "months": 3, "cost": 1}]},
        },
        shocks=[{"name": "catch", "at_month": 8}],
        market={
            "quality": {
                "per_engineer_month": 0.05,
                "per_training_run": 1.0,
                "frontier_drift_per_month": 0.1,
                "catch_up_on": ["catch"],
            }
        },
    )
    t = np.arange(1, 13)
    Qt = 0.2 * (t - 1) + (t >= 5)
    Ft = 0.1 * (t - 1)
    Ft = np.where(t >= 8, Qt[7] + 0.1 * (t - 8), Ft)
    s = 1 / (1 + np.exp(-(Qt - Ft)))
    np.testing.assert_allclose(batch(sc).unit_sums[0], U * C * s / 0.5, rtol=1e-12)


# --- entrants -------------------------------------------------------------------------------


def test_entrants_add_rivals_with_a_hazard_rising_with_success():
    """Expected mode: N(t) = N0 + sum_{u <= t} (b + k users(u-1) / m); each entrant cuts the
    market price by 0.9, so v = -a (1 / 0.9^(N - N0) - 1) at the list price P_ref."""
    m, b_, k = 20_000, 0.2, 3.0
    sc = _priced(
        P_REF,
        months=12,
        demand={"bass": {"market_size": m, "p": 0.03, "q": 0.4}, "leads_per_month": 0},
        market={"entrants": {"base_per_month": b_, "per_market_share": k, "price_factor": 0.9}},
    )
    out = batch(sc)
    users = out.users[:, 0]
    rivals = 1.0 + np.cumsum(b_ + k * users[:-1] / m)
    v = -A * (1 / 0.9 ** (rivals - 1.0) - 1)
    s = 1 / (1 + rivals * np.exp(-v))
    np.testing.assert_allclose(out.unit_sums[0], np.diff(users) * C * s / 0.5, rtol=1e-10)
    assert rivals[-1] > 1 + 12 * b_ + 0.5  # success drew more than the base hazard


def test_random_entrants_are_poisson_with_the_hazard():
    """With a zero price term, conversion / reference = s/s0 = 2 / (1 + N): N recovered per
    path is 1 + Poisson(12 b) after 12 months; its mean within 4 standard errors."""
    n, b_ = 4000, 0.25
    sc = scenario(
        company={"name": "E", "horizon_months": 12},
        demand={"leads_per_month": 1e12},
        revenue=[{"kind": "one_off", "name": "x", "price_per_sale": 1, "conversion": 0.5}],
        market={"appeal": {"rivals": 1.0}, "entrants": {"base_per_month": b_}},
    )
    out = batch(sc, n=n, seed=7)
    sales = out.revenue[-1]  # per path: 1e12 x 0.5 x 2 / (1 + N) plus binomial noise
    N = 2 * 0.5 * 1e12 / sales - 1
    entrants = N - 1
    se = np.sqrt(12 * b_ / n)
    assert abs(entrants.mean() - 12 * b_) < 4 * se
    assert np.allclose(entrants, np.round(entrants), atol=1e-3)  # whole entrants


# --- the schema -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "market, words",
    [
        ({"quality": {}}, "acts through market.appeal"),
        ({"appeal": {"rivals": 1, "reference_prices": {"nope": 1}}}, "unknown revenue stream"),
        ({"appeal": {"rivals": 0}}, "> 0"),
        ({"appeal": {"rivals": 1}, "quality": {"catch_up_on": ["x"]}}, "unknown shock"),
        ({"appeal": {"rivals": 1}, "entrants": {"per_market_share": 1}}, "needs demand.bass"),
        ({"marketing": {"reference_per_month": 1, "elasticity": 1.5}}, "between 0 and 1"),
    ],
)
def test_bad_market_sections_are_refused_clearly(market, words):
    with pytest.raises(ValidationError, match=words):
        scenario(
            revenue=[{"kind": "subscription", "name": "s", "price_per_month": 1}], market=market
        )


# --- the example scenario: every part on, random counts ------------------------------------


def _example():
    from sim.scenario.loading import load

    return load(Path(__file__).with_name("market_example.yaml")).scenario


def test_the_example_gives_identical_results_on_any_chunks_and_workers():
    import sim
    from sim.engine.rng import BLOCK_PATHS

    sc, n = _example(), 3 * BLOCK_PATHS + 17
    runs = [
        sim.run(sc, paths=n, seed=4, months=24, workers=w, chunk_paths=size)
        for size, w in ((BLOCK_PATHS, 1), (2 * BLOCK_PATHS, 2))
    ]
    for name in ("death_month", "gap", "final_cash", "cash", "users", "revenue"):
        assert np.array_equal(getattr(runs[0].batch, name), getattr(runs[1].batch, name)), name


def test_the_example_market_moves_the_numbers():
    """Marketing buys users; the price war, the frontier and entrants cost revenue."""
    sc = _example()
    on = batch(sc, n=512, seed=2)
    off = batch(sc.model_copy(update={"market": None}), n=512, seed=2)
    assert on.users[-1].mean() > off.users[-1].mean()  # effort x = 2.5^0.4 = 1.44
    assert not np.array_equal(on.revenue, off.revenue)
