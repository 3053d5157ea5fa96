"""Fuzz the scenario loader: how ``sim.load`` copes with mutated and hostile YAML.

What it measures: for N seeded mutations of the library's scenarios (``scenarios/*.yaml``) and
strategy files (``strategies/*.yaml``, ``examples/tournament/*.yaml``), whether loading ends in

* ``clean``      a :class:`sim.ScenarioError` (the only way bad input should fail),
* ``accepted``   a valid scenario; ``suspicious`` if it looks absurd (a boolean taken as a
                 number, a string key taken as a month, a huge or subnormal number, a month
                 beyond any horizon, a distribution whose support is NaN, a warning while
                 loading),
* ``exception``  any other exception (its type, message and innermost frame of the project),
* ``slow``       more than ``--slow`` seconds (1 s),
* ``hang``       more than ``--timeout`` seconds (10 s): the worker is killed,
* ``memory``     the worker passed ``--mem-limit-mb`` of resident memory: it is killed,
* ``crash``      the worker died (a segfault, a C stack overflow),

and the peak resident memory of each load. Documents are made by tree mutations (keys deleted,
duplicated or retyped; booleans where numbers go; huge, tiny, negative and non-finite numbers;
strings for lists and lists for strings; alias bombs; deep nesting; long strings; odd
``seasonality`` month keys; malformed ``shocks``; extreme distributions and months), by text
mutations, and by random YAML; some are loaded with ``--set`` overrides or a strategy.

Each document is loaded in a worker process (one import of ``sim`` per worker, a per-document
time limit) so that a hang is detected and killed. Every case that is not clean or plainly
accepted is reduced to a small reproducer (greedy deletion while its failure stays the same)
and written to ``--out`` with an ``index.json``; ``summary.json`` holds the counts.

    python benchmarks/fuzz_load.py --n 10000 --seed 1 --timeout 10 --out /tmp/fuzz_cases

With ``--run PATHS`` every accepted scenario is also simulated briefly (issue 15 pt 3: a
scenario whose run could give a non-finite number must be refused when it is loaded): a
traceback in the run is an ``exception``, a numpy warning makes it ``suspicious``.

Issue 15's measure: zero ``exception``, ``hang``, ``memory`` and ``crash`` outcomes over
10,000 documents (its last figures are in the README). ``suspicious`` acceptances of tiny
numbers (1e-320 of cash) are by design: the schema bounds magnitudes from above, and only
divisors (``Positive``) from below.

Document ``I`` depends only on ``--seed`` and ``I``: ``--show I`` prints it.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import importlib.util
import json
import math
import multiprocessing as mp
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from collections import Counter, defaultdict
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

# --------------------------------------------------------------------------- YAML text

_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}
_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


class Raw:
    """YAML text written as is (a special scalar, a flow collection, an alias bomb).

    Compared by identity, so that two ``Raw("name")`` keys make a duplicate key."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:60]!r})"

    def __deepcopy__(self, memo):
        return Raw(self.text)


class Anchor:
    """``&name`` in front of a node (written in flow style)."""

    def __init__(self, name: str, node: Any):
        self.name, self.node = name, node

    def __deepcopy__(self, memo):
        return Anchor(self.name, copy.deepcopy(self.node, memo))


class Alias:
    """``*name``."""

    def __init__(self, name: str):
        self.name = name

    def __deepcopy__(self, memo):
        return Alias(self.name)


def _string(s: str) -> str:
    if _BARE.match(s) and s.lower() not in _RESERVED and len(s) < 200:
        return s
    return json.dumps(s)


def scalar(node: Any) -> str:
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, Alias):
        return f"*{node.name}"
    if isinstance(node, Anchor):
        return f"&{node.name} {flow(node.node)}"
    if node is None:
        return "null"
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, int):
        return str(node)
    if isinstance(node, float):
        if math.isnan(node):
            return ".nan"
        if math.isinf(node):
            return ".inf" if node > 0 else "-.inf"
        return repr(node)
    if isinstance(node, str):
        return _string(node)
    if isinstance(node, dict | list):
        return flow(node)
    raise TypeError(f"cannot write {type(node).__name__}")


def flow(node: Any) -> str:
    if isinstance(node, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in node.items()) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(flow(v) for v in node) + "]"
    return scalar(node)


