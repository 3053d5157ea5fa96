"""Calibration of scenarios/private_deployment.yaml against the article figures.

Month 1 is January 2023, so June is month 6 and December month 12. The value of a won deal in
month t is computed from the engine's output: the stream's revenue in month t over the deals
won in month t, summed over the paths alive in that month. The deals won are read off the
cost booked per new customer (a fixed 300,000 yuan per won deal; see the scenario's
assumptions), which is the only cost per new customer in the scenario. The simulated vendor
must reproduce:

* f004_18: about 10 million yuan a deployment in early 2023. Checked: value per deal in month 1
  within 5% of 10M.
* f004_19: about 5 million by June 2023. Checked: value per deal in month 6 within 25% of 5M.
* f004_20: under 1 million by the end of 2023. Checked: value per deal in month 12 below 1M.
* f004_21 against f004_22: signing at the first meeting beats a half-year sales cycle. Checked:
  with ``sales_cycle_months`` 1 instead of a lognormal cycle of mean 6, P(alive at 36 months)
  is higher by more than 4 standard errors of the difference.

The Monte Carlo error of a value per deal is estimated by batch means: 20 independent runs of
250 paths (seeds 1-20); each bound is widened by 4 standard errors of the pooled value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import SCENARIOS

FILE = SCENARIOS / "private_deployment.yaml"
BATCHES, BATCH_PATHS = 20, 250
PATHS, SEED = 4000, 1


@pytest.fixture(scope="module")
def value_per_deal():
    """Per month: the pooled value per won deal and its batch-means standard error."""
    sc = load(FILE)
    s = sc.scenario
    assert [x.kind for x in s.revenue] == ["contracts"]
    revenue, deals = [], []
    for seed in range(1, BATCHES + 1):
        b = run(sc, paths=BATCH_PATHS, seed=seed).batch
        revenue.append(b.stream_sums[0])
        deals.append(b.unit_sums[0])  # deals won, summed over the companies alive
    revenue, deals = np.array(revenue), np.array(deals)  # batches x months
    pooled = revenue.sum(0) / deals.sum(0)
    per_batch = revenue / deals
    se = per_batch.std(0, ddof=1) / math.sqrt(BATCHES)
    return pooled, se


def test_ten_million_in_early_2023(value_per_deal):
    value, se = value_per_deal
    assert abs(value[0] - 10e6) <= 0.05 * 10e6 + 4 * se[0], value[0]


def test_five_million_by_june(value_per_deal):
    value, se = value_per_deal
    assert abs(value[5] - 5e6) <= 0.25 * 5e6 + 4 * se[5], value[5]


def test_under_one_million_by_year_end(value_per_deal):
    value, se = value_per_deal
    assert value[11] + 4 * se[11] < 1e6, value[11]


def test_signing_at_the_first_meeting_beats_a_half_year_cycle():
    def p_alive(overrides):
        b = run(load(FILE, overrides), paths=PATHS, seed=SEED).batch
        return (b.death_month == 0).mean()

    assert load(FILE).scenario.revenue[0].sales_cycle.mean_months == 6  # f004_22
    slow = p_alive([])
    fast = p_alive(
        ["revenue.deployments.sales_cycle=null", "revenue.deployments.sales_cycle_months=1"]
    )
    se = math.sqrt((slow * (1 - slow) + fast * (1 - fast)) / PATHS)
    assert fast - slow > 4 * se, (fast, slow)
