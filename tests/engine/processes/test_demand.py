"""Demand: Bass diffusion stepped exactly, lead flows, seasonality."""

from __future__ import annotations

import numpy as np

from sim.engine.processes.demand import bass_closed_form, bass_hazard
from tests.helpers import batch, scenario


def test_bass_without_noise_matches_closed_form_every_month():
    m, p, q, months = 1_000_000, 0.01, 0.5, 36
    sc = scenario(
        company={"name": "Bass", "horizon_months": months},
        engine={"counts": "expected"},
        demand={"bass": {"market_size": m, "p": p, "q": q}},
    )
    users = batch(sc).users[:, 0]
    expected = m * bass_closed_form(np.arange(months + 1), p, q)
    np.testing.assert_allclose(users, expected, rtol=1e-9, atol=1e-6)


def test_euler_step_would_lag_the_closed_form():
    """Why the exact hazard: the Euler update is off by many points of share early on."""
    p, q = 0.01, 0.5
    F, worst = 0.0, 0.0
    for t in range(1, 25):
        F += (p + q * F) * (1 - F)
        worst = max(worst, abs(F - bass_closed_form(t, p, q)))
    assert worst > 0.1


def test_bass_hazard_from_any_state_agrees_with_the_time_shifted_curve():
    p, q = 0.03, 0.4
    F0 = bass_closed_form(5.0, p, q)
    F1 = F0 + (1 - F0) * bass_hazard(np.array(F0), p, q)
    assert np.isclose(F1, bass_closed_form(6.0, p, q), rtol=1e-12)


def test_random_bass_mean_follows_the_curve():
    """With binomial adoption the mean stays within 4 standard errors of the closed form."""
    m, p, q, n = 5000, 0.02, 0.4, 4000
    sc = scenario(
        company={"name": "Bass", "horizon_months": 12},
        demand={"bass": {"market_size": m, "p": p, "q": q}},
    )
    users = batch(sc, n=n, seed=4).users[12]
    se = users.std(ddof=1) / np.sqrt(n)
    # binomial noise makes adoption slightly uneven, but F(12) is far from both 0 and 1 here
    assert abs(users.mean() - m * bass_closed_form(12, p, q)) < 4 * se + 0.01 * m


def test_seasonality_multiplies_new_users_in_its_calendar_month():
    sc = scenario(
        company={"name": "Exam", "horizon_months": 12, "start": "2023-01"},
        engine={"counts": "expected"},
        demand={"leads_per_month": 100, "seasonality": {6: 20.0}},
    )
    new = np.diff(batch(sc).users[:, 0])
    assert new[5] == 2000 and np.all(np.delete(new, 5) == 100)


def test_leads_grow_geometrically():
    sc = scenario(
        engine={"counts": "expected"},
        demand={"leads_per_month": 100, "leads_growth_per_month": 0.1},
    )
    new = np.diff(batch(sc).users[:, 0])
    np.testing.assert_allclose(new, 100 * 1.1 ** np.arange(12))


def test_seasonality_and_growth_can_be_uncertain():
    sc = scenario(
        company={"name": "Exam", "horizon_months": 12, "start": "2023-01"},
        engine={"counts": "expected"},
        demand={
            "leads_per_month": 100,
            "leads_growth_per_month": {"kind": "uniform", "low": 0.0, "high": 0.1},
            "seasonality": {6: {"kind": "uniform", "low": 10, "high": 30}},
        },
    )
    new = np.diff(batch(sc, n=500).users, axis=0)
    june_factor = new[5] / new[4] / (new[4] / new[3])  # seasonality over one month's growth
    assert 10 <= june_factor.min() and june_factor.max() <= 30 and june_factor.std() > 1
    growth = new[1] / new[0] - 1
    assert 0 <= growth.min() and growth.max() <= 0.1 and growth.std() > 0.01
