"""How large and how small a scenario's numbers may be: what can be simulated and written.

Every number of a scenario, and every value a distribution of it can draw, is checked here
before anything runs (issue 15), so that no output can be infinite or NaN. Distributions are
duck-typed (anything with ``reach()`` and ``kind``): this module imports no other.
"""

from __future__ import annotations

import math

MAX_MAGNITUDE = 1e15
"""Largest magnitude of any number in a scenario (money, counts, months, rates): 1e15. Products
of several such numbers (a price, a count, a segment's price factor, a shock's multiplier),
summed over paths and months and squared for standard errors, stay far from the overflow of
64-bit floating point (1.8e308), so that no output is infinite or NaN."""
MIN_POSITIVE = 1e-9
"""Smallest value of a parameter that must be > 0 (``Positive``: the engine divides by it,
and dividing by 1e-320 overflows)."""
Z_REACH = 8.209536151601387
"""The standard normal quantile at 1 - 2^-53: a draw by inversion of a double-precision
uniform is never further out. Distributions with unbounded support (normal, lognormal) are
checked over their values out to it (scipy's ``norm.isf(2**-53)``; written out so that checking
a file does not import scipy.stats)."""


def check_number(x: float) -> None:
    """Raise ValueError unless ``x`` is finite and at most MAX_MAGNITUDE in magnitude."""
    if not math.isfinite(x):
        raise ValueError(f"expected a finite number, got {x}")
    if abs(x) > MAX_MAGNITUDE:
        raise ValueError(f"expected a number of magnitude at most 1e15, got {x:g}")


def in_reach(value):
    """A parameter: a number checked by :func:`check_number`; a distribution (whose own
    parameters are checked, and valid, by now) must not draw beyond MAX_MAGNITUDE."""
    if isinstance(value, int | float):
        check_number(value)
        return value
    try:
        lo, hi = value.reach()
    except (ValueError, OverflowError, FloatingPointError):
        lo = hi = math.inf
    if not (math.isfinite(lo) and math.isfinite(hi)) or max(-lo, hi) > MAX_MAGNITUDE:
        raise ValueError(
            f"a {value.kind} distribution that can draw values beyond 1e15 in magnitude "
            f"(from {lo:g} to {hi:g}); narrow it"
        )
    return value


def not_tiny(value):
    """A parameter the engine divides by: at least MIN_POSITIVE, and so every draw of it."""
    lo = value if isinstance(value, int | float) else value.reach()[0]
    if lo < MIN_POSITIVE:
        raise ValueError(f"expected a number of at least 1e-9, got {lo:g}")
    return value
