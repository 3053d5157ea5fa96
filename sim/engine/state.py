"""The state of a batch of paths: numpy arrays with one entry per path.

Processes (``sim.engine.processes``) read and change this state once a month; nothing here knows
about the business. Money is in the scenario's currency; flows are per month.

Two cash balances are kept. ``cash`` is the *funded* balance: at each month end a backer
tops up any shortfall (``topup``), so every path runs to the horizon. The company's real
life ends at its first top-up: that month is its death, and the *recorded* balance, flows and
events stop there ("dead paths stop accruing"). Because a path's business does not depend on
the top-ups, the total top-up is exactly the path's financing gap -- the extra money that
would have kept it alive throughout -- and P(survive with G more cash up front) =
P(gap <= G).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CATEGORIES = ("team", "gpu", "inference", "marketing", "cogs", "other")
"""Cost categories, in report order. ``gpu`` includes GPU purchases (capex) when paid."""
COST = {name: i for i, name in enumerate(CATEGORIES)}


class Event:
    """Codes of the per-path event record (``ref`` says which round, shock, stream ...)."""

    CHARGING_STARTED = 1  # ref: revenue stream
    ROUND_TALKS = 2  # ref: round
    ROUND_CLOSED = 3  # ref: round
    ROUND_FAILED = 4  # ref: round
    SHOCK_HIT = 5  # ref: shock
    SHOCK_ENDED = 6  # ref: shock
    BREAKEVEN = 7  # ref: -1
    DEATH = 8  # ref: cause of death (or of the end: acquired, acqui-hired, shut down)
    POLICY = 9  # ref: policy

    NAMES = {
        1: "charging_started",
        2: "round_talks",
        3: "round_closed",
        4: "round_failed",
        5: "shock_hit",
        6: "shock_ended",
        7: "breakeven",
        8: "death",
        9: "policy",
    }


EVENT_DTYPE = np.dtype(
    [("path", np.int64), ("month", np.int16), ("kind", np.int8), ("ref", np.int16)]
)


@dataclass
class Flows:
    """What happened during the current month, per path (reset at the start of each month)."""

    n: int
    n_streams: int
    revenue: np.ndarray = field(init=False)  # (streams, n) revenue earned
    units: np.ndarray = field(
        init=False
    )  # (streams, n) deals, jobs or calls, sales, new subscribers
    costs: np.ndarray = field(init=False)  # (categories, n) cash spent
    capex: np.ndarray = field(init=False)  # (n,) part of costs["gpu"] that buys assets
    depreciation: np.ndarray = field(init=False)  # (n,) P&L cost of assets, not cash
    raised: np.ndarray = field(init=False)  # (n,) money from rounds
    prepaid: np.ndarray = field(init=False)  # (n,) customer prepayments received
    new_customers: np.ndarray = field(init=False)  # (n,) customers, deals and sales won
    # (n,) growth of receivables: revenue booked this month less what customers paid of it and
    # of earlier months (streams with payment terms only; ``deferring`` says whether any wrote)
    deferred: np.ndarray = field(init=False)
    deferring: bool = False

    def __post_init__(self):
        self.revenue = np.zeros((self.n_streams, self.n))
        self.units = np.zeros((self.n_streams, self.n))
        self.costs = np.zeros((len(CATEGORIES), self.n))
        for name in self.PER_PATH:
            setattr(self, name, np.zeros(self.n))
        self.deferred = np.zeros(self.n)  # reset by the month-end close, which reads it

    PER_PATH = ("capex", "depreciation", "raised", "prepaid", "new_customers")

    def reset(self) -> None:
        """Zero the month's flows in place (processes add to them with +=)."""
        self.revenue.fill(0.0)
        self.units.fill(0.0)
        self.costs.fill(0.0)
        for name in self.PER_PATH:
            getattr(self, name).fill(0.0)


