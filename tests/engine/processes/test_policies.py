"""Policies: fire once per path when their conditions hold; act on that path's parameters."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from sim.engine.state import Event
from tests.helpers import batch, scenario


def test_cut_costs_when_runway_is_short_exactly():
    # 1,000 cash, 100 a month: runway 10 months at the start; below 6 from month 5 (cash 600
    # after 4 months -> runway 6 is not below 6; after month 5 cash 500 -> runway 5 < 6).
    sc = scenario(
        engine={"counts": "expected"},
        costs={"fixed_per_month": 100},
        financing={"initial_cash": 1000},
        policies=[
            {
                "name": "cut",
                "when": {"runway_months": {"below": 6}},
                "scale": {"costs.fixed_per_month": 0.5},
            }
        ],
    )
    b = batch(sc)
    spend = -np.diff(b.cash[:, 0])
    np.testing.assert_allclose(spend, [100] * 5 + [50] * 7)  # month 6 on: half
    fired = b.events[b.events["kind"] == Event.POLICY]
    assert fired["month"].tolist() == [6]  # once, in the first month the rule held


def test_set_acts_on_each_path_separately():
    sc = scenario(
        company={"name": "T", "horizon_months": 6},
        engine={"counts": "expected"},
        financing={"initial_cash": {"kind": "uniform", "low": 0, "high": 1000}},
        costs={"fixed_per_month": 100},
        policies=[
            {"name": "p", "when": {"cash": {"below": 500}}, "set": {"costs.fixed_per_month": 0}}
        ],
    )
    b = batch(sc, n=200)
    rich = b.cash[0] >= 500
    assert np.all(b.cash[-1][~rich] == b.cash[0][~rich])  # spent nothing from month 1
    assert np.all(b.cash[-1][rich] < b.cash[0][rich])


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("financing.initial_cash", "cannot change during a run"),
        ("shocks.x.at_month", "cannot change during a run"),
        ("costs.fixed_per_mnth", "no such parameter"),
        ("company.name", "cannot change"),
    ],
)
def test_bad_policy_targets_are_refused(path, says):
    with pytest.raises(ValidationError, match=says):
        scenario(policies=[{"name": "p", "when": {"month": {"above": 3}}, "scale": {path: 2}}])
