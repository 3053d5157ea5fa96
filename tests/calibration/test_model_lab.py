"""Calibration of scenarios/model_lab.yaml against the article figures it is built from.

The simulated lab must reproduce:

* f001_20-f001_22: of the 20 million US dollars raised (144 million yuan), about half goes on
  GPU cards. Checked: GPU spending in month 1 (the purchase; training starts in month 2) over
  the initial cash is within 10% of 0.5, plus 4 standard errors.
* f002_13: a training run costs tens of millions of yuan (read as 20-90 million). Checked: the
  average cost of each run, from the engine's GPU spending in the run's months, lies in
  [20M, 90M], widened by 4 standard errors.
* f002_03, f002_10: consumer revenue does not cover the cost of serving the model. Checked: on
  the median path inference cost / subscription revenue > 1 (the 4-sigma interval of the
  median lies above 1), both with free users and for paying customers alone.
* f004_29, f002_12: survival hangs on the next round. Checked: no path lives to the horizon
  without series A (at most 1% + 4 SE), and P(alive | series A closed) exceeds
  P(alive | not closed) by more than 4 standard errors of the difference and is at least
  five times larger.

4,000 paths, seed 1; a run takes well under a second.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.analysis.results import run
from sim.engine.state import COST, Event
from sim.scenario.loading import load
from tests.helpers import SCENARIOS, median_interval

PATHS, SEED = 4000, 1
FILE = SCENARIOS / "model_lab.yaml"


@pytest.fixture(scope="module")
def lab():
    return run(load(FILE), paths=PATHS, seed=SEED)


def test_half_the_first_raise_goes_on_gpu_cards(lab):
    b, sc = lab.batch, lab.scenario
    raised = sc.financing.initial_cash
    assert isinstance(raised, float)  # the raise is the article's fixed 20M USD
    assert sc.costs.gpu.rented_gpus == 0
    assert all(tr.start_month >= 2 for tr in sc.costs.gpu.training_runs)
    # month 1: every path is alive and the only GPU spending is the card purchase
    share = b.cost_sums[COST["gpu"], 0] / b.alive_count[0] / raised
    per_path = b.inputs["costs.gpu.purchases.0.gpus"] * sc.costs.gpu.purchases[0].price_per_gpu
    se = per_path.std(ddof=1) / math.sqrt(b.n) / raised
    assert abs(share - 0.5) <= 0.05 + 4 * se, share


def test_training_runs_cost_tens_of_millions(lab):
    b, sc = lab.batch, lab.scenario
    gpu = b.cost_sums[COST["gpu"]]
    for tr in sc.costs.gpu.training_runs:
        months = range(int(tr.start_month), int(tr.start_month + tr.months))
        # average over the paths alive at the start of each month of the run
        mean_cost = sum(gpu[t - 1] / b.alive_count[t - 1] for t in months)
        alive = b.death_month == 0
        alive |= b.death_month >= tr.start_month
        draws = b.inputs[f"costs.gpu.training_runs.{tr.name}.cost"][alive]
        se = draws.std(ddof=1) / math.sqrt(draws.size)
        assert 20e6 - 4 * se <= mean_cost <= 90e6 + 4 * se, (tr.name, mean_cost)


def _inference_over_revenue(r) -> np.ndarray:
    """Per path: inference cost / subscription revenue, until death (engine output).

    ``cost_of_revenue`` is inference + cost of goods, and the cost of goods is the fixed
    ``cogs_share_of_revenue`` of revenue, so subtracting it leaves inference alone.
    """
    b = r.batch
    revenue = b.revenue.sum(0)
    inference = b.cost_of_revenue - r.scenario.costs.cogs_share_of_revenue * revenue
    ok = revenue > 0
    return inference[ok] / revenue[ok]


def test_subscriptions_do_not_cover_inference(lab):
    assert {s.name for s in lab.scenario.revenue if s.kind != "usage"} == {"consumer_plan"}
    med, lo, _ = median_interval(_inference_over_revenue(lab))
    assert lo > 1.0, med


def test_paying_customers_alone_cost_more_than_they_pay():
    r = run(load(FILE, ["revenue.free_tier.unit_cost=0"]), paths=PATHS, seed=SEED)
    med, lo, _ = median_interval(_inference_over_revenue(r))
    assert lo > 1.0, med


def test_survival_hangs_on_the_series_a(lab):
    b = lab.batch
    ev = b.events
    k = [r.name for r in lab.scenario.financing.rounds].index("series_a")
    closed = np.zeros(b.n, dtype=bool)
    closed[ev["path"][(ev["kind"] == Event.ROUND_CLOSED) & (ev["ref"] == k)]] = True
    alive = b.death_month == 0
    n1, n0 = int(closed.sum()), int((~closed).sum())
    assert n1 >= 100 and n0 >= 100  # both kinds of path are common enough to compare
    p1, p0 = alive[closed].mean(), alive[~closed].mean()
    se0 = math.sqrt(max(p0 * (1 - p0), 1 / n0) / n0)
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    assert p0 <= 0.01 + 4 * se0, p0
    assert p1 - p0 > 4 * se, (p1, p0)
    assert p1 >= 5 * p0, (p1, p0)
