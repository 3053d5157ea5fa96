"""Entry point of the ``sim`` command: composes the commands, turns user errors into exit 2."""

from __future__ import annotations

import typer

from . import compare, library, new, run, sensitivity, solve, story, sweep, tournament, validate

app = typer.Typer(
    help="Simulate whether a young company survives, and what decides it.",
    no_args_is_help=True,
    add_completion=False,
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


if __name__ == "__main__":  # pragma: no cover
    app()
