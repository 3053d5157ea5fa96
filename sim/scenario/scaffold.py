"""Scenario scaffolds: an archetype written out again with every key explained.

:func:`scaffold` writes an archetype out again with every key explained in a comment above it: its
meaning (the schema's own field description, :data:`sim.scenario.glossary.TEXT` where the schema has
none), its unit, the range the schema allows and, for the main fields, a rule-of-thumb range. The
values, the story, sources, assumptions and the archetype's own comments are kept, so the scaffold
loads to the same scenario and simulates to the same numbers. Its first line points the editor (VS
Code's YAML extension, any yaml-language-server) at the JSON Schema of
:mod:`sim.scenario.json_schema`.
"""

from __future__ import annotations

import inspect
import json
import re
import textwrap
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined
from ruamel.yaml import YAML

from sim import scenario as S
from sim.scenario.climates import CLIMATES
from sim.scenario.distributions import DIST_KINDS
from sim.scenario.glossary import (
    TEXT,
    allowed_range,
    inner_models,
    key_description,
    key_unit,
)
from sim.scenario.json_schema import SCHEMA_FILE
from sim.scenario.loading import ScenarioError, _plain, load, parse_yaml, validate
from sim.scenario.shock_library import SHOCKS
from sim.scenario.strategy import Bound

WIDTH = 96

_TYPICAL = {
    # rules of thumb for a first draft, not facts: replace them with your own evidence
    "Subscription.conversion": "0.005-0.05 of free users pay (freemium apps)",
    "Metered.conversion": "0.005-0.05 of free users pay (freemium apps)",
    "churn": "0.02-0.08 a month for business software, 0.05-0.15 for consumer apps",
    "win_rate": "0.1-0.4",
    "sales_cycle_months": "1-3 for small firms, 6-12 for large enterprises",
    "cogs_share_of_revenue": "0.01-0.03 for payment fees, up to 0.3 with app-store cuts",
    "months_to_close": "3-6",
    "price_per_month": {"USD": "5-30 {cur} for consumer apps, 20-500 {cur} for business tools",
                        "CNY": "10-100 {cur} for consumer apps, 100-3,000 {cur} for business "
                               "tools"},
    "cost_per_head_per_month": {"USD": "4,000-8,000 {cur} in China, 10,000-20,000 {cur} in the "
                                       "US",
                                "CNY": "20,000-60,000 {cur}"},
    "rent_per_gpu_month": {"USD": "1,000-3,000 {cur} for a data-centre card",
                           "CNY": "5,000-20,000 {cur} for a data-centre card"},
    "price_per_gpu": {"USD": "10,000-40,000 {cur}", "CNY": "70,000-300,000 {cur}"},
    "Round.amount": {"USD": "seed 0.5M-3M {cur}, Series A 5M-20M {cur}",
                     "CNY": "seed 3M-20M {cur}, Series A 30M-150M {cur}"},
    "fixed_per_month": {"USD": "1,000-20,000 {cur} for an office and tools",
                        "CNY": "5,000-100,000 {cur} for an office and tools"},
}  # fmt: skip


