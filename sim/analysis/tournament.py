"""Tournaments: every team's strategy file played on the same simulated worlds, then ranked.

Each ``*.yaml`` (or ``*.yml``) file in a folder is one team's strategy
(:mod:`sim.scenario.strategy`); the team's name is the file's stem. Every strategy is applied to the
scenario and simulated with the same seed, paths and horizon as every other team and as the scenario
as written (the *baseline*, shown for reference but not competing). Path i of every team therefore
meets the same market, shocks and investors (common random numbers, :mod:`sim.engine.rng`), and the
difference between teams A and B is *paired*: with per-path indicators of being alive at the
horizon, mean(A_i - B_i) with standard error sd(A - B) / sqrt(n)
(:func:`sim.analysis.compare.paired`).

Objective
    What ranks the teams (:mod:`sim.analysis.objectives`): ``--objective`` if given, else the
    ``objective:`` of the folder's rules file ``tournament.yaml`` (:mod:`sim.scenario.tournament`),
    else the founders' expected value. The summary records which (``objective_source``).

Places
    Teams are sorted by the objective's score, then by name. The first team *holds* place 1.
    Each next team shares the place of the current holder when the paired 95% interval of
    their difference contains 0; otherwise it becomes the holder of a new place, numbered by
    its position (1, 1, 3, ...). Comparing with the holder, not with the team just above,
    keeps a chain of small differences from merging the whole class into one place. The
    financing gap and the breakeven share are shown but never decide a place.

Invalid entries
    A file that cannot be read, validated or applied to the scenario (YAML error, unknown
    key, bad parameter path, more than one strategy) is listed with its error and skipped.
    A ``set`` that changes the world rather than the company (:data:`WORLD`) is flagged in
    the team's note, or, with ``strict``, makes the entry invalid.

Seeds
    The seed decides every number, so a teacher can keep it secret until the debrief: it is
    always stored in the JSON (the teacher's record) but printed on the leaderboard only when
    revealed; a sealed leaderboard shows :func:`commitment` instead, which lets the class
    check afterwards that the revealed seed is the one that was played. Same scenario, team
    files, seed and paths give the same leaderboard.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from sim.analysis.compare import BASELINE, paired, places
from sim.analysis.objectives import DEFAULT, Objective, parse
from sim.analysis.results import Results, run
from sim.scenario.loading import LoadedScenario, ScenarioError, load, load_strategies
from sim.scenario.strategy import FROZEN, FROZEN_PATHS, Strategy
from sim.scenario.tournament import find_rules, team_files

DEFAULT_PATHS = 4_000
WORLD = (
    *(h for h in FROZEN if h not in ("sources", "assumptions", "policies")),
    *FROZEN_PATHS,
    "demand.bass.market_size",
    "demand.segments",
)
"""Paths a team's ``set`` should not touch in a fair game: the horizon, the market, shocks,
starting cash (and any round's ``probability``: investors' odds are not the team's to set)."""
Teller = Callable[[Results, str, Results], dict]
"""``teller(run, other_team, other_run)``: one story of ``run`` for the debrief, and the fate of
``other_team`` in the same simulated world (:func:`sim.story.debrief.tell`)."""


@dataclass(frozen=True)
class Invalid:
    """A team file that could not play, with the error worded for the team."""

    team: str
    file: Path
    error: str


@dataclass
class Entry:
    """One row of the leaderboard: a team (or the baseline) and its run's figures."""

    team: str
    loaded: LoadedScenario
    alive: np.ndarray  # per path: alive at the horizon (bool)
    figures: dict  # the run's Results.summary()
    file: Path | None = None  # None for the baseline
    sha256: str | None = None  # of the team file
    strategy: Strategy | None = None
    world: list[str] = field(default_factory=list)  # `set` keys that change the world
    values: np.ndarray | None = None  # per path: the tournament's objective

    @property
    def p_alive(self) -> float:
        return float(self.alive.mean())


@dataclass
class Tournament:
    scenario: Path
    seed: int
    paths: int
    months: int
    baseline: Entry
    teams: list[Entry]
    invalid: list[Invalid]
    folder: Path = Path(".")
    overrides: list[str] = field(default_factory=list)
    workers: int | None = None
    teller: Teller | None = None  # tells the debrief's stories (none without it)
    objective: Objective = field(default_factory=lambda: parse(DEFAULT))
    objective_source: str = "default"  # "option" (--objective), "file" (rules) or "default"
    rules_file: Path | None = None  # the folder's tournament.yaml, if any

    def score(self, e: Entry) -> float:
        return self.objective.score(e.values)

    def order(self) -> list[Entry]:
        """Teams best first: by the objective's score, then by name."""
        return sorted(self.teams, key=lambda e: (-_sortable(self.score(e)), e.team))

    def ranking(self) -> list[dict]:
        """The leaderboard rows, best first, the baseline row where its survival puts it.

        Every team but the first carries ``vs_holder``: its paired difference with the team
        holding the place it was judged against, and ``tied``: whether it shares that place.
        """
        by_team = {e.team: e for e in self.teams}
        rows = [
            self._row(
                by_team[r["name"]], r["place"], r["judged_against"], r["vs_holder"], r["tied"]
            )
            for r in places({e.team: e.values for e in self.teams}, self.objective)
        ]
        base = self._row(self.baseline, None, None, None, False)
        mine = self.score(self.baseline)
        at = next((i for i, r in enumerate(rows) if r["score"] < mine), None)
        rows.insert(len(rows) if at is None else at, base)
        return rows

    def _row(self, e: Entry, place: int | None, against: str | None, vs, tied: bool) -> dict:
        s = e.figures
        notes = []
        if place is None:
            notes.append("baseline: the scenario as written, not competing")
        elif tied:
            notes.append(f"shares place {place} with {against}")
        if e.world:
            notes.append("changes the world: " + ", ".join(e.world))
        return {
            "place": place,
            "team": e.team,
            "baseline": place is None,
            "p_alive": s["p_alive_at_horizon"],
            "score": self.score(e),
            "objective": self.objective.estimate(e.values),
            "founder_value": s["founder_value"],
            "judged_against": against,
            "vs_holder": vs,
            "tied": tied,
            "vs_baseline": None if place is None else paired(e.alive, self.baseline.alive),
            "vs_baseline_objective": None
            if place is None
            else self.objective.paired(e.values, self.baseline.values),
            "financing_gap_p50": s["financing_gap"]["p50"],
            "breakeven_share": s["breakeven"]["share"],
            "default_alive": s["default_alive"],
            "causes_of_death": s["causes_of_death"],
            "note": "; ".join(notes),
        }

    def debrief(self) -> dict | None:
        """The winner against the last team: causes of death met and avoided, one story each.

        Both runs are repeated (same seed: the same paths) rather than kept, so a tournament
        holds only per-path survival for its many teams.
        """
        order = self.order()
        if not order:
            return None
        first = order[0]
        last = order[-1] if len(order) > 1 else self.baseline
        runs = {e.team: self._rerun(e) for e in (first, last)}
        a, b = runs[first.team], runs[last.team]
        causes = []
        for cause in sorted(set(_labels(a)) | set(_labels(b))):
            mine, theirs = _died_of(a, cause), _died_of(b, cause)
            causes.append(
                {
                    "cause": cause,
                    "winner": float(mine.mean()),
                    "last": float(theirs.mean()),
                    "difference": paired(mine, theirs),
                }
            )
        causes.sort(key=lambda c: -max(c["winner"], c["last"]))
        teller = self.teller
        return {
            "winner": first.team,
            "last": last.team,
            "last_is_baseline": last is self.baseline,
            "causes": causes,
            "stories_available": teller is not None,
            "stories": {
                team: teller(r, other, runs[other])
                for team, r in runs.items()
                for other in runs
                if other != team
            }
            if teller
            else {},
        }

    def _rerun(self, e: Entry) -> Results:
        return run(e.loaded, self.paths, self.seed, self.months, workers=self.workers)

    def summary(self, reveal: bool) -> dict:
        """The JSON: leaderboard, invalid entries, teams' files, debrief. ``seed`` is always
        here (the teacher's record); ``seed_revealed`` says whether pages may show it."""
        base = self.baseline.figures
        return {
            "scenario": base["scenario"],
            "scenario_file": str(self.scenario),
            "folder": str(self.folder),
            "set": list(self.overrides),
            "currency": base["currency"],
            "paths": self.paths,
            "months": self.months,
            "seed": self.seed,
            "seed_revealed": reveal,
            "seed_commitment": commitment(self.seed),
            "baseline": BASELINE,
            "objective": self.objective.name,
            "objective_label": self.objective.label,
            "objective_note": self.objective.rewards(),
            "objective_source": self.objective_source,
            "rules_file": None if self.rules_file is None else str(self.rules_file),
            "leaderboard": self.ranking(),
            "invalid": [
                {"team": x.team, "file": str(x.file), "error": x.error} for x in self.invalid
            ],
            "teams": [
                {
                    "team": e.team,
                    "file": str(e.file),
                    "sha256": e.sha256,
                    "strategy": e.strategy.model_dump(mode="json") if e.strategy else None,
                }
                for e in sorted(self.teams, key=lambda e: e.team)
            ],
            "debrief": self.debrief(),
            "run": {
                "scenario_sha256": self.baseline.loaded.sha256,
                "package_version": base["run"]["package_version"],
                "numpy_version": base["run"]["numpy_version"],
                "python_version": base["run"]["python_version"],
                "created": base["run"]["created"],
            },
        }


def play(
    scenario: str | Path,
    folder: str | Path,
    seed: int,
    paths: int = DEFAULT_PATHS,
    months: int | None = None,
    overrides: list[str] | None = None,
    strict: bool = False,
    workers: int | None = None,
    on_invalid: Callable[[Invalid], None] | None = None,
    teller: Teller | None = None,
    objective: Objective | str | None = None,
) -> Tournament:
    """Play every team file in ``folder`` against ``scenario`` on the same worlds.

    Raises :class:`ScenarioError` when the scenario itself is invalid or the folder holds no
    team file; an invalid team file is recorded (and passed to ``on_invalid``) and skipped.
    ``teller`` tells the debrief's stories (none without it); teams are ranked on
    ``objective`` (:mod:`sim.analysis.objectives`) when given, else on the ``objective`` of the
    folder's ``tournament.yaml``, else on the founders' expected value. An invalid rules file
    raises ScenarioError: it concerns every team, so nobody plays.
    """
    files = team_files(folder)
    rules, rules_file = find_rules(folder)
    source = "option" if objective is not None else "file" if rules.objective else "default"
    objective = objective or rules.objective or DEFAULT
    goal = parse(objective) if isinstance(objective, str) else objective
    base = load(scenario, overrides)
    horizon = months or base.scenario.months  # a team that sets the horizon plays this one
    baseline = _entry(BASELINE, base, run(base, paths, seed, horizon, workers=workers), goal)
    teams: list[Entry] = []
    invalid: list[Invalid] = []
    for file in files:
        try:
            if any(e.team == file.stem for e in teams):
                raise ScenarioError(f"{file}: another file already entered team {file.stem!r}")
            teams.append(
                _play_team(scenario, file, overrides, strict, paths, seed, horizon, workers, goal)
            )
        except ScenarioError as e:
            invalid.append(Invalid(file.stem, file, str(e)))
            if on_invalid is not None:
                on_invalid(invalid[-1])
    return Tournament(
        Path(scenario),
        seed,
        paths,
        horizon,
        baseline,
        teams,
        invalid,
        Path(folder),
        list(overrides or []),
        workers,
        teller,
        goal,
        source,
        rules_file,
    )


def _play_team(scenario, file, overrides, strict, paths, seed, months, workers, goal) -> Entry:
    team = file.stem
    if team == BASELINE:
        raise ScenarioError(f"{file}: the name {BASELINE!r} is kept for the scenario as written")
    found = load_strategies(file)
    if len(found) != 1:
        names = ", ".join(s.name for s in found)
        raise ScenarioError(
            f"{file}: holds {len(found)} strategies ({names}); a team file holds one"
        )
    strategy = found[0]
    world = [k for k in strategy.set if changes_world(k)]
    if world and strict:
        raise ScenarioError(
            f"{file}: changes the world, not the company: {', '.join(world)} "
            "(the tournament is strict)"
        )
    try:
        loaded = load(scenario, overrides, strategy=strategy)
    except ScenarioError as e:
        raise ScenarioError(f"{file}: cannot be applied to {scenario}: {e}") from None
    try:
        results = run(loaded, paths, seed, months, workers=workers)
    except ValueError as e:
        raise ScenarioError(f"{file}: fails when simulated: {e}") from None
    sha = hashlib.sha256(file.read_bytes()).hexdigest()
    return _entry(team, loaded, results, goal, file, sha, strategy, world)


def _entry(team, loaded, results: Results, goal: Objective, *rest) -> Entry:
    values = goal.per_path(results)
    return Entry(team, loaded, results.alive.copy(), results.summary(), *rest, values=values)


def _sortable(x: float) -> float:
    return -np.inf if np.isnan(x) else x


def changes_world(key: str) -> bool:
    """Whether a ``set`` path changes the world (:data:`WORLD`) rather than a choice."""
    parts = key.split(".")
    if parts[:2] == ["financing", "rounds"] and (len(parts) < 4 or parts[3] == "probability"):
        return True  # the rounds list, or one round whole, or its odds
    return any(key == w or key.startswith(w + ".") or w.startswith(key + ".") for w in WORLD)


def draw_seed() -> int:
    """A fresh seed from the operating system's entropy, too large to guess or search."""
    return secrets.randbits(63)


def commitment(seed: int) -> str:
    """SHA-256 of the seed: published with a sealed leaderboard, checked once it is revealed.

    A short seed (``--seed 7``) can be found from its commitment by trying seeds; a drawn one
    (:func:`draw_seed`) cannot.
    """
    return hashlib.sha256(f"sim tournament seed {seed}".encode()).hexdigest()


def _labels(r: Results) -> list[str]:
    return [r.cause_labels[k] for k in np.unique(r.batch.cause[r.batch.cause >= 0])]


def _died_of(r: Results, cause: str) -> np.ndarray:
    codes = [k for k, label in enumerate(r.cause_labels) if label == cause]
    return np.isin(r.batch.cause, codes).astype(float)
