"""The scenario's parameter table: what the author set, and on what basis.

:func:`parameter_table` lists every value the scenario file actually sets (pydantic's
``model_fields_set``, walked recursively), not the schema's defaults. Each row names the
parameter by the same dotted path :mod:`sim.engine.sampling` uses (list items by their ``name``:
``revenue.cloud.price_per_month``), describes its value in a few words
(``PERT(0.005, 0.012, 0.025)``), and gives its basis: the fact ids of ``scenario.sources`` and
the reason of ``scenario.assumptions``, each found by the longest key that is a prefix of the
path, segment by segment (``demand.bass`` covers ``demand.bass.p``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from sim.formatting import number
from sim.scenario import Scenario
from sim.scenario.distributions import (
    Beta,
    Choice,
    Fixed,
    LogNormal,
    Normal,
    Pert,
    Triangular,
    Uniform,
    _Dist,
)

NO_SOURCE = "no source given"
SKIPPED_FIELDS = {"name", "kind"}  # identifiers, not parameters
SKIPPED_PATHS = {
    "company.name",
    "company.story",
    "company.survivorship",
    "company.currency",
    "sources",
    "assumptions",
    "strategies",  # alternatives to the scenario, not its parameters
    "policies",
    "correlations",
}


def parameter_table(scenario: Scenario, facts: dict[str, str] | None = None) -> list[dict]:
    """One row per value the scenario sets, in schema order.

    Each row is ``{"path", "value", "basis", "facts", "reason"}``: ``value`` a short text,
    ``facts`` a list of ``(id, what)`` pairs (``what`` is None when ``facts`` does not know
    the id), ``reason`` the assumption text or None, and ``basis`` the two as one line (or
    ``"no source given"``). Numbers and distributions are the parameters proper; a few text
    settings the author chose (``financing.climate``, ``company.start``) are listed too,
    since sources and reasons may be given for them.
    """
    rows = []
    for path, value in _leaves(scenario, ""):
        ids, reason = basis_for(scenario, path)
        found = [(i, (facts or {}).get(i)) for i in ids]
        rows.append(
            {
                "path": path,
                "value": describe(value),
                "basis": _basis_text(found, reason),
                "facts": found,
                "reason": reason,
            }
        )
    return rows


def basis_for(scenario: Scenario, path: str) -> tuple[list[str], str | None]:
    """Fact ids and assumption reason that cover ``path`` (longest matching key of each)."""
    key = _longest_prefix(scenario.sources, path)
    ids = [] if key is None else scenario.sources[key]
    ids = [ids] if isinstance(ids, str) else list(ids)
    key = _longest_prefix(scenario.assumptions, path)
    return ids, None if key is None else scenario.assumptions[key]


def unmatched_keys(scenario: Scenario, rows: list[dict]) -> list[str]:
    """Keys of ``sources``/``assumptions`` that cover no row (often a misspelt path)."""
    paths = [r["path"].split(".") for r in rows] + [["company", "story"]]
    keys = {*scenario.sources, *scenario.assumptions}
    return sorted(k for k in keys if not any(p[: len(k.split("."))] == k.split(".") for p in paths))


def load_facts(folder: str | Path) -> dict[str, str]:
    """``{fact id: what}`` from every fact sheet ``folder/*.yaml`` (see ``seeds/README.md``)."""
    yaml = YAML(typ="safe")
    facts: dict[str, str] = {}
    for sheet in sorted(Path(folder).glob("*.yaml")):
        try:
            doc = yaml.load(sheet.read_text(encoding="utf-8"))
        except YAMLError as e:
            raise ValueError(f"{sheet}: not a readable fact sheet ({e})") from None
        for fact in (doc or {}).get("facts") or []:
            if isinstance(fact, dict) and "id" in fact:
                facts[str(fact["id"])] = str(fact.get("what") or "")
    return facts


def describe(value: Any) -> str:
    """A parameter value in a few words: ``59``, ``lognormal(mean 1.5M, sd 500k)``."""
    match value:
        case Fixed():
            return number(value.value)
        case Normal():
            text = f"normal(mean {number(value.mean_)}, sd {number(value.sd)}"
            if math.isfinite(value.low) or math.isfinite(value.high):
                text += f", cut to [{number(value.low)}, {number(value.high)}]"
            return text + ")"
        case LogNormal():
            return f"lognormal(mean {number(value.mean_)}, sd {number(value.sd)})"
        case Uniform():
            return f"uniform({number(value.low)}, {number(value.high)})"
        case Pert() | Triangular():
            name = "PERT" if isinstance(value, Pert) else "triangular"
            return f"{name}({number(value.low)}, {number(value.mode)}, {number(value.high)})"
        case Beta():
            text = f"beta(alpha {number(value.alpha)}, beta {number(value.beta)}"
            if (value.low, value.high) != (0.0, 1.0):
                text += f", on [{number(value.low)}, {number(value.high)}]"
            return text + ")"
        case Choice():
            text = "one of " + ", ".join(number(v) for v in value.values)
            if value.weights is not None:
                text += " (weights " + ", ".join(number(w) for w in value.weights) + ")"
            return text
        case bool():
            return "yes" if value else "no"
        case int() | float():
            return number(value)
        case list():
            return ", ".join(describe(v) for v in value)
    return str(value)


def _leaves(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(path, value) of every value set in ``node``, recursing through sub-models."""
    if isinstance(node, _Dist):
        yield path, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:  # definition order, set fields only
            sub = f"{path}.{name}".lstrip(".")
            if name in node.model_fields_set and name not in SKIPPED_FIELDS:
                if sub not in SKIPPED_PATHS:
                    yield from _leaves(getattr(node, name), sub)
    elif isinstance(node, list) and any(isinstance(x, BaseModel) for x in node):
        for i, item in enumerate(node):
            yield from _leaves(item, f"{path}.{getattr(item, 'name', i)}")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, f"{path}.{key}")
    elif node is not None and node != []:
        yield path, node


def _longest_prefix(keys: dict[str, Any], path: str) -> str | None:
    parts = path.split(".")
    best = None
    for key in keys:
        k = key.split(".")
        if parts[: len(k)] == k and (best is None or len(k) > len(best.split("."))):
            best = key
    return best


def _basis_text(found: list[tuple[str, str | None]], reason: str | None) -> str:
    parts = []
    if found:
        parts.append("; ".join(f"{i}: {what}" if what else i for i, what in found))
    if reason:
        parts.append(reason)
    return " | ".join(parts) if parts else NO_SOURCE
