"""The scenario schema: one YAML file describes one company.

This module holds the whole document (:class:`Scenario`) and its correlations; its sections
are one module per noun: :mod:`~sim.scenario.company` (company, engine options, demand),
:mod:`~sim.scenario.revenue`, :mod:`~sim.scenario.costs`, :mod:`~sim.scenario.financing`,
:mod:`~sim.scenario.shocks` and :mod:`~sim.scenario.market`.

Every numeric field is a :data:`~sim.scenario.distributions.Param`: a plain number or a distribution
sampled once per simulated path. Field names carry their units (``..._per_month`` is money in
the scenario's currency per month, ``..._months`` a count of months, ``share``/``conversion``/
``churn`` a fraction between 0 and 1). Months are counted from 1 (the first month of the
company's life in the simulation); ``company.start`` names its calendar month.

Loading from YAML, with line numbers in error messages, lives in :mod:`sim.scenario.loading`.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from sim.scenario.base import Model, check_unique
from sim.scenario.company import Company, Demand, Engine
from sim.scenario.costs import Costs
from sim.scenario.exits import Exits
from sim.scenario.financing import Financing
from sim.scenario.market import Market, check_market
from sim.scenario.reach import check_reach
from sim.scenario.revenue import RevenueStream
from sim.scenario.shocks import Shock
from sim.scenario.strategy import Policy, Strategy, check_policy_paths


class Correlation(Model):
    """Rank (Spearman) correlations between uncertain parameters, e.g. a hot market raises both
    adoption and round sizes. Each parameter keeps its own distribution exactly; only the
    pairing of draws across paths changes (a Gaussian copula)."""

    parameters: list[str] = Field(min_length=2)
    """Dotted paths of uncertain parameters (distributions), e.g. ``demand.bass.q``."""
    rank_matrix: list[list[float]]
    """Symmetric matrix of rank correlations, ones on the diagonal, positive semi-definite."""

    @model_validator(mode="after")
    def _matrix(self):
        import numpy as np

        k = len(self.parameters)
        check_unique(self.parameters, "correlated parameter")
        m = np.asarray(self.rank_matrix, dtype=float)
        if m.shape != (k, k):
            raise ValueError(f"rank_matrix must be {k} x {k}, one row per parameter")
        if not np.allclose(m, m.T) or not np.allclose(np.diag(m), 1) or np.abs(m).max() > 1:
            raise ValueError("rank_matrix must be symmetric, with ones on the diagonal, in [-1, 1]")
        lowest = float(np.linalg.eigvalsh(m).min())
        if lowest < -1e-9:
            raise ValueError(
                f"rank_matrix is not positive semi-definite (smallest eigenvalue {lowest:.3g}): "
                "these correlations cannot hold together"
            )
        return self


class Scenario(Model):
    """One company: who it is, where demand comes from, how it earns, spends and raises."""

    company: Company
    """Who the company is, and the calendar of the simulation."""
    engine: Engine = Engine()
    """How counts are drawn."""
    demand: Demand = Demand()
    """Where new users come from."""
    revenue: list[RevenueStream] = Field(default_factory=list)
    """How users become money: any number of revenue streams."""
    costs: Costs = Costs()
    """Where the money goes."""
    financing: Financing
    """Money from outside: cash, rounds, prepayments, the market climate."""
    shocks: list[Shock] = Field(default_factory=list)
    """Events that change parameters from the month they hit."""
    market: Market | None = None
    """What the market answers back: marketing effort, price, quality, rivals (optional)."""
    exits: Exits = Exits()
    """Ways a company's life ends other than running out of cash: acquisition, acqui-hire,
    shutting down."""
    correlations: list[Correlation] = Field(default_factory=list)
    """Rank correlations between uncertain parameters (see :class:`Correlation`)."""
    policies: list[Policy] = Field(default_factory=list)
    """Monthly rules acting on each path (usually added by a strategy: sim.scenario.strategy)."""
    strategies: list[Strategy] = Field(default_factory=list)
    """Playbooks this scenario offers for ``sim compare`` (applied one at a time)."""
    sources: dict[str, str | list[str]] = Field(default_factory=dict)
    """Parameter path (e.g. ``revenue.cloud.price_per_month``) to fact id(s) in ``seeds/``."""
    assumptions: dict[str, str] = Field(default_factory=dict)
    """Parameter path to the reason for a value no article gives."""

    @field_validator("correlations")
    @classmethod
    def _correlated_are_uncertain(cls, groups, info):
        from sim.scenario.parameters import uncertain_parameters

        uncertain: dict = {}
        for section, value in info.data.items():
            uncertain |= uncertain_parameters(value, section)
        seen: set[str] = set()
        for name in (name for group in groups for name in group.parameters):
            if name in seen:
                raise ValueError(f"{name!r} is in two correlation groups; put it in one group only")
            seen.add(name)
        for group in groups:
            for name in group.parameters:
                if name not in uncertain:
                    raise ValueError(
                        f"{name!r} is not an uncertain parameter (a distribution) of this "
                        f"scenario; uncertain ones are: {', '.join(uncertain) or 'none'}"
                    )
        return groups

    @model_validator(mode="after")
    def _references(self):
        streams = [s.name for s in self.revenue]
        check_unique(streams, "revenue stream")
        check_unique([s.name for s in self.shocks], "shock")
        check_unique([p.name for p in self.policies], "policy")
        check_unique([s.name for s in self.strategies], "strategy")
        check_policy_paths(self, self.policies)
        check_reach(self, self.months)
        check_market(self)
        for shock in self.shocks:
            for stop in shock.stops:
                if stop not in streams:
                    raise ValueError(
                        f"shock {shock.name!r} stops unknown revenue stream {stop!r}; "
                        f"streams are: {', '.join(streams) or 'none'}"
                    )
        return self

    @property
    def months(self) -> int:
        return self.company.horizon_months
