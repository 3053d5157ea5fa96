"""The HTML report: one self-contained page, every chart, escaping, edge cases."""

from __future__ import annotations

import re

import pytest
from plotly.offline import get_plotlyjs

from sim.assumptions import number
from sim.loading import load
from sim.report import render
from sim.report.charts import TITLES
from sim.runner import run

from .helpers import SCENARIOS

PATHS = 1500


def _report(sets=None, paths=PATHS):
    r = run(load(SCENARIOS / "dify.yaml", sets), paths=paths, seed=1)
    s = r.summary()
    return r, s, render(r, s)


@pytest.fixture(scope="module")
def dify():
    return _report()


@pytest.fixture(scope="module")
def deadly():
    return _report(["financing.initial_cash=150000", "financing.rounds.seed.probability=0.3"])


def test_one_self_contained_page(dify):
    _, _, page = dify
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert page.count(get_plotlyjs()) == 1
    assert "<script src" not in page and "cdn" not in page.lower().split("<body>")[1]
    assert page.count("Plotly.newPlot(") == 7  # one per chart, causes included


def test_every_chart_has_title_and_hint(dify):
    _, s, page = dify
    for title in TITLES.values():
        assert title.format(cur=s["currency"]) in page
    assert page.count('<p class="hint">Read: ') == 7


def test_headline_numbers_come_from_summary(dify):
    _, s, page = dify
    for m in ("12", "24", "36"):
        assert f"Still alive after {m} months" in page
    p12 = s["p_alive"]["12"]
    assert f"{100 * p12['p']:.1f}%" in page
    assert f"95% interval {100 * p12['lo']:.1f}% to {100 * p12['hi']:.1f}%" in page
    assert f"month {s['breakeven']['month']['p50']['value']:g}" in page
    assert f"{100 * s['default_alive']['p']:.1f}%" in page
    assert "scenarios/dify.yaml" in page and s["run"]["scenario_sha256"] in page


def test_assumptions_table_with_fact_texts(dify):
    _, _, page = dify
    assert '<td class="path">financing.rounds.seed.probability</td>' in page
    assert "PERT(0.005, 0.012, 0.025)" in page
    assert '<span class="fact">f000_34</span>: ' in page  # id with its text from seeds/
    assert "no source given" in page


def test_gap_and_causes_when_companies_die(deadly):
    _, s, page = deadly
    gap50 = s["financing_gap"]["p50"]["value"]
    assert gap50 > 0
    assert f"raise {number(gap50)} USD more" in page
    assert s["causes_of_death"]
    for cause in s["causes_of_death"]:
        assert cause["cause"] in page
    assert "No simulated company died" not in page


def test_scenario_text_is_escaped():
    evil = "<script>alert(1)</script>"
    _, _, page = _report([f"company.story={evil}", "company.name=<b>Evil & Co</b>"], paths=200)
    assert evil not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Evil & Co</b>" not in page
    assert "<h1>&lt;b&gt;Evil &amp; Co&lt;/b&gt;</h1>" in page


def test_short_horizon_skips_headline_months():
    _, s, page = _report(["company.horizon_months=6"], paths=500)
    assert all(v is None for v in s["p_alive"].values())
    assert not re.search(r"Still alive after (12|24|36) months", page)
    assert "Still alive after 6 months (the horizon)" in page
    assert s["months"] == 6 and page.count('<p class="hint">Read: ') >= 6


def test_nobody_dies():
    _, s, page = _report(["financing.initial_cash=100000000"], paths=500)
    assert s["causes_of_death"] == []
    assert "No simulated company died within 36 months." in page
    assert 'id="chart-causes"' not in page
    assert "No path ran out of money" in page
    assert "nothing extra" in page


def test_same_run_same_page(dify, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    r, _, _ = dify
    assert render(r, r.summary()) == render(r, r.summary())
