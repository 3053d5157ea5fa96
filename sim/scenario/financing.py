"""Money from outside: starting cash, rounds, prepayments, the climate (``financing:``).

Part of the scenario schema (:mod:`sim.scenario.schema`); money in the scenario's currency.

A priced round closes at a pre-money valuation ``pre = max(pre_money_floor, ARR x m)`` (or the
round's explicit ``pre_money``), with ``ARR`` the company's annual revenue run rate when it
closes (12 x the mean monthly revenue of the last three months) and ``m`` the climate's revenue
multiple on that path; each retry after a failure multiplies it by ``retry_valuation_factor``.
Its investors then own ``amount / (pre + amount)`` and everyone before them is diluted by
``pre / (pre + amount)`` (:mod:`sim.engine.cap_table`). A ``safe`` round brings cash at once and
converts at the next priced round (post-money valuation cap, discount).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from sim.scenario.base import Model, Name, check_unique
from sim.scenario.bounds import not_tiny
from sim.scenario.climates import CLIMATES, Climate
from sim.scenario.distributions import Factor, NonNeg, Positive, Share


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
    kind: Literal["priced", "safe"] = "priced"
    """``priced``: shares sold at a pre-money valuation; ``safe``: a post-money SAFE (a bridge)
    that converts at the next priced round."""
    pre_money: Positive | None = None
    """Pre-money valuation, in the scenario's currency, if agreed up front (None: ARR x the
    climate's revenue multiple, at least ``pre_money_floor``)."""
    pre_money_floor: Positive | None = None
    """Lowest pre-money valuation of the round (what a pre-revenue round is priced at), in the
    scenario's currency (None: four times the round's amount, so that its investors own at most
    20%, a common dilution for an early round)."""
    valuation_cap: Positive | None = None
    """SAFE only: post-money valuation cap, in the scenario's currency (None: uncapped)."""
    discount: Share = 0.0
    """SAFE only: discount on the next priced round's share price (0.2 = 20% off)."""
    liquidation_preference: Factor = 1.0
    """At an exit the round's investors first get this multiple of their money back (or convert
    to common if that pays more), before founders are paid."""
    participating: bool = False
    """Participating preferred: the preference and then a pro rata share of the rest."""
    retries: int = Field(default=0, ge=0, le=5)
    """Times a failed round is tried again (each after ``retry_wait_months``, on worse terms)."""
    retry_wait_months: NonNeg = 3.0
    """Months between a failed try and the next start of talks."""
    retry_valuation_factor: Factor = 0.8
    """Each retry's pre-money valuation is the previous try's times this (worse terms)."""

    @model_validator(mode="after")
    def _safe_terms(self):
        if self.kind == "priced" and (self.valuation_cap is not None or self.discount != 0.0):
            raise ValueError("valuation_cap and discount are terms of a `kind: safe` round")
        return self


class Prepayment(Model):
    """Customers pay in advance: cash arrives in ``month``; the credit is then used up by
    revenue, which brings no new cash until the credit is exhausted."""

    month: NonNeg = 1.0
    """Month the prepayment arrives."""
    amount: NonNeg
    """Cash paid in advance by customers, in the scenario's currency."""


class ClimatePhase(Model):
    """One stretch of a climate schedule: this market until (and including) ``until``."""

    climate: str | Climate
    """A preset name (see ``sim.scenario.climates``) or explicit factors."""
    until: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    """Last calendar month (YYYY-MM) of this phase; None for the last phase (for good)."""

    @field_validator("climate")
    @classmethod
    def _known(cls, v):
        return _known_climate(v)


def _plain(v):
    if not isinstance(v, int | float):  # the engine reads the switch as written, undrawn
        raise ValueError("expected a number: the switch's chance and first month are not drawn")
    return v


class ClimateSwitch(Model):
    """A random change of market on each path: from ``from_month`` on, each month with
    ``probability_per_month``, the path's market becomes ``to`` for good (a winter that comes
    early on some paths and never on others)."""

    to: str | Climate
    """The market after the switch: a preset name or explicit factors."""
    probability_per_month: Annotated[Share, AfterValidator(_plain)]
    """Chance per month that the switch happens (once per path at most); a number."""
    from_month: Annotated[NonNeg, AfterValidator(_plain)] = 1.0
    """First month it can happen; a number."""

    @field_validator("to")
    @classmethod
    def _known(cls, v):
        return _known_climate(v)


