"""``sim list`` and ``sim show``: browse the archetype library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from sim.formatting import pct

from ._common import console, fail, load_scenario, scenario_file, user_errors

QUICK_PATHS = 1_000


def list_(
    folder: Annotated[
        Path | None,
        typer.Option("--dir", help="Folder of scenario files (default: the archetype library)."),
    ] = None,
    paths: Annotated[
        int, typer.Option(min=1, help="Paths of the quick run behind P(alive at 24 months).")
    ] = QUICK_PATHS,
) -> None:
    """List the archetypes (or the scenarios in a folder), each with P(alive at 24 months) from
    a quick run."""
    import sim
    from sim.scenario import library

    if folder is None:
        with user_errors():
            files = sorted(library.folder().glob("*.yaml"))
        where = "the archetype library"
    else:
        files = sorted(folder.glob("*.yaml"))
        where = str(folder)
    if not files:
        raise fail(f"{where}: no scenario files (*.yaml) here")
    table = Table(title=f"Scenarios in {where} (quick runs of {paths:,} paths, seed 1)")
    for column in ("name", "story", "money", "months", "alive at 24 months (95% interval)"):
        table.add_column(column, overflow="fold")
    for path in files:
        loaded = load_scenario(path)
        sc = loaded.scenario
        months = min(24, sc.months)
        est = sim.run(loaded, paths=paths, seed=1, months=months).summary()
        alive = est["p_alive_at_horizon"]
        shown = f"{pct(alive['p'])} ({pct(alive['lo'])} – {pct(alive['hi'])})"
        if months < 24:
            shown += f" (horizon {months})"
        table.add_row(path.stem, _first_sentence(sc.company.story), sc.company.currency,
                      str(sc.months), shown)  # fmt: skip
    console.print(table)


def show(
    scenario: Annotated[
        Path,
        typer.Argument(
            help="A scenario file, or the name of an archetype (`sim list`), e.g. dify.",
            callback=scenario_file,
        ),
    ],
) -> None:
    """Print a scenario's story and every parameter with its source fact or assumption."""
    from sim.scenario import library
    from sim.scenario.assumptions import load_facts, parameter_table
    from sim.scenario.shock_library import SHOCKS

    path = scenario
    loaded = load_scenario(path)
    sc = loaded.scenario
    with user_errors():
        facts = load_facts(library.folder(library.SEEDS))
    console.print(f"[bold]{sc.company.name}[/] ({path})", highlight=False)
    console.print(sc.company.story, highlight=False)
    if sc.company.survivorship:
        console.print(f"What this story leaves out: {sc.company.survivorship}", highlight=False)
    console.print(
        f"money in {sc.company.currency}; month 1 is {sc.company.start}; {sc.months} months; "
        f"climate {sc.financing.climate if isinstance(sc.financing.climate, str) else 'custom'}",
        highlight=False,
    )
    table = Table(show_lines=False)
    table.add_column("parameter", no_wrap=True)
    table.add_column("value")
    table.add_column("basis", overflow="fold")
    for row in parameter_table(sc, facts):
        table.add_row(row["path"], row["value"], row["basis"])
    console.print(table)
    for shock in sc.shocks:
        preset = next((k for k in SHOCKS if shock.name == k), None)
        if preset:
            console.print(f"shock {shock.name}: {SHOCKS[preset]['note']}", highlight=False)


def _first_sentence(story: str, width: int = 70) -> str:
    """The story's first sentence, cut to ``width`` characters: a one-line story."""
    head = story.split(". ")[0].strip().rstrip(".")
    return head if len(head) <= width else head[: width - 1].rsplit(" ", 1)[0] + "…"
