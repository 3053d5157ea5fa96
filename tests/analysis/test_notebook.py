"""The notebook API: seeded like the CLI, a short repr, an HTML table, pandas frames."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest
from typer.testing import CliRunner

import sim
from sim.analysis.export import paths_table
from sim.cli.main import app
from sim.formatting import pct
from tests.helpers import SCENARIOS

PATHS = 2000


@pytest.fixture(scope="module")
def results():
    return sim.run(sim.load(SCENARIOS / "dify.yaml"), paths=PATHS)


def test_run_is_seeded_like_the_cli(results, tmp_path):
    assert results.seed == 1
    out = tmp_path / "r.json"
    args = ["run", str(SCENARIOS / "dify.yaml"), "--paths", str(PATHS), "--json", str(out)]
    assert CliRunner().invoke(app, [*args, "--out", str(tmp_path), "-q"]).exit_code == 0
    cli = json.loads(out.read_text())
    mine = results.summary()
    for key in ("survival", "p_alive", "financing_gap", "default_alive", "seed"):
        assert mine[key] == cli[key], key
    assert sim.run(sim.load("dify"), paths=500, seed=None).seed != 1  # fresh entropy, if asked


def test_repr_is_a_few_lines_with_the_headline(results):
    text = repr(results)
    assert len(text.splitlines()) <= 6 and len(text) < 600
    s = results.summary(monthly=False)
    alive = s["p_alive_at_horizon"]
    assert text.startswith(f"<Results Dify: {PATHS:,} paths x 36 months, seed 1, money in USD")
    assert f"{pct(alive['p'])}  ({pct(alive['lo'])} – {pct(alive['hi'])})" in text
    assert pct(s["default_alive"]["p"]) in text


def test_html_summary_table(results):
    page = results._repr_html_()
    s = results.summary(monthly=False)
    assert page.startswith("<table>") and page.count("<tr>") == 1 + 6  # header, 6 figures
    for month in ("12", "24"):
        est = s["p_alive"][month]
        assert f"<td>{pct(est['p'])}</td><td>{pct(est['lo'])} – {pct(est['hi'])}</td>" in page
    assert "alive at 36 months (horizon)" in page and "seed 1" in page


def test_to_pandas_is_the_per_path_table(results):
    frame = results.to_pandas()
    table = paths_table(results)
    assert len(frame) == PATHS and frame.index.name == "path"
    assert list(frame.columns) == [c for c in table if c != "path"]
    for column in ("death_month", "financing_gap", "input:demand.bass.q"):
        if column in table:
            assert np.array_equal(frame[column].to_numpy(), table[column])
    ended = (frame["death_month"] > 0) | (frame["exit_month"] > 0)
    assert ended.mean() == pytest.approx(1 - results.summary()["p_alive_at_horizon"]["p"])
    assert not ((frame["death_month"] > 0) & (frame["exit_month"] > 0)).any()


def test_monthly_percentiles_are_the_json_fans(results):
    frame = results.monthly_percentiles()
    monthly = results.summary()["monthly"]
    assert list(frame.index) == list(range(37)) and frame.index.name == "month"
    for quantity in ("cash", "users"):
        for q in ("p5", "p50", "p95"):
            assert frame[(quantity, q)].tolist() == monthly[quantity][q]
    assert np.isnan(frame.loc[0, ("revenue", "p50")])  # no revenue before the first month
    assert frame[("costs", "p50")].tolist()[1:] == monthly["costs"]["p50"]


def test_a_missing_pandas_says_how_to_install_it(results, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(ImportError, match=r"pip install 'startup-sim\[notebook\]'"):
        results.to_pandas()
    with pytest.raises(ImportError, match="need pandas, which is not installed"):
        results.monthly_percentiles()
