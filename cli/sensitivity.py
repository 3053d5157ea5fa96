"""``sim sensitivity``: which assumption decides survival, and when."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.formatting import money, pct, signed_points
from sim.output import write_atomic

from ._common import (
    SCENARIO_HELP,
    Lang,
    Months,
    ObjectiveOption,
    Quiet,
    Seed,
    Sets,
    check_memory,
    console,
    fail,
    finite_json,
    lang_option_error,
    load_scenario,
    objective_of,
    scenario_file,
    writable_files,
    writable_folder,
)

PATHS = 4000
BASE = 4096
"""``sim.analysis.sensitivity.PATHS`` and ``BASE``, written out so that ``sim --help`` does not
import numpy (tests/cli/test_startup.py checks that they agree)."""
SHOWN = 10
"""Parameters listed in the terminal (all of them are in the report and the JSON)."""
KEY_WIDTH = 16
"""Narrowest parameter column: labels wrap at spaces, keys after their dots."""


def sensitivity(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    paths: Annotated[
        int, typer.Option(min=2, help="Simulated companies per tornado run (2 runs a parameter).")
    ] = PATHS,
    base: Annotated[
        int,
        typer.Option(
            min=2, help="Sobol' base sample N, a power of 2 (N x (parameters + 3) paths in all)."
        ),
    ] = BASE,
    months: Months = None,
    seed: Seed = 1,
    out: Annotated[Path, typer.Option(help="Folder for the report and JSON.")] = Path("reports"),
    set_: Sets = None,
    quiet: Quiet = False,
    lang: Lang = "en",
    objective: ObjectiveOption = "founder_value_mean",
) -> None:
    """Rank the uncertain assumptions of SCENARIO by how much they decide survival, the
    financing gap and the objective (tornado and Sobol' indices, survival also month by
    month); write OUT/NAME_sensitivity.html and OUT/NAME_sensitivity.json."""
    from sim.analysis.sensitivity import SensitivityError, analyse

    if (problem := lang_option_error(lang)) is not None:
        raise fail(problem)
    goal = objective_of(objective)
    loaded = load_scenario(scenario, set_)
    name = f"{scenario.stem}_sensitivity"
    html_file, json_file = out / f"{name}.html", out / f"{name}.json"
    writable_folder(out)
    writable_files("--out", html_file, json_file)
    check_memory(loaded.scenario, paths, months or loaded.scenario.months)
    with Progress(
        TextColumn("sensitivity"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("runs", total=None)
        try:
            result = analyse(
                loaded,
                paths=paths,
                base=base,
                seed=seed,
                months=months,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                objective=goal.name,
            )
        except SensitivityError as e:
            raise fail(str(e)) from None

    from sim.report.sensitivity import render  # plotly only when a report is written

    html = render(result, lang=lang)
    write_atomic(json_file, finite_json(result) + "\n")
    write_atomic(html_file, html)
    if not quiet:
        console.print(fitting_table(result, console.width))
        console.print(objective_line(result, goal), highlight=False)
        console.print(f"report: {html_file}\njson:   {json_file}", highlight=False)


def objective_line(s: dict, goal) -> str:
    """The parameter that decides the objective most, with its Sobol' total index."""
    from sim.scenario import labels  # the scenario language: not for --help

    ranked = s["ranking"]["objective"]
    ix = s["sobol"]["objective"]["indices"]
    if not ranked or ix[ranked[0]]["ST"] is None:
        return f"{goal.label}: no parameter moves it in this run"
    top = ranked[0]
    row = next(r for r in s["tornado"]["rows"] if r["parameter"] == top)
    lo, hi = row["objective_low"]["value"], row["objective_high"]["value"]
    show = (lambda x: money(x, s["currency"])) if goal.money else (lambda x: f"{x:.3g}")
    name = labels.label(top, s["currency"])
    return (
        f"{goal.label} is decided most by {name}, {top} (Sobol' total index "
        f"{ix[top]['ST']:.2f}): {show(lo)} at its 10th percentile, {show(hi)} at its 90th"
    )


def fitting_table(s: dict, width: int) -> Table:
    """:func:`table` with its keys broken after their dots only as much as ``width`` needs."""
    for key_width in (None, 28, 22, KEY_WIDTH):
        made = table(s, key_width)
        # measured without a limit: a measurement within the console is clamped to its width
        unbounded = console.options.update_width(10_000)
        if console.measure(made, options=unbounded).minimum <= width:
            break
    return made


def table(s: dict, key_width: int | None = None) -> Table:
    """The most influential parameters: tornado effect and Sobol' indices for survival.

    Parameters are named by their labels with units (:func:`sim.scenario.labels.label`),
    which wrap at spaces, so the table fits an 80-column terminal without cutting a word.
    """
    from sim.analysis.sensitivity import LUCK, short
    from sim.scenario import labels  # the scenario language: not for --help

    t = Table(
        title=f"{s['scenario']}: what decides survival after {s['months']} months "
        f"(alive as drawn: {pct(s['tornado']['baseline']['p_alive']['p'])}, seed {s['seed']})",
        caption="effect: alive at the 90th minus at the 10th percentile, percentage points ± "
        "s.e.; S1, ST: Sobol' indices of alive at the horizon ± 95% interval",
        title_justify="left",
        caption_justify="left",
        pad_edge=False,
    )
    t.add_column("parameter", min_width=key_width or KEY_WIDTH)
    # the numbers wrap at their arrows, so the names keep the room they need
    t.add_column("10th → 90th pct", justify="right", max_width=11)
    t.add_column("alive at 10th → 90th", justify="right", max_width=10)
    t.add_column("effect (points)", justify="right", max_width=9)
    t.add_column("S1", justify="right", no_wrap=True)
    t.add_column("ST", justify="right", no_wrap=True)
    rows = {r["parameter"]: r for r in s["tornado"]["rows"]}
    alive = s["sobol"]["p_alive"]
    ranking = s["ranking"]["p_alive"]
    for p in ranking[:SHOWN]:
        r, ix = rows[p], alive["indices"][p]
        eff = r["p_alive_effect"]
        t.add_row(
            f"{escape(labels.label(p, s['currency']))}\n[dim]{escape(wrap_key(p, key_width))}[/]",
            f"{short(r['low_value'])} → {short(r['high_value'])}",
            f"{pct(r['p_alive_low']['p'])} → {pct(r['p_alive_high']['p'])}",
            f"{signed_points(eff['value'])}±{100 * (eff['se'] or 0):.1f}",
            _index(ix, "S1"),
            _index(ix, "ST"),
        )
    t.add_row(LUCK, "", "", "", _index(alive["luck"], "S1"), _index(alive["luck"], "ST"))
    if len(ranking) > SHOWN:
        t.caption += f"; {len(ranking) - SHOWN} more parameters in the report"
    return t


def wrap_key(key: str, width: int | None) -> str:
    """A dotted key on lines of at most ``width`` characters (None: one line), broken after
    its dots (a part longer than a line stays whole), so a terminal never cuts a name."""
    if width is None:
        return key
    lines, line = [], ""
    for part in key.split("."):
        piece = part if not line else "." + part
        if line and len(line) + len(piece) > width:
            lines.append(line + ".")
            line = part
        else:
            line += piece
    return "\n".join([*lines, line])


def _index(ix: dict, key: str) -> str:
    v, c = ix[key], ix[f"{key}_conf"]
    return "n/a" if v is None else f"{round(v, 2) + 0:.2f}±{c or 0:.2f}"  # + 0: no "-0.00"
