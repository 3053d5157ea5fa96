"""The parameter table: paths, value descriptions, sources and reasons; fact sheets."""

from __future__ import annotations

import pytest

from sim.engine.sampling import uncertain_parameters
from sim.formatting import number
from sim.scenario.assumptions import (
    NO_SOURCE,
    describe,
    load_facts,
    parameter_table,
    unmatched_keys,
)
from sim.scenario.distributions import LogNormal, Pert, Triangular
from sim.scenario.loading import load
from tests.helpers import ROOT, SCENARIOS, scenario


@pytest.fixture(scope="module")
def dify():
    return load(SCENARIOS / "dify.yaml").scenario


@pytest.fixture(scope="module")
def rows(dify):
    return {r["path"]: r for r in parameter_table(dify, load_facts(ROOT / "seeds"))}


def test_paths_follow_sampling_names(dify, rows):
    # every distribution the author wrote is a row, under the path sim.engine.sampling draws it by
    assert set(uncertain_parameters(dify)) <= set(rows)
    assert "revenue.cloud.price_per_month" in rows
    assert "demand.segments.overseas.price_factor" in rows
    assert "financing.rounds.seed.amount" in rows


def test_only_values_the_file_sets(rows):
    # schema defaults the YAML does not mention stay out of the table
    assert "revenue.cloud.backlog_conversion" not in rows
    assert "costs.marketing.per_month" not in rows
    assert "engine.counts" not in rows
    assert "revenue.cloud.charging.from_month" not in rows
    assert "revenue.cloud.charging.after_users" in rows
    # identifiers and prose are not parameters
    assert not any(p.endswith((".name", ".kind")) for p in rows)
    assert "company.story" not in rows


def test_values_are_described(dify, rows):
    bass = dify.demand.bass.market_size
    conversion = dify.revenue[0].conversion
    assert rows["revenue.cloud.price_per_month"]["value"] == number(dify.revenue[0].price_per_month)
    assert rows["revenue.cloud.conversion"]["value"] == (
        f"PERT({number(conversion.low)}, {number(conversion.mode)}, {number(conversion.high)})"
    )
    assert rows["demand.bass.market_size"]["value"] == (
        f"lognormal(mean {number(bass.mean_)}, sd {number(bass.sd)})"
    )
    assert rows["financing.initial_cash"]["value"].startswith("triangular(")
    assert rows["financing.rounds.seed.months_to_close"]["value"].startswith("uniform(")


def test_sources_and_reasons(dify, rows):
    seed_p = rows["financing.rounds.seed.probability"]
    assert [i for i, _ in seed_p["facts"]] == ["f000_34", "f000_35"]
    assert "f000_34" in seed_p["basis"] and "f000_35" in seed_p["basis"]
    assert seed_p["reason"] == dify.assumptions["financing.rounds.seed.probability"]
    assert all(what for _, what in seed_p["facts"])  # fact texts found in seeds/

    price = rows["revenue.cloud.price_per_month"]
    assert price["facts"] == []
    assert price["reason"] == dify.assumptions["revenue.cloud.price_per_month"]
    assert price["reason"] in price["basis"]

    # a section key covers every parameter below it
    for leaf in ("market_size", "p", "q"):
        row = rows[f"demand.bass.{leaf}"]
        assert [i for i, _ in row["facts"]] == ["f000_30"]
        assert row["reason"] == dify.assumptions["demand.bass"]

    assert rows["financing.rounds.seed.earliest_month"]["basis"] == NO_SOURCE


def test_longest_key_wins_and_matching_is_by_segment():
    sc = scenario(
        demand={"bass": {"market_size": 1000, "p": 0.01, "q": 0.3}},
        sources={"demand": "f_all", "demand.bass.p": ["f_p1", "f_p2"], "demand.ba": "f_typo"},
        assumptions={"demand.bass": "because"},
    )
    rows = {r["path"]: r for r in parameter_table(sc)}
    assert [i for i, _ in rows["demand.bass.p"]["facts"]] == ["f_p1", "f_p2"]
    assert [i for i, _ in rows["demand.bass.q"]["facts"]] == ["f_all"]
    assert rows["demand.bass.q"]["reason"] == "because"
    # without fact texts the basis shows ids only
    assert rows["demand.bass.q"]["basis"] == "f_all | because"
    # "demand.ba" is not a prefix of "demand.bass" segment by segment: it covers nothing
    assert unmatched_keys(sc, list(rows.values())) == ["demand.ba"]
    assert rows["financing.initial_cash"]["basis"] == NO_SOURCE


def test_describe_and_number():
    assert describe(Pert(kind="pert", low=0.005, mode=0.012, high=0.025)) == (
        "PERT(0.005, 0.012, 0.025)"
    )
    assert describe(Triangular(kind="triangular", low=1, mode=2, high=4)) == "triangular(1, 2, 4)"
    assert describe(LogNormal(kind="lognormal", mean=1_500_000, sd=500_000)) == (
        "lognormal(mean 1.5M, sd 500k)"
    )
    assert [number(x) for x in (59, 0.012, 4500, 15_000, 1_500_000, 2.25e9, -50_000)] == [
        "59",
        "0.012",
        "4,500",
        "15k",
        "1.5M",
        "2.25B",
        "-50k",
    ]


def test_load_facts(tmp_path):
    facts = load_facts(ROOT / "seeds")
    assert facts["f000_30"].startswith("Dify passed 100,000")
    (tmp_path / "a.yaml").write_text(
        "facts:\n  - {id: x_01, what: 'Thirty investors'}\n  - {id: x_02, what: '<b>'}\n"
    )
    (tmp_path / "notes.md").write_text("not a sheet")
    assert load_facts(tmp_path) == {"x_01": "Thirty investors", "x_02": "<b>"}
    (tmp_path / "b.yaml").write_text("facts: [unclosed\n")
    with pytest.raises(ValueError, match="b.yaml"):
        load_facts(tmp_path)