def block(node: Any, indent: int = 0) -> list[str]:
    """Block-style lines of a mapping or sequence (scalars and Raw values stay inline)."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, dict | list) and v:
                lines.append(f"{pad}{scalar(k)}:")
                lines.extend(block(v, indent + 2))
            else:
                lines.append(f"{pad}{scalar(k)}: {scalar(v)}")
    elif isinstance(node, list):
        for v in node:
            if isinstance(v, dict | list) and v:
                inner = block(v, indent + 2)
                inner[0] = f"{pad}- " + inner[0][indent + 2 :]
                lines.extend(inner)
            else:
                lines.append(f"{pad}- {scalar(v)}")
    else:
        lines.append(pad + scalar(node))
    return lines


def emit(tree: Any) -> str:
    if isinstance(tree, dict | list) and tree:
        return "\n".join(block(tree)) + "\n"
    return scalar(tree) + "\n"


# --------------------------------------------------------------------------- hostile values

SPECIAL_NUMBERS = [
    "1e308", "-1e308", "1e309", "9223372036854775808", "-9223372036854775809",
    "18446744073709551616", "1" + "0" * 400, "9" * 5000, "-1", "-0.0", "0", "1e-320",
    "5e-324", ".nan", ".inf", "-.inf", "1e30", "0x7fffffffffffffff", "0o17", "1_000", "2.5",
    "'1e308'", "'12'", '"0x10"', "!!float 1e308", "!!int '7'",
]  # fmt: skip
BOOLS = ["true", "false", "True", "FALSE"]
MONTH_KEYS = [
    "true", "false", '"6"', "'06'", '" 6"', '"+6"', "6.0", "0", "13", "-1", "null", "1e30",
    "9223372036854775808", "'六'", "[1]", "{a: 1}", '"6 "', "0x6", ".nan",
]  # fmt: skip
SHOCK_FORMS = [
    "[{use: [price_war]}]", "[{use: price_war, effects: 5}]", "[{use: {price_war: 1}}]",
    "[{use: null}]", "[{use: 5}]", "[{use: true}]", "[{use: price_war, effects: [1, 2]}]",
    "[{use: price_war, effects: x}]", "[{use: price_war, effects: {price: true}}]",
    "[{use: price_war, at_month: 1e30}]", "[{use: price_war, name: 5}]",
    "[{use: hype_ends, probability_per_month: 2}]", "price_war", "[price_war]",
    "[{use: price_war}, {use: price_war}]", "[{use: policy_stop, stops: [nope]}]",
    "[{use: price_war, stops: cloud}]", "[{use: price_war, effects: null}]",
    "[{use: price_war, effects: {}}]", "[{use: nope}]", "[{name: s, at_month: 1e30}]",
    "[{name: s, at_month: 1e308, duration_months: 1e-320}]", "[{name: s, at_month: -1}]",
    "[{name: s, probability_per_month: .nan}]", "[{name: s, at_month: true}]",
    "[{use: price_war, effects: {price: {kind: lognormal, mean: 1, sd: 1e300}}}]",
    "[{use: [price_war], effects: 5}]", "[{use: hype_ends, at_month: 9223372036854775808}]",
    "[{use: upstream_price_rise, effects: {inference_cost: 1e308}}]",
    "[{use: upstream_price_rise, effects: {inference_cost: {kind: uniform, low: 0, high: 1e15}}}"
    ", {use: upstream_price_rise, name: u2}]",
    "[{use: upstream_price_rise, duration_months: 1e-320}]", "[{use: upstream_price_rise}]",
    "[{use: api_access_cut}]", "[{use: api_access_cut, stops: [nope]}]",
    "[{use: api_access_cut, stops: true}]", "[{use: api_access_cut, probability_per_month: 1}]",
    "[{use: api_access_cut, duration_months: 0}]", "[{use: policy_tightening}]",
    "[{use: policy_tightening, effects: {demand: 0, conversion: 0, churn: 1e15}}]",
    "[{use: policy_tightening, at_month: 1, probability_per_month: 0.1}]",
    "[{use: policy_tightening, effects: {price: 0}}, {use: price_war}]",
    "[{use: upstream_price_rise, effects: {gpu_cost: 1e15}}, {use: policy_tightening,"
    " effects: {gpu_cost: 1e15}}]",
]  # fmt: skip
DISTRIBUTIONS = [
    "{kind: lognormal, mean: 1000, sd: 1e300}", "{kind: lognormal, mean: 1e-300, sd: 1}",
    "{kind: lognormal, mean: 1e308, sd: 1e308}", "{kind: lognormal, mean: 1, sd: 1e154}",
    "{kind: normal, mean: 1, sd: 1e308, low: 0}", "{kind: normal, mean: 0, sd: 5e-324, low: 0}",
    "{kind: normal, mean: 1e308, sd: 1e308, low: 0, high: .inf}",
    "{kind: triangular, low: -1e308, mode: 0, high: 1e308}",
    "{kind: pert, low: -1e308, mode: 0, high: 1e308}",
    "{kind: pert, low: 0, mode: 0, high: 5e-324}",
    "{kind: uniform, low: 0, high: 1e308}", "{kind: uniform, low: -1e308, high: 1e308}",
    "{kind: beta, alpha: 1e-300, beta: 1e300}",
    "{kind: beta, alpha: 1, beta: 1, low: -1e308, high: 1e308}",
    "{kind: choice, values: [1e308, 1e308]}",
    "{kind: choice, values: [1, 2], weights: [1e308, 1e308]}",
    "{kind: choice, values: [1], weights: [5e-324]}", "{kind: choice, values: []}",
    "{kind: fixed, value: 9223372036854775808}", "{kind: fixed, value: true}",
    "{kind: normal, mean: true, sd: true}", "{kind: lognormal, mean: 1, sd: 1e300, extra: 1}",
    "{kind: [lognormal], mean: 1, sd: 1}", "{kind: null}", "{kind: fixed}",
]  # fmt: skip
MONTH_FIELDS = [
    "at_month", "from_month", "until_month", "earliest_month", "start_month", "month",
    "months", "months_to_close", "duration_months", "horizon_months", "sales_cycle_months",
    "depreciation_months", "hiring_months", "ramp_months", "severance_months", "mean_months",
    "sd_months", "payment_terms_months", "retry_wait_months", "runway_below_months",
    "flat_revenue_months", "extra_months_to_close",
]  # fmt: skip
HOSTILE = [
    "1e308", "-1e308", "9223372036854775808", "1e30", "1e16", "1e15", "-1", "-0.0", "0",
    "1e-320", "5e-324", "1e-10", ".nan", ".inf", "-.inf", "true", "false", "null", "x", "''",
    "[1]", "{a: 1}", "'12'", "0.5", "1", "2", "601", "9" * 400,
    "{kind: uniform, low: 0, high: 1e15}", "{kind: uniform, low: 0, high: 1}",
    "{kind: lognormal, mean: 1e-300, sd: 1}", "{kind: normal, mean: 0, sd: 1e15}",
    "{kind: beta, alpha: 1, beta: 1}", "{kind: choice, values: [0, 1e15]}",
]  # fmt: skip
"""Values for the fields added since the first fuzz run (the market, team frictions, sales
pipelines, the initial round, exits, climates), which some library scenarios leave out."""
SHARE_EDGES = [
    "1", "0.9999999999999999", "1.0000000000000002", "0", "1e-320", "{kind: uniform, low: 0.5,"
    " high: 1}", "{kind: beta, alpha: 1, beta: 1}", "{kind: beta, alpha: 1, beta: 1, high: 0.99}",
    "{kind: pert, low: 0, mode: 0.5, high: 1}", "{kind: fixed, value: 1}",
]  # fmt: skip
"""Shares at and beyond 1 (``financing.initial_round.investors_share`` must stay below 1)."""
CLIMATE_FORMS = [
    "[{climate: hot-2021, until: 2023-06}, {climate: winter-2023}]",
    "[{climate: hot-2021, until: '2023-06'}, {climate: winter-2023}]",
    "[{climate: hot-2021, until: 2023-06-01}, {climate: winter-2023}]",
    "[{climate: hot-2021, until: '2023-13'}, {climate: winter}]",
    "[{climate: hot, until: '2024-01'}, {climate: cold, until: '2023-01'}, {climate: normal}]",
    "[{climate: hot, until: '2024-01'}, {climate: winter, until: '2023-01'}, {climate: normal}]",
    "[{climate: hot, until: '2024-01'}, {climate: winter, until: '2024-01'}, {climate: normal}]",
    "[{climate: hot}, {climate: winter}]", "[{climate: hot, until: '2024-01'}]", "[]", "[hot]",
    "[{climate: {probability_factor: 1e308}, until: '2024-01'}, {climate: normal}]",
    "[{climate: {revenue_multiple: {kind: lognormal, mean: 1e15, sd: 1e15}}}]",
    "[{climate: {size_factor: .inf}}]", "[{climate: {extra_months_to_close: 1e30}}]",
    "{probability_factor: -1}", "{revenue_multiple: 1e-320, size_factor: 1e15}", "nope",
    "{note: 5}", "[{climate: normal, until: 202306}, {climate: hot}]",
]  # fmt: skip
YAML_ATOMS = [
    "0", "1", "-1", "1.5", "1e308", "9223372036854775808", "1e-320", ".nan", ".inf", "true",
    "null", "~", "''", "x", "price_war", "cloud", "2023-05", "2001-12-14", "0x1F", "!!str 1",
    "!!binary aGVsbG8=", "!!timestamp 2001-12-14", "!foo bar", "!!set {a, b}", "!!omap [a: 1]",
    "!!python/object:os.system {}", '"\\u0000"', "'it''s'", "*nowhere", "&", "{", "]", "? x",
    "<<", '"\\ud800"', "!!int x", "!!float [1]", "!!map []", "!!seq {}",
]  # fmt: skip
OVERRIDE_VALUES = [
    "9223372036854775808", "1e308", "-1", ".nan", ".inf", "true", "null", "", "[", "{a: 1}",
    "&a [*a]", "&m {a: *m}", "!!binary aGk=", "!!python/name:os.system", "!!set {a}", "[1, 2]",
    "x" * 100000, "[" * 2000 + "]" * 2000, "{kind: lognormal, mean: 1, sd: 1e300}", "a=b",
    "{kind: uniform, low: 0, high: 1e308}", "0x10", "1e-320", "- a", "*x", "%YAML 1.1",
]  # fmt: skip
OVERRIDE_KEYS_BAD = [
    "", "=", ".", "a..b", ".x", "x.", "financing.intial_cash", "revenue.99.price_per_month",
    "company.name.x", "revenue.0.0", "demand.seasonality.6", "demand.seasonality.true",
    "strategies.0.set.costs", "financing.rounds.-1.amount", "revenue.١", "costs.team.plan.0",
]  # fmt: skip


def alias_bomb(rng: random.Random) -> str:
    """Nested aliases: each level a list of ``width`` aliases of the level below."""
    width, depth = rng.randint(2, 12), rng.randint(3, 10)
    while width**depth > 5e9:
        depth -= 1
    text = '&l0 ["lol", "lol"]'
    for k in range(1, depth + 1):
        text = f"&l{k} [{text}" + f", *l{k - 1}" * (width - 1) + "]"
    return text


def deep_nesting(rng: random.Random) -> str:
    n = rng.choice([300, 350, 500, 1000, 3000, 10000])
    style = rng.randrange(4)
    if style == 0:
        return "[" * n + "]" * n
    if style == 1:
        return "{a: " * n + "1" + "}" * n
    if style == 2:
        return "[{a: " * (n // 2) + "1" + "}]" * (n // 2)
    return "[" * n + "1" + "]" * n


def long_string(rng: random.Random) -> str:
    n = rng.choice([1000, 100_000, 1_000_000, 2_000_000])
    unit = rng.choice(["x", "é", "字", "😀", "ab ", "\\u0000", "\\n"])
    return '"' + unit * (n // max(1, len(unit))) + '"'


def random_yaml(rng: random.Random, vocab: list[str], depth: int = 0, anchors=None) -> str:
    """A random flow YAML value: atoms, schema words, anchors and aliases, some invalid."""
    anchors = [] if anchors is None else anchors
    r = rng.random()
    if depth > 4 or r < 0.35:
        atom = rng.choice(YAML_ATOMS + vocab)
        if anchors and rng.random() < 0.1:
            return f"*{rng.choice(anchors)}"
        return atom if rng.random() < 0.9 else f"&a{len(anchors)} {atom}"
    prefix = ""
    if rng.random() < 0.15:
        anchors.append(f"a{len(anchors)}")
        prefix = f"&{anchors[-1]} "
    items = [random_yaml(rng, vocab, depth + 1, anchors) for _ in range(rng.randint(0, 4))]
    if r < 0.65:
        keys = [rng.choice(vocab + YAML_ATOMS[:12]) for _ in items]
        return prefix + "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, items, strict=True)) + "}"
    return prefix + "[" + ", ".join(items) + "]"


# --------------------------------------------------------------------------- tree helpers

Path_ = tuple


def paths(tree: Any, prefix: Path_ = ()) -> Iterator[Path_]:
    """Every node's path, parents before children (Raw, anchors and aliases are leaves)."""
    yield prefix
    if isinstance(tree, dict):
        for k, v in tree.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            yield from paths(v, (*prefix, i))


