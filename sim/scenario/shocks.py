"""Events that change parameters from the month they hit (``shocks:``).

Part of the scenario schema (:mod:`sim.scenario.schema`); presets come from
:mod:`sim.scenario.shock_library`.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from sim.scenario import shock_library
from sim.scenario.base import Model, Name
from sim.scenario.distributions import Factor, NonNeg, Positive, Share


class Effects(Model):
    """Multipliers applied while a shock lasts (1 = unchanged)."""

    price: Factor = 1.0
    """All prices (subscription, per unit, per sale)."""
    deal_size: Factor = 1.0
    """Contract deal sizes."""
    demand: Factor = 1.0
    """New users per month."""
    churn: Factor = 1.0
    """Monthly churn of paying customers."""
    conversion: Factor = 1.0
    """Conversion of new users and win rate of deals."""
    gpu_cost: Factor = 1.0
    """GPU rent, purchases and training runs."""
    inference_cost: Factor = 1.0
    """Serving (inference) cost per customer, job, call or sale."""


class Shock(Model):
    """An event that changes parameters from the month it hits, once per path at most.

    It hits at ``at_month`` or, if ``probability_per_month`` is given, in each month of
    [from_month, until_month] with that probability until it first hits. ``use: NAME`` starts
    from a preset of :mod:`sim.scenario.shock_library` (fields written here replace the preset's).
    """

    @model_validator(mode="before")
    @classmethod
    def _preset(cls, data):
        return shock_library.expand(data)

    name: Name
    """Name of the shock, shown in reports and causes of death."""
    at_month: NonNeg | None = None
    """Month the shock hits (a scheduled shock)."""
    probability_per_month: Share | None = None
    """Chance the shock hits in each month of its window (a random shock)."""
    from_month: NonNeg = 1.0
    """First month a random shock can hit."""
    until_month: NonNeg | None = None
    """Last month a random shock can hit (None: until the horizon)."""
    duration_months: Positive | None = None
    """How long it lasts; None: for good."""
    effects: Effects = Effects()
    """Multipliers applied while the shock lasts."""
    stops: list[Name] = Field(default_factory=list)
    """Revenue streams that stop earning (a regulation or platform ban)."""

    @model_validator(mode="after")
    def _one_arrival(self):
        if (self.at_month is None) == (self.probability_per_month is None):
            raise ValueError("give exactly one of at_month or probability_per_month")
        return self
