"""New users each month: Bass word-of-mouth adoption plus a direct lead flow."""

from __future__ import annotations

import numpy as np

from sim.engine.jit import at, maximum, njit, per_path
from sim.engine.processes.base import Process


class BassHazard:
    """The share of the not-yet-adopted market that adopts within one month, exactly.

    The Bass equation dF/dt = (p + qF)(1 - F) is, for G = 1 - F, a Bernoulli equation whose
    solution over one month from G0 is ``G1 = 1 / (a + (1/G0 - a) e^r)`` with r = p + q and
    a = q / r. The hazard is ``h = 1 - G1/G0 = 1 - 1 / (e^r + a G0 (1 - e^r))``. Stepping with
    it reproduces the closed form F(t) = (1 - e^{-rt}) / (1 + (q/p) e^{-rt}) at every month
    end, where the Euler step F += (p + qF)(1 - F) lags by up to 15 points of share.

    With G0 = remaining / m (``remaining`` = m - users), ``h = 1 - 1 / (e^r + k remaining)``
    where k = a (1 - e^r) / m is computed once per path (and again if a policy changes m, p
    or q).
    """

    def __init__(self, m, p, q):
        p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
        r = p + q
        # beyond r = 700 every remaining user adopts within the month to double precision;
        # the cap keeps e^r finite when marketing effort multiplies p and q
        self.e = np.exp(np.minimum(r, 700.0))
        a = np.divide(q, r, out=np.zeros(np.broadcast(q, r).shape), where=r > 0)
        m = np.asarray(m, dtype=float)
        self.k = np.divide(
            a * (1.0 - self.e), m, out=np.zeros(np.broadcast(a, m).shape), where=m > 0
        )

    def of(self, remaining: np.ndarray) -> np.ndarray:
        denom = remaining * self.k
        denom += self.e
        return 1.0 - 1.0 / denom


def bass_hazard(F: np.ndarray, p, q) -> np.ndarray:
    """The one-month hazard at adopted share F (see :class:`BassHazard`)."""
    return BassHazard(1.0, p, q).of(1.0 - np.asarray(F, dtype=float))


def bass_closed_form(t, p: float, q: float) -> np.ndarray:
    """F(t) for F(0) = 0 (Bass 1969), for checking the engine."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)


class Demand(Process):
    """users(t) = users(t-1) + new(t);

    new(t) = s(t) d(t) [Binomial(m - users, h(users/m)) + Poisson(x L (1+g)^(t-1))], where h is
    the exact one-month Bass hazard, s the calendar seasonality, d the shock multiplier on
    demand, L the lead flow (``expected`` counts: the expected values).

    x is the month's marketing effort (``state.mult["effort"]``, set by
    :class:`~sim.engine.processes.market.Market`; absent without ``market.marketing``). In the
    Generalized Bass Model (Bass, Krishnan & Jain 1994) it multiplies the hazard,
    dF/dt = x(t) (p + qF)(1 - F); over a month with constant x that is the Bass equation with
    (p x, q x), so h is the exact one-month hazard of (p x, q x).
    """

    phase = 0.2

    def __init__(self, state, draws, demand, start_calendar_month: int):
        super().__init__(state, draws)
        self.d = demand
        self.start_cal = start_calendar_month
        self.season = [1.0] * 13  # by calendar month; a factor may differ per path
        for month, factor in demand.seasonality.items():
            self.season[month] = factor
        self.bass = self.source = None

    def step(self, t):
        st, d = self.state, self.d
        season, shocked = self.season[(self.start_cal + t - 2) % 12 + 1], st.factor("demand")
        sources = []  # the month's new users from each source
        effort = st.mult.get("effort")  # the same object until the budget changes
        if d.bass is not None:
            b = d.bass
            source = (b.market_size, b.p, b.q, effort)
            if self.source is None or any(
                x is not y for x, y in zip(source, self.source, strict=True)
            ):
                # (again) when a policy has changed one of them, or the marketing effort
                m = np.floor(b.market_size) if self.draws.random else b.market_size
                p, q = (b.p, b.q) if effort is None else (b.p * effort, b.q * effort)
                self.bass, self.source = BassHazard(m, p, q), source
                self.market = tuple(per_path(x, st.n) for x in (m, self.bass.k, self.bass.e))
            remaining, h = np.empty(st.n), np.empty(st.n)
            args = (per_path(season, st.n), per_path(shocked, st.n), remaining, h)
            _bass_month(*self.market, st.users, *args)
            sources.append(self.draws.binomial("bass", t, remaining, h))
        leads = d.leads_per_month
        if leads != 0.0 if isinstance(leads, float) else np.any(leads):  # (no numpy for a number)
            factor = season * shocked
            lam = leads * (1.0 + d.leads_growth_per_month) ** (t - 1) * factor
            if effort is not None:
                lam = lam * effort
            sources.append(self.draws.poisson("leads", t, lam))
        new = sum(sources[1:], sources[0]) if sources else np.zeros(st.n)
        st.users_start = st.users
        st.new_users = new
        st.users = st.users + new


@njit(cache=True, nogil=True)
def _bass_month(m, k, e, users, season, shocked, remaining, h):
    """The month's Bass trials and hazard in one pass, as the numpy expressions they replace:
    ``remaining = max(m - users, 0)`` (people) and ``h = (1 - 1 / (remaining k + e)) x (s d)``
    (:meth:`BassHazard.of`; s the seasonality, d the shocks' factor on demand; x 1 leaves h
    unchanged)."""
    for i in range(h.size):
        r = maximum(at(m, i) - users[i], 0.0)
        remaining[i] = r
        h[i] = (1.0 - 1.0 / (r * at(k, i) + at(e, i))) * (at(season, i) * at(shocked, i))
