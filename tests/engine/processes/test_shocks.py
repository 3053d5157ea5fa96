"""Shocks: scheduled and random arrival, effects while in force, stopped streams."""

from __future__ import annotations

import numpy as np

from sim.engine.state import Event
from tests.helpers import batch, scenario

SUBSCRIPTION = [{"kind": "subscription", "name": "s", "price_per_month": 100}]


def test_scheduled_price_war_halves_prices_for_its_duration():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 1},
        revenue=SUBSCRIPTION,
        shocks=[{"name": "war", "at_month": 4, "duration_months": 3, "effects": {"price": 0.5}}],
    )
    rev = batch(sc).revenue[:, 0]
    customers = np.arange(1, 13)
    factor = np.where((customers >= 4) & (customers < 7), 0.5, 1.0)
    np.testing.assert_allclose(rev, 100 * customers * factor)


def test_random_shock_arrives_geometrically():
    n, p = 20_000, 0.05
    sc = scenario(shocks=[{"name": "ban", "probability_per_month": p, "from_month": 3}])
    hits = batch(sc, n=n, seed=8).events
    hits = hits[hits["kind"] == Event.SHOCK_HIT]
    assert hits["month"].min() == 3
    for t in (3, 6, 12):
        expected = 1 - (1 - p) ** (t - 2)
        share = np.mean(np.isin(np.arange(n), hits["path"][hits["month"] <= t]))
        assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / n)


def test_regulation_stops_a_stream():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 1},
        revenue=SUBSCRIPTION + [{"kind": "one_off", "name": "o", "price_per_sale": 7}],
        shocks=[{"name": "ban", "at_month": 5, "stops": ["s"]}],
    )
    b = batch(sc)
    assert np.all(b.stream_sums[0, 4:] == 0) and np.all(b.stream_sums[0, :4] > 0)
    assert np.all(b.stream_sums[1] == 7)


def test_death_after_a_shock_is_put_down_to_it():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 10},
        revenue=[{"kind": "subscription", "name": "s", "price_per_month": 100}],
        costs={"fixed_per_month": 1500},
        financing={"initial_cash": 500},
        shocks=[{"name": "copycat", "at_month": 3, "effects": {"price": 0.1}}],
    )
    b = batch(sc)
    assert b.death_month[0] >= 3 and b.cause[0] == 0  # no rounds: cause 0 is "shock: copycat"


def test_library_shock_with_overrides():
    sc = scenario(
        revenue=SUBSCRIPTION,
        shocks=[
            {"use": "price_war"},
            {"use": "hype_ends", "at_month": 7, "effects": {"churn": 2.0}},
            {"use": "policy_stop", "name": "ban", "stops": ["s"]},
        ],
    )
    war, hype, ban = sc.shocks
    assert war.name == "price_war" and war.probability_per_month == 0.05
    assert war.effects.deal_size.kind == "uniform"
    assert hype.at_month == 7 and hype.probability_per_month is None
    assert hype.effects.churn == 2.0 and hype.effects.demand.kind == "uniform"  # merged
    assert ban.name == "ban" and ban.stops == ["s"]


def test_unknown_library_shock_is_an_error():
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="unknown shock 'meteor'"):
        scenario(shocks=[{"use": "meteor"}])


def test_every_library_shock_is_valid_and_cites_known_facts():
    from ruamel.yaml import YAML

    from sim.scenario.shock_library import SHOCKS
    from tests.helpers import ROOT

    facts = {
        f["id"]
        for sheet in (ROOT / "seeds").glob("*.yaml")
        for f in YAML(typ="safe").load(sheet.read_text())["facts"]
    }
    for name, entry in SHOCKS.items():
        scenario(shocks=[{"use": name}])
        assert set(entry["sources"]) <= facts, name


def _subscription(shocks):
    """10 new customers a month (expected counts) of a 100 a month plan served at 10 each."""
    return scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 10},
        revenue=[
            {
                "kind": "subscription",
                "name": "s",
                "price_per_month": 100,
                "serving_cost_per_customer_per_month": 10,
            }
        ],
        shocks=shocks,
    )


def test_a_stopped_stream_sells_nothing_and_costs_nothing():
    sc = _subscription([{"name": "ban", "at_month": 4, "duration_months": 3, "stops": ["s"]}])
    b = batch(sc)
    assert np.all(b.stream_sums[0, 3:6] == 0) and np.all(b.cost_sums[2, 3:6] == 0)
    # no customers joined during the ban: after it, 30 customers (months 1-3) plus 10 a month
    np.testing.assert_allclose(b.stream_sums[0, 6:9], 100 * np.array([40, 50, 60]))


def test_an_uncertain_probability_of_a_shock():
    """A distribution for probability_per_month: each path has its own chance each month."""
    n = 20_000
    sc = scenario(
        shocks=[
            {
                "name": "ban",
                "probability_per_month": {"kind": "choice", "values": [0.0, 0.2]},
                "from_month": 1,
            }
        ]
    )
    b = batch(sc, n=n, seed=2)
    hit = np.zeros(n, dtype=bool)
    hit[b.events["path"][b.events["kind"] == Event.SHOCK_HIT]] = True
    p = b.inputs["shocks.ban.probability_per_month"]
    assert not hit[p == 0].any()  # a zero chance never hits
    share = hit[p > 0].mean()
    expected = 1 - 0.8**12
    assert abs(share - expected) < 4 * np.sqrt(expected * (1 - expected) / (p > 0).sum())


def test_platform_dependency_presets_raise_inference_cost_or_cut_access_for_months():
    """``upstream_price_rise`` multiplies serving cost while it lasts; ``api_access_cut`` stops
    the named streams for its duration (both given fixed here to check the months)."""
    sc = _subscription(
        [
            {
                "use": "upstream_price_rise",
                "at_month": 2,
                "duration_months": 6,
                "effects": {"inference_cost": 2.0},
            },
            {"use": "api_access_cut", "at_month": 10, "duration_months": 2, "stops": ["s"]},
        ]
    )
    b = batch(sc)
    customers = 10 * np.arange(1, 10)
    factor = np.where((np.arange(1, 10) >= 2) & (np.arange(1, 10) < 8), 2.0, 1.0)
    np.testing.assert_allclose(b.cost_sums[2, :9], 10 * customers * factor)
    assert np.all(b.stream_sums[0, 9:11] == 0) and b.stream_sums[0, 11] == 100 * 100