def _known_climate(v):
    if isinstance(v, str) and v not in CLIMATES:
        raise ValueError(f"unknown climate {v!r}; expected one of {', '.join(CLIMATES)}")
    return v


def _below_one(v):
    high = v.support()[1] if hasattr(v, "support") else v  # a distribution: its upper end
    if not high < 1.0:
        raise ValueError("the initial round's investors cannot own all of the company")
    return v


class InitialRound(Model):
    """Investors' terms for the money in the bank at the start, when a round raised it before
    month 1: they hold ``investors_share`` of the company (the founders and the pool are
    diluted by 1 - investors_share) and a liquidation preference of ``liquidation_preference x
    initial_cash`` (junior to every later round). Without it the initial cash is the
    founders' own, and a company that spends nothing returns it to them."""

    investors_share: Annotated[Share, AfterValidator(not_tiny), AfterValidator(_below_one)]
    """Fraction of the company the initial round's investors own at the start (at least 1e-9,
    below 1); the round's post-money valuation is initial_cash / investors_share."""
    liquidation_preference: Factor = 1.0
    """At an exit these investors first get this multiple of their money back (or convert to
    common if that pays more), after later rounds' preferences."""
    participating: bool = False
    """Participating preferred: the preference and then a pro rata share of the rest."""


class Financing(Model):
    initial_cash: NonNeg
    """Cash in the bank at the start, in the scenario's currency."""
    initial_round: InitialRound | None = None
    """Who gave the initial cash: the terms of the round that raised it (None: the founders'
    own money, no investors at the start)."""
    climate: str | Climate | list[ClimatePhase] = "normal"
    """Market for money: a preset name (see ``sim.scenario.climates``), explicit factors, or a
    schedule (a list of phases, e.g. ``[{climate: hot-2021, until: 2023-06},
    {climate: winter-2023}]``)."""
    climate_switch: ClimateSwitch | None = None
    """A random switch to another market on each path (None: the climate as written)."""
    option_pool: Share = 0.1
    """Share of the company set aside for employees' options at the start; founders own the
    rest until the first round."""
    rounds: list[Round] = Field(default_factory=list)
    """Planned financing rounds, tried in order."""
    prepayments: list[Prepayment] = Field(default_factory=list)
    """Customer prepayments: cash now, revenue without cash later."""

    @field_validator("climate")
    @classmethod
    def _known_climate(cls, v):
        if isinstance(v, list):
            if not v:
                raise ValueError("a climate schedule needs at least one phase")
            if any(p.until is None for p in v[:-1]) or v[-1].until is not None:
                raise ValueError("every phase but the last has an `until` month; the last none")
            months = [p.until for p in v[:-1]]
            if months != sorted(set(months)):
                raise ValueError("the phases' `until` months must increase")
            return v
        return _known_climate(v)

    @property
    def phases(self) -> list[tuple[Climate, str | None, str]]:
        """The schedule as (climate, last month YYYY-MM or None, name), first phase first."""
        if isinstance(self.climate, list):
            return [(_resolve(p.climate), p.until, _name(p.climate)) for p in self.climate]
        return [(_resolve(self.climate), None, _name(self.climate))]

    @property
    def market(self) -> Climate:
        """The market at the start (the first phase of a schedule)."""
        return self.phases[0][0]

    @field_validator("rounds")
    @classmethod
    def _rounds(cls, v):
        check_unique([r.name for r in v], "round")
        names = {r.name for r in v}
        for r in v:
            if r.after is not None and r.after not in names:
                raise ValueError(f"round {r.name!r} comes after unknown round {r.after!r}")
        return v


def _resolve(climate: str | Climate) -> Climate:
    return CLIMATES[climate] if isinstance(climate, str) else climate


def _name(climate: str | Climate) -> str:
    return climate if isinstance(climate, str) else "custom"
