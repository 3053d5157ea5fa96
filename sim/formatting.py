"""How numbers are shown to people (CLI, report, assumptions table)."""

from __future__ import annotations

import math

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def number(x: float) -> str:
    """Short form of a number: 59, 0.012, 4,500, 15k, 1.5M, 2.25B, 10T (3 significant digits).

    The unit is chosen after rounding, so 999,880 reads 1M, not 1e+03k.
    """
    if not math.isfinite(x):
        return "-inf" if x < 0 else "inf"
    if abs(x) < 1e4:
        return f"{x:,.6g}"
    r = float(f"{x:.3g}")
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(r) >= size:
            return f"{r / size:.3g}{suffix}"
    return f"{r:,.6g}"  # pragma: no cover - abs(r) >= 1e4 always has a unit


def money(x: float | None, currency: str = "") -> str:
    """``number(x)`` followed by the currency code, 'n/a' for None: '418M CNY', '0 USD'.

    The one way money is written, on every page and in the terminal. From 100 up, whole
    units: '2,992 CNY', not '2,991.7 CNY' (prices below 100 keep their cents: '46.5 USD')."""
    if x is None:
        return "n/a"
    if math.isfinite(x) and abs(x) >= 100:
        x = round(x)
    return f"{number(x)} {currency}".rstrip()


def signed_points(d: float) -> str:
    """A difference of two shares in percentage points, signed, without the unit: '+37.6'."""
    v = round(100 * d, 1) + 0.0  # + 0.0: no "-0.0"
    return f"{v:+.1f}"


def points(d: float | None) -> str:
    """A difference of two shares in percentage points: '+37.6 points' (never '+37.6%', which
    would read as a relative change), 'n/a' for None."""
    return "n/a" if d is None else f"{signed_points(d)} points"


def pct(p: float | None) -> str:
    """A share as a percentage: 92.7%, 0.42%, 'under 0.01%'."""
    if p is None:
        return "n/a"
    v = 100 * p
    if 0 < v < 0.01:
        return "under 0.01%"
    return f"{v:.2g}%" if 0 < v < 1 else f"{v:.1f}%"


def calendar(start: str, t: int) -> str:
    """Calendar name of simulation month ``t`` (month 1 is ``start``, YYYY-MM): 'Dec 2023'."""
    k = int(start[5:7]) - 1 + t - 1
    return f"{MONTHS[k % 12]} {int(start[:4]) + k // 12}"


def share_interval(share: dict) -> str:
    """'95% interval 92.2% to 93.2%' for a ``{p, se, lo, hi}`` share."""
    return f"95% interval {pct(share['lo'])} to {pct(share['hi'])}"


def quantile_interval(q: dict, fmt) -> str:
    """The 95% interval of a ``{value, lo, hi}`` quantile, in words; ``fmt`` shows a value."""
    lo, hi = q["lo"], q["hi"]
    if lo is None and hi is None:
        return "interval not bounded with this many paths"
    if lo is None:
        return f"95% interval: at most {fmt(hi)}"
    if hi is None:
        return f"95% interval: at least {fmt(lo)}"
    if lo == hi:
        return f"95% interval: {fmt(lo)} exactly (many paths share this value)"
    return f"95% interval {fmt(lo)} to {fmt(hi)}"
