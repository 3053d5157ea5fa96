"""The JSON Schema of scenario and strategy files, for editors that check them while typing.

Generated from the pydantic models (:mod:`sim.scenario.schema`, :mod:`sim.scenario.strategy`),
with the numeric bounds of the constrained types added so an editor flags a churn above 1 as
the loader would. A scaffold's first line points at it (:mod:`sim.scenario.scaffold`).
"""

from __future__ import annotations

import json
import math
from typing import Any

from pydantic import BaseModel

from sim import scenario as S
from sim.scenario.climates import CLIMATES
from sim.scenario.glossary import (
    TEXT,
    allowed_range,
    inner_models,
    key_description,
    key_unit,
)
from sim.scenario.shock_library import SHOCKS
from sim.scenario.strategy import Strategy

SCHEMA_FILE = "scenario.schema.json"
DRAFT = "http://json-schema.org/draft-07/schema#"
"""Declared draft: the one the VS Code YAML extension fully supports (later drafts only in part);
every keyword pydantic emits is in draft 7, and ``$ref``s into ``$defs`` resolve as pointers."""


def scenario_schema() -> dict:
    """The JSON Schema of scenario files, for editors: ``Scenario.model_json_schema()`` with a
    ``$schema`` draft, a title, number bounds, climate names and shock presets (``use:``)."""
    schema = S.Scenario.model_json_schema()
    defs = schema["$defs"]
    shock = defs["Shock"]
    shock["properties"]["use"] = {
        "enum": sorted(SHOCKS),
        "description": TEXT["Shock.use"] + " Presets: "
        + "; ".join(f"{k}: {v['note']}" for k, v in SHOCKS.items()),
    }  # fmt: skip
    shock["required"] = [r for r in shock.get("required", []) if r != "name"]
    shock["anyOf"] = [{"required": ["name"]}, {"required": ["use"]}]
    climate = defs["Financing"]["properties"]["climate"]
    for branch in climate.get("anyOf", []):
        if branch.get("type") == "string":
            branch["enum"] = list(CLIMATES)
    _add_bounds(schema)
    return _finish(schema, "startup-sim scenario")


def strategy_schema() -> dict:
    """The JSON Schema of strategy files: one strategy, or ``strategies: [...]``."""
    one = Strategy.model_json_schema()
    defs = one.pop("$defs", {})
    defs["Strategy"] = one
    schema = {
        "$defs": defs,
        "anyOf": [
            {"$ref": "#/$defs/Strategy"},
            {
                "type": "object",
                "properties": {
                    "strategies": {"type": "array", "items": {"$ref": "#/$defs/Strategy"}}
                },
                "required": ["strategies"],
                "additionalProperties": False,
            },
        ],
    }
    return _finish(schema, "startup-sim strategy")


def schema_text(schema: dict) -> str:
    return json.dumps(schema, indent=1, ensure_ascii=False, allow_nan=False) + "\n"


def _finish(schema: dict, title: str) -> dict:
    schema = _clean(schema)
    return {"$schema": DRAFT, "title": title, **{k: v for k, v in schema.items() if k != "title"}}


def _clean(node: Any) -> Any:
    """Drop non-finite defaults (not JSON) and write ``code`` the Markdown way."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "default" and isinstance(v, float) and not math.isfinite(v):
                continue
            out[k] = (
                v.replace("``", "`") if k == "description" and isinstance(v, str) else _clean(v)
            )
        return out
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


def _add_bounds(schema: dict) -> None:
    """Put each number field's range (checked by a validator, not visible in the generated
    schema) on the plain-number branch of its property, so editors flag e.g. a churn of 1.5,
    and give fields without a description the scaffold's."""
    for model in _models(S.Scenario):
        target = schema if model is S.Scenario else schema["$defs"].get(model.__name__)
        if target is None:
            continue
        for name, field in model.model_fields.items():
            bounds = allowed_range(field.annotation, field.metadata)
            prop = target.get("properties", {}).get(field.alias or name)
            if prop is None:
                continue
            if not prop.get("description"):  # editors show it when hovering over the key
                unit = key_unit(model, name, "money in the scenario's currency")
                text = key_description(model, name) + (f" Unit: {unit}." if unit else "")
                if text.strip():
                    prop["description"] = text
            if bounds is None:
                continue
            lo, hi, lo_open, _ = bounds
            for branch in _number_branches(prop):
                if math.isfinite(lo):
                    branch["exclusiveMinimum" if lo_open else "minimum"] = lo
                if math.isfinite(hi):
                    branch["maximum"] = hi


def _number_branches(prop: dict):
    if prop.get("type") == "number":
        yield prop
    for key in ("oneOf", "anyOf"):
        for branch in prop.get(key, []):
            yield from _number_branches(branch)


def _models(root: type[BaseModel]) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(tp):
        for model in inner_models(tp):
            if model not in seen:
                seen.append(model)
                for field in model.model_fields.values():
                    visit(field.annotation)

    visit(root)
    return seen
