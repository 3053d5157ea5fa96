"""Rounds (gates, timing, odds, climates) and prepayments."""

from __future__ import annotations

import numpy as np

from sim.engine.state import Event
from sim.scenario.climates import CLIMATES
from tests.helpers import batch, scenario


def _events(b, kind):
    return b.events[b.events["kind"] == kind]


def test_round_closes_with_its_probability_times_the_climate():
    n = 20_000
    sc = scenario(
        financing={
            "initial_cash": 1e9,
            "climate": "winter",
            "rounds": [{"name": "a", "amount": 1e6, "probability": 0.6, "months_to_close": 2}],
        }
    )
    b = batch(sc, n=n, seed=2)
    closed = _events(b, Event.ROUND_CLOSED)
    p = 0.6 * CLIMATES["winter"].probability_factor
    assert abs(closed.size / n - p) < 4 * np.sqrt(p * (1 - p) / n)
    # talks start in month 1; 2 months + the winter's 2 extra months later
    assert np.all(closed["month"] == 1 + 2 + CLIMATES["winter"].extra_months_to_close)
    assert closed.size + _events(b, Event.ROUND_FAILED).size == n


def test_round_money_arrives_and_is_scaled_by_the_climate():
    sc = scenario(
        engine={"counts": "expected"},
        financing={
            "initial_cash": 100,
            "climate": "hot",
            "rounds": [{"name": "a", "amount": 1000, "months_to_close": 0, "earliest_month": 3}],
        },
    )
    b = batch(sc)
    assert b.cash[2, 0] == 100 and b.cash[3, 0] == 100 + 1000 * CLIMATES["hot"].size_factor


def test_traction_gate_and_round_order():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 10},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 100}],
        financing={
            "initial_cash": 1e6,
            "rounds": [
                {"name": "a", "amount": 1, "min_monthly_revenue": 3000, "months_to_close": 0},
                {"name": "b", "amount": 1, "after": "a", "months_to_close": 1},
            ],
        },
    )
    b = batch(sc)
    closed = _events(b, Event.ROUND_CLOSED)
    # revenue is 1,000 t: month 3 has 3,000, so the gate opens in month 4 (last month's revenue)
    assert closed[closed["ref"] == 0]["month"].tolist() == [4]
    assert closed[closed["ref"] == 1]["month"].tolist() == [5]  # talks from month 4, one month


def test_failed_round_is_the_cause_of_death():
    sc = scenario(
        costs={"fixed_per_month": 100},
        financing={
            "initial_cash": 500,
            "rounds": [{"name": "seed", "amount": 1e6, "probability": 0.0, "months_to_close": 1}],
        },
    )
    b = batch(sc, n=10)
    assert np.all(b.death_month == 6) and np.all(b.cause == 0)  # cause 0: "round failed: seed"


def test_prepayment_is_cash_now_and_revenue_without_cash_later():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 1},
        revenue=[{"kind": "one_off", "name": "x", "price_per_sale": 300}],
        financing={"initial_cash": 0, "prepayments": [{"month": 1, "amount": 1000}]},
    )
    b = batch(sc)
    # month 1: +1000 prepaid, 300 of it used; months 2-3 use 300 each; month 4 uses the last 100
    np.testing.assert_allclose(b.cash[:6, 0], [0, 1000, 1000, 1000, 1200, 1500])
    assert b.revenue[:, 0].sum() == 12 * 300  # revenue is earned either way