def scaffold(archetype: str | Path, name: str, schema: str = SCHEMA_FILE) -> str:
    """The archetype file's scenario as a commented scaffold for a company called ``name``.

    ``schema`` is the path (relative to the scaffold) or URL of the scenario JSON Schema.
    Raises :class:`~sim.scenario.loading.ScenarioError` if the archetype does not load.
    """
    path = Path(archetype)
    loaded = load(path)
    text = path.read_text(encoding="utf-8")
    doc = parse_yaml(text, str(path))
    doc["company"]["name"] = name
    writer = _Writer(text, loaded.scenario.company.currency)
    writer.mapping(doc, S.Scenario, 0)
    intro = (
        f"{name}: a scenario started from the archetype {path.stem} (`sim new {name} --from "
        f"{path.stem}`). Every key has a comment above it: what it means, its unit, the range "
        "allowed and, for the main ones, a rule-of-thumb range to replace with your own "
        "evidence. Any number can instead be a distribution, drawn once per simulated company "
        "(e.g. {kind: pert, low: 40, mode: 59, high: 99}; kinds: " + ", ".join(DIST_KINDS) + "). "
        f"Check the file with `sim validate {name}.yaml`, run it with `sim run {name}.yaml` and "
        f"read one simulated company's life with `sim story {name}.yaml`."
    )
    head = [
        f"# yaml-language-server: $schema={schema}",
        *textwrap.wrap(intro, WIDTH, initial_indent="# ", subsequent_indent="# "),
        "#",
        f"# The archetype's notes ({path.name}):",
        *[line for line in writer.header if "`sim " not in line],
        "",
    ]
    out = "\n".join(head + writer.lines) + "\n"
    again = parse_yaml(out, f"{name}.yaml")
    if _plain(again) != _plain(doc):  # a bug here, never the user's: fail loudly
        raise AssertionError("the scaffold does not reproduce the archetype's values")
    validate(again, f"{name}.yaml")
    return out


