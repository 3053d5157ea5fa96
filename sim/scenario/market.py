"""What the market answers back: marketing effort, appeal (price, quality, rivals), the
open-source frontier and entrants (``market:``, optional; issue 14).

Part of the scenario schema (:mod:`sim.scenario.schema`); the engine side, with the equations and
their sources, is :mod:`sim.engine.processes.market`. Every part is optional and off by default:
a scenario without ``market:`` gives the same numbers as before it existed.

A scenario author writes, for example::

    market:
      marketing: {reference_per_month: 30000, elasticity: 0.4}
      appeal:
        rivals: 3
        price_sensitivity: 1.5
        reference_prices: {cloud: 59}
      quality:
        per_engineer_month: 0.01
        per_training_run: 0.5
        frontier_drift_per_month: 0.02
        catch_up_on: [open_source_catch_up]
      entrants: {base_per_month: 0.01, per_market_share: 0.3, price_factor: 0.8}
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from sim.scenario.base import Model, Name
from sim.scenario.distributions import NonNeg, Param, Positive, Share, _bounded

PriceCut = Annotated[Param, _bounded(0, 1, what="a multiplier between 0 and 1")]
"""An entrant's multiplier of the market's prices: entrants bring prices down or leave them
(1); above 1 their product over many entrants would overflow."""


class MarketingEffort(Model):
    """Marketing effort raises adoption as in the Generalized Bass Model (Bass, Krishnan & Jain
    1994): the Bass hazard and the lead flow are multiplied by the effort
    ``x = (1 + M / reference_per_month)^elasticity``, M the month's marketing budget
    (``costs.marketing.per_month``, which a policy may change). x = 1 without spend."""

    reference_per_month: Positive
    """Budget at which effort has risen by the factor 2^elasticity (scale of diminishing
    returns), in the scenario's currency per month."""
    elasticity: Share
    """Elasticity of effort with respect to (1 + budget / reference): 0 = marketing does
    nothing, 1 = effort grows in proportion; between them, diminishing returns."""


class Appeal(Model):
    """How price, quality and rivals share the choosers (a multinomial logit, McFadden 1974):
    a stream's value v = quality_weight (Q - F) - price_sensitivity (P / P_ref - 1), its share
    s = e^v / (e^v + rivals), relative to the share at v = 0 with the base rivals. Conversion
    and win rate are multiplied by s / s0, churn by (1 - s) / (1 - s0). The elasticity of the
    share with respect to price at P = P_ref is -price_sensitivity (1 - s0).

    Where a stream has a reference price, a shock's ``price`` multiplier (``deal_size`` for
    contracts) lowers that reference price, the market's, instead of what the company charges:
    in a price war the company keeps its list price (a policy may cut it) and loses share."""

    rivals: Positive
    """Number of rival products at the reference (before any entrant), > 0."""
    price_sensitivity: NonNeg = 0.0
    """Logit weight of the relative price P / P_ref - 1 (0: price does not matter)."""
    quality_weight: NonNeg = 1.0
    """Logit weight of one point of relative quality Q - F (with ``quality``)."""
    reference_prices: dict[Name, Positive] = Field(default_factory=dict)
    """Revenue stream name to the market's reference price P_ref: of a month's subscription,
    a unit, a sale or a deal, as the stream charges. Streams not listed have no price term."""


class Quality(Model):
    """A quality index Q(t) built by R&D against a free (open-source) frontier F(t), both in
    quality points (a reasoned index: one point is what ``quality_weight`` prices)."""

    initial: Param = 0.0
    """Q at the start, in quality points (the frontier starts at ``frontier_initial``)."""
    per_engineer_month: NonNeg = 0.0
    """Quality points one person of the team adds per month."""
    per_training_run: NonNeg = 0.0
    """Quality points a GPU training run (``costs.gpu.training_runs``) adds when it ends."""
    frontier_initial: Param = 0.0
    """The free frontier F at the start, in quality points."""
    frontier_drift_per_month: NonNeg = 0.0
    """Quality points the free frontier rises each month."""
    catch_up_on: list[Name] = Field(default_factory=list)
    """Shocks (e.g. ``open_source_catch_up``) at whose hit the frontier closes part of the
    company's lead."""
    catch_up_share: Share = 1.0
    """Share of the company's lead Q - F the frontier closes at such a hit (1: all of it)."""


class Entrants(Model):
    """Copycats and big-company entrants: their number in a month ~ Poisson(lambda), lambda =
    base_per_month + per_market_share x users / market_size; each adds one rival."""

    base_per_month: NonNeg = 0.0
    """Expected entrants per month whatever the company does."""
    per_market_share: NonNeg = 0.0
    """Expected entrants per month added per unit of the Bass market adopted (needs
    ``demand.bass``): visible success draws copycats."""
    price_factor: PriceCut = 1.0
    """Each entrant multiplies every reference price by this, between 0 and 1 (below 1: a
    price war)."""


class Market(Model):
    """The market's answer: spending, price, quality and rivals feed demand (all optional)."""

    marketing: MarketingEffort | None = None
    """Marketing budget raises adoption with diminishing returns (Generalized Bass Model)."""
    appeal: Appeal | None = None
    """Price, quality and rivals move conversion, win rate and churn (logit share)."""
    quality: Quality | None = None
    """Quality built by R&D against a moving open-source frontier (needs ``appeal``)."""
    entrants: Entrants | None = None
    """Rivals who enter as the company succeeds (needs ``appeal``)."""

    @model_validator(mode="after")
    def _needs_appeal(self):
        for part in ("quality", "entrants"):
            if getattr(self, part) is not None and self.appeal is None:
                raise ValueError(f"market.{part} acts through market.appeal: give appeal too")
        return self


def check_market(scenario) -> None:
    """Names in ``market`` refer to streams and shocks of the scenario; success needs Bass."""
    market = scenario.market
    if market is None:
        return
    streams = [s.name for s in scenario.revenue]
    shocks = [s.name for s in scenario.shocks]
    for name in market.appeal.reference_prices if market.appeal else ():
        if name not in streams:
            raise ValueError(
                f"market.appeal.reference_prices names unknown revenue stream {name!r}; "
                f"streams are: {', '.join(streams) or 'none'}"
            )
        if next(s for s in scenario.revenue if s.name == name).kind == "flat":
            raise ValueError(f"stream {name!r} is flat revenue: it has no price to compare")
    for name in market.quality.catch_up_on if market.quality else ():
        if name not in shocks:
            raise ValueError(
                f"market.quality.catch_up_on names unknown shock {name!r}; "
                f"shocks are: {', '.join(shocks) or 'none'}"
            )
    e = market.entrants
    if e is not None and e.per_market_share != 0 and scenario.demand.bass is None:
        raise ValueError("market.entrants.per_market_share needs demand.bass (a market size)")
