"""The answer keys of the lessons in docs/teaching/, computed by the simulator.

A lesson writes every number of its answer key between two markers::

    <!-- answer: dify_late_alive -->81.7%<!-- /answer -->

``dify_late_alive`` is the name of a function below. It runs, through the library, exactly a
command the lesson shows (same scenario, strategies, ``--set`` edits, ``--paths`` and seed), and
formats the figure the way the text shows it. The same seed and paths give the same numbers on
any machine, so ``tests/test_teaching.py`` can recompute every marked answer and compare text.
Sentences that state a direction rather than a number ("lean beats burn", "the market does not
change default alive") are checked by the ``@claim`` functions at the end.

    python docs/teaching/answers.py            # every answer; exit 1 if a lesson is stale
    python docs/teaching/answers.py --update   # rewrite the marked answers in the lessons

After a change to the model, run ``--update``, read the diff of the lessons and check that the
words around the numbers (and the claims) still hold.
"""

from __future__ import annotations

import argparse
import atexit
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

import sim
from sim.analysis.compare import compare
from sim.analysis.solve import (
    Solution,
    default_range,  # the search range `sim solve` uses without --range
    parse_target,
    solve,
)
from sim.formatting import number, pct  # as the tables show them: 350k, 81.7%, 0.025%
from sim.scenario.loading import load, load_strategies
from sim.scenario.scaffold import SCHEMA_FILE, scaffold
from sim.scenario.strategy import Strategy, find
from sim.story import pick

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LESSONS = sorted(HERE.glob("*.md"))
MARKER = re.compile(r"<!-- answer: ([a-z0-9_]+) -->(.*?)<!-- /answer -->")

PATHS = 4_000
"""Simulated companies in every command of the lessons: a few seconds a run, and every
student who types the command sees the same numbers (seed 1, the default)."""
SEED = 1


# --- the commands the lessons show ----------------------------------------------------------

COMMANDS: list[Command] = []
"""Every command an answer is computed from; each appears verbatim in a lesson."""


