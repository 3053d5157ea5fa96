"""New users each month: Bass word-of-mouth adoption plus a direct lead flow."""

from __future__ import annotations

import numpy as np

from .base import Process


def bass_hazard(F: np.ndarray, p, q) -> np.ndarray:
    """Share of the not-yet-adopted market that adopts within one month, exactly.

    The Bass equation dF/dt = (p + qF)(1 - F) is, for G = 1 - F, a Bernoulli equation whose
    solution over one month from G0 is ``G1 = 1 / (a + (1/G0 - a) e^r)`` with r = p + q and
    a = q / r. The hazard is ``1 - G1/G0 = 1 - 1 / (a G0 + (1 - a G0) e^r)``. Stepping with it
    reproduces the closed form F(t) = (1 - e^{-rt}) / (1 + (q/p) e^{-rt}) at every month end,
    where the Euler step F += (p + qF)(1 - F) lags by up to 15 points of share.
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    r = p + q
    safe_r = np.where(r > 0, r, 1.0)
    aG = np.where(r > 0, q / safe_r, 0.0) * (1.0 - F)
    return np.where(r > 0, 1.0 - 1.0 / (aG + (1.0 - aG) * np.exp(r)), 0.0)


def bass_closed_form(t, p: float, q: float) -> np.ndarray:
    """F(t) for F(0) = 0 (Bass 1969), for checking the engine."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)


class Demand(Process):
    """users(t) = users(t-1) + new(t);

    new(t) = s(t) d(t) [Binomial(m - users, h(users/m)) + Poisson(L (1+g)^(t-1))], where h is
    the exact one-month Bass hazard, s the calendar seasonality, d the shock multiplier on
    demand, L the lead flow (``expected`` counts: the expected values).
    """

    phase = 0.2

    def __init__(self, state, rng, counts, demand, start_calendar_month: int):
        super().__init__(state, rng, counts)
        self.d = demand
        self.start_cal = start_calendar_month
        self.season = [1.0] * 13  # by calendar month; a factor may differ per path
        for month, factor in demand.seasonality.items():
            self.season[month] = factor

    def step(self, t):
        st, d = self.state, self.d
        factor = self.season[(self.start_cal + t - 2) % 12 + 1] * st.factor("demand")
        new = np.zeros(st.n)
        if d.bass is not None:
            m = np.broadcast_to(d.bass.market_size, (st.n,))
            if self.counts.random:
                m = np.floor(m)
            F = np.divide(st.users, m, out=np.ones(st.n), where=m > 0)
            h = bass_hazard(np.minimum(F, 1.0), d.bass.p, d.bass.q) * factor
            new += self.counts.binomial(self.rng, np.maximum(m - st.users, 0.0), h)
        if np.any(d.leads_per_month):
            lam = d.leads_per_month * (1.0 + d.leads_growth_per_month) ** (t - 1) * factor
            new += self.counts.poisson(self.rng, np.broadcast_to(lam, (st.n,)))
        st.users_start = st.users
        st.new_users = new
        st.users = st.users + new
