"""The HTML report: one self-contained page, every chart, escaping, edge cases, the story of
one company and the slider."""

from __future__ import annotations

import html
import re

import numpy as np
import pytest
from plotly.offline import get_plotlyjs
from typer.testing import CliRunner

from sim.analysis.results import run
from sim.analysis.slider import STEPS, SliderError, paths_for, sweep
from sim.cli import run as cli_run
from sim.cli.main import app
from sim.report import render
from sim.report.charts import TITLES
from sim.report.i18n import t
from sim.report.slider import figure as slider_figure
from sim.scenario.assumptions import number
from sim.scenario.loading import load
from sim.story import pick, pick_reason, story_lines
from tests.helpers import SCENARIOS

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
    assert page.count("Plotly.newPlot(") == 10  # one per chart: causes, endings, value, ownership


def test_every_chart_has_title_and_hint(dify):
    _, s, page = dify
    for title in TITLES.values():
        assert title.format(cur=s["currency"]) in page
    for key in ("title.value", "title.ownership", "title.endings"):  # what the company is worth
        assert html.escape(t(key, cur=s["currency"], months=s["months"])) in page
    assert page.count('<p class="hint">Read: ') == 10


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
    assert '<code class="path">financing.rounds.seed.probability</code>' in page
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


# --------------------------------------------------------------------------- the story


def test_story_of_the_typical_death(dify):
    r, _, page = dify
    path = pick(r, "typical-death")
    assert "<h2>The life of one company</h2>" in page
    assert f"Simulated company no. {path} of {r.paths:,}" in page
    assert html.escape(pick_reason(r, "typical-death", path)) in page
    lines = story_lines(r, path)
    when_told = r"<li[^>]*><span class=\"when\">(.*?)</span><span class=\"told\">(.*?)</span>"
    items = re.findall(when_told, page)
    assert len(items) == len(lines)
    for (when, text), (month, told) in zip(items, lines, strict=True):
        assert when.startswith(f"Month {month} (")
        assert text == html.escape(told)
    assert "The company dies." in items[-1][1]


def test_story_of_the_typical_survivor_when_nobody_dies():
    r, _, page = _report(["financing.initial_cash=100000000"], paths=300)
    path = pick(r, "typical-survivor")
    assert f"Simulated company no. {path} of 300" in page
    assert "the typical survivor" in page and "Still alive after 36 months, the end" in page


def test_story_text_is_escaped():
    _, _, page = _report(["company.name=<i>Evil</i>"], paths=200)
    story = page.split("<h2>The life of one company</h2>")[1].split("</ol>")[0]
    assert "&lt;i&gt;Evil&lt;/i&gt; starts with" in story and "<i>Evil</i>" not in page


# --------------------------------------------------------------------------- the slider

SLIDER_PATHS = 2000


@pytest.fixture(scope="module")
def cash_slider():
    return sweep(SCENARIOS / "dify.yaml", "financing.initial_cash", seed=1, paths=SLIDER_PATHS)


def test_slider_values_span_the_distribution(cash_slider):
    sl = cash_slider
    dist = load(SCENARIOS / "dify.yaml").scenario.financing.initial_cash
    lo, hi = dist.ppf([0.05, 0.95])
    assert len(sl.values) == STEPS and sl.values == sorted(set(sl.values))
    assert abs(sl.values[0] - lo) < 0.1 * (hi - lo) and abs(sl.values[-1] - hi) < 0.1 * (hi - lo)
    assert all(v % 10_000 == 0 for v in sl.values)  # readable: 300k, 340k, ...
    assert sl.paths == SLIDER_PATHS and sl.seed == 1 and sl.spread == "distribution"
    assert sl.values[sl.centre] == min(sl.values, key=lambda v: abs(v - dist.ppf(0.5)))


def test_slider_curves_move_with_initial_cash(cash_slider):
    sl = cash_slider
    curves = np.array(sl.survival)
    assert curves.shape == (STEPS, 37) and (curves[:, 0] == 1).all()
    assert len({tuple(c) for c in curves}) > 1  # the curves differ
    # common random numbers: more initial cash never lowers survival, at any month
    assert (np.diff(curves, axis=0) >= 0).all()
    assert curves[-1, -1] > curves[0, -1]
    assert [a["p"] for a in sl.alive] == pytest.approx(curves[:, -1])


def test_slider_uses_common_random_numbers(cash_slider):
    v = cash_slider.values[2]
    loaded = load(SCENARIOS / "dify.yaml")
    given = {"financing.initial_cash": np.full(SLIDER_PATHS, v)}
    same = run(loaded, paths=SLIDER_PATHS, seed=1, given=given)
    assert same.survival().tolist() == cash_slider.survival[2]
    fixed = run(load(SCENARIOS / "dify.yaml", [f"financing.initial_cash={v}"]), SLIDER_PATHS, 1)
    assert fixed.survival().tolist() == cash_slider.survival[2]  # same as --set the value


