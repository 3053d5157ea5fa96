"""Helpers shared by the commands: user errors, the console, loading.

The command modules import only typer, rich and light parts of ``sim`` at their top, so that
``sim --help`` starts at once; the engine, scipy and plotly are imported inside the commands
that use them (tests/cli/test_startup.py checks it)."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console()
errors = Console(stderr=True)


class Interrupted(BaseException):
    """Ctrl-C in the ``sim`` command (see :mod:`cli.main`), raised instead of KeyboardInterrupt
    so that click does not turn it into "Aborted!" with exit code 1."""


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


def writable_folder(folder: Path, option: str = "--out") -> None:
    """Check, before any simulation, that ``folder`` is a folder this user can write to, or
    can be created: a probe file is written and removed in it, or in the nearest folder above
    it that exists (nothing is created, so a command that fails later leaves no trace).
    Raises the exit of :func:`fail` naming the option and the problem."""
    try:
        if folder.exists() and not folder.is_dir():
            raise fail(f"{option} {folder}: is a file, expected a folder")
        base = folder.absolute()
        while not base.exists():
            base = base.parent
        if not base.is_dir():
            raise fail(f"{option} {folder}: {base} is a file, expected a folder")
    except OSError as e:  # a name too long, a loop of symbolic links ...
        raise fail(f"{option} {folder}: cannot use this name ({e.strerror})") from None
    try:
        fd, probe = tempfile.mkstemp(dir=base, prefix=".sim-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        why = e.strerror or type(e).__name__
        raise fail(f"{option} {folder}: cannot write there ({why})") from None


def writable_files(option: str, *files: Path) -> None:
    """Check that each of ``files`` can be written: not a folder, in a writable folder."""
    for file in files:
        try:
            is_dir = file.is_dir()
        except OSError as e:
            raise fail(f"{option} {file}: cannot use this name ({e.strerror})") from None
        if is_dir:
            raise fail(f"{option} {file}: is a folder, expected a file name")
        writable_folder(file.parent, f"{option} {file}: its folder")


def check_memory(scenario, paths: int, months: int, workers: int | None = None) -> None:
    """Refuse, before simulating, a run whose memory estimate exceeds what the machine has."""
    from sim.engine import runner

    need = runner.memory_estimate(scenario, paths, months, workers or runner.default_workers())
    have = runner.available_memory()
    if have is not None and need > have:
        raise fail(
            f"--paths {paths:,} x {months} months needs about {need / 2**30:.1f} GiB of memory; "
            f"this machine has {have / 2**30:.1f} GiB available (use fewer paths)"
        )


def finite_json(data) -> str:
    """``data`` as JSON; a non-finite number is a bug (the schema bounds every number so that
    none can arise), reported as such rather than written as NaN."""
    import json

    try:
        return json.dumps(data, indent=1, allow_nan=False)
    except ValueError:
        raise fail(
            "internal error: the results hold a number that is not finite; nothing was "
            "written (please report the scenario)"
        ) from None


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
