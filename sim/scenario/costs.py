"""Where the money goes: team, GPUs, marketing, cost of goods (``costs:``).

Part of the scenario schema (:mod:`sim.scenario.schema`); money in the scenario's currency,
per month unless the field name says otherwise.
"""

from __future__ import annotations

from pydantic import Field

from sim.scenario.base import Model, Name
from sim.scenario.distributions import NonNeg, Positive, Share


class Hire(Model):
    from_month: NonNeg
    """Month from which this headcount applies."""
    headcount: NonNeg
    """People on the payroll from that month on."""


class Team(Model):
    """Target(t) = max(plan(t), ceil(revenue(t-1) / revenue_per_head)), at most max_headcount.

    Without frictions (the default) the headcount is the target. With ``hiring_months``,
    ``ramp_months`` or ``severance_months`` the team follows the target with frictions
    (:class:`sim.engine.processes.team.Team`): a rise opens positions filled that many months
    later (cancelled at no cost if the target falls first), a new hire ramps up linearly, and a
    cut takes effect at once but costs severance.
    """

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
    hiring_months: NonNeg = 0.0
    """Months from opening a position (the target rises) to the hire's first month; a position
    still open when the target falls back is cancelled at no cost (0: hires arrive at once)."""
    ramp_months: NonNeg = 0.0
    """Months for a new hire to reach full productivity: in the k-th month after arriving, k /
    ramp_months of a full person (0: productive at once); sales capacity counts this."""
    severance_months: NonNeg = 0.0
    """Months of pay (cost_per_head_per_month) each person cut costs, paid in the month of the
    cut."""


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
