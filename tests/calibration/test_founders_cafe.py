"""Calibration of scenarios/founders_cafe.yaml against the Beijing founders' café (seeds/001).

Figures the simulation must reproduce, each with its tolerance:

* f001_12 -- 8-10 AI events a month before the cool-down: the mean number of events a month in
  January-June 2023 (months 19-24) lies in [8, 10], plus 4 Monte Carlo standard errors.
* f001_13 -- 3-5 events a month from August-September 2023: the mean over October 2023 - June
  2024 (months 28-36, after the hype shock of month 26 has worked through) lies in [3, 5],
  plus 4 SE.
* f001_15 -- about 14 projects incubated from July 2021 to mid-2024: the mean number of deals
  signed in months 1-36 is within 25% of 14 (modelling tolerance), plus 4 SE.
* f001_14 -- coffee makes no money: over months 1-36 the café's coffee takings less the cost of
  the cups are below its staff and rent.
* f001_03 -- the café was still open at the interview (August 2024, month 38): more than half
  of the paths are alive then, plus 4 SE.

Events and deals are counted per path on the café kept open (initial cash 10^12, so that no
path dies): the article's figures describe a café that was open. Each count comes from a run
with only that stream, with its price or deal size set to 1; streams draw from their own random
streams, so dropping the others does not change the counts.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.results import run
from sim.engine.state import COST
from sim.scenario.loading import load
from tests.helpers import SCENARIOS

PATHS, SEED = 4000, 1
K_SE = 4
FILE = SCENARIOS / "founders_cafe.yaml"


def mean_se(x) -> tuple[float, float]:
    x = np.asarray(x, dtype=float)
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(x.size))


def counts(stream: str, size_field: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(months, paths) count of ``stream``'s units or deals on the café kept open, and the
    run's sampled inputs."""
    sc = load(FILE, ["financing.initial_cash=1e12"]).scenario
    only = [s.model_copy(update={size_field: 1.0}) for s in sc.revenue if s.name == stream]
    b = run(sc.model_copy(update={"revenue": only}), paths=PATHS, seed=SEED).batch
    assert (b.death_month == 0).all()
    return b.revenue, b.inputs


@pytest.fixture(scope="module")
def results():
    return run(load(FILE), paths=PATHS, seed=SEED)


def test_events_fall_from_8_10_to_3_5_a_month():
    events, _ = counts("events", "price_per_unit")
    before, se = mean_se(events[18:24].mean(0))
    assert 8 - K_SE * se <= before <= 10 + K_SE * se, before
    after, se = mean_se(events[27:36].mean(0))
    assert 3 - K_SE * se <= after <= 5 + K_SE * se, after


def test_about_14_projects_in_three_years():
    revenue, inputs = counts("incubation", "deal_size")
    deals = revenue.copy()
    deals[25:] /= inputs["shocks.hype_ends.effects.deal_size"]  # the hype shock's deal-size cut
    mean, se = mean_se(deals[:36].sum(0))
    assert 14 * 0.75 - K_SE * se <= mean <= 14 * 1.25 + K_SE * se, mean


def test_coffee_is_a_cost_centre(results):
    b, sc = results.batch, results.scenario
    assert all(getattr(s, "unit_cost", 0) == 0 for s in sc.revenue if s.name != "coffee")
    open_ = results.alive_mask()[:36].sum(1)  # cafés open in each month
    coffee = b.stream_sums[[s.name for s in sc.revenue].index("coffee"), :36] / open_
    cups = b.cost_sums[COST["inference"], :36] / open_  # only coffee has a unit cost
    staff_and_rent = (b.cost_sums[COST["team"], :36] + b.cost_sums[COST["other"], :36]) / open_
    assert (coffee - cups).sum() < staff_and_rent.sum()


def test_still_open_at_the_interview(results):
    death = results.batch.death_month
    open_then = (death == 0) | (death > 38)
    p, se = mean_se(open_then)
    assert p > 0.5 - K_SE * se, p