def get(tree: Any, path: Path_) -> Any:
    for part in path:
        tree = tree[part]
    return tree


def put(tree: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    get(tree, path[:-1])[path[-1]] = value
    return tree


def delete(tree: Any, path: Path_) -> None:
    del get(tree, path[:-1])[path[-1]]


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part.text if isinstance(part, Raw) else str(part)
            out += ("." if out else "") + text[:40]
    return out or "(top)"


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


# --------------------------------------------------------------------------- documents


@dataclass
class Base:
    name: str
    tree: dict
    kind: str  # "scenario" or "strategy"
    valid: bool = True


@dataclass
class Doc:
    index: int
    base: str
    target: str  # load, load+set, load+strategy, load_strategies
    text: str
    tree: Any = None  # None for text-level documents
    mutations: list[dict] = field(default_factory=list)
    overrides: list[str] = field(default_factory=list)
    strategy: str | None = None


def load_bases(root: Path) -> list[Base]:
    from ruamel.yaml import YAML

    bases = []
    for kind, pattern in (
        ("scenario", "scenarios/*.yaml"),
        ("strategy", "strategies/*.yaml"),
        ("strategy", "examples/tournament/*.yaml"),
    ):
        for file in sorted(root.glob(pattern)):
            tree = YAML(typ="safe", pure=True).load(file.read_text("utf-8"))
            bases.append(Base(file.stem, tree, kind, valid=file.stem != "broken"))
    if not bases:
        raise SystemExit(f"no scenarios under {root}")
    return bases


class Mutator:
    """Tree mutations; each records {op, path, detail} in ``log``."""

    def __init__(self, rng: random.Random, tree: Any, vocab: list[str]):
        self.rng, self.tree, self.vocab, self.log = rng, tree, vocab, []

    def _note(self, op: str, path: Path_, detail: Any = "") -> None:
        self.log.append({"op": op, "path": dotted(path), "detail": str(detail)[:120]})

    def _pick(self, want=None, leaf=False) -> Path_ | None:
        found = [
            p
            for p in paths(self.tree)
            if p
            and (want is None or want(get(self.tree, p)))
            and (not leaf or not isinstance(get(self.tree, p), dict | list))
        ]
        return self.rng.choice(found) if found else None

    def _number_path(self) -> Path_ | None:
        return self._pick(_is_number)

    def _put(self, op: str, path: Path_ | None, value: Any) -> None:
        if path is None:
            path = (self.rng.choice(["costs", "demand", "financing", "x_fuzz"]),)
            if not isinstance(self.tree, dict):
                return
        try:
            self.tree = put(self.tree, path, value)
        except (KeyError, IndexError, TypeError):
            return
        self._note(op, path, value.text if isinstance(value, Raw) else value)

    def delete_key(self):
        path = self._pick()
        if path is not None:
            delete(self.tree, path)
            self._note("delete", path)

    def duplicate_key(self):
        path = self._pick(lambda v: isinstance(v, dict) and v)
        if path is None and isinstance(self.tree, dict):
            path = ()
        node = get(self.tree, path) if path is not None else None
        if isinstance(node, dict) and node:
            key = self.rng.choice(list(node))
            text = key.text if isinstance(key, Raw) else scalar(key)
            value = copy.deepcopy(node[key]) if self.rng.random() < 0.5 else 1
            node[Raw(text)] = value
            self._note("duplicate_key", (*path, key))
        lst = self._pick(lambda v: isinstance(v, list) and v)
        if lst is not None and self.rng.random() < 0.5:
            items = get(self.tree, lst)
            items.append(copy.deepcopy(self.rng.choice(items)))
            self._note("duplicate_item", lst)

    def retype(self):
        path = self._pick()
        old = get(self.tree, path) if path else None
        choices = [
            True, False, None, "abc", "", 0, 1.5, -1, [], {}, [old], {"x": old},
            Raw("!!binary aGVsbG8="), Raw("2001-12-14"), Raw("!!set {a, b}"), Raw("~"),
            str(old) if not isinstance(old, dict | list) else Raw("'[1]'"),
        ]  # fmt: skip
        self._put("retype", path, copy.deepcopy(self.rng.choice(choices)))

    def bool_number(self):
        value = Raw(self.rng.choice(BOOLS)) if self.rng.random() < 0.3 else self.rng.random() < 0.5
        self._put("bool_for_number", self._number_path(), value)

    def special_number(self):
        self._put("special_number", self._number_path(), Raw(self.rng.choice(SPECIAL_NUMBERS)))

    def string_list_swap(self):
        path = self._pick(lambda v: isinstance(v, list | str))
        if path is None:
            return
        old = get(self.tree, path)
        if isinstance(old, list):
            new = self.rng.choice(["price_war", "a, b", "", "[1]", flow(old)[:200]])
        else:
            new = self.rng.choice([[old], [[old]], [old, old], [], list(old[:5])])
        self._put("string_list_swap", path, new)

    def alias_bomb(self):
        bomb = Raw(alias_bomb(self.rng))
        where = self._pick(lambda v: isinstance(v, list)) if self.rng.random() < 0.5 else None
        if where is None:
            where = self._pick() if self.rng.random() < 0.5 else None
        self._put("alias_bomb", where, bomb)

    def alias_cycle(self):
        """An alias to an ancestor (a recursive document) or a merge key (``<<: *a``)."""
        if not isinstance(self.tree, dict):
            return
        mapping = self._pick(lambda v: isinstance(v, dict) and v)
        if mapping is None:
            return
        node = get(self.tree, mapping)
        key = self.rng.choice(list(node))
        if self.rng.random() < 0.5:  # &a {k: {..., x: *a}}: recursion
            inner = copy.deepcopy(node)
            inner[Raw("x_cycle")] = Alias("cyc")
            self._put("alias_cycle", mapping, Anchor("cyc", inner))
        else:  # first section anchored, merged into this mapping
            first = next(iter(self.tree))
            if (first,) == mapping[:1]:
                return
            self.tree[first] = Anchor("m", self.tree[first])
            node[Raw("<<")] = Alias("m")
            self._note("merge_key", (*mapping, key), f"<<: *m ({first})")

    def deep_nesting(self):
        self._put("deep_nesting", self._pick() if self.rng.random() < 0.7 else None,
                  Raw(deep_nesting(self.rng)))  # fmt: skip

    def long_string(self):
        if self.rng.random() < 0.2 and isinstance(self.tree, dict):
            section = self._pick(lambda v: isinstance(v, dict)) or ()
            node = get(self.tree, section) if section else self.tree
            key = Raw(long_string(self.rng)[: self.rng.choice([100, 10000, 100000])] + '"')
            node[key] = 1
            self._note("long_key", section, len(key.text))
            return
        path = self._pick(lambda v: isinstance(v, str))
        self._put("long_string", path, Raw(long_string(self.rng)))

    def seasonality(self):
        keys = self.rng.sample(MONTH_KEYS, self.rng.randint(1, 3))
        values = [self.rng.choice(["2", "0.5", "true", "-1", "1e308", ".nan", "x"]) for _ in keys]
        text = "{" + ", ".join(f"{k}: {v}" for k, v in zip(keys, values, strict=True)) + "}"
        if not isinstance(self.tree, dict):
            return
        demand = self.tree.setdefault("demand", {})
        if isinstance(demand, dict):
            demand["seasonality"] = Raw(text)
            self._note("seasonality", ("demand", "seasonality"), text)

    def shocks(self):
        if isinstance(self.tree, dict):
            form = self.rng.choice(SHOCK_FORMS)
            self.tree["shocks"] = Raw(form)
            self._note("shocks", ("shocks",), form)

    def distribution(self):
        path = self._number_path() or self._pick(lambda v: isinstance(v, dict) and "kind" in v)
        self._put("distribution", path, Raw(self.rng.choice(DISTRIBUTIONS)))

    def month(self):
        path = self._pick(lambda v: True, leaf=True)
        months = [p for p in paths(self.tree) if p and p[-1] in MONTH_FIELDS]
        if months:
            path = self.rng.choice(months)
        value = Raw(self.rng.choice(["1e30", "1e308", "-1", "true", "9223372036854775808", "0",
                                     "1e-320", "601", "2.5", ".inf"]))  # fmt: skip
        self._put("month", path, value)

    def random_structure(self):
        text = random_yaml(self.rng, self.vocab)
        if self.rng.random() < 0.3 and isinstance(self.tree, dict):
            section = self.rng.choice(list(self.tree) + ["policies", "correlations", "engine"])
            self._put("random_section", (section,), Raw(text))
        else:
            self._put("random_structure", self._pick(), Raw(text))

    def rename_key(self):
        path = self._pick(lambda v: True)
        if path is None or not isinstance(path[-1], str):
            return
        parent, key = get(self.tree, path[:-1]), path[-1]
        swapped = key[1:2] + key[:1] + key[2:]
        typos = [key[:-1], key + "s", key.upper(), key.replace("_", "-"), swapped]
        odd = ["true", "null", "1", "1.5", "[1, 2]", "!!binary aGk=", json.dumps(key + " ")]
        typo = self.rng.choice(typos) if self.rng.random() < 0.6 else self.rng.choice(odd)
        new_key = Raw(typo) if typo in odd else Raw(json.dumps(typo))
        items = list(parent.items())
        parent.clear()
        for k, v in items:
            parent[new_key if k == key else k] = v
        self._note("rename_key", path, typo)

    def policies(self):
        if not isinstance(self.tree, dict):
            return
        metric = self.rng.choice(["cash", "month", "users", "nope", "true", "[cash]"])
        bound = self.rng.choice(["{below: 2}", "{}", "{below: .nan}", "{above: true}", "2",
                                 "{below: 1e308, above: -1e308}"])  # fmt: skip
        target = self.rng.choice(
            [
                "costs.team.headcount",
                "costs.fixed_per_month",
                "demand",
                "revenue.0.price_per_month",
                "company.name",
                "",
                "x.y",
                "demand.bass.p",
                "revenue.99",
                "financing.rounds.0.amount",
            ]
        )
        value = self.rng.choice(["-1", "1e308", "0", "true", "9223372036854775808", "[1]", ".inf"])
        action = self.rng.choice(["scale", "set"])
        key = target or '""'
        text = f"[{{name: p, when: {{{metric}: {bound}}}, {action}: {{{key}: {value}}}}}]"
        self.tree["policies"] = Raw(text)
        self._note("policies", ("policies",), text)

    def correlations(self):
        if not isinstance(self.tree, dict):
            return
        dists = [dotted(p) for p in paths(self.tree) if isinstance(get(self.tree, p), dict)
                 and "kind" in get(self.tree, p)]  # fmt: skip
        names = self.rng.sample(dists, 2) if len(dists) >= 2 else ["demand.bass.p", "x"]
        matrix = self.rng.choice(["[[1, 0.5], [0.5, 1]]", "[[1, .nan], [.nan, 1]]", "[[1]]",
                                  "[[1, 0], [0]]", "[[1, 2], [2, 1]]", "[[true, 0], [0, true]]",
                                  "[]", "[[1, 1e308], [1e308, 1]]", "x", "[[[1]]]",
                                  "[[1, 0.999999999999], [0.999999999999, 1]]"])  # fmt: skip
        text = f"[{{parameters: [{', '.join(_string(n) for n in names)}], rank_matrix: {matrix}}}]"
        self.tree["correlations"] = Raw(text)
        self._note("correlations", ("correlations",), text)

    def strategy_set(self):
        """Junk in a strategy's ``set`` (checked only when the strategy is applied)."""
        if not isinstance(self.tree, dict):
            return
        strategies = self.tree.get("strategies")
        holder = self.tree if self.tree.get("set") is not None or "name" in self.tree else None
        where: Path_ = ("set",)
        if isinstance(strategies, list) and strategies and isinstance(strategies[0], dict):
            holder, where = strategies[0], ("strategies", 0, "set")
        if holder is None:
            return
        key = self.rng.choice(OVERRIDE_KEYS_BAD + ["costs.team.headcount", "revenue.0"])
        value = Raw(self.rng.choice(SPECIAL_NUMBERS[:17] + ["[1]", "{a: 1}", "true", "null"]))
        sets = holder.get("set") if isinstance(holder.get("set"), dict) else {}
        sets[key] = value
        holder["set"] = sets
        self._note("strategy_set", (*where, key), value.text)

    def new_field(self):
        """One of the fields added with issue 14 and after, with a hostile value, created where
        the document does not have it."""
        if not isinstance(self.tree, dict):
            return
        rng = self.rng

        def v():
            return rng.choice(HOSTILE)

        streams = self._streams()
        names = [s["name"] for s in streams if isinstance(s, dict) and isinstance(
            s.get("name"), str)] + ["nope", "true", "1", "null", "'a b'", "x" * 60]  # fmt: skip
        r = rng.randrange(14)
        if r == 0:
            keys = rng.sample(names, min(len(names), rng.randint(1, 3)))
            text = "{" + ", ".join(f"{k}: {v()}" for k in keys) + "}"
            if rng.random() < 0.2:
                text = rng.choice(["[cloud]", "59", "{cloud: {price: 59}}", "null", "x"])
            self._deep("new_field", ("market", "appeal", "reference_prices"), text,
                       {"rivals": 3})  # fmt: skip
        elif r == 1:
            field_ = rng.choice(["rivals", "price_sensitivity", "quality_weight"])
            self._deep("new_field", ("market", "appeal", field_), v(), {"rivals": 3})
        elif r == 2:
            field_ = rng.choice(["initial", "per_engineer_month", "per_training_run",
                                 "frontier_initial", "frontier_drift_per_month",
                                 "catch_up_share", "catch_up_on"])  # fmt: skip
            value = v() if field_ != "catch_up_on" else rng.choice(
                ["[nope]", "nope", "[price_war, price_war]", "[1]", "[]", "[true]"])  # fmt: skip
            self._deep("new_field", ("market", "quality", field_), value)
        elif r == 3:
            field_ = rng.choice(["base_per_month", "per_market_share", "price_factor"])
            self._deep("new_field", ("market", "entrants", field_), v())
        elif r == 4:
            field_ = rng.choice(["reference_per_month", "elasticity"])
            self._deep("new_field", ("market", "marketing", field_), v(),
                       {"reference_per_month": 1000, "elasticity": 0.5})  # fmt: skip
        elif r == 5:
            field_ = rng.choice(["hiring_months", "ramp_months", "severance_months"])
            self._deep("new_field", ("costs", "team", field_), v())
        elif r in (6, 7, 8):
            k, stream = self._contracts(streams)
            if stream is None:
                return
            if r == 6:
                cycle = {"mean_months": v(), "sd_months": v()}
                if rng.random() < 0.3:
                    del cycle[rng.choice(list(cycle))]
                if rng.random() < 0.2:
                    stream["sales_cycle_months"] = Raw(v())
                text = "{" + ", ".join(f"{a}: {b}" for a, b in cycle.items()) + "}"
                text = text if rng.random() < 0.9 else rng.choice(["3", "[3, 1]", "x"])
                self._put("new_field", ("revenue", k, "sales_cycle"), Raw(text))
            elif r == 7:
                team = {"deals_per_rep_per_month": v()}
                for part in rng.sample(["reps", "share_of_team"], rng.randint(0, 2)):
                    team[part] = v()
                text = "{" + ", ".join(f"{a}: {b}" for a, b in team.items()) + "}"
                self._put("new_field", ("revenue", k, "sales_team"), Raw(text))
            else:
                self._put("new_field", ("revenue", k, "payment_terms_months"), Raw(v()))
        elif r == 9:
            field_ = rng.choice(["investors_share", "investors_share", "liquidation_preference",
                                 "participating"])  # fmt: skip
            value = rng.choice(SHARE_EDGES) if field_ == "investors_share" else v()
            self._deep("new_field", ("financing", "initial_round", field_), value,
                       {"investors_share": 0.2})  # fmt: skip
        elif r == 10:
            self._deep("new_field", ("financing", "climate"), rng.choice(CLIMATE_FORMS))
        elif r == 11:
            switch = {"to": rng.choice(["winter", "nope", "{size_factor: 1e308}", "null"]),
                      "probability_per_month": v(), "from_month": v()}  # fmt: skip
            text = "{" + ", ".join(f"{a}: {b}" for a, b in switch.items()) + "}"
            self._deep("new_field", ("financing", "climate_switch"), text)
        elif r == 12:
            part, fields = rng.choice([
                ("acquisition", ["probability_per_month", "reference_arr", "premium",
                                 "max_probability_per_month", "from_month"]),
                ("acquihire", ["probability_per_month", "below_arr", "interest_per_year",
                               "from_month"]),
                ("shutdown", ["runway_below_months", "flat_revenue_months", "from_month"]),
            ])  # fmt: skip
            self._deep(
                "new_field",
                ("exits", part, rng.choice(fields)),
                v(),
                {"probability_per_month": 0.01} if part == "acquihire" else {},
            )
        else:
            text = rng.choice(["null", "{}", "{shutdown: null}", "{acquisition: {}}", "[]",
                               "{acquihire: {}}", "{market: 1}"])  # fmt: skip
            where = rng.choice(
                [
                    ("exits",),
                    ("market",),
                    ("market", "appeal"),
                    ("market", "quality"),
                    ("financing", "initial_round"),
                ]
            )
            self._deep("new_field", where, text)

    def _streams(self) -> list:
        revenue = self.tree.get("revenue")
        return revenue if isinstance(revenue, list) else []

    def _contracts(self, streams: list):
        """A contracts stream of the document (its index and mapping), added if there is none."""
        found = [(k, s) for k, s in enumerate(streams)
                 if isinstance(s, dict) and s.get("kind") == "contracts"]  # fmt: skip
        if found:
            return self.rng.choice(found)
        if not isinstance(self.tree.get("revenue", []), list):
            return None, None
        stream = {"kind": "contracts", "name": "fz", "win_rate": 0.3, "deal_size": 1000}
        self.tree.setdefault("revenue", []).append(stream)
        return len(self.tree["revenue"]) - 1, stream

    def _deep(self, op: str, path: Path_, text: str, fill: dict | None = None) -> None:
        """``text`` at ``path``, making the mappings on the way (``fill``: the required fields
        of the innermost one when it is new)."""
        node = self.tree
        for depth, key in enumerate(path[:-1]):
            if not isinstance(node.get(key), dict):
                if key in node and node[key] is not None:
                    return  # damaged by an earlier mutation: leave it
                node[key] = dict(fill or {}) if depth == len(path) - 2 else {}
            node = node[key]
        self._put(op, path, Raw(text))


OPS = [  # (name, weight)
    ("delete_key", 8), ("duplicate_key", 5), ("retype", 10), ("bool_number", 10),
    ("special_number", 12), ("string_list_swap", 6), ("alias_bomb", 1), ("alias_cycle", 2),
    ("deep_nesting", 2), ("long_string", 2), ("seasonality", 6), ("shocks", 6),
    ("distribution", 6), ("month", 5), ("random_structure", 6), ("rename_key", 4),
    ("policies", 3), ("correlations", 3), ("strategy_set", 2), ("new_field", 12),
]  # fmt: skip


def mutate_text(rng: random.Random, text: str) -> str:
    """Text-level damage: truncation, stray characters, moved or re-indented lines."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(6)
        if op == 0 and text:
            text = text[: rng.randrange(len(text))]
        elif op == 1:
            at = rng.randrange(len(text) + 1)
            junk = rng.choice(
                [
                    ":",
                    "- ",
                    "[",
                    "{",
                    "&a ",
                    "*a",
                    "!",
                    "%",
                    "|",
                    ">",
                    "\t",
                    "\x00",
                    "\ufeff",
                    "\x85",
                    "\u2028",
                    "'",
                    '"',
                    "#",
                    "? ",
                    "@",
                    "`",
                    "\r",
                ]
            )
            text = text[:at] + junk * rng.choice([1, 1, 3, 50]) + text[at:]
        elif lines:
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if op == 2:
                lines[i], lines[j] = lines[j], lines[i]
            elif op == 3:
                lines.insert(i, lines[j])
            elif op == 4:
                lines[i] = " " * rng.choice([1, 3, 7]) + lines[i]
            else:
                del lines[i]
            text = "".join(lines)
        lines = text.splitlines(keepends=True)
    return text


def random_document(rng: random.Random, vocab: list[str]) -> str:
    head = rng.choice(["", "", "%YAML 1.1\n---\n", "%YAML 1.3\n---\n", "%TAG ! tag:x,2000:\n---\n",
                       "---\n", "--- !!map\n", "\ufeff"])  # fmt: skip
    keys = rng.sample(vocab[:12] + ["x"], rng.randint(0, 6))
    body = "".join(f"{k}: {random_yaml(rng, vocab)}\n" for k in keys)
    tail = rng.choice(["", "", "...\n", "---\nb: 1\n", "--- x\n"])
    return head + body + tail


def overrides_for(rng: random.Random, tree: Any) -> list[str]:
    found = []
    for p in paths(tree):
        if p and all(isinstance(x, str | int) for x in p) and not isinstance(get(tree, p), Raw):
            found.append(".".join(str(x) for x in p))
    out = []
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        if r < 0.2:
            out.append(rng.choice(OVERRIDE_KEYS_BAD) + "=" + rng.choice(["1", "x", "100"]))
        elif r < 0.3:
            out.append(rng.choice(["nokey", "=", "==", "a=", " = 1", "\x00=1"]))
        else:
            key = rng.choice(found) if found else "company.name"
            out.append(f"{key}={rng.choice(OVERRIDE_VALUES)}")
    return out


def make_doc(seed: int, index: int, bases: list[Base], vocab: list[str]) -> Doc:
    """Document ``index``: a function of the seed and the index only."""
    rng = random.Random(f"{seed}:{index}")
    scenarios = [b for b in bases if b.kind == "scenario"]
    strategies = [b for b in bases if b.kind == "strategy"]
    r = rng.random()
    if r < 0.05:
        text = random_document(rng, vocab)
        return Doc(index, "(random)", "load", text, mutations=[_whole("random_document")])
    base = rng.choice(strategies if r < 0.13 and strategies else scenarios)
    tree = copy.deepcopy(base.tree)
    if 0.13 <= r < 0.19:  # text-level damage
        text = mutate_text(rng, emit(tree))
        return Doc(index, base.name, _target_for(base), text, mutations=[_whole("text_damage")])
    mut = Mutator(rng, tree, vocab)
    names, weights = zip(*OPS, strict=True)
    for _ in range(1 + (rng.random() < 0.35) + (rng.random() < 0.1)):
        getattr(mut, rng.choices(names, weights)[0])()
    target = _target_for(base)
    doc = Doc(index, base.name, target, emit(mut.tree), mut.tree, mut.log)
    if target == "load":
        t = rng.random()
        if t < 0.1:
            doc.target, doc.overrides = "load+set", overrides_for(rng, base.tree)
        elif t < 0.18 and base.tree.get("strategies"):
            doc.target = "load+strategy"
            offered = [s.get("name") for s in base.tree["strategies"] if isinstance(s, dict)]
            doc.strategy = rng.choice(offered + ["nope"])
    return doc


def _whole(op: str) -> dict:
    return {"op": op, "path": "(document)", "detail": ""}


def _target_for(base: Base) -> str:
    return "load_strategies" if base.kind == "strategy" else "load"


def vocabulary(bases: list[Base]) -> list[str]:
    top = ["company", "financing", "demand", "revenue", "costs", "shocks", "policies",
           "strategies", "correlations", "engine", "sources", "assumptions"]  # fmt: skip
    words = set()
    for b in bases:
        for p in paths(b.tree):
            words.update(x for x in p if isinstance(x, str))
    kinds = [
        "lognormal",
        "normal",
        "uniform",
        "pert",
        "triangular",
        "beta",
        "choice",
        "fixed",
        "subscription",
        "per_job",
        "usage",
        "one_off",
        "contracts",
        "flat",
        "sbg",
    ]
    return top + sorted(words - set(top)) + [f"{{kind: {k}}}" for k in kinds]


# --------------------------------------------------------------------------- worker side


def _vm(field_name: str, pid: str = "self") -> float:
    """VmRSS / VmHWM of a process in MB (0 where /proc is not there)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def worker_main(conn, workdir: str) -> None:
    """Load each job's document and send back how it went (runs in a worker process)."""
    import sim
    from sim.scenario import loading

    project = Path(sim.__file__).resolve().parent.parent
    case = Path(workdir) / "case.yaml"
    conn.send({"ready": True})
    while True:
        job = conn.recv()
        if job is None:
            return
        case.write_bytes(job["data"])
        loading._parsed.cache_clear()
        loading._value.cache_clear()
        _reset_peak()
        rss0 = _vm("VmRSS")
        result: dict[str, Any] = {}
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if job["target"] == "load_strategies":
                    got = sim.load_strategies(case)
                else:
                    got = sim.load(case, overrides=job["overrides"] or None,
                                   strategy=job["strategy"])  # fmt: skip
                result["elapsed"] = time.perf_counter() - start
                result["outcome"] = "accepted"
                result["flags"] = _audit_loaded(got, job, loading)
                if job.get("run_paths") and not isinstance(got, list):
                    _run_briefly(got, job["run_paths"])
            except sim.ScenarioError as e:
                result["outcome"] = "clean"
                result["message"] = _normalise(str(e).split("\n", 1)[0], case)
            except BaseException as e:  # noqa: BLE001 - classifying every failure is the point
                result.update(_describe_exception(e, project, case))
        result.setdefault("elapsed", time.perf_counter() - start)
        result["warnings"] = sorted({f"{w.category.__name__}: {w.message}"[:160] for w in caught})
        result["peak_mb"] = round(_vm("VmHWM"), 1)
        result["peak_delta_mb"] = round(max(0.0, _vm("VmHWM") - rss0), 1)
        try:
            conn.send(result)
        except Exception as e:  # noqa: BLE001 - e.g. an unpicklable message
            conn.send(
                {
                    "outcome": "exception",
                    "type": type(e).__name__,
                    "message": str(e)[:300],
                    "frame": "(sending the result)",
                    "elapsed": result["elapsed"],
                }
            )


def _run_briefly(loaded: Any, paths: int) -> None:
    """Simulate an accepted scenario (``paths`` paths, at most 36 months): a traceback is an
    ``exception``, a numpy warning (overflow, division by zero) makes it ``suspicious``, and
    figures that are not finite raise (JSON refuses NaN and infinity)."""
    from sim.analysis.results import run

    months = min(loaded.scenario.months, 36)
    json.dumps(run(loaded, paths=paths, seed=0, months=months).summary(), allow_nan=False)


def _normalise(message: str, case: Path) -> str:
    return message.replace(str(case), "FILE")[:300]


def _describe_exception(e: BaseException, project: Path, case: Path) -> dict:
    frames = traceback.extract_tb(e.__traceback__)
    own = [f for f in frames if _own(f.filename, project)]
    inner = own[-1] if own else None
    last = frames[-1] if frames else None

    def where(f):
        if f is None:
            return ""
        try:
            name = Path(f.filename).resolve().relative_to(project)
        except ValueError:
            name = Path(f.filename).name
        return f"{name}:{f.lineno} {f.name}"

    return {
        "outcome": "exception",
        "type": type(e).__name__,
        "message": _normalise(str(e), case),
        "frame": where(inner),
        "innermost": where(last),
    }


def _own(filename: str, project: Path) -> bool:
    path = Path(filename)
    return any(path.is_relative_to(project / part) for part in ("sim", "cli"))


def _audit_loaded(got: Any, job: dict, loading) -> list[str]:
    """Signs that an accepted document was taken absurdly: ``kind|path|detail`` strings."""
    flags: list[str] = []
    try:
        raw = loading._plain(loading.parse_yaml(job["data"].decode("utf-8"), "x", what="x"))
    except Exception:  # noqa: BLE001 - the audit must never fail a load
        raw = None
    models = got if isinstance(got, list) else [got.scenario]
    for i, model in enumerate(models):
        node_raw = raw if not isinstance(got, list) else None
        if isinstance(got, list) and isinstance(raw, dict):
            node_raw = raw if "strategies" not in raw else _index(raw.get("strategies"), i)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _audit(model, node_raw, "", flags)
    return sorted(set(flags))[:20]


def _index(seq: Any, i: int) -> Any:
    return seq[i] if isinstance(seq, list) and i < len(seq) else None


def _audit(node: Any, raw: Any, path: str, flags: list[str]) -> None:
    from pydantic import BaseModel

    from sim.scenario.distributions import _Dist

    if isinstance(node, _Dist):
        try:
            lo, hi = node.support()
            mean = node.mean()
        except Exception as e:  # noqa: BLE001
            flags.append(f"distribution_fails|{path}|{type(e).__name__}")
            return
        if math.isnan(lo) or math.isnan(hi):
            flags.append(f"nan_support|{path}|{node.kind} support [{lo}, {hi}]: bounds unchecked")
        elif not math.isfinite(mean):
            flags.append(f"nonfinite_mean|{path}|{node.kind} mean {mean}")
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            key = info.alias or name
            sub = raw.get(key) if isinstance(raw, dict) else None
            _audit(getattr(node, name), sub, f"{path}.{key}".lstrip("."), flags)
        return
    if isinstance(node, dict):
        for k, v in node.items():
            sub, raw_key = None, None
            if isinstance(raw, dict):
                for rk in raw:
                    if rk == k and type(rk) is type(k):
                        raw_key = rk
                        break
                else:
                    raw_key = next((rk for rk in raw if _same_key(rk, k)), None)
                if raw_key is not None:
                    sub = raw[raw_key]
                    if type(raw_key) is not type(k):
                        flags.append(f"key_coerced|{path}|key {raw_key!r} taken as {k!r}")
            _audit(v, sub, f"{path}.{k}", flags)
        return
    if isinstance(node, list | tuple):
        for i, v in enumerate(node):
            _audit(v, _index(raw, i), f"{path}[]", flags)
        return
    if isinstance(raw, bool) and not isinstance(node, bool) and isinstance(node, int | float):
        flags.append(f"bool_as_number|{path}|{raw!r} taken as {node!r}")
    elif isinstance(raw, str) and not isinstance(node, str) and isinstance(node, int | float):
        flags.append(f"string_as_number|{path}|{raw[:20]!r} taken as {node!r}")
    elif isinstance(raw, bytes | bytearray) and isinstance(node, str):
        flags.append(f"bytes_as_string|{path}|!!binary taken as {node[:20]!r}")
    if isinstance(node, int) and not isinstance(node, bool) and node.bit_length() > 1000:
        flags.append(f"huge_number|{path}|an integer of {len(str(node))} digits")
        return  # too large for the float comparisons below
    if isinstance(node, int | float) and not isinstance(node, bool):
        leaf = path.rsplit(".", 1)[-1].rstrip("[]")
        if math.isfinite(node) and abs(node) > 1e15:
            flags.append(f"huge_number|{path}|{node!r}")
        elif 0 < abs(node) < 1e-300:
            flags.append(f"subnormal|{path}|{node!r}")
        if leaf in MONTH_FIELDS and math.isfinite(node) and node > 600:
            flags.append(f"month_beyond_600|{path}|{node!r}")
        if (".set." in f".{path}" or ".scale." in f".{path}") and node < 0:
            flags.append(f"negative_policy_value|{path}|{node!r}")


def _same_key(raw_key: Any, key: Any) -> bool:
    if isinstance(raw_key, bool):
        return int(raw_key) == key
    try:
        return isinstance(key, int) and int(str(raw_key).strip()) == key
    except ValueError:
        return False


# --------------------------------------------------------------------------- worker pool


class Pool:
    """Worker processes, each loading one document at a time under a time and memory limit."""

    def __init__(self, jobs: int, timeout: float, mem_limit_mb: float, workdir: Path):
        self.ctx = mp.get_context("spawn")
        self.timeout, self.mem_limit = timeout, mem_limit_mb
        self.workdir = workdir
        self.slots: list[dict] = [self._start(i) for i in range(jobs)]
        for slot in self.slots:
            slot["conn"].recv()  # ready

    def _start(self, i: int) -> dict:
        folder = self.workdir / f"w{i}"
        folder.mkdir(parents=True, exist_ok=True)
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker_main, args=(child, str(folder)), daemon=True)
        proc.start()
        child.close()
        return {"i": i, "proc": proc, "conn": parent, "job": None, "since": 0.0, "peak": 0.0}

    def _restart(self, slot: dict) -> None:
        slot["proc"].kill()
        slot["proc"].join()
        slot["conn"].close()
        fresh = self._start(slot["i"])
        fresh["conn"].recv()
        slot.update(fresh)

    def run(self, tasks: Iterator[Generator]) -> None:
        """Drive generators: each yields jobs and receives their results (``send``)."""
        tasks = iter(tasks)
        active: dict[int, Generator] = {}  # slot -> the generator whose job it runs
        more = True
        while True:
            for slot in self.slots:
                if slot["job"] is not None:
                    continue
                job = None
                gen = active.pop(slot["i"], None)
                if gen is not None:
                    job = self._advance(gen, slot.pop("result"))
                while job is None and more:
                    gen = next(tasks, None)
                    if gen is None:
                        more = False
                    else:
                        job = self._advance(gen, None)
                if job is not None:
                    active[slot["i"]] = gen
                    slot["conn"].send(job)
                    slot["job"], slot["since"], slot["peak"] = job, time.monotonic(), 0.0
            busy = [s for s in self.slots if s["job"] is not None]
            if not busy:
                return
            ready = wait([s["conn"] for s in busy], timeout=0.05)
            now = time.monotonic()
            for slot in busy:
                if slot["conn"] in ready:
                    try:
                        slot["result"] = slot["conn"].recv()
                    except (EOFError, OSError):
                        slot["proc"].join(1)
                        slot["result"] = {
                            "outcome": "crash", "elapsed": now - slot["since"],
                            "message": f"worker died (exit code {slot['proc'].exitcode})",
                        }  # fmt: skip
                        self._restart(slot)
                    slot["job"] = None
                    continue
                rss = _vm("VmRSS", str(slot["proc"].pid))
                slot["peak"] = max(slot["peak"], rss)
                over_time = now - slot["since"] > self.timeout
                if over_time or rss > self.mem_limit:
                    slot["result"] = {
                        "outcome": "hang" if over_time else "memory",
                        "elapsed": now - slot["since"], "peak_mb": round(slot["peak"], 1),
                        "message": f"killed after {now - slot['since']:.1f} s at {rss:.0f} MB",
                    }  # fmt: skip
                    self._restart(slot)
                    slot["job"] = None

    @staticmethod
    def _advance(gen: Generator, result: dict | None):
        try:
            return gen.send(result) if result is not None else next(gen)
        except StopIteration:
            return None

    def close(self) -> None:
        for slot in self.slots:
            try:
                slot["conn"].send(None)
            except OSError:
                pass
            slot["proc"].join(2)
            if slot["proc"].is_alive():
                slot["proc"].kill()