class _Writer:
    """Writes a parsed scenario as block YAML with a comment above every schema key."""

    def __init__(self, text: str, currency: str):
        self.cur = currency
        self.lines: list[str] = []
        raw = text.splitlines()
        first = next((i for i, s in enumerate(raw) if s.strip() and not s.startswith("#")), 0)
        self.header = [s for s in raw[:first] if s.startswith("#")]
        self.notes = _comment_blocks(raw, first)  # line of a key -> comment lines above it

    # ---------------------------------------------------------------- structure

    def mapping(self, node: dict, model: Any, indent: int, dash: bool = False) -> None:
        """A block mapping at ``indent``; with ``dash`` it is a list item (``- key: ...``)."""
        col = indent + (2 if dash else 0)
        for i, (key, value) in enumerate(node.items()):
            first_dash = dash and i == 0
            if indent == 0 and i > 0:
                self.lines.append("")  # a blank line between top-level sections
            pad = " " * (indent if first_dash else col)
            for note in self.notes.get(_key_line(node, key), []):
                self.lines.append(pad + note)
            for line in self._explain(model, key, value, len(pad)):
                self.lines.append(pad + line)
            lead = " " * indent + "- " if first_dash else " " * col
            self.entry(lead, key, value, self._child(model, key, value), col, node)
        if isinstance(model, type) and issubclass(model, BaseModel):
            unset = [f for f in model.model_fields if f not in node and f != "kind"]
            if unset:
                also = "# Also possible here: " + ", ".join(unset)
                for line in textwrap.wrap(also, WIDTH - col, subsequent_indent="#   "):
                    self.lines.append(" " * col + line)

    def entry(self, lead: str, key: Any, value: Any, model: Any, col: int, parent) -> None:
        eol = _eol_comment(parent, key)
        head = f"{lead}{_key(key)}:"
        inline = self._inline(value, model)
        if inline is not None:
            self.lines.append(f"{head} {inline}{eol}")
            return
        if isinstance(value, str):
            self.lines.append(f"{head} >-{eol}")
            for line in textwrap.wrap(value, WIDTH - col - 2, break_long_words=False,
                                      break_on_hyphens=False):  # fmt: skip
                self.lines.append(" " * (col + 2) + line)
            return
        self.lines.append(head + eol)
        if isinstance(value, dict):
            self.mapping(value, model, col + 2)
        else:
            for item in value:
                if isinstance(item, dict) and not self._flow(item, _item_model(model, item)):
                    self.mapping(item, _item_model(model, item), col + 2, dash=True)
                else:
                    inline = self._inline(item, _item_model(model, item))
                    self.lines.append(" " * (col + 2) + f"- {inline}")

    def _inline(self, value: Any, model: Any) -> str | None:
        """The value on one line, or None if it needs a block."""
        if isinstance(value, dict):
            return _flow(value) if self._flow(value, model) else None
        if isinstance(value, list):
            return _flow(value) if all(_is_scalar(v) for v in value) else None
        if isinstance(value, str) and len(value) > 60:
            return None if _plain_text_folds(value) else _scalar(value)
        return _scalar(value)

    def _flow(self, value: dict, model: Any) -> bool:
        """Distributions, SBG churn, bounds and small free-form maps stay on one line."""
        free = model is None or (isinstance(model, tuple) and model[0] == "dict")
        if not value or (free and all(_is_scalar(v) for v in value.values())):
            return len(_flow(value)) < 70 if value else True
        if value.get("kind") in (*DIST_KINDS, "sbg") and set(value) != {"kind"}:
            return all(_is_scalar(v) or isinstance(v, list) for v in value.values())
        return model is Bound

    def _child(self, model: Any, key: Any, value: Any) -> Any:
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return _free_child(model)
        field = model.model_fields.get(key)
        if field is None:
            return None
        return _resolve(field.annotation, value)

    # ---------------------------------------------------------------- comments

    def _explain(self, model: Any, key: Any, value: Any, indent: int) -> list[str]:
        """The comment above ``key``: meaning, unit, allowed range, rule of thumb, default."""
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return []
        if key == "kind":
            return self._wrap(_kind_text(model), indent)
        if model is S.Shock and key == "use":
            note = SHOCKS.get(value, {}).get("note", "")
            text = f"{TEXT['Shock.use']} {value}: {note} Presets: {', '.join(SHOCKS)}."
            return self._wrap(text, indent)
        field = model.model_fields.get(key)
        if field is None:
            return []
        parts = [key_description(model, key)]
        unit = key_unit(model, key, self.cur)
        if unit:
            parts.append(f"Unit: {unit}.")
        bounds = allowed_range(field.annotation, field.metadata)
        if bounds:
            parts.append(f"Allowed: {bounds[3]}, or a distribution within that range.")
        typical = self._typical(model, key)
        if typical:
            parts.append(f"Rule of thumb: {typical}.")
        if model is S.Financing and key == "climate":
            note = CLIMATES[value].note if isinstance(value, str) and value in CLIMATES else ""
            parts.append(f"Presets: {', '.join(CLIMATES)}. {value}: {note}".rstrip(": "))
        if not field.is_required() and field.default not in (None, PydanticUndefined):
            if _is_scalar(field.default) and field.default not in ("", False):
                parts.append(f"Default if left out: {_scalar(field.default)}.")
        return self._wrap(" ".join(p for p in parts if p), indent)

    def _typical(self, model, key) -> str:
        rule = _TYPICAL.get(f"{model.__name__}.{key}") or _TYPICAL.get(key)
        if isinstance(rule, dict):
            if self.cur in rule:
                return rule[self.cur].format(cur=self.cur)
            return rule["USD"].format(cur="USD") + f" (convert to {self.cur})"
        return rule or ""

    def _wrap(self, text: str, indent: int) -> list[str]:
        width = max(WIDTH - indent, 40)
        return textwrap.wrap(text, width, initial_indent="# ", subsequent_indent="# ")


# --------------------------------------------------------------------------- helpers


def _kind_text(model: type[BaseModel]) -> str:
    kinds = get_args(model.model_fields["kind"].annotation)
    doc = " ".join(inspect.cleandoc(model.__doc__ or "").replace("``", "`").split())
    siblings = [
        k
        for m in inner_models(S.RevenueStream)
        for k in get_args(m.model_fields["kind"].annotation)
    ]
    if set(kinds) <= set(siblings):
        others = [k for k in siblings if k not in kinds]
        return (
            f"Kind of revenue stream: {' or '.join(kinds)}. {doc} Other kinds: {', '.join(others)}."
        )
    return f"Kind: {' or '.join(kinds)}. {doc}"


