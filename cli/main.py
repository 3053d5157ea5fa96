"""Entry point of the ``sim`` command: composes the commands, turns user errors into exit 2.

Installed, this package is ``sim.cli`` (pyproject.toml maps the repository's ``cli/`` folder
there), so the wheel adds no top-level package but ``sim``. The command modules are light at
import (typer, rich, a few constants); each command imports the engine, scipy or plotly when
it runs, so that ``sim --help`` and ``sim validate`` start quickly.
"""

from __future__ import annotations

import signal
import sys
import threading
from contextlib import contextmanager
from typing import Annotated

import typer

from . import compare, library, new, run, sensitivity, solve, story, sweep, tournament, validate
from ._common import Interrupted

SIMULATING = {"run", "compare", "solve", "tournament", "sensitivity", "sweep", "story"}
"""The commands that run the engine: they load its compiled kernels first."""
SLOW_LOAD_SECONDS = 1.5
"""Loading the kernels from numba's cache takes a few tenths of a second; longer means numba is
compiling them (the first run after installing, about 10 s), and the user is told why."""
COMPILING = (
    "sim: compiling the simulation engine: the first run after installing takes about 10 s "
    "longer; later runs load it from the cache"
)


def _interrupt(signum, frame):
    raise Interrupted


@contextmanager
def _hint_if_slow(seconds: float = SLOW_LOAD_SECONDS, message: str = COMPILING):
    """Print ``message`` to stderr if the body takes more than ``seconds`` (once, at that
    moment, so that a silent wait is explained while it happens)."""
    timer = threading.Timer(seconds, lambda: print(message, file=sys.stderr, flush=True))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _load_engine(argv: list[str]) -> None:
    """Import the engine before a command that simulates parses its options (an option's check
    may import it), so that a first, compiling load is explained (:data:`SLOW_LOAD_SECONDS`)."""
    command = next((a for a in argv if not a.startswith("-")), None)
    if command in SIMULATING and not {"-q", "--quiet", "--help"} & set(argv):
        with _hint_if_slow():
            import sim.engine.batch  # noqa: F401  (numba loads or compiles the kernels)


class _App(typer.Typer):
    """The ``sim`` command: Ctrl-C prints one line and exits with 130 (128 + SIGINT), as
    shells and most command-line tools do. Files are written by renaming complete temporary
    files, so an interrupted command leaves earlier reports as they were."""

    def __call__(self, *args, **kwargs):
        previous = signal.signal(signal.SIGINT, _interrupt)
        try:
            argv = kwargs.get("args", args[0] if args else None)  # click's main(args=None)
            _load_engine(sys.argv[1:] if argv is None else list(argv))
            return super().__call__(*args, **kwargs)
        except Interrupted:
            print("sim: interrupted; files written before stay as they were", file=sys.stderr)
            sys.exit(130)
        finally:
            signal.signal(signal.SIGINT, previous)


app = _App(
    help="Simulate whether a young company survives, and what decides it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("run")(run.run)
app.command("validate")(validate.validate)
app.command("compare")(compare.compare_)
app.command("solve")(solve.solve_)
app.command("list")(library.list_)
app.command("show")(library.show)
app.command("tournament")(tournament.tournament)
app.command("sensitivity")(sensitivity.sensitivity)
app.command("sweep")(sweep.sweep)
app.command("story")(story.story)
app.command("new")(new.new)
app.command("schema")(new.schema)


def _version(value: bool) -> None:
    if value:
        import sim

        typer.echo(f"sim (startup-sim) {sim.__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Simulate whether a young company survives, and what decides it."""


if __name__ == "__main__":  # pragma: no cover
    app()
