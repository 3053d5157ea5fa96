"""``sim sweep``: survival over a grid or a random design of parameter values."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.formatting import money, pct
from sim.output import write_atomic

from ._common import (
    SCENARIO_HELP,
    Interrupted,
    Lang,
    Quiet,
    check_memory,
    console,
    errors,
    fail,
    finite_json,
    lang_option_error,
    load_scenario,
    scenario_file,
    writable_files,
    writable_folder,
)

if TYPE_CHECKING:
    from sim.analysis import sweep as sweeps

SHOWN = 5
"""Best points printed in the terminal (all are in the table files and the report)."""


def sweep(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    grid: Annotated[
        Path,
        typer.Option(
            "--grid",
            help="Sweep file: parameters (a list or {low, high, n} each), design (grid or "
            "random with points: N), paths, months, seed. See examples/sweep/dify_grid.yaml.",
        ),
    ],
    out: Annotated[Path, typer.Option(help="Folder for the table and the report.")] = Path(
        "reports"
    ),
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a value at every point: dotted.key=VALUE."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Local processes (default: all cores).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Run on this Dask scheduler, e.g. tcp://10.0.0.5:8786 (needs the sweep extra: "
            "pip install 'startup-sim\\[sweep]'; each task carries the scenario's text, so workers "
            "need the package, not the file).",
        ),
    ] = None,
    lang: Lang = "en",
    quiet: Quiet = False,
    objective: Annotated[
        str,
        typer.Option(
            "--objective",
            help="What ranks the points in the terminal: p_alive, founder_value_mean, "
            "founder_value_p50 or investor_multiple_mean (every figure is in the table files).",
        ),
    ] = "p_alive",
) -> None:
    """Simulate SCENARIO at every point of a sweep (same seed everywhere) and write
    OUT/NAME_sweep.csv and .parquet (one row of headline figures per point) and
    OUT/NAME_sweep.html (a heat map; with --objective other than p_alive, the objective's
    chart too) and OUT/NAME_sweep.json (settings, objective, points best first). Rerun the
    same command to resume an interrupted sweep."""
    from sim.analysis import design as designs
    from sim.analysis import sweep as sweeps

    if (problem := lang_option_error(lang)) is not None:
        raise fail(problem)
    try:
        column = sweeps.objective_column(objective)
    except designs.SweepError as e:
        raise fail(str(e)) from None
    try:
        spec = designs.read_grid(grid)
    except designs.SweepError as e:
        raise fail(str(e)) from None
    base = load_scenario(scenario, set_)
    name = f"{scenario.stem}_sweep"
    csv_file, parquet_file, html_file, json_file = (
        out / f"{name}.{ext}" for ext in ("csv", "parquet", "html", "json")
    )
    writable_folder(out)
    writable_files("--out", csv_file, parquet_file, html_file, json_file)
    check_memory(base.scenario, spec.paths, spec.months or base.scenario.months, workers)
    try:
        plan = sweeps.plan(scenario, spec, set_)
        sweeps.check(plan)
    except designs.SweepError as e:
        raise fail(str(e)) from None

    with Progress(
        TextColumn("sweep"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=quiet,
    ) as bar:
        task = bar.add_task("points", total=len(plan.points))
        try:
            stop = signal.signal(signal.SIGTERM, _interrupt)  # so pool workers are shut down too
        except ValueError:  # not the main thread: leave signals alone
            stop = None
        try:
            outcome = sweeps.execute(
                plan,
                csv_file,
                workers=workers,
                scheduler=scheduler,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        except designs.SweepError as e:
            raise fail(str(e)) from None
        except (KeyboardInterrupt, Interrupted):
            errors.print(
                f"interrupted: the finished points are in {csv_file}; "
                "run the same command again to resume",
                highlight=False,
                soft_wrap=True,  # one line, however narrow the terminal
            )
            raise typer.Exit(code=130) from None
        finally:
            if stop is not None:
                signal.signal(signal.SIGTERM, stop)

    written = [csv_file]
    try:
        written.append(sweeps.write_parquet(outcome.rows, plan.columns, parquet_file))
    except designs.SweepError as e:
        errors.print(f"warning: {e}; the CSV is complete", highlight=False)

    from sim.report.sweep import render  # plotly only when a report is written

    meta = {
        "scenario": base.scenario.company.name,
        "design": spec.design,
        "paths": spec.paths,
        "months": spec.months,
        "seed": spec.seed,
        "currency": base.scenario.company.currency,
        "objective": objective,
        "objective_column": column,
    }
    write_atomic(html_file, render(outcome.rows, plan.keys, meta, lang))
    written.append(html_file)
    write_atomic(json_file, finite_json(summary(outcome.rows, plan.keys, meta)) + "\n")
    written.append(json_file)
    if not quiet:
        console.print(table(outcome, plan.keys, meta))
        if outcome.resumed:
            console.print(f"resumed: {outcome.resumed} points were already done", highlight=False)
        if outcome.dropped:
            console.print(
                f"left out {outcome.dropped} rows of points not in this sweep", highlight=False
            )
        console.print("\n".join(f"wrote {p}" for p in written), highlight=False)


def summary(rows: list[dict], keys: list[str], meta: dict) -> dict:
    """The JSON of a sweep: its settings, the objective (name, label, the table's column) and
    every point, best first by the objective (the same rows as the CSV)."""
    from sim.analysis.objectives import parse

    column = meta["objective_column"]
    ranked = sorted(rows, key=lambda r: -(r[column] if r[column] is not None else -1e300))
    return meta | {"objective_label": parse(meta["objective"]).label, "parameters": keys,
                   "points": ranked}  # fmt: skip


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def table(outcome: sweeps.Outcome, keys: list[str], meta: dict) -> Table:
    """The points most likely to survive."""
    T = f"{meta['months']} months" if meta["months"] else "the horizon"
    t = Table(
        title=f"{meta['scenario']}: {len(outcome.rows)} points, {meta['paths']:,} companies each, "
        f"seed {meta['seed']} ({outcome.ran} simulated now)",
        caption=f"the {min(SHOWN, len(outcome.rows))} best points by "
        f"{meta.get('objective', 'p_alive')} (alive: after {T})",
        title_justify="left",
    )
    for k in keys:
        t.add_column(k, overflow="fold", justify="right")
    t.add_column("alive (95% interval)", justify="right")
    t.add_column("founders' value (mean)", justify="right")
    column = meta.get("objective_column", "p_alive_at_horizon")
    ranked = sorted(outcome.rows, key=lambda r: -(r[column] if r[column] is not None else -1e300))
    for r in ranked[:SHOWN]:
        t.add_row(
            *(f"{r[k]:,}" if isinstance(r[k], int | float) else str(r[k]) for k in keys),
            f"{pct(r['p_alive_at_horizon'])} ({pct(r['p_alive_at_horizon_lo'])} – "
            f"{pct(r['p_alive_at_horizon_hi'])})",
            money(r["founder_value_mean"], meta["currency"]),
        )
    return t
