"""Comparisons: paired differences, ranking with ties, the leader's explanation, the command."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from sim.analysis.compare import compare, paired
from sim.analysis.results import run
from sim.cli.main import app
from sim.scenario.loading import load
from sim.scenario.strategy import Strategy
from tests.helpers import SCENARIOS

DIFY = SCENARIOS / "dify.yaml"
TIGHT = ["financing.initial_cash=200000"]
CUT = Strategy.model_validate(
    {
        "name": "cut",
        "policies": [
            {
                "name": "cut",
                "when": {"runway_months": {"below": 6}},
                "scale": {"costs.team.cost_per_head_per_month": 0.7},
            }
        ],
    }
)


def test_paired_difference_and_its_error():
    a, b = np.array([1.0, 1, 0, 1]), np.array([1.0, 0, 0, 0])
    d = paired(a, b)
    assert d["diff"] == 0.5 and np.isclose(d["se"], np.std(a - b, ddof=1) / 2)
    assert d["lo"] < 0.5 < d["hi"]


@pytest.fixture(scope="module")
def runs():
    base = run(load(DIFY, TIGHT), paths=3000, seed=4)
    cut = run(load(DIFY, TIGHT, strategy=CUT), paths=3000, seed=4)
    return base, cut


def test_ranking_and_explanation(runs):
    base, cut = runs
    s = compare({"baseline": base, "cut": cut}, [CUT], "p_alive").summary()
    assert [r["name"] for r in s["ranking"]] == ["cut", "baseline"]
    assert [r["place"] for r in s["ranking"]] == [1, 2]
    assert s["explanation"].startswith("cut leads") and "avoids" in s["explanation"]
    diff = s["strategies"][1]["vs_baseline"]["alive_at_horizon"]
    assert diff["lo"] > 0


def test_identical_runs_tie(runs):
    base, _ = runs
    s = compare({"baseline": base, "same": base}).summary()
    assert [r["place"] for r in s["ranking"]] == [1, 1]
    assert "tied" in s["explanation"]
    assert all(d["diff"] == 0 and d["se"] == 0 for d in s["strategies"][1]["vs_baseline"].values())


def test_runs_must_be_paired(runs):
    base, _ = runs
    other = run(load(DIFY, TIGHT), paths=3000, seed=5)
    with pytest.raises(ValueError, match="share seed"):
        compare({"baseline": base, "other": other})


def test_command(tmp_path):
    strategy = tmp_path / "cut.yaml"
    strategy.write_text(
        "name: cut\npolicies:\n  - name: cut\n    when: {runway_months: {below: 6}}\n"
        "    scale: {costs.team.cost_per_head_per_month: 0.7}\n"
    )

    def sim(*args):
        return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})

    ok = sim("compare", DIFY, "-s", strategy, "--set", TIGHT[0], "--paths", 800, "--out", tmp_path)
    assert ok.exit_code == 0, ok.output
    assert "cut" in ok.output and (tmp_path / "dify_compare.html").exists()
    assert (tmp_path / "dify_compare.json").exists()
    missing = sim("compare", DIFY, "-s", "nonsense", "--out", tmp_path)
    assert missing.exit_code == 2 and "nonsense" in missing.output
    strategy.write_text(
        "name: typo\npolicies:\n  - name: p\n    when: {runway_months: {below: 6}}\n"
        "    scale: {costs.team.cost_per_hed: 0.7}\n"
    )
    bad = sim("compare", DIFY, "-s", strategy, "--paths", 100, "--out", tmp_path)
    assert bad.exit_code == 2 and "cost_per_hed" in bad.output and "Traceback" not in bad.output


def test_default_objective_is_founders_value_with_paired_intervals(runs):
    base, cut = runs
    s = compare({"baseline": base, "cut": cut}, [CUT]).summary()
    assert s["objective"] == "founder_value_mean"
    rows = {r["name"]: r for r in s["strategies"]}
    fv = {n: r.batch.founder_value.mean() for n, r in (("baseline", base), ("cut", cut))}
    assert [r["name"] for r in s["ranking"]] == sorted(fv, key=lambda n: -fv[n])
    d = rows["cut"]["vs_baseline"]["objective"]
    assert d["diff"] == pytest.approx(fv["cut"] - fv["baseline"])
    paired_se = np.std(cut.batch.founder_value - base.batch.founder_value, ddof=1) / np.sqrt(
        base.paths
    )
    assert d["se"] == pytest.approx(paired_se)
    for key in ("founder_value", "enterprise_value", "investor_multiple", "exits", "down_rounds"):
        assert key in rows["cut"]
    assert "founders' expected value" in s["explanation"]
