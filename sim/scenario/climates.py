"""Markets for money: presets that scale every round's odds, size, time to close and price.

A climate multiplies a round's closing probability (capped at 1) and its amount, adds months to its
time to close, and sets the revenue multiple at which companies are priced: a priced round's
pre-money valuation is ARR x the multiple (ARR = 12 x the mean monthly revenue of the last three
months), and so are an acquisition's price and a survivor's enterprise value at the horizon. The
multiple is drawn once per path and climate (a lognormal by default), so two companies in the same
market are not priced alike. A scenario's climate can change over time
(:class:`sim.scenario.financing.ClimatePhase`), and can switch at random on each path. The preset
``winter-2023`` comes from the figures in the article fact sheets (``seeds/``), ``hot-2021`` partly;
``hot``, ``normal`` and ``winter`` are round numbers for teaching.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from sim.scenario.base import Model
from sim.scenario.bounds import check_number
from sim.scenario.distributions import LogNormal, NonNeg


def _bounded(x: float) -> float:
    check_number(x)
    return x


Number = Annotated[float, Field(ge=0), AfterValidator(_bounded)]
"""A plain number >= 0 of at most 1e15, as every number of a scenario (a round's amount x
1e308 would be infinite)."""


class Climate(Model):
    probability_factor: Number = 1.0
    """Multiplies each round's probability of closing (the result is capped at 1)."""
    size_factor: Number = 1.0
    """Multiplies each round's amount."""
    extra_months_to_close: Number = 0.0
    """Months added to every round's time to close."""
    revenue_multiple: NonNeg = LogNormal(kind="lognormal", mean=6.0, sd=3.0)
    """Enterprise value / ARR (annual revenue run rate) at which rounds, acquisitions and the
    horizon price a company; drawn once per path."""
    note: str = ""
    """Where the numbers come from."""


CLIMATES: dict[str, Climate] = {
    "normal": Climate(
        note=(
            "Neither hot nor cold: rounds close as planned; companies priced at about 6x ARR "
            "(our assumption: a middle value for young software companies)."
        )
    ),
    "hot": Climate(
        probability_factor=1.3,
        size_factor=1.5,
        revenue_multiple=LogNormal(kind="lognormal", mean=10.0, sd=5.0),
        note="Investors compete for deals: more rounds close, larger, at about 10x ARR.",
    ),
    "winter": Climate(
        probability_factor=0.6,
        size_factor=0.6,
        extra_months_to_close=2.0,
        revenue_multiple=LogNormal(kind="lognormal", mean=3.5, sd=1.75),
        note="Funding winter: fewer, smaller, slower rounds, at about 3.5x ARR.",
    ),
    "hot-2021": Climate(
        probability_factor=1.3,
        size_factor=1.5,
        revenue_multiple=LogNormal(kind="lognormal", mean=12.0, sd=6.0),
        note=(
            "The rush before mid-2023: investors committed within about 3 months of a first "
            "look (fact f001_18); the odds x1.3, sizes x1.5 and about 12x ARR are our "
            "assumption."
        ),
    ),
    "winter-2023": Climate(
        probability_factor=0.62,
        size_factor=0.48,
        extra_months_to_close=1.0,
        revenue_multiple=LogNormal(kind="lognormal", mean=5.8, sd=2.9),
        note=(
            "China AI financing in 2023 against 2022: deals -38% and money raised -70% "
            "(f002_17, f002_19), so odds x0.62 and money per deal x0.30/0.62 = x0.48; "
            "institutional decisions take 3-5 months (f001_17) instead of about 3 in the rush "
            "(f001_18): one month more. Prices fall with money per deal: 12x ARR in the rush "
            "x0.48 = about 5.8x."
        ),
    ),
}
