"""Calibration of scenarios/course_seller.yaml against the AI course seller (seeds/001, f001_31).

Figures the simulation must reproduce, each with its tolerance:

* f001_31 -- the influencer gathered about 20,000 users through WeChat groups by the time the
  market cooled (July 2023, month 6): the median number of users at the end of month 6 is
  within 25% of 20,000 (modelling tolerance), plus 4 Monte Carlo standard errors.
* f001_31 -- courses and training boomed after the market cooled: on the median path the
  revenue of July-December 2023 (months 6-11) is larger than that of February-June 2023
  (months 1-5), plus 4 SE on the median ratio.
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
    return run(load(SCENARIOS / "course_seller.yaml"), paths=PATHS, seed=SEED)


def test_about_20000_users_gathered_by_july_2023(results):
    users = results.batch.users[6]
    med, se = np.median(users), median_se(users)
    assert 15_000 - K_SE * se <= med <= 25_000 + K_SE * se, med


def test_training_booms_after_the_market_cools(results):
    b = results.batch
    alive = results.alive_mask()[10]  # trading through December 2023
    assert alive.mean() > 0.5
    ratio = b.revenue[5:11, alive].sum(0) / b.revenue[0:5, alive].sum(0)
    med, se = np.median(ratio), median_se(ratio)
    assert med > 1 + K_SE * se, med
