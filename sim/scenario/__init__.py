"""The scenario language: what a scenario file may say, and reading one.

A scenario is a YAML document validated by the pydantic models of :mod:`sim.scenario.schema`,
one module per section: :mod:`~sim.scenario.company` (company, engine options, demand),
:mod:`~sim.scenario.revenue`, :mod:`~sim.scenario.costs`, :mod:`~sim.scenario.financing`,
:mod:`~sim.scenario.shocks`, :mod:`~sim.scenario.market`; numbers may be
:mod:`~sim.scenario.distributions`. Around them: :mod:`~sim.scenario.strategy` (strategies and
policies), :mod:`~sim.scenario.climates` and
:mod:`~sim.scenario.shock_library` (presets), :mod:`~sim.scenario.loading` (safe YAML with
line-numbered errors, ``--set``), :mod:`~sim.scenario.assumptions` (where each number comes
from), :mod:`~sim.scenario.scaffold` and :mod:`~sim.scenario.json_schema` (a commented file to
start from, the JSON Schema editors check it with).

This package imports only the schema; nothing here simulates.
"""

from sim.scenario.company import Bass, Company, Demand, Engine, Segment
from sim.scenario.costs import Costs, Gpu, Hire, Marketing, Purchase, Team, TrainingRun
from sim.scenario.exits import Acquihire, Acquisition, Exits, Shutdown
from sim.scenario.financing import ClimatePhase, ClimateSwitch, Financing, Prepayment, Round
from sim.scenario.market import Appeal, Entrants, Market, MarketingEffort, Quality
from sim.scenario.revenue import (
    Charging,
    Contracts,
    Flat,
    Metered,
    OneOff,
    RevenueStream,
    SbgChurn,
    Subscription,
)
from sim.scenario.schema import Correlation, Scenario
from sim.scenario.shocks import Effects, Shock

__all__ = [
    "Acquihire",
    "Acquisition",
    "Appeal",
    "ClimatePhase",
    "ClimateSwitch",
    "Exits",
    "Shutdown",
    "Bass",
    "Charging",
    "Company",
    "Contracts",
    "Correlation",
    "Costs",
    "Demand",
    "Effects",
    "Engine",
    "Entrants",
    "Financing",
    "Flat",
    "Gpu",
    "Hire",
    "Market",
    "Marketing",
    "MarketingEffort",
    "Metered",
    "OneOff",
    "Prepayment",
    "Purchase",
    "Quality",
    "RevenueStream",
    "Round",
    "SbgChurn",
    "Scenario",
    "Segment",
    "Shock",
    "Subscription",
    "Team",
    "TrainingRun",
]