def _resolve(tp: Any, value: Any) -> Any:
    """The schema type that describes ``value`` of a field annotated ``tp``."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    origin = get_origin(tp)
    if origin is list:
        return ("list", get_args(tp)[0])
    if origin is dict:
        return ("dict", get_args(tp)[1])
    models = inner_models(tp)
    if isinstance(value, dict):
        for m in models:
            kind = m.model_fields.get("kind")
            if kind is not None and value.get("kind") in get_args(kind.annotation):
                return m
        plain = [m for m in models if "kind" not in m.model_fields]
        return plain[0] if len(plain) == 1 else None
    return None


def _item_model(container: Any, item: Any) -> Any:
    if isinstance(container, tuple):
        return _resolve(container[1], item)
    return None


def _free_child(container: Any) -> Any:
    return _item_model(container, None) if isinstance(container, tuple) else None


_YAML = YAML(typ="rt")


def _scalar(value: Any) -> str:
    """A scalar as YAML that reads back as the same value: plain if it can be, else quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        text = str(int(value)) if isinstance(value, int) else repr(float(value))
    else:
        text = str(value)
    if _reads_as(text, value):
        return text
    return json.dumps(value, ensure_ascii=False)


def _reads_as(text: str, value: Any) -> bool:
    try:
        back = _YAML.load(f"k: {text}\n")
    except Exception:  # noqa: BLE001 - any parse problem means: quote it
        return False
    got = back.get("k") if isinstance(back, dict) else None
    return got == value and isinstance(got, str) == isinstance(value, str) and "\n" not in text


def _plain_text_folds(value: str) -> bool:
    """A long text that a folded block (``>-``) gives back exactly."""
    return value == " ".join(value.split()) and not value.startswith(("#", "-", "'", '"'))


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    text = _scalar(value)
    return text if not re.search(r"[,\[\]{}#]", text) else json.dumps(value, ensure_ascii=False)


def _key(key: Any) -> str:
    return _scalar(key) if not isinstance(key, str) or not re.fullmatch(r"[\w.\-]+", key) else key


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _key_line(node: Any, key: Any) -> int | None:
    data = getattr(getattr(node, "lc", None), "data", None)
    return data[key][0] if data and key in data else None


def _eol_comment(node: Any, key: Any) -> str:
    """The archetype's comment at the end of ``key``'s line, kept as it was."""
    items = getattr(getattr(node, "ca", None), "items", {})
    token = (items.get(key) or [None] * 3)[2]
    line = _key_line(node, key)
    mark = getattr(token, "start_mark", None)
    if token is None or line is None or getattr(mark, "line", None) != line:
        return ""
    text = token.value.split("\n")[0].strip()
    return f"  {text}" if text.startswith("#") else ""


def _comment_blocks(raw: list[str], first: int) -> dict[int, list[str]]:
    """Full-line comments of the body, keyed by the (0-based) line of the next key."""
    blocks: dict[int, list[str]] = {}
    pending: list[str] = []
    block_indent: int | None = None  # inside a block scalar: lines indented at least this
    for i in range(first, len(raw)):
        line = raw[i]
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not line.strip() or indent >= block_indent:
                continue
            block_indent = None
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
        elif stripped:
            if pending:
                blocks[i] = pending
                pending = []
            if re.search(r":\s*[>|][-+0-9]*\s*(#.*)?$", line):
                block_indent = indent + 1
    return blocks


def check_name(name: str) -> str:
    """A scaffold name usable as a file name: letters, digits, _ and -."""
    stem = name.removesuffix(".yaml").removesuffix(".yml")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_\-]*", stem):
        raise ScenarioError(
            f"{name!r}: use letters, digits, _ and - for the name (it becomes {stem}.yaml)"
        )
    return stem


__all__ = ["SCHEMA_FILE", "check_name", "scaffold"]