@dataclass
class State:
    """All paths of one batch, at the current month."""

    n: int
    months: int
    n_streams: int
    initial_cash: np.ndarray
    segment_weights: np.ndarray  # (n, segments): share of a stream's revenue per segment
    price_factor: np.ndarray  # (n,): average price factor over segments
    logged: int  # events are recorded for paths 0 .. logged - 1 (those with monthly records)
    month: int = 0
    alive: np.ndarray = field(init=False)
    cash: np.ndarray = field(init=False)  # funded balance, >= 0 after each month end
    users: np.ndarray = field(init=False)  # cumulative users (installs, leads)
    users_start: np.ndarray = field(init=False)  # users at the start of the month
    new_users: np.ndarray = field(init=False)
    last_revenue: np.ndarray = field(init=False)  # revenue of the previous month
    last_costs: np.ndarray = field(init=False)  # costs (cash spent) of the previous month
    last_capex: np.ndarray = field(init=False)  # the part of it that bought assets
    revenue_window: np.ndarray = field(init=False)  # (3, n) revenue of the last three months
    window_total: np.ndarray = field(init=False)  # its sum over the three months
    flat_months: np.ndarray = field(init=False)  # months since the 3-month revenue last grew
    revenue_high: np.ndarray = field(init=False)  # highest 3-month revenue so far
    customers: np.ndarray = field(init=False)  # (streams, n) paying customers per stream
    # multipliers: by target (shocks), by (target, stream) and 'effort' (market process)
    mult: dict = field(init=False)
    stopped: np.ndarray = field(init=False)  # (streams, n) stopped by a shock
    headcount: np.ndarray = field(init=False)  # people on the payroll this month
    productive_headcount: np.ndarray = field(init=False)  # less what ramping hires do not work
    receivables: np.ndarray = field(init=False)  # revenue booked, not yet paid (current asset)
    flows: Flows = field(init=False)
    events: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self):
        n = self.n
        self.alive = np.ones(n, dtype=bool)
        self.cash = np.array(self.initial_cash, dtype=float)
        self.users = np.zeros(n)
        self.users_start = np.zeros(n)
        self.new_users = np.zeros(n)
        self.last_revenue = np.zeros(n)
        self.last_costs = np.zeros(n)
        self.last_capex = np.zeros(n)
        self.revenue_window = np.zeros((3, n))
        self.window_total = np.zeros(n)
        self.flat_months = np.zeros(n)
        self.revenue_high = np.zeros(n)
        self.customers = np.zeros((self.n_streams, n))
        self.mult = {}
        self.stopped = np.zeros((self.n_streams, n), dtype=bool)
        self.headcount = np.zeros(n)
        self.productive_headcount = np.zeros(n)
        self.receivables = np.zeros(n)
        self.flows = Flows(n, self.n_streams)

    @property
    def arr(self) -> np.ndarray:
        """Annual revenue run rate: 12 x the mean monthly revenue of the last three months
        (months before the first count as 0), in the scenario's currency per year."""
        return 4.0 * self.window_total

    def record_revenue(self, t: int, revenue: np.ndarray) -> None:
        """Month ``t``'s revenue into the three-month window, and whether it set a new high
        (the month-end close does the same in :func:`sim.engine.processes.settle.settle`)."""
        self.revenue_window[t % 3] = revenue
        total = self.window_total = self.revenue_window.sum(0)
        grew = total > self.revenue_high
        np.maximum(self.revenue_high, total, out=self.revenue_high)
        self.flat_months += 1.0
        self.flat_months[grew] = 0.0

    def factor(self, target: str, stream: int | None = None) -> np.ndarray | float:
        """Current multiplier for ``target`` (1.0 when nothing touches it): the shocks', or,
        for revenue stream ``stream``, the one the market process set for that stream (it
        includes the shocks' where they apply; :mod:`sim.engine.processes.market`)."""
        if stream is not None:
            own = self.mult.get((target, stream))
            if own is not None:
                return own
        return self.mult.get(target, 1.0)

    def log(self, kind: int, mask: np.ndarray, ref: int = -1) -> None:
        """Record an event for the paths in ``mask`` that are still alive (and logged)."""
        if not self.logged:
            return
        k = self.logged
        self._append(kind, np.flatnonzero(mask[:k] & self.alive[:k]), ref)

    def log_paths(self, kind: int, paths: np.ndarray, ref: int = -1) -> None:
        """:meth:`log` for the paths at index ``paths`` (increasing), instead of a mask."""
        if not self.logged or not paths.size:
            return
        paths = paths[paths < self.logged]
        self._append(kind, paths[self.alive[paths]], ref)

    def _append(self, kind: int, paths: np.ndarray, ref: int) -> None:
        if paths.size:
            rec = np.empty(paths.size, dtype=EVENT_DTYPE)
            rec["path"], rec["month"], rec["kind"], rec["ref"] = paths, self.month, kind, ref
            self.events.append(rec)