@dataclass(frozen=True)
class Copy:
    """``sim new NAME --from ARCHETYPE --out FOLDER``, then one line of the copy edited."""

    name: str
    archetype: str
    folder: str
    old: str  # the line as `sim new` writes it ...
    new: str  # ... and as the student changes it

    @property
    def command(self) -> str:
        return f"sim new {self.name} --from {self.archetype} --out {self.folder}"

    @property
    def shown(self) -> str:
        return f"{self.folder}/{self.name}.yaml"

    @cache  # noqa: B019 - a few module-level constants, kept for the whole run
    def path(self) -> Path:
        text = scaffold(ROOT / "scenarios" / f"{self.archetype}.yaml", self.name, SCHEMA_FILE)
        if text.count(self.old) != 1:
            raise ValueError(f"{self.command}: expected {self.old!r} once in the copy")
        folder = tempfile.mkdtemp(prefix="teaching-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        target = Path(folder) / f"{self.name}.yaml"
        target.write_text(text.replace(self.old, self.new), encoding="utf-8")
        return target


COPIES: dict[str, Copy] = {}


def _file(shown: str) -> Path:
    """The file a command names: a student's edited copy, or a file of the repository."""
    return COPIES[shown].path() if shown in COPIES else ROOT / shown


def _strategy(scenario: str, item: str) -> list[Strategy]:
    """What ``-s ITEM`` means to `sim compare`: a strategy the scenario offers, or a file
    (``FILE:NAME`` picks one of a file's strategies, as `sim story` allows)."""
    offered = {s.name: s for s in load(_file(scenario)).scenario.strategies}
    if item in offered:
        return [offered[item]]
    file, _, name = item.partition(":")
    found = load_strategies(ROOT / file)
    return [s for s in found if s.name == name] if name else found


@cache
def _run(scenario: str, sets: tuple[str, ...], strategy: str | None, seed: int, paths: int):
    """One run of the library, shared by every answer that needs it."""
    chosen = None
    if strategy is not None:
        (chosen,) = _strategy(scenario, strategy)
    return sim.run(load(_file(scenario), list(sets), strategy=chosen), paths, seed)


def _sets(sets: tuple[str, ...]) -> str:
    return "".join(f" --set {s}" for s in sets)


class Command:
    def __post_init__(self):
        COMMANDS.append(self)


@dataclass(frozen=True)
class Run(Command):
    """``sim run SCENARIO --paths 4000 [--seed S] [--set ...]``"""

    scenario: str
    sets: tuple[str, ...] = ()
    seed: int = SEED

    @property
    def command(self) -> str:
        seed = f" --seed {self.seed}" if self.seed != SEED else ""
        return f"sim run {self.scenario} --paths {PATHS}{seed}{_sets(self.sets)}"

    def summary(self) -> dict:
        return _summary(self.scenario, self.sets, None, self.seed)


@cache
def _summary(scenario, sets, strategy, seed) -> dict:
    return _run(scenario, sets, strategy, seed, PATHS).summary()


@dataclass(frozen=True)
class Compare(Command):
    """``sim compare SCENARIO -s A -s B --paths 4000 [--set ...]``"""

    scenario: str
    strategies: tuple[str, ...]
    sets: tuple[str, ...] = ()

    @property
    def command(self) -> str:
        chosen = "".join(f" -s {s}" for s in self.strategies)
        return f"sim compare {self.scenario}{chosen} --paths {PATHS}{_sets(self.sets)}"

    def summary(self) -> dict:
        return _comparison(self.scenario, self.strategies, self.sets)

    def row(self, name: str) -> dict:
        return next(r for r in self.summary()["strategies"] if r["name"] == name)

    def alive(self, name: str) -> float:
        """P(alive at the horizon), the column the ranking shows."""
        return self.row(name)["p_alive_at_horizon"]["p"]

    def vs_baseline(self, name: str) -> dict:
        return self.row(name)["vs_baseline"]["alive_at_horizon"]

    def deaths(self, name: str) -> dict[str, float]:
        """Share of all paths dying of each cause, most common first."""
        return {c["cause"]: c["share_of_paths"]["p"] for c in self.row(name)["causes_of_death"]}


@cache
def _comparison(scenario, strategies, sets) -> dict:
    runs = {"baseline": _run(scenario, sets, None, SEED, PATHS)}
    chosen = []
    for item in strategies:
        for s in _strategy(scenario, item):
            spec = s.name if item == s.name else f"{item.partition(':')[0]}:{s.name}"
            runs[s.name] = _run(scenario, sets, spec, SEED, PATHS)
            chosen.append(s)
    return compare(runs, chosen).summary()


@dataclass(frozen=True)
class Solve(Command):
    """``sim solve SCENARIO --target T --vary V [--set ...]`` (4,000 paths, seed 1: the
    command's defaults)."""

    scenario: str
    target: str
    vary: str
    sets: tuple[str, ...] = ()

    @property
    def command(self) -> str:
        target = f"--target {self.target} --vary {self.vary}"
        return f"sim solve {self.scenario} {target}{_sets(self.sets)}"

    def solution(self) -> Solution:
        return _solution(self.scenario, self.target, self.vary, self.sets)


@cache
def _solution(scenario, target, vary, sets) -> Solution:
    """As `sim solve` does it: the same seed for every value tried, default search range."""
    name, goal = parse_target(target)
    file = _file(scenario)
    low, high = default_range(find(load(file, list(sets)).scenario, vary))

    def run_at(x: float):
        return sim.run(load(file, [*sets, f"{vary}={x!r}"]), PATHS, SEED)

    return solve(run_at, vary, name, goal, low, high)


@dataclass(frozen=True)
class Story(Command):
    """``sim story SCENARIO [-s STRATEGY] --pick HOW --paths 4000``"""

    scenario: str
    strategy: str | None
    how: str

    @property
    def command(self) -> str:
        chosen = f" -s {self.strategy}" if self.strategy else ""
        return f"sim story {self.scenario}{chosen} --pick {self.how} --paths {PATHS}"

    def told(self) -> tuple[int, object]:
        """(path number, the run's results) of the company the story tells."""
        results = _run(self.scenario, (), self.strategy, SEED, PATHS)
        return pick(results, self.how), results

    def death_month(self) -> int:
        """The month the company the story tells dies in."""
        path, results = self.told()
        month = int(results.batch.death_month[path])
        if month == 0:
            raise ValueError(f"{self.command}: the company told survives")
        return month

    def cause(self) -> str:
        """The cause of death of the company the story tells."""
        path, results = self.told()
        return results.cause_labels[int(results.batch.cause[path])]

    def earned(self) -> float:
        """All the revenue of the company the story tells, until it died."""
        path, results = self.told()
        return float(results.batch.revenue_total[path])


ANSWERS: dict[str, Callable[[], str]] = {}
"""Answer id -> the function computing the text a lesson shows between its markers."""


def answer(f: Callable[[], str]) -> Callable[[], str]:
    ANSWERS[f.__name__] = f
    return f


# --- how the lessons show numbers ------------------------------------------------------------


def signed(x: float) -> str:
    v = round(100 * x, 1)
    return f"{v + 0.0:+.1f}"  # + 0.0 turns -0.0 into 0.0


def points(d: dict) -> str:
    """A paired difference: '+5.5 points (95% interval +4.7 to +6.2)'."""
    return f"{signed(d['diff'])} points (95% interval {signed(d['lo'])} to {signed(d['hi'])})"


def money(x: float, currency: str) -> str:
    return f"{number(x)} {currency}"


def found(s: Solution, currency: str) -> str:
    """A solved amount as `sim solve` prints it: '350k USD (95% interval 346k to 355k)'."""
    lo, hi = s.interval
    return f"{money(s.value, currency)} (95% interval {number(lo)} to {number(hi)})"


def month(m: int) -> str:
    return f"month {m}"


# --- lesson 1: charge early or late? The Dify dilemma -----------------------------------------

DIFY = "scenarios/dify.yaml"
DIFY_RUN = Run(DIFY)
DIFY_SEED2 = Run(DIFY, seed=2)
CHARGING = Compare(DIFY, ("charge-early", "charge-late"))
LATE_DEATH = Story(DIFY, "charge-late", "typical-death")
MY_DIFY = Copy(
    "my_dify",
    "dify",
    "class",
    old="revenue.cloud.backlog_conversion: 0.006",
    new="revenue.cloud.backlog_conversion: 0.012",
)
COPIES[MY_DIFY.shown] = MY_DIFY
LATE_REMEMBERED = Compare(MY_DIFY.shown, ("charge-late",))
LATE_RICH = Compare(DIFY, ("charge-late",), ("financing.initial_cash=600000",))


@answer
def dify_seed_odds():
    return pct(load(ROOT / DIFY).scenario.financing.rounds[0].probability)


@answer
def dify_base_alive():
    return pct(DIFY_RUN.summary()["p_alive"]["36"]["p"])


@answer
def dify_base_alive_interval():
    s = DIFY_RUN.summary()["p_alive"]["36"]
    return f"{pct(s['lo'])} to {pct(s['hi'])}"


@answer
def dify_seed2_alive():
    return pct(DIFY_SEED2.summary()["p_alive"]["36"]["p"])


@answer
def dify_base_breakeven_month():
    return month(int(DIFY_RUN.summary()["breakeven"]["month"]["p50"]["value"]))


@answer
def dify_base_gross_margin():
    return pct(DIFY_RUN.summary()["gross_margin"]["value"])


@answer
def dify_base_default_alive():
    return pct(DIFY_RUN.summary()["default_alive"]["p"])


@answer
def dify_base_seed_deaths():
    return pct(CHARGING.deaths("baseline")["round failed: seed"])


@answer
def dify_early_alive():
    return pct(CHARGING.alive("charge-early"))


@answer
def dify_early_vs_base():
    return points(CHARGING.vs_baseline("charge-early"))


@answer
def dify_early_default_alive():
    return pct(CHARGING.row("charge-early")["default_alive"]["p"])


@answer
def dify_late_alive():
    return pct(CHARGING.alive("charge-late"))


@answer
def dify_late_vs_base():
    return points(CHARGING.vs_baseline("charge-late"))


@answer
def dify_late_default_alive():
    return pct(CHARGING.row("charge-late")["default_alive"]["p"])


def _value(comparison, name: str, currency: str) -> str:
    """Founders' expected value, as the compare table prints it: '67.7M USD'."""
    return money(comparison.row(name)["founder_value"]["mean"]["value"], currency)


@answer
def dify_base_value():
    return _value(CHARGING, "baseline", "USD")


@answer
def dify_early_value():
    return _value(CHARGING, "charge-early", "USD")


@answer
def dify_late_value():
    return _value(CHARGING, "charge-late", "USD")


@answer
def dify_late_seed_deaths():
    return pct(CHARGING.deaths("charge-late")["round failed: seed"])


@answer
def dify_late_breakeven_month():
    return month(int(CHARGING.row("charge-late")["breakeven"]["month"]["p50"]["value"]))


@answer
def dify_late_extra_months():
    median = {n: CHARGING.row(n)["breakeven"]["month"]["p50"]["value"] for n in CHARGING_NAMES}
    return f"{median['charge-late'] - median['baseline']:.0f} more months"


@answer
def dify_late_story_death():
    return month(LATE_DEATH.death_month())


@answer
def dify_late_story_earned():
    return money(LATE_DEATH.earned(), "USD")


@answer
def dify_late_remembered_alive():
    return pct(LATE_REMEMBERED.alive("charge-late"))


@answer
def dify_late_remembered_change():
    change = LATE_REMEMBERED.alive("charge-late") - CHARGING.alive("charge-late")
    return f"{signed(change)} points"


@answer
def dify_late_remembered_deaths_change():
    change = _died_share(LATE_REMEMBERED, "charge-late") - _died_share(CHARGING, "charge-late")
    return f"{signed(change)} points"


@answer
def dify_base_acquired():
    return pct(DIFY_RUN.summary()["exits"]["acquired"]["p"])


def _died_share(comparison, name: str) -> float:
    """Share of paths that died (of any cause; exits are not deaths)."""
    return sum(comparison.deaths(name).values())


@answer
def dify_late_rich_vs_base():
    return points(LATE_RICH.vs_baseline("charge-late"))


# --- lesson 2: burn or don't burn: the model lab against the face-swap shop ------------------

LAB = "scenarios/model_lab.yaml"
SHOP = "scenarios/faceswap_shop.yaml"
LAB_BURN = Compare(LAB, ("lean", "burn"))
SHOP_BURN = Compare(SHOP, ("lean", "burn"))
LAB_DEATH = Story(LAB, None, "typical-death")
LAB_LEAN_DEATH = Story(LAB, "lean", "typical-death")
SHOP_BURN_DEATH = Story(SHOP, "burn", "typical-death")
CHEAP_SERVING = "revenue.consumer_plan.serving_cost_per_customer_per_month=20"
LAB_CHEAP = Compare(LAB, ("lean",), (CHEAP_SERVING,))


def lab_cash() -> float:
    """What the lab raised: its starting cash."""
    return float(load(ROOT / LAB).scenario.financing.initial_cash)


def _top_cause(c: Compare, name: str) -> tuple[str, float]:
    return next(iter(c.deaths(name).items()))


def _gap90(c: Compare, name: str) -> str:
    """'Extra cash for 90% survival' as the comparison table shows it: 422,103,990 CNY."""
    return f"{c.row(name)['financing_gap']['p90']['value']:,.0f} {c.summary()['currency']}"


@answer
def lab_base_alive():
    return pct(LAB_BURN.alive("baseline"))


@answer
def lab_lean_alive():
    return pct(LAB_BURN.alive("lean"))


@answer
def lab_lean_vs_base():
    return points(LAB_BURN.vs_baseline("lean"))


@answer
def lab_burn_alive():
    return pct(LAB_BURN.alive("burn"))


@answer
def lab_burn_vs_base():
    return points(LAB_BURN.vs_baseline("burn"))


@answer
def lab_base_top_cause():
    return _top_cause(LAB_BURN, "baseline")[0]


@answer
def lab_base_top_cause_share():
    return pct(_top_cause(LAB_BURN, "baseline")[1])


SERIES_A_FAILED = "round failed: series_a"


def _later_deaths(name: str) -> float:
    """Share of all paths dying of anything but a failed series A."""
    return sum(v for k, v in LAB_BURN.deaths(name).items() if k != SERIES_A_FAILED)


@answer
def lab_lean_series_a_deaths():
    return pct(LAB_BURN.deaths("lean").get(SERIES_A_FAILED, 0.0))


@answer
def lab_base_later_deaths():
    return pct(_later_deaths("baseline"))


@answer
def lab_lean_later_deaths():
    return pct(_later_deaths("lean"))


@answer
def lab_default_alive():
    return pct(max(LAB_BURN.row(n)["default_alive"]["p"] for n in ("baseline", "lean", "burn")))


@answer
def lab_base_gap90():
    return _gap90(LAB_BURN, "baseline")


@answer
def lab_lean_gap90():
    return _gap90(LAB_BURN, "lean")


@answer
def lab_base_gap90_ratio():
    gap = LAB_BURN.row("baseline")["financing_gap"]["p90"]["value"]
    return f"{gap / lab_cash():.1f} times"


@answer
def lab_base_story_cause():
    return LAB_DEATH.cause()


@answer
def lab_lean_story_cause():
    return LAB_LEAN_DEATH.cause()


@answer
def lab_base_story_death():
    return month(LAB_DEATH.death_month())


@answer
def lab_lean_story_death():
    return month(LAB_LEAN_DEATH.death_month())


@answer
def lab_cheap_lean_alive():
    return pct(LAB_CHEAP.alive("lean"))


@answer
def lab_cheap_base_alive():
    return pct(LAB_CHEAP.alive("baseline"))


@answer
def lab_cheap_lean_breaks_even():
    return pct(LAB_CHEAP.row("lean")["breakeven"]["share"]["p"])


@answer
def shop_base_alive():
    return pct(SHOP_BURN.alive("baseline"))


@answer
def shop_lean_alive():
    return pct(SHOP_BURN.alive("lean"))


@answer
def shop_lean_vs_base():
    return points(SHOP_BURN.vs_baseline("lean"))


@answer
def shop_burn_alive():
    return pct(SHOP_BURN.alive("burn"))


@answer
def shop_burn_vs_base():
    return points(SHOP_BURN.vs_baseline("burn"))


@answer
def shop_base_top_cause():
    return _top_cause(SHOP_BURN, "baseline")[0]


@answer
def shop_base_top_cause_share():
    return pct(_top_cause(SHOP_BURN, "baseline")[1])


@answer
def shop_burn_top_cause():
    return _top_cause(SHOP_BURN, "burn")[0]


@answer
def shop_burn_top_cause_share():
    return pct(_top_cause(SHOP_BURN, "burn")[1])


@answer
def shop_burn_story_cause():
    return SHOP_BURN_DEATH.cause()


@answer
def shop_burn_story_death():
    return month(SHOP_BURN_DEATH.death_month())


# --- lesson 3: financing winter: how much runway is enough? ----------------------------------

MARKETS = "docs/teaching/markets.yaml"
DIFY_MARKETS = Compare(DIFY, (MARKETS,))
LAB_MARKETS = Compare(LAB, (MARKETS,))
DIFY_WINTER_DEATH = Story(DIFY, f"{MARKETS}:market-winter-2023", "typical-death")
CASH = "financing.initial_cash"
DIFY_CASH = {
    climate: Solve(DIFY, "p_alive_24=0.9", CASH, (f"financing.climate={climate}",))
    for climate in ("normal", "winter-2023", "hot-2021")
}
LAB_CASH = {
    "winter-2023": Solve(LAB, "p_alive_24=0.5", CASH),
    "normal": Solve(LAB, "p_alive_24=0.5", CASH, ("financing.climate=normal",)),
}


def dify_burn() -> float:
    """Dify's monthly spending before it charges anyone: the team plus fixed costs."""
    sc = load(ROOT / DIFY).scenario
    team = sc.costs.team
    return float(team.headcount) * float(team.cost_per_head_per_month) + float(
        sc.costs.fixed_per_month
    )


@answer
def dify_monthly_burn():
    return money(dify_burn(), "USD")


@answer
def dify_winter_alive():
    return pct(DIFY_MARKETS.alive("market-winter-2023"))


@answer
def dify_winter_vs_base():
    return points(DIFY_MARKETS.vs_baseline("market-winter-2023"))


@answer
def dify_hot_alive():
    return pct(DIFY_MARKETS.alive("market-hot-2021"))


@answer
def dify_markets_default_alive():
    return pct(DIFY_MARKETS.row("market-winter-2023")["default_alive"]["p"])


@answer
def dify_winter_seed_odds():
    from sim.scenario.climates import CLIMATES

    odds = load(ROOT / DIFY).scenario.financing.rounds[0].probability
    return pct(odds * CLIMATES["winter-2023"].probability_factor)


@answer
def dify_winter_story_cause():
    return DIFY_WINTER_DEATH.cause()


@answer
def dify_winter_story_death():
    return month(DIFY_WINTER_DEATH.death_month())


@answer
def dify_cash_normal():
    return found(DIFY_CASH["normal"].solution(), "USD")


@answer
def dify_cash_winter():
    return found(DIFY_CASH["winter-2023"].solution(), "USD")


@answer
def dify_cash_hot():
    return found(DIFY_CASH["hot-2021"].solution(), "USD")


def _months(climate: str) -> float:
    return DIFY_CASH[climate].solution().value / dify_burn()


@answer
def dify_cash_normal_months():
    return f"{_months('normal'):.0f} months"


@answer
def dify_cash_winter_months():
    return f"{_months('winter-2023'):.1f} months"


@answer
def dify_cash_hot_months():
    return f"{_months('hot-2021'):.0f} months"


@answer
def dify_cash_winter_achieved():
    return pct(DIFY_CASH["winter-2023"].solution().achieved)


@answer
def lab_normal_alive():
    return pct(LAB_MARKETS.alive("market-normal"))


@answer
def lab_normal_vs_base():
    return points(LAB_MARKETS.vs_baseline("market-normal"))


@answer
def lab_hot_alive():
    return pct(LAB_MARKETS.alive("market-hot-2021"))


@answer
def lab_hot_vs_base():
    return points(LAB_MARKETS.vs_baseline("market-hot-2021"))


@answer
def lab_raised():
    return money(lab_cash(), "CNY")


@answer
def lab_cash_winter_ratio():
    return f"{LAB_CASH['winter-2023'].solution().value / lab_cash():.1f} times"


@answer
def lab_cash_winter():
    return found(LAB_CASH["winter-2023"].solution(), "CNY")


@answer
def lab_cash_normal():
    return found(LAB_CASH["normal"].solution(), "CNY")


# --- sentences without a number, checked too ----------------------------------------------------

CLAIMS: dict[str, Callable[[], bool]] = {}


def claim(f: Callable[[], bool]) -> Callable[[], bool]:
    """A sentence of a lesson that states a direction; the docstring is the sentence."""
    CLAIMS[f.__name__] = f
    return f


def _above(d: dict) -> bool:
    return d["lo"] > 0


def _below(d: dict) -> bool:
    return d["hi"] < 0


CHARGING_NAMES = ("baseline", "charge-early", "charge-late")


@claim
def dify_dies_only_of_a_failed_seed():
    """Every Dify death, with or without a charging playbook, is 'round failed: seed'."""
    return all(set(CHARGING.deaths(n)) <= {"round failed: seed"} for n in CHARGING_NAMES)


@claim
def dify_seed2_within_interval():
    """The seed-2 estimate lies inside the seed-1 95% interval."""
    s = DIFY_RUN.summary()["p_alive"]["36"]
    return s["lo"] <= DIFY_SEED2.summary()["p_alive"]["36"]["p"] <= s["hi"]


@claim
def dify_breakeven_month_is_the_articles():
    """The baseline's median breakeven month is the article's 8 months after launch (f000_31)."""
    return DIFY_RUN.summary()["breakeven"]["month"]["p50"]["value"] == 8


@claim
def dify_charge_early_helps_and_late_hurts():
    """Charge-early's interval is above zero, charge-late's below."""
    return _above(CHARGING.vs_baseline("charge-early")) and _below(
        CHARGING.vs_baseline("charge-late")
    )


@claim
def dify_charge_late_breaks_even_later():
    """Charge-late's median breakeven month is later than the baseline's."""
    median = {n: CHARGING.row(n)["breakeven"]["month"]["p50"]["value"] for n in CHARGING_NAMES}
    return median["charge-late"] > median["baseline"]


@claim
def dify_founders_point_is_worth_most():
    """Of the three charging points, the founder's (100,000 installs) gives the founders the
    highest expected value; charging early keeps more companies alive."""
    value = {n: CHARGING.row(n)["founder_value"]["mean"]["value"] for n in CHARGING_NAMES}
    best = max(value, key=value.get)
    return best == "baseline" and _above(CHARGING.vs_baseline("charge-early"))


def _deaths(strategy: str | None, scenario: str = DIFY, overrides: tuple = ()):
    """The batch of a run and the mask of its paths that died (an exit is not a death)."""
    b = _run(scenario, overrides, strategy, SEED, PATHS).batch
    return b, (b.death_month > 0) & (b.exit_kind == 0)


@claim
def dify_deaths_come_before_charging():
    """Every Dify that dies charging late has earned nothing yet; as the founder did, over
    nine in ten of them."""
    b, dead = _deaths("charge-late")
    if np.any(b.revenue_total[dead] != 0):
        return False
    b, dead = _deaths(None)
    return np.mean(b.revenue_total[dead] == 0) > 0.9


@claim
def dify_deaths_in_first_year():
    """In every market, over 99% of the Difys that die, die within their first year."""
    for item in _strategy(DIFY, MARKETS):
        b, dead = _deaths(f"{MARKETS.partition(':')[0]}:{item.name}")
        if np.sum(dead & (b.death_month > 12)) > 0.01 * np.sum(dead):
            return False
    return True


@claim
def dify_charging_deaths_are_failed_seeds():
    """Charging early, late or as the founder did, only companies whose seed failed die;
    charging late or as the founder did, over 99% of them in their first year, and charging
    early, more than one in ten of them later."""
    late = {}
    for strategy in CHARGING_NAMES:
        run = _run(DIFY, (), None if strategy == "baseline" else strategy, SEED, PATHS)
        b = run.batch
        dead = (b.death_month > 0) & (b.exit_kind == 0)  # an exit is not a death
        if np.any(b.cause[dead] != run.cause_labels.index("round failed: seed")):
            return False
        late[strategy] = np.mean(b.death_month[dead] > 12)
    return late["baseline"] < 0.01 and late["charge-late"] < 0.01 and late["charge-early"] > 0.1


@claim
def dify_backlog_conversion_changes_no_death():
    """Doubling charge-late's backlog conversion saves no company on these 4,000 paths."""
    return LATE_REMEMBERED.deaths("charge-late") == CHARGING.deaths("charge-late")


@claim
def dify_more_cash_shrinks_the_charge_late_loss():
    """With 600k USD of starting cash, charge-late loses less against the baseline, and still
    loses (its interval is below zero)."""
    rich = LATE_RICH.vs_baseline("charge-late")
    return rich["diff"] > CHARGING.vs_baseline("charge-late")["diff"] and _below(rich)


@claim
def lab_lean_helps_and_burn_hurts():
    """On the model lab, lean's interval is above zero and burn's below."""
    return _above(LAB_BURN.vs_baseline("lean")) and _below(LAB_BURN.vs_baseline("burn"))


@claim
def lab_burn_buys_a_chance_of_a_large_outcome():
    """The lean lab runs out of cash less than a quarter as often as the burning one, yet the
    burning lab ends worth more than 100 million yuan to its founders more often than lean
    (by more than 4 standard errors of each share)."""
    big = {n: _big(n) for n in ("lean", "burn")}
    se = max(_big_se(n) for n in big)
    return _dies("lean") < _dies("burn") / 4 and big["burn"] - big["lean"] > 4 * se


def _dies(name: str) -> float:
    """Share of all paths that die (run out of cash), whatever the cause."""
    return sum(LAB_BURN.deaths(name).values())


def _big(name: str) -> float:
    return LAB_BURN.row(name)["founder_value"]["p_above"]["100000000"]["p"]


def _big_se(name: str) -> float:
    return LAB_BURN.row(name)["founder_value"]["p_above"]["100000000"]["se"]


@answer
def lab_lean_dies() -> str:
    return pct(_dies("lean"))


@answer
def lab_burn_dies() -> str:
    return pct(_dies("burn"))


@answer
def lab_lean_big() -> str:
    return pct(_big("lean"))


@answer
def lab_burn_big() -> str:
    return pct(_big("burn"))


def _shut_down(name: str) -> float:
    return LAB_BURN.row(name)["exits"]["shut_down"]["p"]


@answer
def lab_lean_shut_down() -> str:
    return pct(_shut_down("lean"))


@claim
def lab_lean_gains_more_than_shop_lean():
    """Lean's gain on the lab is the largest of step 2, burn's loss on the shop the largest."""
    gains = [c.vs_baseline(n)["diff"] for c in (LAB_BURN, SHOP_BURN) for n in ("lean", "burn")]
    return (
        max(gains) == LAB_BURN.vs_baseline("lean")["diff"]
        and min(gains) == (SHOP_BURN.vs_baseline("burn")["diff"])
    )


@claim
def lab_never_lives_on_its_own_money():
    """No model-lab path is default alive, lean or not."""
    return all(LAB_BURN.row(n)["default_alive"]["p"] == 0 for n in ("baseline", "lean", "burn"))


@claim
def lab_lean_dies_later():
    """The lean lab's typical death comes most of a year after the baseline's (over 9 months)."""
    return LAB_LEAN_DEATH.death_month() > LAB_DEATH.death_month() + 9


@claim
def lab_cheap_serving_helps_lean():
    """Cheaper serving raises the lean lab's survival by more than its interval's width."""
    return LAB_CHEAP.alive("lean") > LAB_BURN.alive("lean") + 0.05


@claim
def lab_alive_is_not_a_business():
    """Hardly any lean lab breaks even, even with cheap serving (under 1%)."""
    rows = [LAB_BURN.row("lean"), LAB_CHEAP.row("lean")]
    return all(r["breakeven"]["share"]["p"] < 0.01 for r in rows)


@claim
def shop_lean_helps_a_little_and_burn_a_lot():
    """On the shop, lean gains a few points (interval above zero), burn loses far more."""
    lean, burn = SHOP_BURN.vs_baseline("lean"), SHOP_BURN.vs_baseline("burn")
    return _above(lean) and _below(burn) and -burn["diff"] > 5 * lean["diff"]


@claim
def shop_burn_hurts_more_than_lab_burn():
    """Burn costs the shop more points than it costs the lab."""
    return SHOP_BURN.vs_baseline("burn")["diff"] < LAB_BURN.vs_baseline("burn")["diff"]


@claim
def shop_alive_means_default_alive():
    """Every surviving shop is default alive, and every default-alive shop that is not alive
    at the horizon broke even and later wound down (shut down)."""
    for strategy in (None, "lean", "burn"):
        run = _run(SHOP, (), strategy, SEED, PATHS)
        b = run.batch
        alive = (b.death_month == 0) & (b.exit_kind == 0)
        gone = b.default_alive & ~alive
        if np.any(alive & ~b.default_alive):
            return False
        if np.any(b.cause[gone] != run.cause_labels.index("shut down")):
            return False
    return True


@claim
def markets_do_not_touch_default_alive():
    """Dify's default-alive share is the same in every market."""
    rows = DIFY_MARKETS.summary()["strategies"]
    return len({r["default_alive"]["p"] for r in rows}) == 1


@claim
def files_own_market_equals_baseline():
    """The market a file already names gives exactly the baseline (normal for Dify, the
    2023 winter for the lab)."""
    return (
        DIFY_MARKETS.vs_baseline("market-normal")["diff"] == 0
        and LAB_MARKETS.vs_baseline("market-winter-2023")["diff"] == 0
    )


@claim
def winter_hurts_dify_and_warmer_markets_help_the_lab():
    """The winter's interval for Dify is below zero; normal and hot markets' intervals for the
    lab are above zero, hot the highest."""
    lab_normal, lab_hot = (LAB_MARKETS.vs_baseline(f"market-{m}") for m in ("normal", "hot-2021"))
    return (
        _below(DIFY_MARKETS.vs_baseline("market-winter-2023"))
        and _above(lab_normal)
        and lab_hot["diff"] > lab_normal["diff"]
    )


@claim
def dify_runway_comes_in_whole_months():
    """The solved starting cash for Dify is a whole number of months of its burn in the hot
    and normal markets and not in the winter, which needs more than a normal market, which
    needs more than a hot one."""
    months = [_months(c) for c in ("hot-2021", "normal", "winter-2023")]
    whole = [abs(m - round(m)) < 0.05 for m in months]
    return whole == [True, True, False] and months[0] < months[1] < months[2]


@claim
def hot_market_makes_dify_seed_certain():
    """In the hot-2021 market Dify's seed round is certain to close (0.785 x 1.3 > 1)."""
    from sim.scenario.climates import CLIMATES

    sc = load(ROOT / DIFY).scenario
    return sc.financing.rounds[0].probability * CLIMATES["hot-2021"].probability_factor >= 1


@claim
def lab_needs_more_than_it_raised():
    """For even odds of two years, the lab needs more than it raised in either market, and
    more in the winter."""
    raised = lab_cash()
    winter, normal = (LAB_CASH[c].solution().value for c in ("winter-2023", "normal"))
    return winter > normal > raised


# --- markers in the lessons ------------------------------------------------------------------


def markers(text: str) -> list[tuple[str, str]]:
    """(answer id, text shown) for every marker in a lesson."""
    return MARKER.findall(text)


def code_commands(text: str) -> list[str]:
    """Every line of a fenced code block that starts with ``sim ``, in order."""
    commands, inside = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            inside = not inside
        elif inside and line.startswith("sim "):
            commands.append(line.strip())
    return commands


def fresh() -> dict[str, str]:
    return {name: f() for name, f in ANSWERS.items()}


def rewrite(text: str, values: dict[str, str]) -> str:
    """``text`` with every marked answer replaced by its value in ``values``."""
    return MARKER.sub(lambda m: f"<!-- answer: {m[1]} -->{values[m[1]]}<!-- /answer -->", text)


def update(values: dict[str, str]) -> list[Path]:
    """Rewrite the marked answers of every lesson; the files that changed."""
    changed = []
    for lesson in LESSONS:
        text = lesson.read_text(encoding="utf-8")
        new = rewrite(text, values)
        if new != text:
            lesson.write_text(new, encoding="utf-8")
            changed.append(lesson)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the lessons' answers")
    args = parser.parse_args(argv)
    values = fresh()
    stale, unknown = [], []
    for lesson in LESSONS:
        for name, shown in markers(lesson.read_text(encoding="utf-8")):
            if name not in values:
                unknown.append(name)
                print(f"{lesson.name}: no answer is called {name!r}", file=sys.stderr)
            elif shown != values[name]:
                stale.append(name)
                print(f"{lesson.name}: {name}: {shown!r} -> {values[name]!r}")
    for name, value in values.items():
        print(f"{name} = {value}")
    broken = [name for name, f in CLAIMS.items() if not f()]
    for name in broken:
        print(f"claim no longer holds: {name}: {CLAIMS[name].__doc__}", file=sys.stderr)
    if unknown:
        return 1
    if args.update:
        for lesson in update(values):
            print(f"updated {lesson.relative_to(ROOT)}")
        return 1 if broken else 0
    return 1 if stale or broken else 0


if __name__ == "__main__":
    sys.exit(main())
