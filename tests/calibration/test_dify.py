"""Dify (scenarios/dify.yaml) against the figures of 000_d501f28deded76d4.txt.

* about 100,000 installs 7 months after founding (f000_30): the median month in which a path
  passes 100,000 users is 7, within one month;
* profitable 8 months after launch (f000_31): the median breakeven month is 8, within one;
* 80% gross margin (f000_32): within 2 points, and within 4 standard errors of that band;
* nearly half the revenue overseas (f000_33): overseas share within 0.45-0.55.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import SCENARIOS


@pytest.fixture(scope="module")
def dify():
    return run(load(SCENARIOS / "dify.yaml"), paths=4000, seed=2)


def test_passes_100k_installs_around_month_7(dify):
    users = dify.batch.users
    crossed = (users >= 100_000).any(0)
    month = np.argmax(users >= 100_000, axis=0)[crossed]
    assert crossed.mean() > 0.95
    assert abs(np.median(month) - 7) <= 1


def test_breaks_even_around_month_8(dify):
    be = dify.summary()["breakeven"]
    assert abs(be["month"]["p50"]["value"] - 8) <= 1
    assert be["share"]["p"] > 0.8


def test_gross_margin_near_80_percent(dify):
    gm = dify.summary()["gross_margin"]
    assert abs(gm["value"] - 0.80) <= 0.02 + 4 * gm["se"]


def test_about_half_the_revenue_is_overseas(dify):
    share = dify.summary()["revenue_share_by_segment"]["overseas"]
    assert 0.45 - 4 * share["se"] <= share["value"] <= 0.55 + 4 * share["se"]
