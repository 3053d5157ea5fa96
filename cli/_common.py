"""Helpers shared by the commands: user errors, the console, loading.

The command modules import only typer, rich and light parts of ``sim`` at their top, so that
``sim --help`` starts at once; the engine, scipy and plotly are imported inside the commands
that use them (tests/cli/test_startup.py checks it)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

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
    from sim.scenario.loading import ScenarioError

    try:
        yield
    except ScenarioError as e:
        raise fail(str(e)) from None


def load_scenario(path: Path, overrides: list[str] | None = None):
    """:func:`sim.load` of ``path`` (a :class:`~sim.scenario.loading.LoadedScenario`), its
    problems as user errors."""
    from sim.scenario.loading import load

    with user_errors():
        return load(path, overrides)


def scenario_file(value: Path) -> Path:
    """The scenario a command's argument names: that file if it exists, else the packaged
    archetype of that name (``sim run dify`` from any folder; :func:`sim.scenario.library.resolve`).
    Used as the ``callback`` of every SCENARIO argument."""
    from sim.scenario import library

    with user_errors():
        return library.resolve(value)


def lang_option_error(lang: str) -> str | None:
    """:func:`sim.report.i18n.lang_option_error`, imported when a command checks ``--lang``
    (the module reads the report's catalogues)."""
    from sim.report.i18n import lang_option_error as problem

    return problem(lang)


SCENARIO_HELP = "Scenario YAML file, or the name of an archetype (`sim list`), e.g. dify."


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
