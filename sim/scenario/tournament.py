"""A tournament's own file: the rules every team of a folder plays by.

A folder of team strategy files (:mod:`sim.analysis.tournament`) may hold one more file,
``tournament.yaml`` (or ``.yml``), that is not a team: the teacher's choice of what ranks the
teams. ``sim tournament --objective`` overrides it; without either, teams are ranked on the
founders' expected value.

Objectives are named here, in the scenario stage, so that a file naming one is checked like
every other file (its line and key in the message); what an objective computes is
:mod:`sim.analysis.objectives`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationError

from sim.scenario.base import Model
from sim.scenario.loading import _describe, _line_number, _plain
from sim.scenario.reading import ScenarioError, parse_yaml, read_bytes

SUFFIXES = (".yaml", ".yml")
RULES_FILES = ("tournament.yaml", "tournament.yml")
"""Names of the rules file in a folder of team files (never a team)."""
NAMES = (
    "p_alive",
    "founder_value_mean",
    "founder_value_p50",
    "p_founder_value_above:X",
    "investor_multiple_mean",
)
"""Objectives that rank strategies (X: an amount in the scenario's currency)."""


def check_objective(text: str) -> tuple[str, float | None]:
    """``(name, threshold)`` of an objective's name as written (``p_founder_value_above:1e7``
    gives ``("p_founder_value_above", 1e7)``); ValueError, worded for the user, otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"expected the name of an objective, one of {', '.join(NAMES)}")
    name, colon, arg = text.partition(":")
    if name == "p_founder_value_above":
        try:
            x = float(arg.replace("_", ""))
        except ValueError:
            raise ValueError(
                "expected p_founder_value_above:X with X an amount, "
                "e.g. p_founder_value_above:10000000"
            ) from None
        if not math.isfinite(x) or x < 0:
            raise ValueError("the amount must be a number >= 0")
        return name, x
    if name not in NAMES or colon:
        raise ValueError(f"unknown objective {text!r}; expected one of {', '.join(NAMES)}")
    return name, None


def _objective(text: str) -> str:
    check_objective(text)
    return text


class Rules(Model):
    """The rules of a tournament, read from ``tournament.yaml`` in the folder of team files."""

    objective: Annotated[str, AfterValidator(_objective)] | None = Field(
        default=None, max_length=60
    )
    """What ranks the teams: p_alive (the chance of being alive at the horizon),
    founder_value_mean (the founders' expected proceeds, the default), founder_value_p50 (their
    median), p_founder_value_above:X (the chance that the founders take home more than X, in the
    scenario's currency) or investor_multiple_mean (investors' mean multiple on invested
    capital). ``sim tournament --objective`` overrides it."""


def team_files(folder: str | Path) -> list[Path]:
    """The team files in ``folder`` (every ``*.yaml`` but the rules), sorted by name;
    ScenarioError if there are none."""
    folder = Path(folder)
    if not folder.exists():
        raise ScenarioError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise ScenarioError(f"{folder}: is a file, expected a folder of team strategy files")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.suffix in SUFFIXES and not p.name.startswith(".") and p.name not in RULES_FILES
    )
    if not files:
        raise ScenarioError(
            f"{folder}: holds no team file (*.yaml); put one strategy file per team there "
            f"({' or '.join(RULES_FILES)} holds the rules, not a team)"
        )
    return files


def find_rules(folder: str | Path) -> tuple[Rules, Path | None]:
    """The rules in a folder of team files and the file they come from; empty rules and None
    when the folder has no rules file."""
    found = [p for p in map(Path(folder).joinpath, RULES_FILES) if p.is_file()]
    if len(found) > 1:
        raise ScenarioError(f"{folder}: holds both {' and '.join(RULES_FILES)}; keep one")
    return (load_rules(found[0]), found[0]) if found else (Rules(), None)


def load_rules(path: str | Path) -> Rules:
    """The rules in a ``tournament.yaml``; ScenarioError naming the file, line and key of each
    problem, as for a scenario."""
    path = Path(path)
    doc = parse_yaml(read_bytes(path).decode("utf-8"), str(path), what="a tournament's rules")
    try:
        return Rules.model_validate(_plain(doc))
    except ValidationError as e:
        problems = sorted(
            (_describe(err, doc, str(path), root=Rules) for err in e.errors()), key=_line_number
        )
        raise ScenarioError("\n".join(problems)) from None
