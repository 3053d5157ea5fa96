"""``sim solve``: find the value of one parameter that meets a survival or value target."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from sim.output import write_atomic

from ._common import (
    SCENARIO_HELP,
    check_memory,
    console,
    fail,
    scenario_file,
    user_errors,
    writable_files,
)

METRIC_NAMES = (
    "p_alive_12",
    "p_alive_24",
    "p_alive_36",
    "p_alive_at_horizon",
    "default_alive",
    "breaks_even",
)
"""The keys of ``sim.analysis.solve.METRICS``, written out so that ``sim --help`` does not import
numpy (tests/cli/test_startup.py checks that they agree)."""


def solve_(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    target: Annotated[
        str,
        typer.Option(
            help=f"METRIC=VALUE, e.g. p_alive_24=0.9 or founder_value_mean=5e6 (money in the "
            f"scenario's currency); METRIC: {', '.join(METRIC_NAMES)}, founder_value_mean, "
            "founder_value_p50, p_founder_value_above:X, investor_multiple_mean."
        ),
    ],
    vary: Annotated[str, typer.Option(help="Parameter to solve for, e.g. financing.initial_cash.")],
    range_: Annotated[
        str | None,
        typer.Option("--range", help="LOW,HIGH to search (default: 0 to 10x the current value)."),
    ] = None,
    paths: Annotated[int, typer.Option(min=100, help="Simulated companies per evaluation.")] = 4000,
    months: Annotated[int | None, typer.Option(min=1, max=600, help="Months to simulate.")] = None,
    seed: Annotated[
        int, typer.Option(min=0, help="Random seed, the same for every value tried.")
    ] = 1,
    set_: Annotated[list[str] | None, typer.Option("--set", help="Override a value.")] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Write the answer as JSON.")
    ] = None,
) -> None:
    """Find the value of --vary that makes --target hold (e.g. how much to raise for 90%
    survival at 24 months), with its Monte Carlo uncertainty."""
    import sim
    from sim.analysis.solve import SolveError, default_range, label, parse_target, show, solve
    from sim.scenario import labels  # the scenario language: not for --help
    from sim.scenario.loading import ScenarioError, load
    from sim.scenario.strategy import find

    with user_errors():
        try:
            name, goal = parse_target(target)
            base = load(scenario, set_)
            current = find(base.scenario, vary)
        except (SolveError, KeyError) as e:
            raise ScenarioError(f"{scenario}: {e}") from None
        if not isinstance(current, int | float) and not hasattr(current, "mean"):
            raise ScenarioError(f"--vary {vary}: not a number or a distribution")
        low, high = default_range(current) if range_ is None else _range(range_)
        check_memory(base.scenario, paths, months or base.scenario.months)
    if json_path is not None:
        writable_files("--json", json_path)
    with user_errors():

        def run_at(x: float):
            loaded = load(scenario, [*(set_ or []), f"{vary}={x!r}"])
            return sim.run(loaded, paths, seed, months)

        try:
            answer = solve(run_at, vary, name, goal, low, high)
        except SolveError as e:
            raise ScenarioError(str(e)) from None
    lo, hi = answer.interval
    cur = base.scenario.company.currency

    def shown(x: float) -> str:
        return labels.value(vary, x, cur, base.scenario)

    console.print(
        f"{labels.label(vary, cur, scenario=base.scenario)}: {vary} = {shown(answer.value)} "
        f"(95% interval {shown(lo)} to {shown(hi)}) gives "
        f"{label(name)} = {show(name, answer.achieved)} ± {show(name, answer.achieved_se)} "
        f"(target {show(name, goal)}; {answer.evaluations} runs of {paths:,} paths, seed {seed})",
        highlight=False,
    )
    if answer.jumps:
        console.print(
            f"Note: {label(name)} jumps over {show(name, goal)} at this value (it moves in steps, "
            "e.g. whole months of cash), so no value gives the target exactly: the value found "
            "is where it jumps, and the interval says how precisely that step is located.",
            highlight=False,
        )
    if json_path is not None:
        write_atomic(json_path, json.dumps(answer.as_dict(), indent=1) + "\n")


def _range(text: str) -> tuple[float, float]:
    try:
        low, high = (float(x) for x in text.split(","))
    except ValueError:
        raise fail(f"--range {text!r}: expected LOW,HIGH") from None
    if not low < high:
        raise fail(f"--range {text!r}: LOW must be below HIGH")
    return low, high
