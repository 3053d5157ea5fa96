"""The sweep and sensitivity pages show the objective they were run with, and their JSON
carries its name."""

from __future__ import annotations

import html
import json

import pytest
from typer.testing import CliRunner

from sim.analysis.sensitivity import analyse
from sim.cli.main import app
from sim.report import objective
from sim.report.i18n import t
from sim.report.sensitivity import render
from tests.helpers import ROOT, SCENARIOS

GRID = ROOT / "examples" / "sweep" / "dify_grid.yaml"


def sim(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def sens():
    from sim.scenario.loading import load

    loaded = load(SCENARIOS / "dify.yaml")
    return {
        name: analyse(loaded, paths=200, base=16, seed=1, months=12, objective=name)
        for name in ("p_alive", "founder_value_mean")
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sensitivity_page_names_and_charts_its_objective(sens, lang):
    s = sens["founder_value_mean"]
    assert s["objective"] == "founder_value_mean"
    assert s["objective_label"] == "founders' expected value"
    page = render(s, lang=lang)
    label = objective.label("founder_value_mean", "USD", lang)
    assert t("sens.objective", lang, label=html.escape(label), name="founder_value_mean") in page
    assert "chart-tornado-objective" in page and "chart-sobol-objective" in page
    plain = render(sens["p_alive"], lang=lang)  # survival is charted already
    assert "chart-tornado-objective" not in plain and "chart-sobol-objective" not in plain
    assert html.escape(objective.label("p_alive", "USD", lang)) in plain


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sweep_page_and_json_carry_the_objective(tmp_path, lang):
    grid = tmp_path / "grid.yaml"
    grid.write_text(
        "parameters:\n  financing.initial_cash: [100000, 400000]\n"
        "  revenue.cloud.price_per_month: [29, 99]\npaths: 200\nmonths: 12\nseed: 1\n"
    )
    out = tmp_path / "out"
    args = ("sweep", SCENARIOS / "dify.yaml", "--grid", grid, "--out", out, "--lang", lang, "-q")
    result = sim(*args, "--objective", "founder_value_mean")
    assert result.exit_code == 0, result.output
    data = json.loads((out / "dify_sweep.json").read_text())
    assert data["objective"] == "founder_value_mean"
    assert data["objective_label"] == "founders' expected value"
    values = [p["founder_value_mean"] for p in data["points"]]
    assert len(values) == 4 and values == sorted(values, reverse=True)
    page = (out / "dify_sweep.html").read_text()
    label = html.escape(objective.label("founder_value_mean", "USD", lang))
    assert f"<b>{label}</b>" in page and "chart-sweep-objective" in page
    result = sim(*args)  # p_alive: the survival chart is the objective's
    assert result.exit_code == 0, result.output
    assert json.loads((out / "dify_sweep.json").read_text())["objective"] == "p_alive"
    assert "chart-sweep-objective" not in (out / "dify_sweep.html").read_text()
