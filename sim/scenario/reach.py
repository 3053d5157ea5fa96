"""Refuse numbers that, combined, leave what can be simulated and written.

Each number of a scenario is bounded on its own (:data:`~sim.scenario.distributions.MAX_MAGNITUDE`,
1e15). Three things compound them over a run and are checked here, over the months simulated:

* a growth rate: leads ``leads_per_month (1 + g)^(t-1)`` and deal sizes
  ``deal_size (1 + g)^(t-1)`` must stay within 1e15 up to the last month;
* shocks: the product of every shock's multiplier of one effect (all may hit) within 1e15;
* policies: a policy's ``set`` must be a value the parameter accepts (its bounds: a churn is a
  share, a price is >= 0), and its ``scale`` must leave a number within them.
"""

from __future__ import annotations

import math
from typing import Any

from sim.scenario.bounds import MAX_MAGNITUDE
from sim.scenario.distributions import _Dist


def highest(value: Any) -> float:
    """The largest value a parameter can take (a number, or a distribution's reach)."""
    return value.reach()[1] if isinstance(value, _Dist) else float(value)


def check_reach(scenario: Any, months: int) -> None:
    """Raise ValueError naming the key if ``months`` of ``scenario`` could leave 1e15."""
    demand = scenario.demand
    _compounded(
        "demand.leads_growth_per_month",
        highest(demand.leads_per_month),
        highest(demand.leads_growth_per_month),
        months,
        "leads per month",
    )
    for stream in scenario.revenue:
        if stream.kind == "contracts":
            _compounded(
                f"revenue.{stream.name}.deal_size_change_per_month",
                highest(stream.deal_size),
                highest(stream.deal_size_change_per_month),
                months,
                "the deal size",
            )
    if scenario.shocks:
        for effect in type(scenario.shocks[0].effects).model_fields:
            product = math.prod(highest(getattr(s.effects, effect)) for s in scenario.shocks)
            if product > MAX_MAGNITUDE:
                raise ValueError(
                    f"shocks: together their {effect} multipliers can reach {product:.3g}; "
                    "at most 1e15 can be simulated"
                )


def _compounded(key: str, base: float, rate: float, months: int, what: str) -> None:
    if base <= 0 or rate <= 0:
        return
    # log scale: (1 + rate)^(months - 1) itself may overflow
    log_top = math.log(base) + (months - 1) * math.log1p(rate)
    if log_top > math.log(MAX_MAGNITUDE):
        top = f"1e{log_top / math.log(10):.0f}"
        raise ValueError(
            f"{key}: {what} would grow to about {top} by month {months}; at most 1e15 can be "
            "simulated (lower the growth or the horizon)"
        )