# --------------------------------------------------------------------------- classes


RUN_PATHS = 0
"""``--run``: paths to simulate each accepted scenario with (0: load only)."""


def job_for(doc: Doc, text: str | None = None, tree: Any = None, overrides=None) -> dict:
    if text is None:
        text = emit(tree) if tree is not None else doc.text
    return {
        "data": text.encode("utf-8", "surrogatepass"),
        "target": doc.target,
        "overrides": list(doc.overrides if overrides is None else overrides),
        "strategy": doc.strategy,
        "run_paths": RUN_PATHS,
    }


def classify(result: dict, slow: float) -> str:
    outcome = result["outcome"]
    if outcome in ("hang", "memory", "crash", "exception"):
        return outcome
    if result.get("elapsed", 0) > slow:
        return "slow"
    if outcome == "accepted" and (result.get("flags") or result.get("warnings")):
        return "suspicious"
    return outcome


def signature(cls: str, result: dict) -> str:
    """What makes two cases the same failure (the reproducer must keep it)."""
    if cls == "exception":
        frame = result.get("frame") or result.get("innermost") or "?"
        return f"exception|{result['type']}|{_function(frame)}"
    if cls == "suspicious":
        flags = result.get("flags") or [f"warning|{w.split(':')[0]}" for w in result["warnings"]]
        kind, path = (flags[0].split("|") + ["", ""])[:2]
        return f"suspicious|{kind}|{_field(path)}"
    if cls == "slow":
        inner = result["outcome"]
        return f"slow|{inner}|{result.get('type', '')}|{_function(result.get('frame', ''))}"
    return f"{cls}|"


