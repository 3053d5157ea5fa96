"""The liquidation waterfall: exit proceeds split between founders, the pool and investors.

Per path, on a :class:`~sim.engine.cap_table.CapTable`. Money is in the scenario's currency.

References
----------
Metrick, A. and Yasuda, A. (2011). *Venture Capital and the Finance of Innovation*, 2nd ed.
Wiley (preferred stock, conversion decisions and exit waterfalls).
"""

from __future__ import annotations

import numpy as np

from sim.engine.cap_table import CapTable

__all__ = ["waterfall"]


def _settle(table, proceeds, converted):
    """Pay preferences by seniority (pari passu within a level, pro rata to the claims), then
    split the rest pro rata over common shares. Returns (preference paid (K, n), rest, common
    shares (n,), holds-common mask (K, n))."""
    rest = proceeds.copy()
    k = len(table.series)
    paid = np.zeros((k, table.n))
    claim = np.array([s.liquidation_preference_multiple * s.invested for s in table.series])
    claim = np.where(converted, 0.0, claim.reshape(k, table.n))
    seniority = np.array([s.seniority for s in table.series])
    for level in sorted(set(seniority.tolist()), reverse=True):
        at = seniority == level
        want = claim[at].sum(axis=0)
        take = np.minimum(want, rest)
        paid[at] = claim[at] * np.divide(take, want, out=np.zeros(table.n), where=want > 0)
        rest = rest - take
    part = np.array([s.participating for s in table.series], dtype=bool).reshape(k, 1)
    common = converted | part
    shares = np.array([s.shares for s in table.series]).reshape(k, table.n)
    n_common = table.founders + table.pool + np.where(common, shares, 0.0).sum(axis=0)
    return paid, rest, n_common, common


def waterfall(table: CapTable, proceeds: np.ndarray) -> dict:
    """Split exit proceeds between founders, pool and preferred series on every path.

    Debt is not modelled. Series are paid in descending ``seniority``: each takes its
    preference ``liquidation_preference_multiple * invested`` (capped by what is left; series of
    equal seniority share a shortfall pro rata to their claims). A participating series then
    also shares the rest as common; a non-participating one either takes its preference or
    converts to common, whichever pays more. The rest goes pro rata to common shares: founders,
    pool (treated as granted options; strike prices ignored) and converted or participating
    series. Outstanding (unconverted) SAFEs are not seen; convert them first.

    Conversion decisions interact, so they are solved as a fixed point. With ``R`` the rest and
    ``N`` the common shares while series ``k`` (shares ``s``, preference ``P``, fully paid) takes
    its preference, converting pays ``s (R + P) / (N + s)``, which exceeds ``P`` iff ``s R / N
    > P``, i.e. iff the common price ``c = R / N`` exceeds its threshold ``P / s``: the test at
    the current ``c`` is exact. If some preference is not fully paid, ``R = 0`` and converting
    cannot pay more than the preference. Each pass converts, per path, only the series with the
    lowest threshold below ``c``: the new price ``(R + P) / (N + s)`` is a mediant of ``c`` and
    ``P / s``, so it stays above the thresholds of every series converted so far, and no
    converted series ever wants to go back (converting several at once could overshoot). Series
    only ever convert, so after at most K converting passes a (K+1)-th pass changes nothing; the
    result is the unique equilibrium in which no series gains by switching (Metrick & Yasuda
    2011 on conversion order).

    Parameters
    ----------
    table
        Cap table at exit.
    proceeds
        (n,) exit proceeds E >= 0 to equity holders, money.

    Returns
    -------
    dict
        ``founders``, ``pool``, ``investors`` (sum over series): (n,) money; ``series``:
        {name: (n,) money}; ``converted``: {name: (n,) bool}; ``moic``: {name: proceeds /
        invested}; ``moic_investors``: investors / total invested. A MOIC is NaN on paths where
        nothing was invested (so ``np.nanmean`` averages over paths where the series exists).
    """
    proceeds = np.broadcast_to(np.asarray(proceeds, dtype=float), (table.n,)).copy()
    if np.any(proceeds < 0.0) or not np.all(np.isfinite(proceeds)):
        raise ValueError("proceeds must be finite and non-negative")
    k, idx = len(table.series), np.arange(table.n)
    shares = np.array([s.shares for s in table.series]).reshape(k, table.n)
    pref = np.array([s.liquidation_preference_multiple * s.invested for s in table.series])
    part = np.array([s.participating for s in table.series], dtype=bool).reshape(k, 1)
    threshold = np.divide(
        pref.reshape(k, table.n),
        shares,
        out=np.full((k, table.n), np.inf),
        where=(shares > 0) & ~part,
    )
    converted = np.zeros((k, table.n), dtype=bool)
    for _ in range(k + 1):
        paid, rest, n_common, common = _settle(table, proceeds, converted)
        price = np.divide(rest, n_common, out=np.zeros(table.n), where=n_common > 0)
        if k == 0:
            break
        waiting = np.where(converted, np.inf, threshold)
        first = waiting.argmin(axis=0)
        flip = waiting[first, idx] < price
        if not flip.any():
            break
        converted[first[flip], idx[flip]] = True
    else:  # pragma: no cover - impossible by the argument above
        raise RuntimeError("waterfall conversion decisions did not settle")
    payout = paid + np.where(common, shares, 0.0) * price
    invested = np.array([s.invested for s in table.series]).reshape(k, table.n)
    names = [s.name for s in table.series]
    investors = payout.sum(axis=0)
    total_in = invested.sum(axis=0)

    def moic(x, base):
        return np.divide(x, base, out=np.full(np.shape(x), np.nan), where=base > 0)

    return {
        "founders": table.founders * price,
        "pool": table.pool * price,
        "investors": investors,
        "series": dict(zip(names, payout, strict=True)),
        "converted": dict(zip(names, converted, strict=True)),
        "moic": {m: moic(p, i) for m, p, i in zip(names, payout, invested, strict=True)},
        "moic_investors": moic(investors, total_in),
    }
