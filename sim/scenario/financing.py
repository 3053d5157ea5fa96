"""Money from outside: starting cash, rounds, prepayments, the climate (``financing:``).

Part of the scenario schema (:mod:`sim.scenario.schema`); money in the scenario's currency.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from sim.scenario.base import Model, Name, check_unique
from sim.scenario.climates import CLIMATES, Climate
from sim.scenario.distributions import NonNeg, Share


class Round(Model):
    """A planned round. Talks start in the first month >= earliest_month in which the traction
    gate holds (and the ``after`` round has closed); they end ``months_to_close`` later (plus the
    climate's delay) with probability ``probability`` x the climate factor of closing."""

    name: Name
    """Name of the round (seed, series_a ...)."""
    amount: NonNeg
    """Money the round brings if it closes, in the scenario's currency (before the climate's
    size factor)."""
    earliest_month: NonNeg = 1.0
    """First month talks can start."""
    min_monthly_revenue: NonNeg = 0.0
    """Traction gate: revenue of the previous month needed before talks start."""
    min_users: NonNeg = 0.0
    """Traction gate: users (cumulative) needed before talks start."""
    probability: Share = 1.0
    """Chance the round closes once talks end (before the climate's factor)."""
    months_to_close: NonNeg = 3.0
    """Months from the start of talks to the answer (plus the climate's delay)."""
    after: Name | None = None
    """Name of a round that must have closed first."""


class Prepayment(Model):
    """Customers pay in advance: cash arrives in ``month``; the credit is then used up by
    revenue, which brings no new cash until the credit is exhausted."""

    month: NonNeg = 1.0
    """Month the prepayment arrives."""
    amount: NonNeg
    """Cash paid in advance by customers, in the scenario's currency."""


class Financing(Model):
    initial_cash: NonNeg
    """Cash in the bank at the start, in the scenario's currency."""
    climate: str | Climate = "normal"
    """Market for money: a preset name (see ``sim.scenario.climates``) or explicit factors."""
    rounds: list[Round] = Field(default_factory=list)
    """Planned financing rounds, tried in order."""
    prepayments: list[Prepayment] = Field(default_factory=list)
    """Customer prepayments: cash now, revenue without cash later."""

    @field_validator("climate")
    @classmethod
    def _known_climate(cls, v):
        if isinstance(v, str) and v not in CLIMATES:
            raise ValueError(f"unknown climate {v!r}; expected one of {', '.join(CLIMATES)}")
        return v

    @property
    def market(self) -> Climate:
        return CLIMATES[self.climate] if isinstance(self.climate, str) else self.climate

    @field_validator("rounds")
    @classmethod
    def _rounds(cls, v):
        check_unique([r.name for r in v], "round")
        names = {r.name for r in v}
        for r in v:
            if r.after is not None and r.after not in names:
                raise ValueError(f"round {r.name!r} comes after unknown round {r.after!r}")
        return v
