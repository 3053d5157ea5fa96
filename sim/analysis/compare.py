"""Compare strategies on common random numbers: path i of every strategy sees the same world.

Every strategy is run with the same seed. Each parameter and each process draws from its own
named stream (:mod:`sim.engine.rng`), so a strategy that changes one lever leaves the market, the
shocks and the investors' answers of every path as they were. Differences are therefore
*paired*: for a path-level outcome Y (alive at month m, default alive, ...), the difference of
strategy S against the baseline B is the mean of D_i = Y_S,i - Y_B,i, with standard error
sd(D) / sqrt(n), far smaller than the unpaired sqrt(se_S^2 + se_B^2) when outcomes are
positively correlated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.analysis import stats
from sim.analysis.objectives import DEFAULT, Objective, parse
from sim.analysis.results import HEADLINE_MONTHS, Results
from sim.formatting import money
from sim.scenario.strategy import Strategy

BASELINE = "baseline"


def paired(a: np.ndarray, b: np.ndarray) -> dict:
    """Mean of a - b over paths with its paired standard error and 95% interval."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    mean = float(d.mean())
    se = float(d.std(ddof=1) / math.sqrt(d.size)) if d.size > 1 else 0.0
    return {"diff": mean, "se": se, "lo": mean - stats.Z95 * se, "hi": mean + stats.Z95 * se}


def outcomes(r: Results) -> dict[str, np.ndarray]:
    """Path-level outcomes compared between strategies."""
    b, T = r.batch, r.months
    out = {
        f"alive_{m}": ((b.death_month == 0) | (b.death_month > m)).astype(float)
        for m in HEADLINE_MONTHS
        if m <= T
    }
    out["alive_at_horizon"] = (b.death_month == 0).astype(float)
    out["default_alive"] = b.default_alive.astype(float)
    out["breaks_even"] = (r.breakeven_month > 0).astype(float)
    out["financing_gap"] = b.gap
    return out


def places(values: dict[str, np.ndarray], objective: Objective | None = None) -> list[dict]:
    """Rank by the objective's score (default: the share alive), then by name, judging ties
    by the paired interval.

    ``values`` holds each entry's per-path values of the objective
    (:meth:`Objective.per_path`). The first of a place holds it; each next one shares it when
    the 95% interval of its difference with the *holder* contains 0, else it starts a new
    place. Judging against the holder rather than the one just above keeps a chain of small
    steps from merging a whole field into one place. Rows: ``place``, ``name``, ``score``,
    ``p_alive`` (the score when the objective is survival), ``judged_against``, ``vs_holder``
    (the difference, None for the first) and ``tied``.
    """
    objective = objective or parse("p_alive")
    score = {n: objective.score(v) for n, v in values.items()}
    rows, holder, place = [], None, 0
    for i, name in enumerate(sorted(values, key=lambda n: (-_sortable(score[n]), n))):
        vs = None if holder is None else objective.paired(values[name], values[holder])
        tied = vs is not None and (vs["lo"] is None or vs["lo"] <= 0 <= vs["hi"])
        against = holder
        if not tied:
            holder, place = name, i + 1
        rows.append(
            {
                "place": place,
                "name": name,
                "score": score[name],
                "judged_against": against,
                "vs_holder": vs,
                "tied": tied,
            }
            | ({"p_alive": score[name]} if objective.name == "p_alive" else {})
        )
    return rows


def _sortable(x: float) -> float:
    return -math.inf if math.isnan(x) else x


VALUE_KEYS = (
    "founder_value",
    "enterprise_value",
    "investor_multiple",
    "ownership",
    "exits",
    "down_rounds",
)
"""The valuation keys of a run's summary that each strategy's entry carries."""


