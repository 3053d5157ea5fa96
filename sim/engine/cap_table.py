"""Cap table, priced rounds and SAFE / note conversion, per path.

The waterfall that splits exit proceeds over this table is :mod:`sim.engine.waterfall`.

Every array has shape ``(n,)``, one value per simulated path; loops run only over the handful of
rounds, series or SAFEs. Money is in the scenario's currency. Shares are counted in units of the
company's fully diluted share count at incorporation: at the start they are fractions of the
company (founders ``1 - pool``, pool ``pool``), later rounds add shares, and
:meth:`CapTable.ownership` gives fractions at any time. Price per share is money per such unit.

Field names follow the Open Cap Format (OCF) where it has one: ``liquidation_preference_multiple``
and ``seniority`` (StockClass), ``conversion_valuation_cap``, ``conversion_discount`` and
``conversion_timing`` (SAFE and note conversion mechanisms). OCF expresses participation only as
``participation_cap_multiple``; uncapped participation here is the flag ``participating``.

References
----------
Metrick, A. and Yasuda, A. (2011). *Venture Capital and the Finance of Innovation*, 2nd ed.
Wiley (preferred stock, conversion decisions and exit waterfalls).
Y Combinator (2018). *Post-Money Safe User Guide*. https://www.ycombinator.com/documents
Open Cap Table Coalition. *Open Cap Format*, schema ``objects/StockClass`` and
``types/conversion_mechanisms``. https://github.com/Open-Cap-Table-Coalition/Open-Cap-Format-OCF
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

import numpy as np

__all__ = ["CapTable", "RoundResult", "Safe", "Series", "convert_safes", "priced_round"]


@dataclass(frozen=True, eq=False)
class Series:
    """One class of preferred stock: per-path ``shares`` and cash ``invested`` (0 on paths where
    it was never bought), and per-series terms. A larger ``seniority`` is paid first (as in OCF);
    equal seniority means pari passu."""

    name: str
    shares: np.ndarray
    invested: np.ndarray
    liquidation_preference_multiple: float = 1.0
    participating: bool = False
    seniority: int = 0


@dataclass(frozen=True, eq=False)
class CapTable:
    """Per-path holdings (shares) of founders, the option pool and each preferred series.

    ``last_post_money`` is the post-money valuation of the latest priced round closed on each
    path (NaN before the first), kept to flag down rounds.
    """

    founders: np.ndarray
    pool: np.ndarray
    series: tuple[Series, ...] = ()
    last_post_money: np.ndarray | None = None

    @classmethod
    def start(cls, n: int, pool: float = 0.10) -> CapTable:
        """Founders own ``1 - pool`` and the option pool ``pool`` of a total of 1.0 share."""
        if not 0.0 <= pool < 1.0:
            raise ValueError(f"pool must be in [0, 1), got {pool}")
        return cls(np.full(n, 1.0 - pool), np.full(n, float(pool)), (), np.full(n, np.nan))

    @property
    def n(self) -> int:
        return len(self.founders)

    @property
    def total(self) -> np.ndarray:
        """Fully diluted shares outstanding per path."""
        return self.founders + self.pool + sum((s.shares for s in self.series), np.zeros(self.n))

    def ownership(self) -> dict[str, np.ndarray]:
        """Fraction of the fully diluted company held by each holder (sums to 1 per path)."""
        total = self.total
        out = {"founders": self.founders / total, "pool": self.pool / total}
        out.update({s.name: s.shares / total for s in self.series})
        return out

    def _next_seniority(self, pari_passu: bool) -> int:
        top = max((s.seniority for s in self.series), default=-1)
        return max(top, 0) if pari_passu else top + 1

    def _with(self, series: Series, **changes) -> CapTable:
        if any(s.name == series.name for s in self.series):
            raise ValueError(f"a series named {series.name!r} already exists")
        return replace(self, series=(*self.series, series), **changes)


@dataclass(frozen=True, eq=False)
class Safe:
    """A SAFE or convertible note outstanding on the paths where ``investment > 0``.

    The amount that converts is ``investment * (1 + interest_rate_per_year *
    months_outstanding / 12)`` (simple interest; 0 for a SAFE). ``conversion_valuation_cap`` is
    ``inf`` for an uncapped instrument; ``conversion_timing`` (OCF's ``ConversionTimingType``)
    says whether the cap is post-money (YC 2018 safe) or pre-money (older safes, most notes).
    """

    name: str
    investment: np.ndarray
    conversion_valuation_cap: float | np.ndarray = np.inf
    conversion_discount: float = 0.0
    conversion_timing: Literal["post_money", "pre_money"] = "post_money"
    interest_rate_per_year: float = 0.0
    months_outstanding: float | np.ndarray = 0.0

    @property
    def conversion_amount(self) -> np.ndarray:
        accrued = self.interest_rate_per_year * np.asarray(self.months_outstanding) / 12.0
        return np.asarray(self.investment, dtype=float) * (1.0 + accrued)


class RoundResult(NamedTuple):
    """What :func:`priced_round` returns: the new table, the per-path down-round flag and the
    SAFEs still outstanding (investment set to 0 where they converted)."""

    table: CapTable
    down_round: np.ndarray
    safes: tuple[Safe, ...]


def _pool_line(table, closes, pre, amount, pool_top_up):
    """Pre-money fully diluted shares ``T`` as an affine function ``a * C + b`` of the shares
    ``C`` outstanding after SAFE conversion, on the branch where the top-up binds (else ``a = 1,
    b = 0``), plus the top-up condition. With ``r = post / pre`` and target pool share ``t``, the
    pool after the top-up must be ``t`` of the post-money shares ``r * T``:
    ``pool + dP = t * r * (C + dP)``, so ``dP = (t r C - pool) / (1 - t r)`` and
    ``T = (C - pool) / (1 - t r)``."""
    if pool_top_up is None:
        return None
    tr = np.where(closes, pool_top_up * (pre + amount) / pre, 0.0)
    if np.any(tr >= 1.0):
        raise ValueError("pool_top_up must be below pre_money / post_money on closing paths")
    return tr, 1.0 / (1.0 - tr), -table.pool / (1.0 - tr)


def convert_safes(
    table: CapTable,
    closes: np.ndarray,
    pre_money: np.ndarray,
    safes: tuple[Safe, ...] | list[Safe],
    *,
    amount: np.ndarray | float | None = None,
    pool_top_up: float | None = None,
    participating: bool = False,
    seniority: int | None = None,
    round_name: str | None = None,
) -> tuple[CapTable, tuple[Safe, ...]]:
    """Convert outstanding SAFEs and notes just before a priced round's new shares are issued.

    Convention (Y Combinator 2018): a priced round happens in three steps, (1) SAFEs convert,
    (2) the option pool is topped up, (3) new money buys shares. Let ``S0`` be the shares before
    the round, ``C = S0 + sum_i s_i`` the *company capitalization* including every converting
    instrument but excluding the step-(2) pool increase, and ``T = C + dP`` the pre-money fully
    diluted shares, so the round's price per share is ``p = pre_money / T`` (the pre-money
    valuation includes the converted SAFEs and the enlarged pool). Instrument ``i`` converting
    amount ``A_i`` gets ``s_i = A_i / min(cap_price_i, (1 - conversion_discount_i) * p)`` with
    ``cap_price_i = cap_i / C`` (post-money cap: the holder owns ``A_i / cap_i`` of ``C``,
    whatever other SAFEs do) or ``cap_i / S0`` (pre-money cap). The pool increase and the new
    money then dilute SAFE holders like everyone else.

    ``C`` solves ``C = h(C) = S0 + sum_i A_i * max(C / cap_i, T(C) / ((1 - d_i) pre))``. ``h`` is
    convex and piecewise affine with slope < 1 (else the SAFEs would claim the whole company), so
    Newton's method from ``C = S0`` rises monotonically, never passes the root and lands on it
    exactly once it reaches the root's affine piece: at most ``2 m + 2`` steps for ``m`` SAFEs.

    Parameters
    ----------
    table, closes, pre_money
        Cap table before the round; bool (n,) paths on which the round closes; pre-money
        valuation (n,), money.
    safes
        Instruments to convert; each converts on the paths where it is outstanding and the round
        closes. Each becomes a series (same name) with a 1x preference on its cash investment
        (YC's Safe Preferred Stock has a preference equal to the purchase amount).
    amount, pool_top_up
        The round's new money and target post-money pool fraction, as passed to
        :func:`priced_round`; needed only for the top-up's effect on the round price.
    participating, seniority
        Terms of the resulting series (default seniority: just above every existing series).
    round_name
        If given, each series is named ``"{safe}@{round_name}"``, so that a SAFE converting in
        different rounds on different paths gets one series per round, each with that round's
        terms. The series is created even where it converts on no path, so that the table's
        layout does not depend on the draws.

    Returns
    -------
    (table, safes)
        The table with one new series per instrument and the instruments with ``investment``
        set to 0 where they converted.
    """
    closes = np.asarray(closes, dtype=bool)
    pre = np.where(closes, np.broadcast_to(np.asarray(pre_money, dtype=float), closes.shape), 1.0)
    amount = np.zeros(table.n) if amount is None else np.broadcast_to(amount, closes.shape)
    line = _pool_line(table, closes, pre, amount, pool_top_up)
    s0 = table.total
    go = [closes & (np.asarray(s.investment) > 0) for s in safes]
    conv = [np.where(g, s.conversion_amount, 0.0) for s, g in zip(safes, go, strict=True)]

    def pieces(c):
        """Slope and intercept of each instrument's active affine piece of ``s_i(C)`` at ``c``."""
        if line is None:
            a_t, b_t = np.ones_like(c), np.zeros_like(c)
        else:
            bind = line[0] * c > table.pool
            a_t, b_t = np.where(bind, line[1], 1.0), np.where(bind, line[2], 0.0)
        out = []
        for s, a in zip(safes, conv, strict=True):
            per_cap = a / np.asarray(s.conversion_valuation_cap, dtype=float)
            cap = (
                (per_cap, 0.0 * c)
                if s.conversion_timing == "post_money"
                else (0.0 * c, per_cap * s0)
            )
            k = a / ((1.0 - s.conversion_discount) * pre)
            disc = (k * a_t, k * b_t)
            use_cap = cap[0] * c + cap[1] >= disc[0] * c + disc[1]
            out.append((np.where(use_cap, cap[0], disc[0]), np.where(use_cap, cap[1], disc[1])))
        return out

    c = s0.copy()
    for _ in range(2 * len(safes) + 2):
        ps = pieces(c)
        alpha = sum((p[0] for p in ps), np.zeros(table.n))
        beta = sum((p[1] for p in ps), np.zeros(table.n))
        if np.any(alpha >= 1.0):
            raise ValueError(
                "the SAFEs would convert into the whole company: an investment at or above its "
                "cap (post-money) or (1 - discount) x pre-money"
            )
        c_new = (s0 + beta) / (1.0 - alpha)
        if np.allclose(c_new, c, rtol=1e-14, atol=0.0):
            break
        c = c_new
    senior = table._next_seniority(False) if seniority is None else seniority
    for s, g, (a, b) in zip(safes, go, pieces(c), strict=True):
        shares = np.where(g, a * c + b, 0.0)
        invested = np.where(g, np.asarray(s.investment, dtype=float), 0.0)
        label = s.name if round_name is None else f"{s.name}@{round_name}"
        table = table._with(Series(label, shares, invested, 1.0, participating, senior))
    left = tuple(
        replace(s, investment=np.where(g, 0.0, s.investment))
        for s, g in zip(safes, go, strict=True)
    )
    return table, left


def priced_round(
    table: CapTable,
    closes: np.ndarray,
    pre_money: np.ndarray,
    amount: np.ndarray,
    name: str,
    pref_multiple: float = 1.0,
    participating: bool = False,
    pool_top_up: float | None = None,
    *,
    pari_passu: bool = False,
    safes: tuple[Safe, ...] | list[Safe] = (),
) -> RoundResult:
    """Sell a new preferred series on the paths where ``closes`` is True.

    ``post = pre_money + amount``. Outstanding ``safes`` first convert (:func:`convert_safes`),
    then the pool is topped up so that it is ``pool_top_up`` of the post-money company (the
    option pool shuffle: the new options are part of the pre-money, so they dilute existing
    holders only), then the investors buy ``T * amount / pre_money`` new shares at
    ``p = pre_money / T``, ``T`` being the pre-money fully diluted shares. The investors own
    ``amount / post`` and every earlier holding is multiplied by ``pre / post`` (times the top-up
    dilution). The pool is never shrunk. Elsewhere nothing changes.

    Parameters
    ----------
    table
        Cap table before the round.
    closes
        bool (n,): the round closes on this path.
    pre_money, amount
        Pre-money valuation and new money, (n,) or scalar, money; ignored where not closing.
    name
        Series name (unique in the table).
    pref_multiple, participating
        The series' ``liquidation_preference_multiple`` (times ``amount``) and participation.
    pool_top_up
        Target post-money pool fraction, or None for no top-up.
    pari_passu
        Rank equal with the most senior existing series instead of above it (the default, later
        series senior). Converted SAFEs rank with the new series, named ``"{safe}@{name}"``.
    safes
        SAFEs and notes to convert in this round.

    Returns
    -------
    RoundResult
        ``table``; ``down_round`` (n,) bool, ``closes & (pre_money < last post-money)``;
        ``safes`` still outstanding.
    """
    closes = np.asarray(closes, dtype=bool)
    pre = np.where(closes, np.broadcast_to(np.asarray(pre_money, dtype=float), closes.shape), 1.0)
    amount = np.where(closes, np.broadcast_to(np.asarray(amount, dtype=float), closes.shape), 0.0)
    if np.any(pre <= 0.0) or np.any(amount < 0.0):
        raise ValueError("pre_money must be positive and amount non-negative where closing")
    seniority = table._next_seniority(pari_passu)
    left = tuple(safes)
    if left:
        table, left = convert_safes(
            table, closes, pre, left, amount=amount, pool_top_up=pool_top_up,
            participating=participating, seniority=seniority, round_name=name,
        )  # fmt: skip
    shares = table.total
    pool = table.pool
    line = _pool_line(table, closes, pre, amount, pool_top_up)
    if line is not None:
        tr = line[0]
        pool = pool + np.maximum(0.0, (tr * shares - pool) / (1.0 - tr))
        shares = shares - table.pool + pool
    new = np.where(closes, shares * amount / pre, 0.0)
    post = pre + amount
    down = closes & (pre < table.last_post_money)  # NaN before the first round compares False
    series = Series(name, new, amount, pref_multiple, participating, seniority)
    last = np.where(closes, post, table.last_post_money)
    return RoundResult(table._with(series, pool=pool, last_post_money=last), down, left)
