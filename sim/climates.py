"""Markets for money: presets that scale every round's odds, size and time to close.

A climate multiplies a round's closing probability (capped at 1) and its amount, and adds
months to its time to close. The presets ``winter-2023`` and ``hot-2021`` come from the
figures in the article fact sheets (``seeds/``); ``hot``, ``normal`` and ``winter`` are round
numbers for teaching.
"""

from __future__ import annotations

from pydantic import Field

from ._base import Model


class Climate(Model):
    probability_factor: float = Field(default=1.0, ge=0)
    """Multiplies each round's probability of closing (the result is capped at 1)."""
    size_factor: float = Field(default=1.0, ge=0)
    """Multiplies each round's amount."""
    extra_months_to_close: float = Field(default=0.0, ge=0)
    """Months added to every round's time to close."""
    note: str = ""


CLIMATES: dict[str, Climate] = {
    "normal": Climate(note="Neither hot nor cold: rounds close as planned."),
    "hot": Climate(
        probability_factor=1.3,
        size_factor=1.5,
        note="Investors compete for deals: more rounds close, and larger.",
    ),
    "winter": Climate(
        probability_factor=0.6,
        size_factor=0.6,
        extra_months_to_close=2.0,
        note="Funding winter: fewer, smaller, slower rounds.",
    ),
    "hot-2021": Climate(
        probability_factor=1.0 / 0.62,
        size_factor=0.48**-1,
        note=(
            "The pre-2023 market, i.e. the inverse of winter-2023: 1/0.62 the deal count and "
            "1/0.48 the money per deal (fact sheet 002)."
        ),
    ),
    "winter-2023": Climate(
        probability_factor=0.62,
        size_factor=0.48,
        extra_months_to_close=4.0,
        note=(
            "China AI financing 2023: deals -38% and money raised -70% year on year (so money "
            "per deal x0.30/0.62 = x0.48); institutional decisions take 3-5 months (fact "
            "sheets 001 and 002)."
        ),
    ),
}
