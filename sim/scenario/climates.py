"""Markets for money: presets that scale every round's odds, size and time to close.

A climate multiplies a round's closing probability (capped at 1) and its amount, and adds
months to its time to close. The preset ``winter-2023`` comes from the figures in the
article fact sheets (``seeds/``), ``hot-2021`` partly; ``hot``, ``normal`` and ``winter`` are
round numbers for teaching.
"""

from __future__ import annotations

from pydantic import Field

from sim.scenario.base import Model


class Climate(Model):
    probability_factor: float = Field(default=1.0, ge=0)
    """Multiplies each round's probability of closing (the result is capped at 1)."""
    size_factor: float = Field(default=1.0, ge=0)
    """Multiplies each round's amount."""
    extra_months_to_close: float = Field(default=0.0, ge=0)
    """Months added to every round's time to close."""
    note: str = ""
    """Where the numbers come from."""


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
        probability_factor=1.3,
        size_factor=1.5,
        note=(
            "The rush before mid-2023: investors committed within about 3 months of a first "
            "look (fact f001_18); the odds x1.3 and sizes x1.5 are our assumption."
        ),
    ),
    "winter-2023": Climate(
        probability_factor=0.62,
        size_factor=0.48,
        extra_months_to_close=1.0,
        note=(
            "China AI financing in 2023 against 2022: deals -38% and money raised -70% "
            "(f002_17, f002_19), so odds x0.62 and money per deal x0.30/0.62 = x0.48; "
            "institutional decisions take 3-5 months (f001_17) instead of about 3 in the rush "
            "(f001_18): one month more."
        ),
    ),
}