@dataclass
class Comparison:
    names: list[str]  # the baseline first
    results: list[Results]
    strategies: list[Strategy] = field(default_factory=list)  # what each non-baseline run applied
    objective: Objective = field(default_factory=lambda: parse(DEFAULT))

    def summary(self) -> dict:
        """JSON: per strategy its headline figures, paired differences, ranking, explanation."""
        base = outcomes(self.results[0])
        goal = self.objective
        base_goal = goal.per_path(self.results[0])
        rows = []
        for name, r in zip(self.names, self.results, strict=True):
            s = r.summary()
            mine = outcomes(r)
            values = goal.per_path(r)
            rows.append(
                {
                    "name": name,
                    "p_alive": s["p_alive"],
                    "p_alive_at_horizon": s["p_alive_at_horizon"],
                    "breakeven": s["breakeven"],
                    "default_alive": s["default_alive"],
                    "financing_gap": s["financing_gap"],
                    "causes_of_death": s["causes_of_death"],
                    "survival": s["survival"]["p"],
                    "cash_p50": s["monthly"]["cash"]["p50"],
                    "vs_baseline": {k: paired(mine[k], base[k]) for k in mine}
                    | {"objective": goal.paired(values, base_goal)},
                    "objective": goal.estimate(values),
                    **{k: s[k] for k in VALUE_KEYS if k in s},
                }
            )
        ranking = self._ranking()
        first = self.results[0]
        return {
            "scenario": first.scenario.company.name,
            "currency": first.scenario.company.currency,
            "start": first.scenario.company.start,
            "paths": first.paths,
            "months": first.months,
            "seed": first.seed,
            "baseline": BASELINE,
            "objective": goal.name,
            "objective_label": goal.label,
            "strategies": rows,
            "ranking": ranking,
            "explanation": self._explain(ranking, rows),
            "run": first.run_record(),
        }

    def _ranking(self) -> list[dict]:
        goal = self.objective
        return places(
            {n: goal.per_path(r) for n, r in zip(self.names, self.results, strict=True)}, goal
        )

    def _explain(self, ranking: list[dict], rows: list[dict]) -> str:
        """Which cause of death the leader avoids, against the strategy ranked next."""
        if len(ranking) < 2:
            return ""
        by_name = {row["name"]: row for row in rows}
        leader, runner_up = ranking[0]["name"], ranking[1]["name"]
        goal = self.objective
        if ranking[1]["place"] == 1:
            return (
                f"{leader} and {runner_up} are tied on {goal.label}: the difference is within "
                "the Monte Carlo error of this run."
            )
        if goal.name != "p_alive":
            return self._explain_value(ranking, by_name)

        def shares(name):
            return {c["cause"]: c["share_of_paths"]["p"] for c in by_name[name]["causes_of_death"]}

        lead, other = shares(leader), shares(runner_up)
        causes = set(lead) | set(other)
        cause = max(causes, key=lambda c: other.get(c, 0) - lead.get(c, 0))
        drop = other.get(cause, 0) - lead.get(cause, 0)
        alive = [by_name[n]["p_alive_at_horizon"]["p"] for n in (leader, runner_up)]
        return (
            f"{leader} leads ({alive[0]:.1%} alive at the horizon against {alive[1]:.1%} for "
            f"{runner_up}) mainly because it avoids '{cause}': {other.get(cause, 0):.1%} of "
            f"{runner_up}'s paths die of it, {lead.get(cause, 0):.1%} of {leader}'s "
            f"({drop:.1%} of all paths saved)."
        )

    def _explain_value(self, ranking: list[dict], by_name: dict) -> str:
        """The leader on a value objective, against the next: the value and the risk taken."""
        goal, cur = self.objective, self.results[0].scenario.company.currency
        leader, runner_up = ranking[0]["name"], ranking[1]["name"]

        def show(x: float) -> str:
            return money(x, cur) if goal.money else f"{x:.3g}"

        alive = [by_name[n]["p_alive_at_horizon"]["p"] for n in (leader, runner_up)]
        risk = "more" if alive[0] < alive[1] else "less" if alive[0] > alive[1] else "as much"
        return (
            f"{leader} leads on {goal.label} ({show(ranking[0]['score'])} against "
            f"{show(ranking[1]['score'])} for {runner_up}), with {alive[0]:.1%} alive at the "
            f"horizon against {alive[1]:.1%}: {risk} risk of death for the value it builds."
        )


def compare(
    runs: dict[str, Results],
    strategies: list[Strategy] | None = None,
    objective: Objective | str = DEFAULT,
) -> Comparison:
    """A comparison of runs made with the same seed and paths (baseline first), ranked on
    ``objective`` (see :mod:`sim.analysis.objectives`; default: founders' expected value)."""
    names = list(runs)
    results = list(runs.values())
    first = results[0]
    for name, r in runs.items():
        if (r.seed, r.paths, r.months) != (first.seed, first.paths, first.months):
            raise ValueError(f"{name}: runs must share seed, paths and months to be paired")
    goal = parse(objective) if isinstance(objective, str) else objective
    return Comparison(names, results, list(strategies or []), goal)
