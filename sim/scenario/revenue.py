"""How users become money: the revenue streams of a scenario (``revenue:``).

Part of the scenario schema (:mod:`sim.scenario.schema`). Prices are in the scenario's currency
(per month, per unit, per sale or per deal, as the field names say); ``conversion``, ``churn`` and
``win_rate`` are shares between 0 and 1 (churn per month).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from sim.scenario.base import Model, Name
from sim.scenario.distributions import Growth, NonNeg, Param, Positive, Share


class SbgChurn(Model):
    """Heterogeneous churn (shifted-beta-geometric, Fader & Hardie 2007).

    Each customer has its own monthly churn probability theta ~ Beta(alpha, beta); a cohort
    of age a loses the share alpha / (alpha + beta + a - 1) of its survivors at its a-th
    renewal, so the aggregate churn falls as the loyal customers remain.
    """

    kind: Literal["sbg"]
    alpha: Positive
    """alpha of the Beta distribution of customers' churn probabilities."""
    beta: Positive
    """beta of the Beta distribution of customers' churn probabilities."""


def _churn_tag(value) -> str:
    is_sbg = isinstance(value, SbgChurn) or (isinstance(value, dict) and value.get("kind") == "sbg")
    return "sbg" if is_sbg else "share"


Churn = Annotated[
    Annotated[Share, Tag("share")] | Annotated[SbgChurn, Tag("sbg")], Discriminator(_churn_tag)
]


class Charging(Model):
    """When a stream starts charging: the first month with t >= from_month and at least
    ``after_users`` users at the start of the month. Users who arrived while it was free
    convert at ``backlog_conversion`` in that month."""

    from_month: NonNeg = 1.0
    """First month charging may start (month 1 = the first month)."""
    after_users: NonNeg = 0.0
    """Users (cumulative) needed at the start of a month before charging starts."""


class _CustomerStream(Model):
    name: Name
    """Name of the stream, used in reports and to address it (`revenue.NAME.price`)."""
    conversion: Share = 1.0
    """Share of new users who become paying customers of this stream."""
    backlog_conversion: Share | None = None
    """Share of the users gathered while free who convert when charging starts
    (default: same as ``conversion``)."""
    churn: Churn = 0.0
    """Monthly probability that a customer leaves: a share, or ``{kind: sbg, alpha, beta}``."""
    charging: Charging = Charging()
    """When this stream starts charging (default: from month 1)."""


class Subscription(_CustomerStream):
    """Customers pay ``price_per_month`` every month until they churn."""

    kind: Literal["subscription"]
    price_per_month: NonNeg
    """Price a paying customer pays each month, in the scenario's currency."""
    serving_cost_per_customer_per_month: NonNeg = 0.0
    """Inference / hosting cost of one paying customer per month."""


class Metered(_CustomerStream):
    """Pay per use: per job (a video, an interview) or per API call.

    Units used in a month ~ Poisson(customers x units_per_customer_per_month).
    """

    kind: Literal["per_job", "usage"]
    units_per_customer_per_month: NonNeg
    """Jobs or calls a paying customer uses in a month (mean)."""
    price_per_unit: NonNeg
    """Price of one job or call, in the scenario's currency."""
    unit_cost: NonNeg = 0.0
    """Inference (GPU) cost of serving one unit."""


class OneOff(Model):
    """A one-time purchase by a share of each month's new users (a seasonal product)."""

    kind: Literal["one_off"]
    name: Name
    """Name of the stream, used in reports and to address it."""
    conversion: Share = 1.0
    """Share of new users who buy."""
    price_per_sale: NonNeg
    """Price of one sale, in the scenario's currency."""
    unit_cost: NonNeg = 0.0
    """Inference cost of one sale."""


class SalesCycle(Model):
    """A lognormal sales cycle: the months D from a prospect's first meeting to its decision,
    ln D ~ Normal(mu, s^2), given by its own mean and standard deviation (as a lognormal
    distribution is: s^2 = ln(1 + sd^2 / mean^2), mu = ln(mean) - s^2 / 2). A prospect that
    meets in month c is decided in month c + a - 1 when a - 1 < D <= a."""

    mean_months: Positive
    """Mean months from first meeting to decision."""
    sd_months: Positive
    """Standard deviation of the months from first meeting to decision (how much cycles vary)."""