_DIST_KEYS = r"(low|mode|high|mean|sd|value|values|weights|alpha|beta)"


def _field(path: str) -> str:
    """A flagged path as a field of the schema: ``revenue[].price.high`` -> ``revenue[].price``;
    free-form keys (a strategy's ``set``, a policy's ``scale``, month keys) are cut off."""
    path = re.sub(r"\.(set|scale)\..*$", r".\1", path)
    path = re.sub(r"\.\d+(?=\.|$)", "", path)
    return re.sub(rf"\.{_DIST_KEYS}(\[\])?$", "", path) or path


def _function(frame: str) -> str:
    """``sim/x.py:12 fn`` -> ``sim/x.py fn`` (line numbers move; the function does not)."""
    return re.sub(r":\d+ ", " ", frame)


def reproduces(sig: str, result: dict, slow: float) -> bool:
    cls = classify(result, slow)
    if sig.startswith("suspicious|"):
        if cls != "suspicious":
            return False
        want = sig.split("|")[1:]
        return any(f.split("|")[0] == want[0] for f in result.get("flags", [])) or (
            want[0] == "warning" and bool(result.get("warnings"))
        )
    if sig.startswith(("hang|", "memory|")):
        return cls in ("hang", "memory")
    return signature(cls, result) == sig


# --------------------------------------------------------------------------- reduction

