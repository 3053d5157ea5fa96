"""Correlated uncertainties: a Gaussian copula keeps every marginal and hits the rank target."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import sim
from sim.engine import runner
from sim.engine.draws import Draws
from sim.engine.rng import root_sequence
from sim.engine.sampling import copula_correlation, sample, uncertain_parameters
from sim.scenario.distributions import Fixed
from tests.helpers import scenario

N = 20_000
Z4 = 4.0  # tolerances are 4 standard errors: a false alarm about once in 16,000 runs

CASH = "financing.initial_cash"
FIXED = "costs.fixed_per_month"
COGS = "costs.cogs_share_of_revenue"
ROUND = "financing.rounds.seed.amount"
CLOSE = "financing.rounds.seed.months_to_close"
HEADS = "costs.team.headcount"

DISTS = {
    CASH: {"kind": "triangular", "low": 100_000, "mode": 300_000, "high": 900_000},
    FIXED: {"kind": "lognormal", "mean": 20_000, "sd": 8_000},
    COGS: {"kind": "beta", "alpha": 2, "beta": 5},
    ROUND: {"kind": "pert", "low": 500_000, "mode": 1_000_000, "high": 3_000_000},
    CLOSE: {"kind": "normal", "mean": 4, "sd": 1, "low": 1, "high": 8},
    HEADS: {"kind": "choice", "values": [5, 2, 8], "weights": [0.5, 0.3, 0.2]},
}
GROUP = [CASH, FIXED, COGS, HEADS]
RHO = [
    [1.0, 0.6, -0.4, 0.3],
    [0.6, 1.0, -0.2, 0.0],
    [-0.4, -0.2, 1.0, 0.0],
    [0.3, 0.0, 0.0, 1.0],
]


def build(correlations=None):
    return scenario(
        costs={
            "fixed_per_month": DISTS[FIXED],
            "cogs_share_of_revenue": DISTS[COGS],
            "team": {"headcount": DISTS[HEADS], "cost_per_head_per_month": 5_000},
        },
        financing={
            "initial_cash": DISTS[CASH],
            "rounds": [
                {"name": "seed", "amount": DISTS[ROUND], "months_to_close": DISTS[CLOSE]},
            ],
        },
        correlations=correlations or [],
    )


@pytest.fixture(scope="module")
def correlated():
    sc = build([{"parameters": GROUP, "rank_matrix": RHO}])
    return sc, sample(sc, Draws(root_sequence(11), 0, N))[1]


@pytest.fixture(scope="module")
def independent():
    return sample(build(), Draws(root_sequence(11), 0, N))[1]


# --------------------------------------------------------------------------- ppf


@pytest.mark.parametrize("path", [p for p in DISTS if p != HEADS])
def test_ppf_inverts_the_cdf(path):
    dist = uncertain_parameters(build())[path]
    u = (np.arange(1000) + 0.5) / 1000
    x = dist.ppf(u)
    assert np.all(np.diff(x) > 0)
    assert np.allclose(dist._frozen().cdf(x), u, atol=1e-9)


def test_choice_ppf_follows_the_weights_in_increasing_order():
    dist = uncertain_parameters(build())[HEADS]
    u = (np.arange(10_000) + 0.5) / 10_000
    x = dist.ppf(u)
    assert np.all(np.diff(x) >= 0)  # monotone: rank correlations carry over
    for value, weight in zip([5, 2, 8], [0.5, 0.3, 0.2], strict=True):
        assert abs((x == value).mean() - weight) <= 1 / u.size
    assert dist.ppf(0.0) == 2 and dist.ppf(1.0) == 8
    assert dist.ppf(0.3) == 2 and dist.ppf(0.3 + 1e-9) == 5  # smallest value reaching u


def test_fixed_ppf_is_the_value():
    dist = Fixed.model_validate({"kind": "fixed", "value": 7})
    assert np.array_equal(dist.ppf(np.array([0.0, 0.5, 1.0])), [7.0, 7.0, 7.0])


# --------------------------------------------------------------------------- copula


def test_achieved_rank_correlation_is_the_target(correlated):
    sc, draws = correlated
    x = np.column_stack([draws[p] for p in GROUP])
    achieved = stats.spearmanr(x).statistic
    se = 1 / math.sqrt(N - 1)  # of Spearman's rho; an upper bound away from rho = 0
    continuous = [0, 1, 2]
    for i in continuous:
        for j in continuous:
            assert abs(achieved[i, j] - RHO[i][j]) <= Z4 * se, (GROUP[i], GROUP[j])
    # a choice has ties, which can only weaken the rank correlation (same sign, smaller size)
    assert 0 < achieved[0, 3] <= RHO[0][3] + Z4 * se


@pytest.mark.parametrize("path", [CASH, FIXED, COGS])
def test_marginals_are_untouched(correlated, path):
    sc, draws = correlated
    dist = uncertain_parameters(sc)[path]
    ks = stats.kstest(draws[path], dist._frozen().cdf)
    # the KS statistic's 99.99% critical value for N draws: sqrt(ln(2 / 1e-4) / (2 N))
    assert ks.statistic <= math.sqrt(math.log(2 / 1e-4) / (2 * N))


def test_a_correlated_choice_keeps_its_weights(correlated):
    _, draws = correlated
    for value, weight in zip([5, 2, 8], [0.5, 0.3, 0.2], strict=True):
        share = (draws[HEADS] == value).mean()
        assert abs(share - weight) <= Z4 * math.sqrt(weight * (1 - weight) / N)


def test_parameters_outside_the_group_draw_as_before(correlated, independent):
    _, draws = correlated
    for path in (ROUND, CLOSE):
        assert np.array_equal(draws[path], independent[path])
    assert not np.array_equal(draws[CASH], independent[CASH])


def test_same_seed_same_draws_other_seed_other_draws(correlated):
    sc, draws = correlated
    again = sample(sc, Draws(root_sequence(11), 0, N))[1]
    other = sample(sc, Draws(root_sequence(12), 0, N))[1]
    for path in GROUP:
        assert np.array_equal(draws[path], again[path])
        assert not np.array_equal(draws[path], other[path])


def test_given_values_win_and_leave_the_rest_of_the_group_alone(correlated):
    sc, draws = correlated
    fixed = np.full(N, 123_456.0)
    got = sample(sc, Draws(root_sequence(11), 0, N), given={CASH: fixed})[1]
    assert np.array_equal(got[CASH], fixed)
    for path in (FIXED, COGS, HEADS, ROUND):
        assert np.array_equal(got[path], draws[path])


def test_a_run_with_correlations_uses_them_in_every_chunk():
    sc = build([{"parameters": [CASH, ROUND], "rank_matrix": [[1, 0.8], [0.8, 1]]}])
    n = runner.CHUNK_PATHS + 5_000
    r = sim.run(sc, paths=n, seed=3, months=2, workers=1)
    inputs = r.batch.inputs
    tail = slice(runner.CHUNK_PATHS, n)  # the second chunk alone
    rho = stats.spearmanr(inputs[CASH][tail], inputs[ROUND][tail]).statistic
    assert abs(rho - 0.8) <= Z4 / math.sqrt(5_000 - 1)
    two = sim.run(sc, paths=n, seed=3, months=2, workers=2)
    assert np.array_equal(two.batch.inputs[CASH], inputs[CASH])


def test_a_rank_matrix_that_the_transform_makes_indefinite_still_works():
    rho = np.full((3, 3), -0.5)
    np.fill_diagonal(rho, 1.0)  # PSD (eigenvalues 0, 1.5, 1.5) but 2 sin(pi rho / 6) is not
    raw = 2 * np.sin(np.pi * rho / 6)
    np.fill_diagonal(raw, 1.0)
    assert np.linalg.eigvalsh(raw).min() < 0
    r = copula_correlation(rho)
    assert np.linalg.eigvalsh(r).min() >= -1e-12
    assert np.allclose(np.diag(r), 1) and np.allclose(r, r.T)
    sc = build([{"parameters": [CASH, FIXED, COGS], "rank_matrix": rho.tolist()}])
    draws = sample(sc, Draws(root_sequence(4), 0, N))[1]
    achieved = stats.spearmanr(np.column_stack([draws[p] for p in (CASH, FIXED, COGS)])).statistic
    # clipping moves the target a little: exactly -0.5 Pearson, i.e. 6/pi asin(-1/4) Spearman
    clipped = 6 / math.pi * math.asin(-0.25)
    off = achieved[np.triu_indices(3, 1)]
    assert np.all(np.abs(off - clipped) <= Z4 / math.sqrt(N - 1))


def test_a_parameter_in_two_groups_is_refused():
    with pytest.raises(ValueError, match="two correlation groups"):
        build(
            [
                {"parameters": [CASH, FIXED], "rank_matrix": [[1, 0.5], [0.5, 1]]},
                {"parameters": [COGS, CASH], "rank_matrix": [[1, 0.5], [0.5, 1]]},
            ]
        )
