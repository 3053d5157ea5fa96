"""The scenario schema: one YAML file describes one company.

Every numeric field is a :data:`~sim.distributions.Param`: a plain number or a distribution
sampled once per simulated path. Field names carry their units (``..._per_month`` is money in
the scenario's currency per month, ``..._months`` a count of months, ``share``/``conversion``/
``churn`` a fraction between 0 and 1). Months are counted from 1 (the first month of the
company's life in the simulation); ``company.start`` names its calendar month.

Loading from YAML, with line numbers in error messages, lives in :mod:`sim.loading`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from . import shock_library
from ._base import Model
from .climates import CLIMATES, Climate
from .distributions import Factor, Growth, NonNeg, Param, Positive, Share
from .strategy import Policy, Strategy, check_policy_paths

Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=40)]


# --------------------------------------------------------------------------- company


class Company(Model):
    name: str = Field(min_length=1, max_length=80)
    """Company name shown in reports."""
    story: str = ""
    """One paragraph a student can read in a minute."""
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


# --------------------------------------------------------------------------- demand


class Bass(Model):
    """Word-of-mouth adoption (Bass 1969): ``dF/dt = (p + q F)(1 - F)``, users = m F."""

    market_size: NonNeg
    """m: users who will ever adopt."""
    p: NonNeg
    """Innovation coefficient, per month."""
    q: NonNeg
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
        _check_unique([s.name for s in v], "segment")
        return v


# --------------------------------------------------------------------------- revenue


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


class Contracts(Model):
    """Enterprise deals / private deployments sold through a sales pipeline.

    New prospects (``conversion`` x new users) join the pipeline; each month a prospect's talks
    end with probability 1 / sales_cycle_months (a geometric sales cycle with that mean), and
    end in a signed deal with probability ``win_rate``. A deal pays
    deal_size x (1 + deal_size_change_per_month)^(t-1) at signing.
    """

    kind: Literal["contracts"]
    name: Name
    """Name of the stream, used in reports and to address it."""
    conversion: Share = 1.0
    """Share of new users (leads) who become prospects."""
    sales_cycle_months: Annotated[NonNeg, Field()] = 1.0
    """Mean months from first meeting to decision (1 = sign at the first meeting)."""
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


RevenueStream = Annotated[
    Subscription | Metered | OneOff | Contracts | Flat, Field(discriminator="kind")
]


# --------------------------------------------------------------------------- costs


class Hire(Model):
    from_month: NonNeg
    """Month from which this headcount applies."""
    headcount: NonNeg
    """People on the payroll from that month on."""


class Team(Model):
    """Headcount(t) = max(plan(t), ceil(revenue(t-1) / revenue_per_head)), at most max_headcount."""

    headcount: NonNeg = 1.0
    """People from month 1."""
    cost_per_head_per_month: NonNeg = 0.0
    """Salary and on-costs of one person per month, in the scenario's currency."""
    plan: list[Hire] = Field(default_factory=list)
    """Headcount steps: from that month on, at least that many people."""
    revenue_per_head: Positive | None = None
    """Hire on revenue: one person per this much monthly revenue (None: plan only)."""
    max_headcount: NonNeg | None = None
    """Upper limit on headcount when hiring on revenue (None: no limit)."""


class Purchase(Model):
    month: NonNeg
    """Month the GPUs are bought and paid for."""
    gpus: NonNeg
    """Number of GPUs bought."""
    price_per_gpu: NonNeg
    """Price of one GPU, in the scenario's currency."""
    depreciation_months: Positive = 36.0
    """Straight-line depreciation (counts in profit, not in cash)."""


class TrainingRun(Model):
    name: Name
    """Name of the training run."""
    start_month: NonNeg
    """Month the run starts."""
    months: Positive
    """How many months the run lasts (its cost is spread evenly over them)."""
    cost: NonNeg
    """Total cost of the run, spread evenly over its months."""


class Gpu(Model):
    rented_gpus: NonNeg = 0.0
    """GPUs rented every month."""
    rent_per_gpu_month: NonNeg = 0.0
    """Rent of one GPU for one month, in the scenario's currency."""
    purchases: list[Purchase] = Field(default_factory=list)
    """GPUs bought outright (capex, paid in their month)."""
    training_runs: list[TrainingRun] = Field(default_factory=list)
    """Model training runs with their total cost and duration."""


class Marketing(Model):
    per_month: NonNeg = 0.0
    """Fixed marketing budget per month, in the scenario's currency."""
    per_new_customer: NonNeg = 0.0
    """Customer acquisition cost of each new paying customer, deal or sale."""


class Costs(Model):
    team: Team = Team()
    """The team: headcount plan, cost per head, hiring rule."""
    gpu: Gpu = Gpu()
    """GPUs rented or bought, and training runs."""
    marketing: Marketing = Marketing()
    """Marketing budget and customer acquisition cost."""
    cogs_share_of_revenue: Share = 0.0
    """Other cost of goods (payment fees, third-party APIs) as a share of revenue."""
    fixed_per_month: NonNeg = 0.0
    """Office, tools and other fixed costs."""


# --------------------------------------------------------------------------- financing


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
    """Market for money: a preset name (see ``sim.climates``) or explicit factors."""
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
        _check_unique([r.name for r in v], "round")
        names = {r.name for r in v}
        for r in v:
            if r.after is not None and r.after not in names:
                raise ValueError(f"round {r.name!r} comes after unknown round {r.after!r}")
        return v


# --------------------------------------------------------------------------- shocks


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
    from a preset of :mod:`sim.shock_library` (fields written here replace the preset's).
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


# --------------------------------------------------------------------------- correlations


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
        _check_unique(self.parameters, "correlated parameter")
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


# --------------------------------------------------------------------------- scenario


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
    correlations: list[Correlation] = Field(default_factory=list)
    """Rank correlations between uncertain parameters (see :class:`Correlation`)."""
    policies: list[Policy] = Field(default_factory=list)
    """Monthly rules acting on each path (usually added by a strategy; see sim.strategy)."""
    strategies: list[Strategy] = Field(default_factory=list)
    """Playbooks this scenario offers for ``sim compare`` (applied one at a time)."""
    sources: dict[str, str | list[str]] = Field(default_factory=dict)
    """Parameter path (e.g. ``revenue.cloud.price_per_month``) to fact id(s) in ``seeds/``."""
    assumptions: dict[str, str] = Field(default_factory=dict)
    """Parameter path to the reason for a value no article gives."""

    @field_validator("correlations")
    @classmethod
    def _correlated_are_uncertain(cls, groups, info):
        from .sampling import uncertain_parameters

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
        _check_unique(streams, "revenue stream")
        _check_unique([s.name for s in self.shocks], "shock")
        _check_unique([p.name for p in self.policies], "policy")
        _check_unique([s.name for s in self.strategies], "strategy")
        check_policy_paths(self, self.policies)
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


def _check_unique(names: list[str], what: str) -> None:
    seen = set()
    for n in names:
        if n in seen:
            raise ValueError(f"two {what}s are named {n!r}; names must be unique")
        seen.add(n)
