"""How a company's life can end other than by running out of cash (``exits:``).

Part of the scenario schema (:mod:`sim.scenario.schema`); money in the scenario's currency.

- **Acquisition**: each month from ``from_month``, a company still running is bought with
  probability ``h(t) = min(max_probability_per_month, probability_per_month x ARR(t) /
  reference_arr)``: the more it earns, the likelier a buyer. The price is ``premium x ARR x m``
  (``m`` the climate's revenue multiple on the path) plus the cash in the bank, split by the
  liquidation waterfall (:mod:`sim.engine.waterfall`).
- **Acqui-hire**: a company earning less than ``below_arr`` a year is taken over for its team
  with probability ``probability_per_month``; the buyer returns the investors' money plus
  simple interest and the founders get nothing (the exit ``004_e63a61f46f498057.txt``
  describes for large-model labs).
- **Shutdown**: a company whose runway is under ``runway_below_months``, whose revenue has not
  grown for ``flat_revenue_months`` (no new high of its three-month mean) and which has no
  round in talks winds down (a company that has never earned runs out instead): it stops and
  returns its cash through the waterfall, counted as *shut down*, neither dead nor alive.

The hazards draw one Uniform(0, 1) per path and exit kind ``U``: the exit happens in the first
month when the cumulative hazard ``sum_t -ln(1 - h(t))`` reaches ``-ln U`` (an exponential
clock), so a path's exit moves smoothly with its traction on common random numbers.
"""

from __future__ import annotations

from sim.scenario.base import Model
from sim.scenario.distributions import Factor, NonNeg, Positive, Share


class Acquisition(Model):
    probability_per_month: Share = 0.0
    """Chance per month of being bought at an ARR of ``reference_arr`` (more with more ARR)."""
    reference_arr: Positive = 1_000_000.0
    """ARR (annual revenue run rate, in the scenario's currency) at which the chance per month
    is ``probability_per_month``."""
    max_probability_per_month: Share = 0.05
    """Upper limit of the chance per month, however large the company."""
    from_month: NonNeg = 12.0
    """First month a buyer can come."""
    premium: Factor = 1.0
    """Price / (ARR x the climate's revenue multiple): above 1 a buyer pays for strategy."""


class Acquihire(Model):
    probability_per_month: Share
    """Chance per month of an acqui-hire while ARR is below ``below_arr``."""
    below_arr: NonNeg = 1_000_000.0
    """Only a company earning less than this a year (ARR, in the scenario's currency)."""
    interest_per_year: NonNeg = 0.08
    """Simple interest on the investors' money that the buyer pays back with it."""
    from_month: NonNeg = 12.0
    """First month it can happen."""


class Shutdown(Model):
    runway_below_months: NonNeg = 3.0
    """Wind down when cash / monthly burn falls below this many months ..."""
    flat_revenue_months: NonNeg = 6.0
    """... and the three-month mean revenue has not reached a new high for this many months,
    and no round is in talks."""
    from_month: NonNeg = 6.0
    """First month the founders would consider it."""


class Exits(Model):
    """Ways out: acquisition, acqui-hire, shutting down. The company's value at the horizon
    is ARR x the climate's revenue multiple + cash."""

    acquisition: Acquisition | None = None
    """A buyer that pays a revenue multiple (None: no acquisition)."""
    acquihire: Acquihire | None = None
    """A buyer that takes the team and returns the investors' money (None: none)."""
    shutdown: Shutdown | None = Shutdown()
    """When the founders wind the company down rather than live on as a zombie (null: never)."""
