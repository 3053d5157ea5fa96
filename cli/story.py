"""``sim story``: one simulated company's life, month by month, from the run's own record."""

from __future__ import annotations

import math
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sim.formatting import number

from ._common import (
    SCENARIO_HELP,
    Months,
    Sets,
    check_memory,
    console,
    fail,
    scenario_file,
    user_errors,
)

if TYPE_CHECKING:
    from sim.scenario.strategy import Strategy

PICK_NAMES = ("typical", "typical-death", "typical-survivor", "worst", "best")
"""The keys of ``sim.story.pick.PICKS``, written out so that ``sim --help`` does not import the
story (tests/cli/test_startup.py checks that they agree)."""
UNUSUAL = 0.2
"""Draws in the lowest or highest fifth of all paths are listed under the story."""


def story(
    scenario: Annotated[Path, typer.Argument(help=SCENARIO_HELP, callback=scenario_file)],
    pick_: Annotated[
        str | None,
        typer.Option(
            "--pick",
            help=f"Which company to tell: {', '.join(PICK_NAMES)} (default: typical: "
            "typical-death if at least half died, else typical-survivor).",
        ),
    ] = None,
    path: Annotated[
        int | None, typer.Option("--path", min=0, help="Tell path I instead of picking one.")
    ] = None,
    strategy: Annotated[
        str | None,
        typer.Option(
            "--strategy",
            "-s",
            help="A strategy the scenario offers, or a strategy file (FILE or FILE:NAME).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Random seed; same seed, same story.")] = 1,
    paths: Annotated[
        int, typer.Option(min=1, help="How many simulated companies to choose from.")
    ] = 2000,
    months: Months = None,
    set_: Sets = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the story: en (English) or zh (Chinese).")
    ] = "en",
) -> None:
    """Tell the story of one simulated company, month by month, from the simulation's own
    record of events: rounds, shocks, policies, milestones, runway, and how it ends."""
    import sim
    from sim.scenario.loading import load
    from sim.story import StoryError, drawn_values, month_label, pick, pick_reason, story_lines
    from sim.story.texts import LANGS, say

    if lang not in LANGS:
        raise fail(f"--lang {lang}: unknown language; expected one of: {', '.join(LANGS)}")
    if pick_ is not None and path is not None:
        raise fail("give --pick or --path, not both")
    if path is not None and path >= paths:
        raise fail(f"--path {path}: there are only {paths:,} paths (0 to {paths - 1}); "
                   "raise --paths or choose a lower path")  # fmt: skip
    with user_errors():
        chosen = _strategy(scenario, strategy, set_) if strategy else None
        loaded = load(scenario, set_, strategy=chosen)
        check_memory(loaded.scenario, paths, months or loaded.scenario.months, 1)
        results = sim.run(loaded, paths=paths, seed=seed, months=months, workers=1)
    how = pick_ or "typical"
    try:
        index = pick(results, how) if path is None else path
        lines = story_lines(results, index, lang=lang)
    except StoryError as e:
        raise fail(str(e)) from None

    sc = results.scenario
    title = f"[bold]{sc.company.name}[/]"
    title += say("cli.strategy", lang, name=loaded.strategy) if chosen else ""
    head = say(
        "cli.title", lang, title=title, index=index, paths=f"{paths:,}", seed=seed,
        cur=sc.company.currency,
    )  # fmt: skip
    console.print(head, highlight=False)
    why = (
        say("cli.asked", lang) if path is not None else pick_reason(results, how, index, lang=lang)
    )
    console.print(f"[dim]{say('cli.why', lang, why=why)}[/]\n", highlight=False)
    for month, text in lines:
        when = f"[bold]{month_label(results, month, lang=lang)}[/]"
        console.print(say("line", lang, when=when, text=text), highlight=False)

    unusual = [d for d in drawn_values(results, index) if not UNUSUAL <= d[2] <= 1 - UNUSUAL]
    if unusual:
        note = say("cli.unusual_note", lang, share=UNUSUAL, paths=f"{paths:,}")
        console.print(f"\n[bold]{say('cli.unusual', lang)}[/]{note}", highlight=False)
        for name, value, share in unusual:
            side = "lower" if share < 0.5 else "higher"
            among = math.floor(100 * (share if side == "higher" else 1 - share))
            shown = number(float(f"{value:.3g}"))
            told = say(f"cli.{side}", lang, name=name, value=shown, among=among)
            console.print(f"  {told}", highlight=False)
    again = ["sim", "story", str(scenario), "--seed", str(seed), "--paths", str(paths)]
    again += ["--path", str(index)] + (["--strategy", strategy] if strategy else [])
    again += [x for item in set_ or [] for x in ("--set", item)]
    again += ["--months", str(months)] if months else []
    again += ["--lang", lang] if lang != "en" else []
    console.print(f"\n[dim]{say('cli.again', lang, command=shlex.join(again))}[/]", highlight=False)


def _strategy(scenario: Path, value: str, overrides: list[str] | None) -> str | Strategy:
    """A strategy the scenario offers (by name), or one from a file: FILE or FILE:NAME."""
    from sim.scenario.loading import ScenarioError, load, load_strategies

    offered = [s.name for s in load(scenario, overrides).scenario.strategies]
    if value in offered:
        return value
    file, name = Path(value), None
    if not file.exists() and ":" in value:
        head, _, name = value.rpartition(":")
        file = Path(head)
    if not file.exists():
        offers = ", ".join(offered) or "none"
        raise ScenarioError(
            f"--strategy {value}: not a strategy of {scenario} (it offers: {offers}) nor a file"
        )
    found = load_strategies(file)
    names = [s.name for s in found]
    if name is not None:
        if name not in names:
            raise ScenarioError(f"{file}: no strategy {name!r}; it has: {', '.join(names)}")
        return found[names.index(name)]
    if len(found) > 1:
        raise ScenarioError(
            f"{file} has {len(found)} strategies ({', '.join(names)}): "
            f"choose one with --strategy {file}:NAME"
        )
    return found[0]
