"""Calibration of scenarios/video_ads.yaml (FancyTech) against the article figures.

The simulation starts at the first paid videos (month 1 = 2021-01), so calendar 2022, the year
GSR invested, is months 13-24 and 2023 is months 25-36. On the paths alive at the end of 2023,
the simulated company must reproduce:

* f004_12: a little over 10 million yuan of revenue in 2022. Checked: the median 2022 revenue
  lies in [10M, 15M] ("a little over") with a 25% modelling tolerance, i.e. [7.5M, 18.75M].
* f004_13: over 50 million yuan in 2023. Checked: the median 2023 revenue is at least
  50M less 25%, i.e. 37.5M.
* f004_14: five- to sixfold growth in one year. Checked: the median of each path's
  2023 / 2022 revenue ratio lies in [4, 7] (5-6 with a modelling tolerance of one).
* f004_13: profitable. Checked: operating profit (revenue - costs; the company buys no GPUs)
  is positive in 2023 on most surviving paths (share above 1/2 by more than 4 SE).
* The growth comes from word of mouth, not from a pasted curve: the scenario has no lead flow,
  and with the word-of-mouth coefficient q set to 0 the same company grows less than 2.5x.

Medians are checked with their distribution-free interval at 4-sigma confidence (the band must
overlap it); 4,000 paths, seed 1.
"""

from __future__ import annotations

import math

import pytest

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import SCENARIOS, in_band, median_interval

PATHS, SEED = 4000, 1
FILE = SCENARIOS / "video_ads.yaml"
Y2022, Y2023 = slice(12, 24), slice(24, 36)  # rows of the monthly records (month t is row t-1)


def years(r):
    """Revenue in 2022 and 2023 and operating profit in 2023, on paths alive through 2023."""
    b = r.batch
    ok = (b.death_month == 0) | (b.death_month > 36)
    rev22 = b.revenue[Y2022].sum(0)[ok]
    rev23 = b.revenue[Y2023].sum(0)[ok]
    profit23 = rev23 - b.costs[Y2023].sum(0)[ok]
    return rev22, rev23, profit23


@pytest.fixture(scope="module")
def fancytech():
    return run(load(FILE), paths=PATHS, seed=SEED)


def test_calendar():
    sc = load(FILE).scenario
    assert sc.company.start == "2021-01"  # so that 2022 is months 13-24
    assert not sc.costs.gpu.purchases  # operating profit needs no depreciation


def test_2022_revenue_a_little_over_ten_million(fancytech):
    rev22, _, _ = years(fancytech)
    assert in_band(rev22, 7.5e6, 18.75e6), median_interval(rev22)


def test_2023_revenue_over_fifty_million(fancytech):
    _, rev23, _ = years(fancytech)
    _, _, hi = median_interval(rev23)
    assert hi >= 37.5e6, median_interval(rev23)


def test_fivefold_growth_in_a_year(fancytech):
    rev22, rev23, _ = years(fancytech)
    assert (rev22 > 0).all()
    assert in_band(rev23 / rev22, 4.0, 7.0), median_interval(rev23 / rev22)


def test_profitable_in_2023(fancytech):
    _, _, profit23 = years(fancytech)
    n = profit23.size
    assert n >= 0.9 * PATHS  # nearly every path is still alive to be judged
    share = (profit23 > 0).mean()
    se = math.sqrt(max(share * (1 - share), 1 / n) / n)
    assert share - 4 * se > 0.5, share


def test_growth_comes_from_word_of_mouth():
    sc = load(FILE).scenario
    assert sc.demand.leads_per_month == 0  # no lead flow to paste a growth curve into
    r = run(load(FILE, ["demand.bass.q=0"]), paths=PATHS, seed=SEED)
    rev22, rev23, _ = years(r)
    ok = rev22 > 0
    _, _, hi = median_interval(rev23[ok] / rev22[ok])
    assert hi < 2.5, median_interval(rev23[ok] / rev22[ok])
