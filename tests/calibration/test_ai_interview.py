"""Calibration of scenarios/ai_interview.yaml against the article figures.

The simulation starts at the first paying employer (month 1 = 2020-01), so calendar 2022 is
months 25-36, 2023 months 37-48 and 2024 months 49-60. A unit of the usage stream is one
interview; the number of interviews a path held in a year is its revenue divided by its price
per interview (one segment with price factor 1 and no shock on prices, so revenue = interviews
x price exactly). On the paths alive at the end of 2024 the simulated company must reproduce:

* f004_09: close to 1 million interviews in 2023. Checked: the median lies within 20% of 1M.
* f004_10: 2-3 million interviews expected in 2024. Checked: the median lies in [2M, 3M] with
  a 10% modelling tolerance, i.e. [1.8M, 3.3M].
* f004_08: interviews more than doubled over 2022 despite the cold hiring market. Checked: the
  median of each path's 2023 / 2022 ratio is at least 2.

Medians are checked with their distribution-free interval at 4-sigma confidence (the band must
overlap it); 4,000 paths, seed 1.
"""

from __future__ import annotations

import pytest

from sim.analysis.results import run
from sim.scenario.loading import load
from tests.helpers import SCENARIOS, in_band, median_interval

PATHS, SEED = 4000, 1
FILE = SCENARIOS / "ai_interview.yaml"
YEAR = {2022: slice(24, 36), 2023: slice(36, 48), 2024: slice(48, 60)}  # rows of the records


@pytest.fixture(scope="module")
def interviews():
    """Interviews per calendar year, per path alive at the end of 2024."""
    sc = load(FILE)
    s = sc.scenario
    assert s.company.start == "2020-01" and s.company.horizon_months == 60
    assert [x.name for x in s.revenue] == ["interviews"] and s.revenue[0].kind == "usage"
    assert [x.price_factor for x in s.demand.segments] == [1.0]
    assert all(sh.effects.price == 1.0 for sh in s.shocks)
    b = run(sc, paths=PATHS, seed=SEED).batch
    units = b.revenue / b.inputs["revenue.interviews.price_per_unit"]
    alive = b.death_month == 0
    assert alive.mean() > 0.5  # the figures describe a company that is still there
    return {year: units[rows].sum(0)[alive] for year, rows in YEAR.items()}


def test_close_to_a_million_interviews_in_2023(interviews):
    assert in_band(interviews[2023], 0.8e6, 1.2e6), median_interval(interviews[2023])


def test_two_to_three_million_in_2024(interviews):
    assert in_band(interviews[2024], 1.8e6, 3.3e6), median_interval(interviews[2024])


def test_more_than_doubled_over_2022(interviews):
    ok = interviews[2022] > 0
    ratio = interviews[2023][ok] / interviews[2022][ok]
    _, _, hi = median_interval(ratio)
    assert hi >= 2.0, median_interval(ratio)
