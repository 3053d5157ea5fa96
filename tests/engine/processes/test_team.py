"""The team: headcount follows its target, with hiring lags, ramps and severance (hand-worked)."""

from __future__ import annotations

import numpy as np

from sim.engine.draws import Draws
from sim.engine.processes.team import Team
from sim.engine.sampling import sample
from sim.engine.state import COST, State
from tests.helpers import batch, scenario

EXPECTED = {"engine": {"counts": "expected"}}


def _team(team: dict, months: int = 12, n: int = 1):
    """(headcount, productive headcount, team cost) per month, months x paths."""
    sc = scenario(**EXPECTED, costs={"team": team}, company={"name": "T", "horizon_months": months})
    draws = Draws(np.random.SeedSequence(1), 0, n, random=False)
    params, _ = sample(sc, draws)
    st = State(n, months, 0, np.zeros(n), np.ones((n, 1)), np.ones(n), logged=0)
    proc = Team(st, draws, params.costs)
    out = np.zeros((3, months, n))
    for t in range(1, months + 1):
        proc.step(t)
        out[:, t - 1] = st.headcount, st.productive_headcount, st.flows.costs[COST["team"]]
        st.flows.reset()
    return out


PLAN = [
    {"from_month": 3, "headcount": 6},
    {"from_month": 5, "headcount": 3},
    {"from_month": 8, "headcount": 1},
]


def test_without_frictions_the_team_is_its_target():
    hc, productive, cost = _team({"headcount": 2, "cost_per_head_per_month": 1000, "plan": PLAN})
    want = [2, 2, 6, 6, 3, 3, 3, 1, 1, 1, 1, 1]
    np.testing.assert_array_equal(hc[:, 0], want)
    np.testing.assert_array_equal(productive[:, 0], want)
    np.testing.assert_array_equal(cost[:, 0], 1000 * np.array(want))


def test_hiring_lag_cancellation_and_severance_by_hand():
    """Target 2, 2, 6, 6, 3, 3, 3, 1, ...; hires take 2 months, a cut costs a month's pay.

    Month 3 opens 4 positions for month 5; in month 5 the target is 3, so 3 of them are
    withdrawn and 1 person starts (3 people); in month 8 two are cut: 1 x 1000 pay plus
    2 x 1000 severance."""
    team = {
        "headcount": 2,
        "cost_per_head_per_month": 1000,
        "plan": PLAN,
        "hiring_months": 2,
        "severance_months": 1,
    }
    hc, productive, cost = _team(team)
    want = [2, 2, 2, 2, 3, 3, 3, 1, 1, 1, 1, 1]
    np.testing.assert_array_equal(hc[:, 0], want)
    np.testing.assert_array_equal(productive[:, 0], want)
    severance = np.zeros(12)
    severance[7] = 2000
    np.testing.assert_array_equal(cost[:, 0], 1000 * np.array(want) + severance)


def test_a_one_month_spike_hires_nobody_when_hiring_takes_longer():
    """The course seller's jump (team cost 24k -> 148.7k -> 25.4k): a target that rises for
    one month only is cancelled before anyone starts; without a lag it costs severance."""
    spike = [{"from_month": 3, "headcount": 10}, {"from_month": 4, "headcount": 2}]
    base = {"headcount": 2, "cost_per_head_per_month": 1000, "plan": spike}
    hc, _, cost = _team({**base, "hiring_months": 2, "severance_months": 1})
    np.testing.assert_array_equal(hc[:, 0], 2)
    np.testing.assert_array_equal(cost[:, 0], 2000)
    hc, _, cost = _team({**base, "severance_months": 1})
    assert hc[2, 0] == 10 and hc[3, 0] == 2
    assert cost[2, 0] == 10_000 and cost[3, 0] == 2000 + 8 * 1000


def test_new_hires_ramp_up_linearly():
    """3 hires in month 2 with a 3-month ramp work 1/3, 2/3, then all of a person."""
    team = {"headcount": 1, "plan": [{"from_month": 2, "headcount": 4}], "ramp_months": 3}
    hc, productive, _ = _team(team, months=6)
    np.testing.assert_array_equal(hc[:, 0], [1, 4, 4, 4, 4, 4])
    np.testing.assert_allclose(productive[:, 0], [1, 2, 3, 4, 4, 4])
    # a cut from 4 to 2 in month 3 takes half of every cohort: 1/2 founder + 3/2 hires at 2/3
    team["plan"] = [{"from_month": 2, "headcount": 4}, {"from_month": 3, "headcount": 2}]
    hc, productive, _ = _team(team, months=4)
    np.testing.assert_array_equal(hc[:, 0], [1, 4, 2, 2])
    np.testing.assert_allclose(productive[:, 0], [1, 2, 3 / 2, 2])


def test_hiring_lag_per_path():
    """A lag drawn per path (0 or 3 months): each path follows its own."""
    team = {
        "headcount": 1,
        "plan": [{"from_month": 2, "headcount": 5}],
        "hiring_months": {"kind": "choice", "values": [0, 3]},
    }
    sc = scenario(**EXPECTED, costs={"team": team})
    params, _ = sample(sc, Draws(np.random.SeedSequence(1), 0, 64, random=False))
    lag = np.rint(params.costs.team.hiring_months)
    hc = _team(team, n=64)[0]
    assert {0, 3} <= set(lag)
    for i in range(64):
        start = 2 + int(lag[i])
        np.testing.assert_array_equal(hc[:, i], np.where(np.arange(1, 13) >= start, 5, 1))


def test_team_cost_reaches_the_accounts():
    """The team cost is a cost of the month: cash falls by it (cash identity kept)."""
    team = {"headcount": 2, "cost_per_head_per_month": 1000, "plan": PLAN, "hiring_months": 2}
    team["severance_months"] = 1
    b = batch(scenario(**EXPECTED, costs={"team": team}))
    want = 1000 * np.array([2, 2, 2, 2, 3, 3, 3, 1, 1, 1, 1, 1]) + np.eye(12)[7] * 2000
    np.testing.assert_array_equal(b.costs[:, 0], want)
    np.testing.assert_array_equal(b.cost_sums[COST["team"]], want)
    assert b.cash[-1, 0] == 1_000_000 - want.sum()
