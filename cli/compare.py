"""``sim compare``: strategies side by side on the same simulated worlds."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from sim.formatting import money as money_text
from sim.formatting import pct, signed_points
from sim.output import write_atomic

from ._common import (
    SCENARIO_HELP,
    Lang,
    ObjectiveOption,
    Quiet,
    Workers,
    check_memory,
    console,
    fail,
    finite_json,
    lang_option_error,
    objective_of,
    scenario_file,
    user_errors,
    writable_files,
    writable_folder,
)

if TYPE_CHECKING:
    from sim.scenario.strategy import Strategy


def compare_(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    strategy: Annotated[
        list[str] | None,
        typer.Option(
            "--strategy",
            "-s",
            help="A strategy the scenario offers, or a strategy file (repeatable) "
            "(default: every strategy the scenario offers).",
        ),
    ] = None,
    paths: Annotated[int, typer.Option(min=1, help="Simulated companies per strategy.")] = 10_000,
    months: Annotated[int | None, typer.Option(min=1, max=600, help="Months to simulate.")] = None,
    seed: Annotated[int, typer.Option(min=0, help="Random seed, shared by all strategies.")] = 1,
    out: Annotated[Path, typer.Option(help="Folder for the report and JSON.")] = Path("reports"),
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a value for every strategy.")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Where to write the JSON.")
    ] = None,
    workers: Workers = None,
    quiet: Quiet = False,
    lang: Lang = "en",
    objective: ObjectiveOption = "founder_value_mean",
) -> None:
    """Run the baseline and each strategy on common random numbers; rank them on the objective
    (default: the founders' expected value) with paired differences and write
    OUT/NAME_compare.html and .json."""
    import sim
    from sim.analysis.compare import BASELINE, compare
    from sim.scenario.loading import ScenarioError, load

    if (problem := lang_option_error(lang)) is not None:
        raise fail(problem)
    goal = objective_of(objective)
    name = f"{scenario.stem}_compare"
    with user_errors():  # every input is read, and every output place checked, before a run
        base = load(scenario, set_)
        chosen = _strategies(scenario, strategy, base.scenario.strategies)
        loaded = {BASELINE: base}
        for item in chosen:
            if item.name in loaded:
                raise ScenarioError(f"two strategies are named {item.name!r}")
            loaded[item.name] = load(scenario, set_, strategy=item)
    writable_folder(out)
    writable_files("--out", out / f"{name}.html")
    writable_files("--json", json_path or out / f"{name}.json")
    check_memory(base.scenario, paths, months or base.scenario.months, workers)
    with user_errors():
        runs = {
            key: sim.run(one, paths, seed, months, workers=workers) for key, one in loaded.items()
        }
    comparison = compare(runs, chosen, goal)
    summary = comparison.summary()

    from sim.report.compare import render

    html = render(comparison, summary, lang=lang)
    write_atomic(json_path or out / f"{name}.json", finite_json(summary) + "\n")
    write_atomic(out / f"{name}.html", html)
    if not quiet:
        console.print(ranking_table(summary))
        console.print(summary["explanation"], highlight=False)
        console.print(
            f"report: {out / (name + '.html')}\njson:   {json_path or out / (name + '.json')}"
        )


def _strategies(scenario: Path, asked: list[str] | None, offered: list[Strategy]) -> list[Strategy]:
    from sim.scenario.loading import ScenarioError, load_strategies

    if not asked:
        if not offered:
            raise fail(
                f"{scenario}: offers no strategies; add `strategies:` to it or give --strategy FILE"
            )
        return list(offered)
    chosen: list[Strategy] = []
    by_name = {s.name: s for s in offered}
    for item in asked:
        if item in by_name:
            chosen.append(by_name[item])
        elif Path(item).suffix in (".yaml", ".yml") or Path(item).exists():
            chosen.extend(load_strategies(item))
        else:
            offers = ", ".join(by_name) or "none"
            raise ScenarioError(
                f"{item}: not a strategy of {scenario} (it offers: {offers}) nor a file"
            )
    return chosen


def ranking_table(s: dict) -> Table:
    """The ranking, narrow enough for an 80-column terminal: headers wrap at spaces, the
    strategy names are never cut, differences are in percentage points."""
    horizon = s["months"]
    table = Table(
        title=f"{s['scenario']}: {len(s['strategies'])} strategies on the same {s['paths']:,} "
        f"simulated worlds, seed {s['seed']}",
        title_justify="left",
        caption="vs baseline: the difference in survival, in percentage points, measured on "
        "the same worlds (95% interval)",
        caption_justify="left",
    )
    names = [e["name"] for e in s["ranking"]]
    table.add_column("place", justify="right")
    table.add_column("strategy", no_wrap=True, min_width=max(map(len, names), default=8))
    table.add_column(s["objective_label"], justify="right")
    table.add_column(f"alive at {horizon} months", justify="right")
    table.add_column("vs baseline (points)", justify="right")
    table.add_column("extra cash for 90% survival", justify="right")
    rows = {r["name"]: r for r in s["strategies"]}
    for entry in s["ranking"]:
        row = rows[entry["name"]]
        alive = row["p_alive_at_horizon"]
        diff = row["vs_baseline"]["alive_at_horizon"]
        vs = (
            "—"
            if entry["name"] == s["baseline"]
            else (
                f"{signed_points(diff['diff'])} ({signed_points(diff['lo'])} to "
                f"{signed_points(diff['hi'])})"
            )
        )
        gap = row["financing_gap"]["p90"]["value"]
        table.add_row(
            str(entry["place"]),
            entry["name"],
            _objective_text(row["objective"], s),
            f"{pct(alive['p'])} ± {pct(alive['se'])}",
            vs,
            money_text(gap, s["currency"]),
        )
    return table


def _objective_text(est: dict, s: dict) -> str:
    """The objective's estimate ± its standard error, as money or as a share / multiple."""
    value, se = est["value"], est["se"]
    if value is None or value != value:
        return "n/a"
    money = s["objective"].startswith("founder_value")
    if money:
        return f"{money_text(value, s['currency'])} ± {money_text(se or 0.0, s['currency'])}"
    if s["objective"].startswith("p_"):
        return f"{pct(value)} ± {pct(se or 0.0)}"
    return f"{value:.2f} ± {se or 0.0:.2f}"
