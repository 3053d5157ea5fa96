"""How numbers are shown to people (CLI and report): shares as %, money as 1.2M."""

from __future__ import annotations


def pct(x: float | None, digits: int = 1) -> str:
    return "n/a" if x is None else f"{100 * x:.{digits}f}%"


def money(x: float | None) -> str:
    """1234 -> '1.2k', 2_500_000 -> '2.5M' (no currency sign: the table says which)."""
    if x is None:
        return "n/a"
    for size, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.3g}{suffix}"
    return f"{x:.3g}" if x != int(x) else f"{int(x)}"