SKELETON = {"company": {"name": "x"}, "financing": {"initial_cash": 1}}


def reduce_doc(doc: Doc, sig: str, slow: float, thorough: bool, budget_s: float):
    """Generator: yields jobs, receives results, returns the smallest (text, tree, overrides)
    found that still fails with signature ``sig``."""
    deadline = time.monotonic() + budget_s
    best_tree, best_text, overrides = doc.tree, doc.text, list(doc.overrides)

    def check(tree=None, text=None, ovr=None):
        result = yield job_for(doc, text=text, tree=tree, overrides=ovr)
        return reproduces(sig, result, slow)

    if doc.tree is not None and isinstance(doc.tree, dict) and doc.base != "(random)":
        touched = {m["path"].split(".")[0].split("[")[0] for m in doc.mutations}
        focus = copy.deepcopy(SKELETON) if doc.target != "load_strategies" else {"name": "x"}
        for key, value in doc.tree.items():
            if (isinstance(key, str) and key in touched) or isinstance(key, Raw):
                focus[key] = copy.deepcopy(value)
            elif doc.target == "load+strategy" and key == "strategies":
                focus[key] = copy.deepcopy(value)
        if focus != doc.tree and (yield from check(tree=focus)):
            best_tree = focus
    if not thorough:
        return _final(best_tree, best_text, overrides)
    for i in range(len(overrides) - 1, -1, -1):
        if time.monotonic() > deadline:
            break
        fewer = overrides[:i] + overrides[i + 1 :]
        if (yield from check(tree=best_tree, text=None if best_tree else best_text, ovr=fewer)):
            overrides = fewer
    if best_tree is not None:
        best_tree = yield from _reduce_tree(best_tree, check, deadline, overrides)
    else:
        best_text = yield from _reduce_lines(best_text, check, deadline, overrides)
    return _final(best_tree, best_text, overrides)


