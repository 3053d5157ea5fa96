"""Simulate one batch of paths: one simpy Environment, one process per business function.

The processes act on numpy arrays holding every path of the batch (:mod:`sim.engine.state`);
per-path timing (a round closing in month 9 on one path and never on another) is a mask,
not a separate simpy process. Each process draws from its own streams (:mod:`sim.engine.draws`),
so changing one leaves the others' draws unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import numpy as np
import simpy

from sim.engine import processes as P
from sim.engine.draws import Draws
from sim.engine.processes.month_end import block_total
from sim.engine.sampling import sample
from sim.engine.state import EVENT_DTYPE, State
from sim.scenario import Scenario


@dataclass
class Batch:
    """Everything one batch produced. Per-path arrays have ``n`` entries; monthly records are
    months x paths (one row per month)."""

    n: int
    months: int
    death_month: np.ndarray  # month of death, 0 if alive at the horizon
    cause: np.ndarray  # index into ``cause_labels``, -1 if alive
    breakeven: np.ndarray  # first month with operating profit >= 0 (funded path), 0 if never
    default_alive: np.ndarray
    gap: np.ndarray  # financing gap: extra cash needed never to run out
    initial_cash: np.ndarray
    inflow: np.ndarray  # cash received until death (or the horizon)
    outflow: np.ndarray  # cash spent until death (or the horizon)
    cost_of_revenue: np.ndarray  # inference + cost of goods until death
    revenue_total: np.ndarray  # revenue until death
    segment_revenue: np.ndarray  # (n, segments) revenue until death, by customer segment
    final_cash: np.ndarray  # balance at the horizon, or at death
    # what the company is worth when its life ends (sim.engine.processes.exits): 0 if it died
    exit_kind: np.ndarray  # 0: ran to the horizon or died; 1 acquired, 2 acqui-hired, 3 shut down
    enterprise_value: np.ndarray  # exit price + cash, or ARR x multiple + cash at the horizon
    founder_value: np.ndarray  # the founders' part of it (liquidation waterfall)
    investor_proceeds: np.ndarray  # all investors' part of it
    invested: np.ndarray  # money all investors put in (rounds and SAFEs)
    founders_share: np.ndarray  # founders' fraction of the company at the end
    down_round: np.ndarray  # some round was priced below the previous post-money valuation
    zombie: np.ndarray  # alive at the horizon, losing money, revenue flat
    # monthly records, kept for the first paths of a run only (see sim.engine.runner.RECORD_PATHS)
    cash: np.ndarray | None  # (months + 1, recorded) balance at each month end (row 0: start)
    revenue: np.ndarray | None  # (months, recorded) revenue earned, 0 after death
    costs: np.ndarray | None  # (months, recorded) cash spent, 0 after death
    users: np.ndarray | None  # (months + 1, recorded) cumulative users
    founders: np.ndarray | None  # (months + 1, recorded) founders' fraction of the company
    cost_sums: np.ndarray  # (categories, months) summed over paths alive in the month
    stream_sums: np.ndarray  # (streams, months)
    unit_sums: np.ndarray  # (streams, months) deals, jobs or calls, sales, new subscribers
    block_sums: dict[str, np.ndarray]  # the three above per block of paths: (rows, months, blocks)
    alive_count: np.ndarray  # (months + 1,)
    # EVENT_DTYPE records of the paths with monthly records (a story is told from both), by
    # path, then in the order they happened
    events: np.ndarray
    inputs: dict[str, np.ndarray]  # sampled value of every uncertain parameter


PER_PATH = {
    "death_month": np.int64,
    "cause": np.int64,
    "breakeven": np.int64,
    "default_alive": np.bool_,
    **dict.fromkeys(
        ("gap", "initial_cash", "inflow", "outflow", "cost_of_revenue", "revenue_total"), np.float64
    ),
    "segment_revenue": np.float64,  # (n, segments)
    "final_cash": np.float64,
    "exit_kind": np.int8,
    **dict.fromkeys(
        (
            "enterprise_value",
            "founder_value",
            "investor_proceeds",
            "invested",
            "founders_share",
        ),
        np.float64,
    ),
    "down_round": np.bool_,
    "zombie": np.bool_,
}
"""Per-path outcomes (one entry, or one row, per path) and their types."""


def _by_path(events: list[np.ndarray]) -> np.ndarray:
    """The event record ordered by path, then as it happened: the same order whatever the
    chunks (a run lists its chunks' records one after the other)."""
    if not events:
        return np.empty(0, EVENT_DTYPE)
    record = np.concatenate(events)
    return record[np.argsort(record["path"], kind="stable")]


MONTHLY = {"cash": 1, "revenue": 0, "costs": 0, "users": 1, "founders": 1}
"""Monthly records, months x paths: rows = months (+1 where row 0 is the start)."""


def new_records(n: int, months: int, alloc=np.empty) -> dict[str, np.ndarray]:
    return {name: alloc((months + extra, n)) for name, extra in MONTHLY.items()}


def simulate(
    scenario: Scenario,
    n: int,
    root: np.random.SeedSequence,
    first: int = 0,
    months: int | None = None,
    progress: Callable[[int], None] | None = None,
    records: dict[str, np.ndarray] | None = None,
    given: dict[str, np.ndarray] | None = None,
) -> Batch:
    """Run paths ``first .. first + n - 1`` of ``scenario`` for ``months`` (default: its
    horizon). ``first`` is a multiple of :data:`sim.engine.rng.BLOCK_PATHS`.

    ``records`` optionally gives the arrays (see :func:`new_records`) the monthly records are
    written into, e.g. this batch's columns of a whole run's arrays; ``{}`` keeps none. Events
    are kept for the paths with records only.
    ``given`` fixes the values of uncertain parameters per path (see
    :func:`sim.engine.sampling.sample`).
    """
    months = scenario.months if months is None else months
    records = new_records(n, months) if records is None else records
    draws = Draws(root, first, n, random=scenario.engine.counts == "random")
    params, inputs = sample(scenario, draws, given)

    def of(name: str) -> Draws:
        return draws.named("process:" + name)

    shares = np.column_stack([np.broadcast_to(s.share, (n,)) for s in params.demand.segments])
    factors = np.column_stack(
        [np.broadcast_to(s.price_factor, (n,)) for s in params.demand.segments]
    )
    total = shares.sum(1, keepdims=True)
    shares = np.divide(
        shares, total, out=np.full_like(shares, 1 / shares.shape[1]), where=total > 0
    )
    price_factor = (shares * factors).sum(1)
    weights = np.divide(
        shares * factors, price_factor[:, None], out=shares.copy(), where=price_factor[:, None] > 0
    )
    state = State(
        n=n,
        months=months,
        n_streams=len(scenario.revenue),
        initial_cash=np.broadcast_to(params.financing.initial_cash, (n,)).astype(float),
        segment_weights=weights,
        price_factor=price_factor,
        logged=next(iter(records.values())).shape[1] if records else 0,
    )
    names = [s.name for s in scenario.revenue]
    shocks = P.Shocks(state, of("shocks"), params.shocks, names)
    financing = P.Financing(
        state, of("financing"), params.financing, scenario.financing, scenario.company.start
    )
    exits = P.Exits(state, of("exits"), params.exits, financing)
    market = [] if scenario.market is None else [P.Market(state, of("market"), params, shocks)]
    procs = [
        shocks,
        P.Policies(state, of("policies"), scenario.policies, params),
        financing,
        *market,
        P.Demand(state, of("demand"), params.demand, scenario.company.start_calendar_month),
        *[
            P.STREAMS[spec.kind](state, of("revenue:" + spec.name), spec, k)
            for k, spec in enumerate(params.revenue)
        ],
        P.Team(state, of("team"), params.costs),
        P.Costs(state, of("costs"), params.costs),
    ]
    close = P.MonthEnd(state, of("month_end"), financing, shocks, exits, records, progress)
    env = simpy.Environment()
    for proc in [*procs, close]:
        env.process(proc.run(env, months))
    env.run(until=months)
    exits.flush()  # the sales' cap tables still to be split (done at the horizon already)
    totals = close.totals()
    return Batch(
        n=n,
        months=months,
        death_month=close.death_month,
        cause=close.cause,
        breakeven=close.breakeven,
        default_alive=close.default_alive,
        gap=close.gap,
        initial_cash=state.initial_cash,
        **totals,
        segment_revenue=totals["revenue_total"][:, None] * weights,
        exit_kind=exits.kind,
        enterprise_value=exits.enterprise_value,
        founder_value=exits.founder_value,
        investor_proceeds=exits.investor_proceeds,
        invested=financing.invested,
        founders_share=financing.founders,
        down_round=financing.down_round,
        zombie=close.zombie(),
        **{name: records.get(name) for name in MONTHLY},
        **close.monthly_sums(),
        block_sums=close.block_sums,
        alive_count=close.alive_count,
        events=_by_path(state.events),
        inputs=inputs,
    )


def combine(
    batches: list[Batch],
    records: dict[str, np.ndarray] | None = None,
    outcomes: dict[str, np.ndarray] | None = None,
) -> Batch:
    """Concatenate batches path-wise (monthly sums add up, event paths are renumbered).

    ``records``: the run's monthly arrays that the batches wrote their columns into;
    ``outcomes``: the run's per-path arrays (``input:NAME`` for inputs), likewise.
    """
    if len(batches) == 1 and records is None and outcomes is None:
        return batches[0]
    out = dict(records or {})
    if outcomes is not None:
        out |= {k: v for k, v in outcomes.items() if not k.startswith("input:")}
        out["inputs"] = {k[6:]: v for k, v in outcomes.items() if k.startswith("input:")}
    offsets = np.cumsum([0] + [b.n for b in batches[:-1]])
    for f in fields(Batch):
        parts = [getattr(b, f.name) for b in batches]
        if f.name == "n":
            out["n"] = sum(parts)
        elif f.name == "months":
            out["months"] = parts[0]
        elif f.name in out:
            continue  # written in place
        elif f.name in MONTHLY:
            if records is None:
                out[f.name] = np.concatenate([p for p in parts if p is not None], axis=1)
        elif f.name == "block_sums":
            out[f.name] = {k: np.concatenate([p[k] for p in parts], axis=-1) for k in parts[0]}
            out |= {k: block_total(v) for k, v in out[f.name].items()}
        elif f.name.endswith("_sums"):
            continue  # from block_sums (the field after them)
        elif f.name == "alive_count":  # monthly counts add up
            out[f.name] = np.sum(parts, axis=0)
        elif f.name == "events":
            shifted = []
            for off, ev in zip(offsets, parts, strict=True):
                ev = ev.copy()
                ev["path"] += off
                shifted.append(ev)
            out["events"] = np.concatenate(shifted) if shifted else np.empty(0, EVENT_DTYPE)
        elif f.name == "inputs":
            out["inputs"] = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        else:
            out[f.name] = np.concatenate(parts)
    return Batch(**out)
