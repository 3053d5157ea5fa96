"""``sim tournament``: every team's strategy file on the same simulated worlds, a leaderboard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sim.formatting import pct
from sim.output import write_atomic

from ._common import (
    SCENARIO_HELP,
    Lang,
    Quiet,
    Workers,
    check_memory,
    console,
    errors,
    fail,
    lang_option_error,
    objective_of,
    scenario_file,
    user_errors,
    writable_files,
    writable_folder,
)
from .compare import _objective_text  # relative: installed, this package is sim.cli

DEFAULT_PATHS = 4_000
"""``sim.analysis.tournament.DEFAULT_PATHS``, written out so that ``sim --help`` does not import
the tournament (tests/cli/test_startup.py checks that the two agree)."""


def tournament(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    folder: Annotated[
        Path, typer.Argument(help="Folder of team files: one strategy per *.yaml, named by team.")
    ],
    seed: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Seed shared by all teams. Default: drawn at random, and sealed. Students "
            "practise with their own seeds; the teacher's stays secret until the debrief.",
        ),
    ] = None,
    reveal: Annotated[
        bool | None,
        typer.Option(
            "--reveal/--seal",
            help="Print the seed on the leaderboard (HTML, terminal) or seal it. Default: "
            "reveal a seed you gave, seal a drawn one. The JSON always keeps it.",
        ),
    ] = None,
    paths: Annotated[
        int, typer.Option(min=1, help="Simulated worlds, the same for every team.")
    ] = DEFAULT_PATHS,
    months: Annotated[
        int | None, typer.Option(min=1, max=600, help="Months to play. Default: the horizon.")
    ] = None,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a value for every team.")
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            help="Disqualify a team whose `set` changes the world (market, shocks, starting "
            "cash) instead of only noting it."
        ),
    ] = False,
    out: Annotated[Path, typer.Option(help="Folder for the leaderboard files.")] = Path("reports"),
    workers: Workers = None,
    quiet: Quiet = False,
    objective: Annotated[
        str | None,
        typer.Option(
            "--objective",
            help="What ranks the teams: founder_value_mean (the founders' expected proceeds), "
            "founder_value_p50, p_founder_value_above:X (X in the scenario's currency), p_alive "
            "or investor_multiple_mean. Default: the `objective:` of FOLDER/tournament.yaml, "
            "else founder_value_mean; this option overrides the file.",
        ),
    ] = None,
    lang: Lang = "en",
) -> None:
    """Play every team's strategy file in FOLDER against SCENARIO on the same random numbers
    and write the leaderboard: OUT/NAME_tournament.html, .csv and .json.

    A file that cannot be used is reported with its error and skipped. FOLDER/tournament.yaml,
    if present, is not a team but the rules: `objective: p_alive` ranks the teams on survival.

    Teams share a place when the paired 95% interval of their difference contains zero.

    Without --seed, the seed is drawn at random and kept only in the JSON (sealed).

    Replay a sealed tournament at the debrief with --seed N --reveal.
    """
    from sim.analysis.export import csv_text
    from sim.analysis.tournament import draw_seed, play
    from sim.story import debrief

    if (problem := lang_option_error(lang)) is not None:
        raise fail(problem)
    reveal = (seed is not None) if reveal is None else reveal
    seed = draw_seed() if seed is None else seed

    def skipped(x) -> None:  # an Invalid team file
        errors.print(
            f"[bold yellow]skipped[/] team {x.team}:", markup=True, highlight=False, soft_wrap=True
        )
        for line in x.error.splitlines():
            errors.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)

    name = f"{scenario.stem}_tournament"
    files = {ext: out / f"{name}.{ext}" for ext in ("html", "csv", "json")}
    writable_folder(out)
    writable_files("--out", *files.values())
    with user_errors():
        from sim.scenario.loading import load

        base = load(scenario, set_)
        check_memory(base.scenario, paths, months or base.scenario.months, workers)
        played = play(
            scenario, folder, seed, paths, months, set_, strict, workers, skipped, debrief.tell,
            None if objective is None else objective_of(objective),
        )  # fmt: skip
    if not played.teams:
        raise fail(f"{folder}: no team file could play ({len(played.invalid)} skipped, see above)")
    summary = played.summary(reveal)

    from sim.report.tournament import render, seed_text

    write_atomic(files["json"], json.dumps(summary, indent=1) + "\n")
    write_atomic(files["csv"], csv_text(summary))
    write_atomic(files["html"], render(summary, lang=lang))
    if quiet:
        return
    console.print(leaderboard_table(summary, seed_text(summary)))
    console.print(f"{summary['objective_note']} ({_chosen_by(summary)})", highlight=False)
    if not reveal:
        console.print(
            f"The seed is sealed: it is stored only in {files['json']} (key 'seed'). Keep that "
            "file to yourself until the debrief, then replay with --seed N --reveal.",
            highlight=False,
        )
    for ext, path in files.items():
        console.print(f"{ext + ':':6}{path}", highlight=False)


def _chosen_by(s: dict) -> str:
    """Who chose the objective, in words."""
    if s["objective_source"] == "option":
        return f"chosen by --objective {s['objective']}"
    if s["objective_source"] == "file":
        return f"chosen by {s['rules_file']}"
    return "the default"


def leaderboard_table(s: dict, seed: str) -> Table:
    table = Table(
        title=escape(f"{s['scenario']}: {len(s['teams'])} teams on the same {s['paths']:,} worlds")
        + f", {seed}",
        title_justify="left",
    )
    for column in ("place", "team", s["objective_label"],
                   f"alive at {s['months']} months (95% interval)", "breaks even"):  # fmt: skip
        table.add_column(column, justify="left" if column == "team" else "right")
    for r in s["leaderboard"]:
        a = r["p_alive"]
        team = escape(r["team"])
        if r["baseline"]:
            team += " (scenario as written, not competing)"
        elif "world" in r["note"]:
            team += " [yellow](changes the world)[/]"
        table.add_row(
            "–" if r["place"] is None else str(r["place"]),
            team,
            _objective_text(r["objective"], s),
            f"{pct(a['p'])} ({pct(a['lo'])} to {pct(a['hi'])})",
            pct(r["breakeven_share"]["p"]),
            style="dim" if r["baseline"] else None,
        )
    return table