def _final(tree, text, overrides):
    return (emit(tree) if tree is not None else text), tree, overrides


def _reduce_tree(tree, check, deadline, overrides):
    """Delete children top-down (halves first, then smaller runs) while the failure stays;
    shorten long plain strings."""
    queue = [()]
    while queue and time.monotonic() < deadline:
        path = queue.pop(0)
        try:
            node = get(tree, path)
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(node, dict | list):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            chunk = max(1, len(keys) // 2)
            while chunk >= 1 and keys and time.monotonic() < deadline:
                i = 0
                while i < len(keys) and time.monotonic() < deadline:
                    gone = keys[i : i + chunk]
                    trial = copy.deepcopy(tree)
                    parent = get(trial, path)
                    if isinstance(node, list):
                        for key in sorted(gone, reverse=True):
                            del parent[key]
                    else:  # keys may be Raw (compared by identity): delete by position
                        order = list(node)
                        names = list(parent)
                        for key in gone:
                            del parent[names[order.index(key)]]
                    if (yield from check(tree=trial, ovr=overrides)):
                        tree = trial
                        node = get(tree, path)
                        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
                    else:
                        i += chunk
                chunk //= 2
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            queue.extend((*path, key) for key in keys)
        elif isinstance(node, str) and len(node) > 12:
            trial = put(copy.deepcopy(tree), path, "x")
            if (yield from check(tree=trial, ovr=overrides)):
                tree = trial
    return tree


def _reduce_lines(text, check, deadline, overrides):
    lines = text.splitlines(keepends=True)
    chunk = max(1, len(lines) // 2)
    while chunk >= 1 and time.monotonic() < deadline:
        i = 0
        while i < len(lines) and time.monotonic() < deadline:
            trial = lines[:i] + lines[i + chunk :]
            if trial and (yield from check(text="".join(trial), ovr=overrides)):
                lines = trial
            else:
                i += chunk
        chunk //= 2
    return "".join(lines)


# --------------------------------------------------------------------------- main


def project_root() -> Path:
    spec = importlib.util.find_spec("sim")
    if spec is None or spec.origin is None:
        raise SystemExit("the sim package is not importable from this Python")
    return Path(spec.origin).resolve().parent.parent


def one_line(text: str, limit: int = 220) -> str:
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="documents to try (default 10000)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the documents (default 1)")
    ap.add_argument("--timeout", type=float, default=10.0, help="seconds before a hang (10)")
    ap.add_argument("--slow", type=float, default=1.0, help="seconds before slow (1)")
    ap.add_argument("--mem-limit-mb", type=float, default=3072, help="kill a worker above this")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="workers")
    ap.add_argument(
        "--out",
        type=Path,
        default=Path(tempfile.gettempdir()) / "fuzz_cases",
        help="folder for the reproducers, index.json and summary.json",
    )
    ap.add_argument("--root", type=Path, default=None, help="project with scenarios/ (default: "
                    "the one of the importable sim package)")  # fmt: skip
    ap.add_argument(
        "--reduce-first",
        type=int,
        default=3,
        help="reduce this many cases of each failure thoroughly (others: one try)",
    )
    ap.add_argument("--reduce-budget", type=float, default=20.0, help="seconds per thorough case")
    ap.add_argument(
        "--reduce-total",
        type=float,
        default=900.0,
        help="seconds for all thorough reductions (after that: one try per case)",
    )
    ap.add_argument("--show", type=int, default=None, metavar="I", help="print document I, exit")
    ap.add_argument(
        "--run",
        type=int,
        default=0,
        metavar="PATHS",
        help="also simulate each accepted scenario with PATHS paths for up to 36 months: its "
        "figures must be finite, without numpy warnings (0: off)",
    )
    args = ap.parse_args(argv)
    global RUN_PATHS
    RUN_PATHS = args.run

    root = args.root or project_root()
    bases = load_bases(root)
    vocab = vocabulary(bases)
    if args.show is not None:
        doc = make_doc(args.seed, args.show, bases, vocab)
        print(json.dumps({k: v for k, v in doc.__dict__.items() if k not in ("text", "tree")}))
        sys.stdout.write(doc.text)
        return 0

    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.yaml"):
        old.unlink()
    workdir = Path(tempfile.mkdtemp(prefix="fuzz_load_"))
    started = time.monotonic()
    pool = Pool(args.jobs, args.timeout, args.mem_limit_mb, workdir)
    results: dict[int, dict] = {}
    docs: dict[int, Doc] = {}
    try:
        baseline = _check_baseline(pool, bases, args.slow)
        pool.run(_phase(args, bases, vocab, docs, results))
        fuzz_seconds = time.monotonic() - started
        cases = _reduce_all(pool, args, docs, results)
    finally:
        pool.close()
        shutil.rmtree(workdir, ignore_errors=True)
    summary = _summarise(args, docs, results, cases, baseline, fuzz_seconds, started)
    _print_summary(summary)
    return 0