def test_slider_figure_has_one_labelled_step_per_value(dify, cash_slider):
    _, s, _ = dify
    fig, hint = slider_figure(cash_slider, s)
    (control,) = fig.layout.sliders
    steps = control.steps
    assert len(steps) == STEPS and control.active == cash_slider.centre
    for i, step in enumerate(steps):
        value = number(cash_slider.values[i])
        share = f"{100 * cash_slider.alive[i]['p']:.1f}%"
        assert step.label == f"{value} USD → {share}"
        visible = step.args[0]["visible"]
        bold = [j for j, tr in enumerate(fig.data) if tr.line.width == 3.5]
        assert [visible[j] for j in bold] == [j == i for j in range(STEPS)]
        assert step.args[1]["annotations"][0]["text"] == f"{share} alive after 36 months"
    bold = [tr for tr in fig.data if tr.line.width == 3.5]
    assert [list(tr.y) for tr in bold] == [[100 * p for p in c] for c in cash_slider.survival]
    assert [tr.visible for tr in bold].count(True) == 1
    assert "initial cash" in control.currentvalue.prefix and "bold line" in hint


def test_slider_section_on_the_page(dify, cash_slider):
    r, s, _ = dify
    page = render(r, s, slider=cash_slider)
    assert page.count("Plotly.newPlot(") == 11 and 'id="chart-slider"' in page
    assert "<h2>What if initial cash were different?</h2>" in page
    assert "5th to the 95th percentile" in page and "triangular(250k, 400k, 600k)" in page
    assert "instead of the run" not in page  # as many paths as the run: nothing to say
    table = page.split('<table class="slider-table">')[1].split("</table>")[0]
    assert table.count("<tr>") == STEPS + 1 and "(closest to the scenario)" in table
    fewer = render(*_report(paths=SLIDER_PATHS + 1)[:2], slider=cash_slider)
    assert f"each position uses 2,000 paths instead of the run's {SLIDER_PATHS + 1:,}" in fewer


def test_slider_over_a_number_and_a_bounded_share():
    price = sweep(SCENARIOS / "dify.yaml", "revenue.cloud.price_per_month", paths=300)
    assert price.spread == "number" and price.values[0] == 30 and price.values[-1] == 88
    assert all(v == int(v) for v in price.values) and 59 in price.values
    assert price.values[price.centre] == 59
    odds = sweep(SCENARIOS / "dify.yaml", "financing.rounds.seed.probability", paths=300)
    assert odds.dropped and max(odds.values) <= 1 and len(odds.values) >= 2
    assert paths_for(1_000_000, 36) < 1_000_000 and paths_for(500, 36) == 500


@pytest.mark.parametrize(
    ("key", "says"),
    [("financing.nothing", "no such parameter"), ("company.name", "not a number")],
)
def test_slider_refuses_what_it_cannot_move(key, says):
    with pytest.raises(SliderError, match=says):
        sweep(SCENARIOS / "dify.yaml", key, paths=100)


def test_cli_slider(tmp_path):
    ok = CliRunner().invoke(
        app,
        ["run", str(SCENARIOS / "dify.yaml"), "--paths", "300", "--out", str(tmp_path),
         "--slider", "financing.initial_cash", "-q"],
    )  # fmt: skip
    assert ok.exit_code == 0, ok.output
    page = (tmp_path / "dify.html").read_text()
    assert 'id="chart-slider"' in page and "What if initial cash were different?" in page
    bad = CliRunner().invoke(
        app, ["run", str(SCENARIOS / "dify.yaml"), "--out", str(tmp_path / "x"),
              "--slider", "company.nope"],
    )  # fmt: skip
    assert bad.exit_code == 2 and "--slider company.nope: no such parameter" in bad.output
    assert "Traceback" not in bad.output and not (tmp_path / "x").exists()
    assert cli_run.STEPS == STEPS


def test_risk_return_labels_of_near_points_take_different_places():
    from sim.report.value import label_places

    # two strategies at the same point, a third far away: the first two labels must differ
    places = label_places([(0.05, 9e6), (0.05, 9e6), (0.6, 0.0)], ["baseline", "charge-late", "x"])
    assert places[0] != places[1]
    assert places[2] == "top center"
    # points far apart keep their labels above
    assert label_places([(0.1, 0.0), (0.9, 1.0)], ["a", "b"]) == ["top center"] * 2
