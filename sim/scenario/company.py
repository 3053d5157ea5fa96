"""Who the company is, how counts are drawn, and where its users come from.

Part of the scenario schema (:mod:`sim.scenario.schema`); money is in ``company.currency``,
months count from 1.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from sim.scenario.base import Model, Name, check_unique
from sim.scenario.distributions import Coefficient, Factor, Growth, NonNeg, Share


class Company(Model):
    name: str = Field(min_length=1, max_length=80)
    """Company name shown in reports."""
    story: str = ""
    """One paragraph a student can read in a minute."""
    survivorship: str = Field(default="", max_length=2000)
    """What the story leaves out: the articles behind an archetype tell survivors' stories
    (survivorship bias: the companies that died wrote none), so say here, in a short paragraph,
    which risks the story does not show and which modelled risks (shocks, rounds that fail,
    rivals, the climate) stand for them. Shown beside the story on the run page and by
    `sim show`; optional."""
    currency: str = Field(default="CNY", pattern=r"^[A-Z]{3}$")
    """ISO code of the currency every money field is in (e.g. CNY, USD)."""
    start: str = Field(default="2023-01", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    """Calendar month of simulation month 1, as YYYY-MM (drives seasonality)."""
    horizon_months: int = Field(default=36, ge=1, le=600)
    """How many months to simulate."""

    @property
    def start_calendar_month(self) -> int:
        return int(self.start[5:7])


class Engine(Model):
    counts: Literal["random", "expected"] = "random"
    """``random``: customers, users and deals are whole numbers drawn each month (binomial /
    Poisson); ``expected``: they are their expected values (no count noise), which makes a
    scenario without distributions fully deterministic."""


class Bass(Model):
    """Word-of-mouth adoption (Bass 1969): ``dF/dt = (p + q F)(1 - F)``, users = m F."""

    market_size: NonNeg
    """m: users who will ever adopt."""
    p: Coefficient
    """Innovation coefficient, per month (0 to 10)."""
    q: Coefficient
    """Imitation (word-of-mouth) coefficient, per month."""


class Segment(Model):
    name: Name
    """Name of the segment (e.g. domestic, overseas)."""
    share: Share
    """Share of new users that belong to this segment (shares are normalised to sum to 1)."""
    price_factor: Factor = 1.0
    """Multiplies every price and deal size paid by this segment's customers."""


class Demand(Model):
    """Where new users come from: Bass diffusion and/or a direct lead flow."""

    bass: Bass | None = None
    """Word-of-mouth adoption; leave out for a company that only has a lead flow."""
    leads_per_month: NonNeg = 0.0
    """Direct leads (new users) per month, on top of Bass adoption."""
    leads_growth_per_month: Growth = 0.0
    """Leads grow by this fraction each month: leads(t) = leads_per_month (1 + g)^(t-1)."""
    seasonality: dict[Annotated[int, Field(ge=1, le=12)], Factor] = Field(default_factory=dict)
    """Calendar month (1-12) to multiplier of new users that month; unlisted months are 1."""
    segments: list[Segment] = Field(
        default_factory=lambda: [Segment(name="all", share=1.0)], min_length=1
    )
    """Customer segments with their share of new users and their price factor."""

    @field_validator("segments")
    @classmethod
    def _unique(cls, v):
        check_unique([s.name for s in v], "segment")
        return v