def _check_baseline(pool: Pool, bases: list[Base], slow: float) -> dict:
    """The unmutated documents, written by this script's emitter, must load as before."""
    out: dict[str, str] = {}

    def task(base):
        doc = Doc(-1, base.name, _target_for(base), emit(base.tree))
        result = yield job_for(doc)
        out[base.name] = classify(result, slow)
        if result["outcome"] != "accepted" and base.valid:
            print(f"warning: baseline {base.name} not accepted: {result}", file=sys.stderr)

    pool.run(task(b) for b in bases)
    return out


def _phase(args, bases, vocab, docs, results):
    progress_every = max(1, args.n // 20)

    def task(i):
        doc = make_doc(args.seed, i, bases, vocab)
        docs[i] = doc
        result = yield job_for(doc)
        results[i] = result
        if classify(result, args.slow) in ("clean", "accepted"):
            doc.text, doc.tree = "", None  # kept only for the cases written out
        if len(results) % progress_every == 0:
            counts = Counter(classify(r, args.slow) for r in results.values())
            print(
                f"  {len(results):>6}/{args.n}  "
                + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())),
                file=sys.stderr,
                flush=True,
            )

    for i in range(args.n):
        yield task(i)


def _reduce_all(pool, args, docs, results) -> list[dict]:
    cases: list[dict] = []
    seen: Counter = Counter()

    def task(i, sig, thorough):
        doc, result = docs[i], results[i]
        budget = args.reduce_budget if thorough else args.timeout * 2
        text, tree, overrides = yield from reduce_doc(doc, sig, args.slow, thorough, budget)
        cls = classify(result, args.slow)
        digest = hashlib.sha1(sig.encode()).hexdigest()[:8]
        name = f"{cls}-{digest}-{i:05d}.yaml"
        (args.out / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        cases.append({
            "file": name, "index": i, "seed": args.seed, "class": cls, "signature": sig,
            "base": doc.base, "target": doc.target, "overrides": overrides,
            "strategy": doc.strategy, "mutations": doc.mutations,
            "type": result.get("type"), "message": result.get("message"),
            "frame": result.get("frame"), "innermost": result.get("innermost"),
            "flags": result.get("flags"), "warnings": result.get("warnings"),
            "elapsed": round(result.get("elapsed", 0), 3), "peak_mb": result.get("peak_mb"),
            "reduced": thorough, "bytes": len(text),
            "one_line": one_line(text) + "".join(f"  --set {o!r}" for o in overrides)
            + (f"  strategy={doc.strategy!r}" if doc.target == "load+strategy" else "")
            + ("  (load_strategies)" if doc.target == "load_strategies" else ""),
        })  # fmt: skip

    stop_thorough = time.monotonic() + args.reduce_total

    def tasks():
        for i in sorted(results):
            cls = classify(results[i], args.slow)
            if cls in ("clean", "accepted"):
                continue
            sig = signature(cls, results[i])
            seen[sig] += 1
            thorough = seen[sig] <= args.reduce_first and time.monotonic() < stop_thorough
            yield task(i, sig, thorough)

    pool.run(tasks())
    cases.sort(key=lambda c: c["index"])
    return cases


def _summarise(args, docs, results, cases, baseline, fuzz_seconds, started) -> dict:
    classes = {i: classify(r, args.slow) for i, r in results.items()}
    by_target: dict[str, Counter] = defaultdict(Counter)
    for i, cls in classes.items():
        by_target[docs[i].target][cls] += 1
    groups: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        groups[case["signature"]].append(case)
    failures = []
    for sig, members in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        smallest = min(members, key=lambda c: (not c["reduced"], c["bytes"]))
        failures.append({
            "signature": sig, "count": len(members), "class": members[0]["class"],
            "type": members[0]["type"], "frame": smallest["frame"],
            "messages": sorted({str(c["message"])[:120] for c in members})[:3],
            "flags": sorted({f for c in members for f in (c["flags"] or [])})[:4],
            "reproducer": smallest["file"], "one_line": smallest["one_line"],
            "ops": Counter(m["op"] for c in members for m in c["mutations"]).most_common(3),
        })  # fmt: skip
    peaks = sorted((r.get("peak_mb") or 0, i) for i, r in results.items())
    summary = {
        "n": args.n, "seed": args.seed, "timeout": args.timeout, "slow": args.slow,
        "seconds_fuzzing": round(fuzz_seconds, 1),
        "seconds_total": round(time.monotonic() - started, 1),
        "baseline": baseline, "counts": dict(Counter(classes.values()).most_common()),
        "by_target": {t: dict(c) for t, c in by_target.items()},
        "peak_mb_max": peaks[-3:] if peaks else [],
        "suspicious_by_kind": dict(Counter(
            f.split("|")[0]
            for c in cases
            if c["class"] == "suspicious"
            for f in (c["flags"] or ["warning"])
        ).most_common()),
        "failures": failures,
    }  # fmt: skip
    (args.out / "index.json").write_text(json.dumps(cases, indent=1, ensure_ascii=False))
    (args.out / "summary.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    return summary


def _print_summary(s: dict) -> None:
    print(f"\nfuzz_load: {s['n']} documents, seed {s['seed']}, {s['seconds_fuzzing']} s "
          f"fuzzing, {s['seconds_total']} s with reduction")  # fmt: skip
    print("\n  outcome      count   share")
    for cls, count in s["counts"].items():
        print(f"  {cls:<11} {count:>6}  {count / s['n']:6.1%}")
    print("\n  target            " + "  ".join(f"{c:>10}" for c in s["counts"]))
    for target, counts in sorted(s["by_target"].items()):
        print(f"  {target:<16}  " + "  ".join(f"{counts.get(c, 0):>10}" for c in s["counts"]))
    print("\n  failures (count, signature, example)")
    for f in s["failures"]:
        print(f"  {f['count']:>5}  {f['signature']}")
        detail = f["messages"][0] if f["class"] != "suspicious" else ", ".join(f["flags"][:2])
        print(f"         {str(detail)[:95]}")
        print(f"         {f['reproducer']}: {f['one_line'][:80]}")
    print(
        "\n  suspicious acceptances by kind (a case may have several): "
        + ", ".join(f"{k} {v}" for k, v in s["suspicious_by_kind"].items())
    )
    print(f"\n  largest peak RSS (MB, document): {s['peak_mb_max']}")


if __name__ == "__main__":
    sys.exit(main())
