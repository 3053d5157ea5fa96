"""``sim run``: simulate a scenario, print a summary, write the HTML report and the JSON."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from sim.formatting import money, number, pct
from sim.output import write_atomic

from ._common import (
    SCENARIO_HELP,
    Lang,
    Months,
    Quiet,
    Seed,
    Sets,
    Workers,
    check_memory,
    console,
    fail,
    finite_json,
    lang_option_error,
    load_scenario,
    scenario_file,
    user_errors,
    writable_files,
    writable_folder,
)

STEPS = 7
"""Positions of the report's slider (``--slider``); see :mod:`sim.report.slider`."""
PROGRESS_MIN_PATH_MONTHS = 1_000_000
"""Show a progress bar for runs at least this large (about half a second or more)."""


def run(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    paths: Annotated[int, typer.Option(min=1, help="Number of simulated companies.")] = 10_000,
    months: Months = None,
    seed: Seed = 1,
    out: Annotated[Path, typer.Option(help="Folder for the report and JSON.")] = Path("reports"),
    set_: Sets = None,
    json_path: Annotated[
        Path | None,
        typer.Option("--json", help="Where to write the JSON (default: OUT/NAME.json)."),
    ] = None,
    workers: Workers = None,
    quiet: Quiet = False,
    lang: Lang = "en",
    precision: Annotated[
        float | None,
        typer.Option(
            min=0.0001,
            max=0.49,
            help="Add paths until P(alive at the horizon) is known within +/- this (e.g. 0.005); "
            "--paths is then the most it may use.",
        ),
    ] = None,
    export_paths: Annotated[
        Path | None,
        typer.Option(
            "--export-paths",
            help="Also write one row per path (inputs, death month and cause, breakeven, "
            "financing gap) to this .csv or .parquet file.",
        ),
    ] = None,
    export_cash: Annotated[
        bool, typer.Option("--export-cash", help="With --export-paths: add each month's cash.")
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Simulate the chunks on this Dask scheduler, e.g. tcp://10.0.0.5:8786 (needs "
            "the sweep extra: pip install 'startup-sim\\[sweep]'); the same numbers as a "
            "local run.",
        ),
    ] = None,
    slider: Annotated[
        str | None,
        typer.Option(
            "--slider",
            metavar="KEY",
            help="Add a slider over parameter KEY to the report, e.g. financing.initial_cash: "
            f"the survival curve for {STEPS} values, each simulated on the same seed.",
        ),
    ] = None,
) -> None:
    """Simulate SCENARIO and write OUT/NAME.html (the report) and OUT/NAME.json (the figures)."""
    import sim  # the engine (numba, scipy) is imported when a run starts, not for --help
    from sim.analysis.export import ExportError, export_problem, write_paths
    from sim.engine import runner
    from sim.engine.cluster import ClusterError

    if (problem := lang_option_error(lang)) is not None:
        raise fail(problem)
    loaded = load_scenario(scenario, set_)
    horizon = months or loaded.scenario.months
    name = scenario.stem
    html_file = out / f"{name}.html"
    json_file = json_path or out / f"{name}.json"
    # every place written to is checked before anything is simulated
    writable_folder(out)
    writable_files("--out", html_file)
    writable_files("--json", json_file)
    if export_paths is not None:
        writable_files("--export-paths", export_paths)
        if (problem := export_problem(export_paths, paths, export_cash)) is not None:
            raise fail(f"--export-paths {problem}")
    check_memory(loaded.scenario, paths, horizon, workers)

    swept = None
    if slider is not None:
        from sim.analysis.slider import SliderError, sweep

        with console.status(f"simulating the slider over {slider}") if not quiet else nullcontext():
            try:
                with user_errors():
                    swept = sweep(
                        scenario, slider, overrides=set_, seed=seed, paths=paths,
                        months=months, workers=workers, steps=STEPS,
                    )  # fmt: skip
            except SliderError as e:
                raise fail(str(e)) from None
    show_bar = not quiet and paths * horizon >= PROGRESS_MIN_PATH_MONTHS
    with Progress(
        TextColumn("simulating"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=not show_bar,
    ) as bar:
        task = bar.add_task("run", total=len(runner.chunk_sizes(paths)) * horizon)
        try:
            results = sim.run(
                loaded,
                paths=paths,
                seed=seed,
                months=months,
                progress=lambda k: bar.advance(task, k),
                workers=workers,
                precision=precision,
                scheduler=scheduler,
            )
        except ClusterError as e:
            raise fail(str(e)) from None
    with console.status("summarising and writing the report") if show_bar else nullcontext():
        summary = results.summary()

        from sim.report import render  # plotly is imported only when a report is written

        html = render(results, summary, lang=lang, slider=swept)
        text = finite_json(summary)
    if export_paths is not None:
        try:
            write_paths(results, export_paths, monthly_cash=export_cash)
        except ExportError as e:
            raise fail(str(e)) from None
    write_atomic(json_file, text + "\n")
    write_atomic(html_file, html)
    if not quiet:
        console.print(summary_table(summary))
        if precision is not None:
            est = summary["p_alive_at_horizon"]
            reached = (est["hi"] - est["lo"]) / 2 <= precision
            console.print(
                f"precision: P(alive at the horizon) within ±{(est['hi'] - est['lo']) / 2:.2%} "
                f"with {results.paths:,} paths"
                + (
                    ""
                    if reached
                    else f" (the cap of --paths {paths:,}; ±{precision:.2%} not reached)"
                ),
                highlight=False,
            )
        console.print(f"report: {html_file}\njson:   {json_file}", highlight=False)
        if export_paths is not None:
            console.print(f"paths:  {export_paths}", highlight=False)


def summary_table(s: dict) -> Table:
    """The headline figures, each with its standard error and 95% interval."""
    from sim.analysis.stats import Z95

    cur = s["currency"]
    table = Table(
        title=f"{s['scenario']}: {s['paths']:,} simulated companies, {s['months']} months, "
        f"seed {s['seed']} (money in {cur})",
        title_justify="left",
    )
    table.add_column("figure")
    table.add_column("estimate", justify="right")
    table.add_column("± s.e.", justify="right")
    table.add_column("95% interval", justify="right")

    def share_row(label, est):
        table.add_row(label, pct(est["p"]), pct(est["se"]), f"{pct(est['lo'])} – {pct(est['hi'])}")

    for month, est in s["p_alive"].items():
        if est is not None:
            share_row(f"alive at {month} months", est)
    if str(s["months"]) not in s["p_alive"]:
        share_row(f"alive at {s['months']} months (horizon)", s["p_alive_at_horizon"])
    share_row("breaks even within the horizon", s["breakeven"]["share"])
    median = s["breakeven"]["month"]["p50"]
    if median["value"] is not None:
        table.add_row(
            "  median breakeven month", f"{median['value']:g}", "", _range(median, "{:g}")
        )
    share_row("default alive (no new money needed)", s["default_alive"])
    for q, label in (("p50", "50%"), ("p90", "90%")):
        g = s["financing_gap"][q]
        table.add_row(
            f"extra cash for {label} survival",
            money(g["value"], cur),
            "",
            _range(g, None, cur),
        )
    gm = s["gross_margin"]
    if gm["value"] is not None:
        lo, hi = gm["value"] - Z95 * gm["se"], gm["value"] + Z95 * gm["se"]
        table.add_row("gross margin", pct(gm["value"]), pct(gm["se"]), f"{pct(lo)} – {pct(hi)}")
    for cause in s["causes_of_death"][:3]:
        est = cause["share_of_paths"]
        share_row(f"died: {cause['cause']}", est)
    for key, label in (("acquired", "acquired"), ("shut_down", "shut down (wound up)"),
                       ("zombie", "zombie (alive, losing money, flat)")):  # fmt: skip
        est = s["exits"][key]
        if est["p"]:
            share_row(label, est)
    fv = s["founder_value"]
    mean = fv["mean"]
    if mean["value"] is not None:
        lo, hi = mean["value"] - Z95 * (mean["se"] or 0), mean["value"] + Z95 * (mean["se"] or 0)
        table.add_row(
            "founders' value, mean", money(mean["value"], cur), money(mean["se"] or 0, cur),
            f"{number(lo)} – {money(hi, cur)}",
        )  # fmt: skip
        table.add_row("  median", money(fv["p50"]["value"], cur), "", _range(fv["p50"], None, cur))
        top = max(fv["p_above"], key=float, default=None)
        if top is not None:
            share_row(f"  above {money(float(top), cur)}", fv["p_above"][top])
    im = s["investor_multiple"]["mean"]
    if im["value"] is not None:
        se = im["se"] or 0.0
        table.add_row(
            "investors' multiple, mean", f"{im['value']:.2f}x", f"{se:.2f}",
            f"{im['value'] - Z95 * se:.2f} – {im['value'] + Z95 * se:.2f}",
        )  # fmt: skip
    if s["down_rounds"]["p"]:
        share_row("had a down round", s["down_rounds"])
    return table


def _range(q: dict, fmt: str | None, currency: str = "") -> str:
    if q["lo"] is None or q["hi"] is None:
        return "n/a"
    if fmt is None:  # money: the currency once, after the interval ('52.7M – 54.6M USD')
        return f"{number(q['lo'])} – {money(q['hi'], currency)}"
    return f"{fmt.format(q['lo'])} – {fmt.format(q['hi'])}"
