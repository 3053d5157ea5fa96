"""Valuation in the engine: rounds priced on traction, exits, shutdown, the horizon's value,
each against a hand-worked case or a closed form."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.analysis.results import run
from tests.helpers import Z4, scenario

FLAT = [{"kind": "flat", "name": "sales", "amount_per_month": 100_000.0}]
"""Revenue of 100k a month from month 1: ARR = 1.2M from month 3 on."""


def test_founders_own_the_product_of_pre_over_post_after_two_priced_rounds():
    # pool 10%; seed 1M at an agreed 4M pre, A 5M at 20M pre: founders 0.9 x 4/5 x 20/25
    sc = scenario(
        company={"name": "Two rounds", "horizon_months": 12},
        financing={
            "initial_cash": 1e6,
            "rounds": [
                {"name": "seed", "amount": 1e6, "pre_money": 4e6, "months_to_close": 1},
                {"name": "a", "amount": 5e6, "pre_money": 2e7, "after": "seed",
                 "months_to_close": 2},
            ],
        },
    )  # fmt: skip
    r = run(sc, paths=64, seed=1, workers=1)
    b = r.batch
    np.testing.assert_allclose(b.founders_share, 0.9 * (4 / 5) * (20 / 25))
    np.testing.assert_allclose(b.invested, 6e6)
    assert r.summary()["ownership"]["founders"][-1] == pytest.approx(0.576)
    assert not b.down_round.any()


def test_a_round_priced_on_arr_times_the_multiple_and_a_down_round():
    # revenue 100k/month: at the start of month 4 ARR = 4 x (3 x 100k) = 1.2M; multiple fixed
    # at 5: pre = 6M;
    # the second round, at 2x ARR = 2.4M < the first post-money 6M + 1M, is a down round
    climate = {"probability_factor": 1, "size_factor": 1, "revenue_multiple": 5.0}
    sc = scenario(
        revenue=FLAT,
        financing={
            "initial_cash": 1e6,
            "climate": climate,
            "rounds": [
                {"name": "seed", "amount": 1e6, "earliest_month": 4, "months_to_close": 0,
                 "pre_money_floor": 1.0},
                {"name": "bridge", "amount": 6e5, "after": "seed", "earliest_month": 6,
                 "months_to_close": 0, "pre_money": 2.4e6},
            ],
        },
    )  # fmt: skip
    b = run(sc, paths=16, seed=1, workers=1).batch
    after_seed = 0.9 * 6e6 / 7e6
    np.testing.assert_allclose(b.founders_share, after_seed * 2.4e6 / 3e6)
    assert b.down_round.all()


def test_the_horizon_value_is_arr_times_multiple_plus_cash_split_by_the_waterfall():
    # no round: founders own 90% (pool 10%, treated as granted): founders = 0.9 x value
    sc = scenario(
        revenue=FLAT,
        financing={"initial_cash": 5e5, "climate": {"revenue_multiple": 4.0}},
    )
    r = run(sc, paths=16, seed=1, workers=1)
    b = r.batch
    value = 4.0 * 1.2e6 + b.final_cash
    np.testing.assert_allclose(b.enterprise_value, value)
    np.testing.assert_allclose(b.founder_value, 0.9 * value)
    assert np.all(np.isnan(r.investor_multiple))  # nobody invested


def test_the_liquidation_preference_takes_a_small_exit_whole():
    # 1x non-participating, 5M for 5/10 of the company; a shutdown returns 1.5M of cash: all
    # to the investors (below their 5M preference), the founders get nothing
    sc = scenario(
        company={"name": "Wind down", "horizon_months": 24},
        revenue=[{"kind": "flat", "name": "s", "amount_per_month": 10_000.0}],
        costs={"fixed_per_month": 560_000.0},
        financing={
            "initial_cash": 0.0,
            "option_pool": 0.0,
            "rounds": [{"name": "a", "amount": 5e6, "pre_money": 5e6, "months_to_close": 0}],
        },
        exits={"shutdown": {"runway_below_months": 3, "flat_revenue_months": 3,
                            "from_month": 1}},
    )  # fmt: skip
    b = run(sc, paths=16, seed=1, workers=1).batch
    assert (b.exit_kind == 3).all()
    month = b.death_month[0]
    cash = 5e6 - month * 550_000.0  # the round in month 1, then 550k a month of burn
    np.testing.assert_allclose(b.enterprise_value, cash)
    np.testing.assert_allclose(b.investor_proceeds, cash)
    np.testing.assert_allclose(b.founder_value, 0.0)
    assert 0 < cash < 3 * 550_000.0  # it stopped with under three months of runway


def test_investor_multiple_is_proceeds_over_invested_on_every_path():
    r = run(scenario_from("dify"), paths=2000, seed=3)
    b = r.batch
    some = b.invested > 0
    assert some.any() and (~some).any()
    np.testing.assert_allclose(
        r.investor_multiple[some], b.investor_proceeds[some] / b.invested[some]
    )
    assert np.all(np.isnan(r.investor_multiple[~some]))
    # proceeds are split, never made up: founders + investors <= the value (the pool has the rest)
    assert np.all(b.founder_value + b.investor_proceeds <= b.enterprise_value * (1 + 1e-12) + 1e-6)


def test_acquisition_hazard_at_constant_arr_is_geometric():
    # ARR = 1.2M from month 3; hazard 0.02 x 1.2M / 1.2M = 0.02 a month from month 3:
    # P(not acquired by month 12) = 0.98^10
    sc = scenario(
        revenue=FLAT,
        exits={"shutdown": None, "acquisition": {"probability_per_month": 0.02,
                                                 "reference_arr": 1.2e6, "from_month": 3}},
    )  # fmt: skip
    n = 20_000
    b = run(sc, paths=n, seed=5).batch
    acquired = (b.exit_kind == 1).mean()
    p = 1 - 0.98**10
    assert abs(acquired - p) <= 4 * np.sqrt(p * (1 - p) / n)
    # the price is ARR x the normal climate's multiple (a lognormal, mean 6) plus cash
    hit = b.exit_kind == 1
    arr = 1.2e6
    multiple = (b.enterprise_value[hit] - b.final_cash[hit]) / arr
    assert abs(multiple.mean() - 6.0) <= 4 * multiple.std() / np.sqrt(hit.sum())


def _acquihired_lab(financing: dict):
    """A lab bought for its team at 50% a month from month 13, repaying 12% a year: the batch
    and its acqui-hired paths."""
    sc = scenario(
        company={"name": "Lab", "horizon_months": 36},
        financing=financing,
        exits={"shutdown": None, "acquihire": {"probability_per_month": 0.5,
                                               "interest_per_year": 0.12, "from_month": 13}},
    )  # fmt: skip
    b = run(sc, paths=256, seed=2, workers=1).batch
    return b, b.exit_kind == 2


def test_an_acquihire_returns_the_investors_money_with_interest():
    seed = {"name": "seed", "amount": 2e6, "months_to_close": 0}
    b, hit = _acquihired_lab({"initial_cash": 1e6, "rounds": [seed]})
    assert hit.mean() > 0.9
    years = (b.death_month[hit] - 1) / 12  # the seed closed in month 1
    np.testing.assert_allclose(b.investor_proceeds[hit], 2e6 * (1 + 0.12 * years))
    np.testing.assert_allclose(b.founder_value[hit], 0.0)


def test_a_climate_schedule_changes_the_odds_on_the_calendar():
    # hot until 2023-03, then a market where no round closes; talks end in months 2 and 5
    sc = scenario(
        company={"name": "Sched", "start": "2023-01", "horizon_months": 8},
        financing={
            "initial_cash": 1e6,
            "climate": [{"climate": "hot", "until": "2023-03"},
                        {"climate": {"probability_factor": 0.0}}],
            "rounds": [
                {"name": "early", "amount": 1e5, "months_to_close": 1},
                {"name": "late", "amount": 1e5, "earliest_month": 5, "months_to_close": 0},
            ],
        },
    )  # fmt: skip
    b = run(sc, paths=64, seed=1, workers=1).batch
    np.testing.assert_allclose(b.invested, 1.5e5)  # early closed (month 2, hot: x1.5); late never


def test_a_failed_round_is_retried_on_worse_terms():
    # the first try fails for sure only if its answer U >= p; with p = 0.5 and one retry,
    # P(closed) = 1 - 0.5^2, and a retry is priced at 0.5 x the first try's valuation
    sc = scenario(
        company={"name": "Retry", "horizon_months": 12},
        financing={
            "initial_cash": 1e6,
            "rounds": [{"name": "seed", "amount": 1e6, "probability": 0.5, "pre_money": 4e6,
                        "months_to_close": 1, "retries": 1, "retry_wait_months": 2,
                        "retry_valuation_factor": 0.5}],
        },
    )  # fmt: skip
    n = 20_000
    b = run(sc, paths=n, seed=4).batch
    closed = b.invested > 0
    assert abs(closed.mean() - 0.75) <= 4 * np.sqrt(0.75 * 0.25 / n)
    shares = np.unique(np.round(b.founders_share[closed], 12))
    np.testing.assert_allclose(shares, sorted([0.9 * 2 / 3, 0.9 * 4 / 5]))


def test_shutdown_is_neither_death_nor_survival():
    r = run(scenario_from("course_seller"), paths=2000, seed=1)
    s = r.summary()
    shut = s["exits"]["shut_down"]["p"]
    died = sum(c["share_of_paths"]["p"] for c in s["causes_of_death"])
    assert shut > 0
    assert s["p_alive_at_horizon"]["p"] + shut + died == pytest.approx(1.0)
    assert all(c["cause"] != "shut down" for c in s["causes_of_death"])


def scenario_from(name: str):
    from sim.scenario.loading import load
    from tests.helpers import SCENARIOS

    return load(SCENARIOS / f"{name}.yaml")


def test_z4_is_the_four_sigma_tail():
    assert Z4 == pytest.approx(2 * stats.norm.sf(4))


def _survivor(revenue, costs, demand=None, cash=1e6):
    sc = scenario(
        engine={"counts": "expected"},
        revenue=revenue,
        costs=costs,
        demand=demand or {},
        financing={"initial_cash": cash},
    )
    return run(sc, paths=8, seed=1, workers=1).batch


def test_a_survivor_losing_money_all_year_without_growth_is_a_zombie():
    # revenue flat at 100k from month 1 (no new high of the 3-month mean after month 3), costs
    # 100k + 0.3 a month: 3.60 lost over the last year; 1M of cash lasts
    b = _survivor(FLAT, {"fixed_per_month": 100_000.3})
    assert b.zombie.all() and (b.death_month == 0).all()
    assert not _survivor(FLAT, {"fixed_per_month": 100_000.0}).zombie.any()


def test_a_decimal_tie_is_breakeven_not_a_zombie():
    # revenue 0.3, costs 0.1 + 0.2 = 0.30000000000000004 in binary: a loss of 5.6e-17 a month
    flat = [{"kind": "flat", "name": "fee", "amount_per_month": 0.3}]
    costs = {"fixed_per_month": 0.1, "marketing": {"per_month": 0.2}}
    assert not _survivor(flat, costs).zombie.any()


def test_a_seasonal_company_out_of_season_is_not_a_zombie():
    # 100 buyers of a 1,000 sale a month, 100 times as many in June: 100k a month, 10M in June;
    # costs 200k a month. The last month (December) loses 100k, the year earns 8.7M, and the
    # 3-month mean has not set a new high since June (6 months): a loss in its last month
    # alone does not make it a zombie
    sales = [{"kind": "one_off", "name": "app", "price_per_sale": 1000.0}]
    demand = {"leads_per_month": 100.0, "seasonality": {6: 100.0}}
    b = _survivor(sales, {"fixed_per_month": 200_000.0}, demand)
    assert (b.death_month == 0).all()
    assert not b.zombie.any()
    # 8.7M / 12 + 1 more a month loses 12 over the year: a zombie (with the cash to live on)
    loses = _survivor(sales, {"fixed_per_month": 200_000.0 + 8.7e6 / 12 + 1.0}, demand, 1e8)
    assert loses.zombie.all() and (loses.death_month == 0).all()


def test_the_initial_round_owns_its_share_and_takes_a_small_horizon_value_whole():
    # 1M raised before month 1 for a quarter of the company (4M post-money): founders
    # 0.9 x (1 - 1/4); a company that spends nothing and earns nothing ends with its 1M,
    # below the 1x preference: all to the investors
    sc = scenario(
        company={"name": "Hibernate", "horizon_months": 12},
        financing={"initial_cash": 1e6, "initial_round": {"investors_share": 0.25}},
    )
    r = run(sc, paths=16, seed=1, workers=1)
    b = r.batch
    np.testing.assert_allclose(b.founders_share, 0.9 * 0.75)
    np.testing.assert_allclose(b.invested, 1e6)
    np.testing.assert_allclose(b.enterprise_value, b.final_cash)
    np.testing.assert_allclose(b.investor_proceeds, b.final_cash)
    np.testing.assert_allclose(b.founder_value, 0.0)


def test_the_initial_round_converts_above_its_post_money_and_ranks_below_later_rounds():
    # value 4 x 1.2M ARR + cash; the initial 0.5M for 25% (2M post) is junior to a seed of 1M
    # at 3M pre; at a value V above both posts everyone converts: founders get their share
    sc = scenario(
        revenue=FLAT,
        financing={
            "initial_cash": 5e5,
            "initial_round": {"investors_share": 0.25},
            "climate": {"revenue_multiple": 4.0},
            "rounds": [{"name": "seed", "amount": 1e6, "pre_money": 3e6, "months_to_close": 0}],
        },
    )
    b = run(sc, paths=16, seed=1, workers=1).batch
    founders = 0.9 * 0.75 * 3 / 4
    np.testing.assert_allclose(b.founders_share, founders)
    value = 4.0 * 1.2e6 + b.final_cash
    assert np.all(value * 0.25 * 0.75 > 5e5) and np.all(value * 0.25 > 1e6)  # both convert
    np.testing.assert_allclose(b.founder_value, founders * value)
    np.testing.assert_allclose(b.invested, 1.5e6)


def test_an_acquihire_repays_the_initial_round_from_month_zero():
    b, hit = _acquihired_lab({"initial_cash": 1e6, "initial_round": {"investors_share": 0.2}})
    assert hit.mean() > 0.9
    years = b.death_month[hit] / 12
    np.testing.assert_allclose(b.investor_proceeds[hit], 1e6 * (1 + 0.12 * years))


def test_an_initial_round_must_leave_the_founders_something():
    with pytest.raises(ValueError, match="cannot own all of the company"):
        scenario(financing={"initial_cash": 1e6, "initial_round": {"investors_share": 1.0}})
