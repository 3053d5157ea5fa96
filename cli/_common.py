"""Helpers shared by the commands: user errors, the console, loading."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

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
