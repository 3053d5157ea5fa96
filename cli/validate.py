"""``sim validate``: check a scenario file without running it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import SCENARIO_HELP, Sets, console, load_scenario, scenario_file


def validate(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    set_: Sets = None,
) -> None:
    """Check a scenario file: YAML syntax, known keys, types, ranges and references."""
    loaded = load_scenario(scenario, set_)
    sc = loaded.scenario
    console.print(
        f"[green]ok[/] {scenario}: {sc.company.name}, {len(sc.revenue)} revenue stream(s), "
        f"{len(sc.financing.rounds)} round(s), {len(sc.shocks)} shock(s), "
        f"{sc.months} months, money in {sc.company.currency}",
        highlight=False,
    )