class SalesTeam(Model):
    """Sales people who close the decided deals: at most deals_per_rep_per_month x reps
    decisions a month, reps fixed or a share of the team's productive headcount (new hires
    ramp up: ``costs.team.ramp_months``). Prospects whose cycle has ended wait for a rep."""

    deals_per_rep_per_month: Positive
    """Decisions (signed or lost deals) one fully productive sales person handles in a month."""
    reps: NonNeg | None = None
    """Sales people, all productive from month 1 (give this or ``share_of_team``)."""
    share_of_team: Share | None = None
    """Share of the team's productive headcount that sells (give this or ``reps``)."""

    @model_validator(mode="after")
    def _one(self):
        if (self.reps is None) == (self.share_of_team is None):
            raise ValueError("give exactly one of `reps` and `share_of_team`")
        return self


class Contracts(Model):
    """Enterprise deals / private deployments sold through a sales pipeline.

    New prospects (``conversion`` x new users) join the pipeline; each month a prospect's talks
    end with probability 1 / sales_cycle_months (a geometric sales cycle with that mean), or
    after a lognormal ``sales_cycle``, and end in a signed deal with probability ``win_rate``.
    With a ``sales_team`` at most its capacity of decisions is made a month. A deal books
    deal_size x (1 + deal_size_change_per_month)^(t-1) as revenue at signing, paid after
    ``payment_terms_months``.
    """

    kind: Literal["contracts"]
    name: Name
    """Name of the stream, used in reports and to address it."""
    conversion: Share = 1.0
    """Share of new users (leads) who become prospects."""
    sales_cycle_months: Annotated[NonNeg, Field()] = 1.0
    """Mean months from first meeting to decision (1 = sign at the first meeting)."""
    sales_cycle: SalesCycle | None = None
    """A lognormal sales cycle ``{mean_months, sd_months}`` instead of the monthly chance
    1 / sales_cycle_months (None: that chance)."""
    sales_team: SalesTeam | None = None
    """Sales people whose capacity limits the decisions a month (None: no limit)."""
    win_rate: Share
    """Share of decided prospects that sign."""
    deal_size: NonNeg
    """Value of one deal signed in month 1, in the scenario's currency (paid at signing)."""
    deal_size_change_per_month: Growth = 0.0
    """Trend of the deal size, e.g. -0.2 in a price war."""
    delivery_cost_share: Share = 0.0
    """Cost of delivering a deal (engineers on site), as a share of its value."""
    delivery_cost_per_deal: NonNeg = 0.0
    """Fixed cost of delivering one deal, whatever its size."""
    payment_terms_months: NonNeg = 0.0
    """Months from signing to payment: revenue is booked at signing, the cash comes this many
    months later (a receivable meanwhile; 0: paid at signing)."""

    @model_validator(mode="after")
    def _one_cycle(self):
        # the default 1 is allowed: a whole scenario dumped and validated again (policy bound
        # checks) carries it beside `sales_cycle`
        given = "sales_cycle_months" in self.model_fields_set and self.sales_cycle_months != 1
        if self.sales_cycle is not None and given:
            raise ValueError("give `sales_cycle` or `sales_cycle_months`, not both")
        return self


class Flat(Model):
    """Revenue independent of users (consulting, incubation fees, grants), with optional
    i.i.d. normal monthly noise. A draw below zero is a net refund."""

    kind: Literal["flat"]
    name: Name
    """Name of the stream, used in reports and to address it."""
    amount_per_month: Param
    """Mean income per month, in the scenario's currency."""
    sd_per_month: NonNeg = 0.0
    """Standard deviation of the monthly income (0: the same every month)."""
    from_month: NonNeg = 1.0
    """First month with this income."""
    payment_terms_months: NonNeg = 0.0
    """Months from invoicing to payment: booked as revenue in its month, the cash comes this
    many months later (a receivable meanwhile; 0: paid at once)."""


RevenueStream = Annotated[
    Subscription | Metered | OneOff | Contracts | Flat, Field(discriminator="kind")
]
