"""Helpers shared by the commands: user errors, the console, loading."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from sim import LoadedScenario, ScenarioError, load

console = Console()
errors = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """Print a user error (no traceback) and return the exit to raise, with code 2."""
    for line in message.splitlines():
        errors.print(f"[bold red]error:[/] {line}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


@contextmanager
def user_errors():
    """Turn :class:`ScenarioError` and bad values into one-line messages and exit code 2."""
    try:
        yield
    except ScenarioError as e:
        raise fail(str(e)) from None


def load_scenario(path: Path, overrides: list[str] | None = None) -> LoadedScenario:
    with user_errors():
        return load(path, overrides)


# options several commands share, spelled once
Months = Annotated[
    int | None, typer.Option(min=1, max=600, help="Months to simulate (default: the horizon).")
]
Seed = Annotated[int, typer.Option(min=0, help="Random seed; same seed, same numbers.")]
Sets = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a value: dotted.key=VALUE (repeatable)."),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")]
Workers = Annotated[int | None, typer.Option(min=1, help="Processes to use (default: all cores).")]
Lang = Annotated[
    str, typer.Option("--lang", help="Language of the report: en (English) or zh (Chinese).")
]
ObjectiveOption = Annotated[
    str,
    typer.Option(
        "--objective",
        help="What ranks strategies: founder_value_mean (the founders' expected proceeds), "
        "founder_value_p50, p_founder_value_above:X (X in the scenario's currency), p_alive or "
        "investor_multiple_mean.",
    ),
]


def objective_of(text: str):
    """The objective named ``text``, or a user error (exit 2)."""
    from sim.analysis.objectives import ObjectiveError, parse

    try:
        return parse(text)
    except ObjectiveError as e:
        raise fail(str(e)) from None
