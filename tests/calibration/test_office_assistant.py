"""Calibration of scenarios/office_assistant.yaml against Enterprise Alliance AI (seeds/000).

Figures the simulation must reproduce, each with its tolerance:

* f000_02 -- nearly 100 businesses asked for a trial in the launch month (May 2023): the median
  number of new users in month 1 is within 25% of 100 (modelling tolerance), plus 4 Monte
  Carlo standard errors of the median.
* f000_03 -- close to all trial businesses bought: on the median path at least 85% of month 1's
  new users pay in month 1 (customers = revenue / price; the price is fixed, no segments, and
  no shock can hit before month 4), plus 4 SE.
* f000_07 -- revenue is stable at several hundred thousand yuan a month by early 2024: the
  median monthly revenue of January-March 2024 (months 9-11) lies in the fact sheet's range
  [200k, 900k] yuan, plus 4 SE; and "stable" -- the median ratio of month 12's revenue to
  month 9's is within 25% of 1 (modelling tolerance), plus 4 SE.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import SCENARIOS, median_se

PATHS, SEED = 4000, 1
K_SE = 4


@pytest.fixture(scope="module")
def results():
    return run(load(SCENARIOS / "office_assistant.yaml"), paths=PATHS, seed=SEED)


def test_about_100_trial_requests_in_the_launch_month(results):
    new = results.batch.users[1] - results.batch.users[0]
    med, se = np.median(new), median_se(new)
    assert 75 - K_SE * se <= med <= 125 + K_SE * se, med


def test_nearly_every_trial_buys(results):
    b = results.batch
    price = results.scenario.revenue[0].price_per_month
    ok = b.users[1] > 0
    paying = b.revenue[0, ok] / price / b.users[1, ok]
    med, se = np.median(paying), median_se(paying)
    assert med >= 0.85 - K_SE * se, med


def test_several_hundred_thousand_a_month_by_early_2024(results):
    b = results.batch
    alive = results.alive_mask()[8:11].all(0)  # trading in January-March 2024
    assert alive.mean() > 0.5
    monthly = b.revenue[8:11, alive].mean(0)
    med, se = np.median(monthly), median_se(monthly)
    assert 200_000 - K_SE * se <= med <= 900_000 + K_SE * se, med


def test_revenue_is_stable_by_early_2024(results):
    b = results.batch
    alive = results.alive_mask()[11] & (b.revenue[8] > 0)  # the ratio needs a month-8 revenue
    assert alive.mean() > 0.5
    ratio = b.revenue[11, alive] / b.revenue[8, alive]
    med, se = np.median(ratio), median_se(ratio)
    assert 0.75 - K_SE * se <= med <= 1.25 + K_SE * se, med
