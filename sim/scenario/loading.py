"""Read a scenario file safely and explain every problem with its file, line and key.

YAML is parsed by ruamel.yaml's round-trip loader, which builds only plain mappings,
sequences and scalars (never Python objects) and remembers where each key stands, so a
pydantic error location can be turned into ``dify.yaml:14 revenue[0].price_per_month``.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap

from sim.scenario import Scenario
from sim.scenario.base import Model
from sim.scenario.reading import ScenarioError, parse_value, parse_yaml, read_bytes
from sim.scenario.strategy import Strategy

__all__ = [
    "LoadedScenario",
    "ScenarioError",
    "apply_override",
    "apply_strategy",
    "load",
    "load_strategies",
    "parse_yaml",
    "set_value",
    "validate",
]

Origin = tuple[tuple, str]
"""Where a value came from when it was not in the file: its place in the document (keys and
list indices) and how to name it in a message (``--set KEY=VALUE``)."""


@dataclass(frozen=True)
class LoadedScenario:
    scenario: Scenario
    path: Path
    sha256: str
    strategy: str | None = None  # name of the strategy applied, if any


class _Strategies(Model):
    strategies: list[Strategy]


def load(
    path: str | Path,
    overrides: list[str] | None = None,
    strategy: str | Strategy | None = None,
    *,
    text: str | None = None,
) -> LoadedScenario:
    """Load and validate a scenario file, with ``dotted.key=VALUE`` overrides applied and,
    optionally, a strategy (by name from the file's ``strategies``, or a :class:`Strategy`).

    ``path`` is a file, or the name of a packaged archetype (``"dify"``) when no such file
    exists (:func:`sim.scenario.library.resolve`). With ``text``, that is the file's content
    and ``path`` only names it in messages (a Dask worker that has no copy of the file).

    Raises :class:`ScenarioError` with a message naming the file, the line and the key.
    """
    from sim.scenario.library import resolve  # it names this module's ScenarioError

    path = resolve(path) if text is None else Path(path)
    raw = read_bytes(path) if text is None else text.encode("utf-8")
    # a private copy of the parsed text: a sweep or a comparison loads one file many times
    doc = pickle.loads(_parsed(raw.decode("utf-8"), str(path)))
    origins = [apply_override(doc, item) for item in overrides or []]
    name = None
    if strategy is not None:
        chosen = _strategy(doc, strategy, str(path))
        name = chosen.name
        try:
            origins += apply_strategy(doc, chosen)
            scenario = validate(doc, str(path), origins)
        except ScenarioError as e:
            raise ScenarioError(f"with strategy {chosen.name!r}: {e}") from None
    else:
        scenario = validate(doc, str(path), origins)
    return LoadedScenario(scenario, path, hashlib.sha256(raw).hexdigest(), name)


def load_strategies(path: str | Path) -> list[Strategy]:
    """The strategies in a strategy file: one mapping with a ``name``, or ``strategies: [...]``."""
    path = Path(path)
    doc = parse_yaml(read_bytes(path).decode("utf-8"), str(path), what="a strategy")
    items = doc.get("strategies") if "strategies" in doc and len(doc) == 1 else None
    model, data = (_Strategies, doc) if items is not None else (Strategy, doc)
    try:
        valid = model.model_validate(_plain(data))
    except ValidationError as e:
        problems = sorted(
            (_describe(err, data, str(path), root=model) for err in e.errors()), key=_line_number
        )
        raise ScenarioError("\n".join(problems)) from None
    return valid.strategies if items is not None else [valid]


def apply_strategy(doc: dict, strategy: Strategy) -> list[Origin]:
    """Apply a strategy's ``set`` to the raw document and append its policies; returns where
    each ``set`` landed (for messages)."""
    origins = [
        (set_value(doc, key, copy.deepcopy(value), what=f"set {key}"), f"set {key}")
        for key, value in strategy.set.items()
    ]
    policies = doc.setdefault("policies", [])
    if not isinstance(policies, list):
        raise ScenarioError("policies: expected a list")
    policies.extend(p.model_dump(exclude_defaults=True) for p in strategy.policies)
    doc.pop("strategies", None)  # applied one at a time: the result offers none
    return origins


def _strategy(doc: dict, strategy: str | Strategy, where: str) -> Strategy:
    if isinstance(strategy, Strategy):
        return strategy
    offered = doc.get("strategies") or []
    if not isinstance(offered, list):
        raise ScenarioError(f"{where}: strategies: expected a list of strategies")
    for i, item in enumerate(offered):
        if isinstance(item, dict) and item.get("name") == strategy:
            try:
                return Strategy.model_validate(_plain(item))
            except ValidationError as e:
                lookup = {"strategies": offered}
                problems = [
                    _describe({**err, "loc": ("strategies", i, *err["loc"])}, lookup, where)
                    for err in e.errors()
                ]
                raise ScenarioError("\n".join(problems)) from None
    names = [item.get("name") for item in offered if isinstance(item, dict)]
    offers = ", ".join(map(str, names)) or "none"
    raise ScenarioError(
        f"{where}: no strategy {strategy!r}; this file offers: {offers} (or give a strategy file)"
    )


@functools.lru_cache(maxsize=16)
def _parsed(text: str, where: str) -> bytes:
    """The parsed document, pickled (a copy is 30 times faster to unpickle than to deep-copy,
    line numbers included). The bytes never leave this process."""
    return pickle.dumps(parse_yaml(text, where))


def validate(doc: Any, where: str, origins: list[Origin] | tuple = ()) -> Scenario:
    """The scenario ``doc`` describes; problems name the file's line, or the ``--set`` (one
    of ``origins``) that put the bad value there."""
    try:
        return Scenario.model_validate(_plain(doc))
    except ValidationError as e:
        problems = sorted(
            (_describe(err, doc, where, origins=origins) for err in e.errors()),
            key=_line_number,
        )
        raise ScenarioError("\n".join(dict.fromkeys(problems))) from None


def _line_number(problem: str) -> int:
    head = problem.split(" ", 1)[0]
    tail = head.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def apply_override(doc: dict, item: str) -> Origin:
    """Apply ``dotted.key=VALUE`` (VALUE is read as YAML); see :func:`set_value`. Returns
    where it landed and how to name it in a message."""
    key, sep, value = item.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ScenarioError(f"--set {item!r}: expected dotted.key=VALUE")
    what = f"--set {key}={value}"
    if len(what) > 120:
        what = what[:117] + "..."
    if any(not part for part in key.split(".")):
        raise ScenarioError(f"{what}: expected dotted.key=VALUE (an empty part in {key!r})")
    return set_value(doc, key, _scalar(value, what), what=what), what


def set_value(doc: dict, key: str, value: Any, what: str) -> tuple:
    """Set ``doc[dotted.key] = value``; list items are addressed by index or by their ``name``.
    Returns the place set, as document keys and list indices."""
    parts = key.split(".")
    node: Any = doc
    place: list = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            idx = _list_index(node, part)
            if idx is None:
                raise ScenarioError(f"{what}: no item {part!r} in {'.'.join(parts[:i])}")
            if last:
                node[idx] = value
            node = node[idx]
            place.append(idx)
        elif isinstance(node, dict):
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, CommentedMap())
            place.append(part)
        else:
            raise ScenarioError(f"{what}: {'.'.join(parts[:i]) or key} is not a section")
    return tuple(place)


def _list_index(node: list, part: str) -> int | None:
    if part.isdigit():
        return int(part) if int(part) < len(node) else None
    for idx, item in enumerate(node):
        if isinstance(item, dict) and item.get("name") == part:
            return idx
    return None


def _scalar(text: str, what: str) -> Any:
    value = copy.deepcopy(_value(text, what))
    return text if value is None and text.strip() not in ("null", "~", "") else value


@functools.lru_cache(maxsize=256)
def _value(text: str, what: str) -> Any:
    return parse_value(text, what)


def _plain(node: Any) -> Any:
    """ruamel containers to plain dicts/lists (pydantic validates those)."""
    if isinstance(node, dict):  # keys stay as written: `{true: 2}` is not a month
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _describe(
    err: dict, doc: Any, where: str, root: Any = None, origins: list[Origin] | tuple = ()
) -> str:
    """One line: ``file:line key: message (got ...)``, or ``--set KEY=VALUE: message`` when
    the value came from one of ``origins`` rather than from the file."""
    node, line, keys, place = doc, None, [], []
    # a whole-scenario check that knows the place of its problem (base.PlacedError)
    placed = getattr((err.get("ctx") or {}).get("error"), "place", ())
    for part in (*err["loc"], *placed):
        # pydantic adds union branch tags ('distribution', 'subscription') that are not keys
        if isinstance(node, dict) and _has(node, part):
            line = _line(node, part) or line
            keys.append(str(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            line = _line(node, part) or line
            keys.append(f"[{part}]")
            node = node[part]
        elif isinstance(node, dict) and err["type"] == "missing" and part == err["loc"][-1]:
            keys.append(str(part))
        else:
            continue
        place.append(part)
    key = _dotted(keys) or "(top level)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        msg = "required key is missing"
    elif err["type"] == "extra_forbidden":
        msg = "unknown key" + _allowed_hint(err, root or Scenario)
    elif err["type"] not in ("value_error", "union_tag_invalid") and "input" in err:
        got = err["input"]
        if not isinstance(got, dict | list):
            shown = repr(got)
            msg += f", got {shown if len(shown) <= 80 else shown[:77] + '...'}"
    for at, what in sorted(origins, key=lambda o: -len(o[0])):
        if tuple(place[: len(at)]) == at:
            return f"{what}: {key}: {msg}"
    loc = f"{where}:{line}" if line else where
    return f"{loc} {key}: {msg}"


def _has(node: dict, key: Any) -> bool:
    try:
        return key in node
    except TypeError:  # an unhashable location part
        return False


def _dotted(keys: list[str]) -> str:
    return ".".join(keys).replace(".[", "[")


def _line(node: Any, key: Any) -> int | None:
    """1-based line of ``key`` in a ruamel container (None for values set by --set)."""
    data = getattr(getattr(node, "lc", None), "data", None)
    if not data or key not in data:
        return None
    return data[key][0] + 1


def _allowed_hint(err: dict, root: Any) -> str:
    """The keys the enclosing section accepts, found by walking the schema along the error."""
    model = _resolve(root, err["loc"][:-1])
    if isinstance(model, type) and issubclass(model, BaseModel):
        return f" (expected one of: {', '.join(sorted(model.model_fields))})"
    return ""


def _resolve(tp: Any, loc: tuple) -> Any:
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return None
    return _step(tp, None)


def _step(tp: Any, part: Any) -> Any:
    """Follow one location part (a field name, a list index or a union tag) through types."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if part is None:
        return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else _only_model(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field is not None else None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (list, dict):
        return args[-1] if isinstance(part, int) or origin is dict else None
    if args:  # a union: pick the member whose tag or name matches, else the only model
        for arg in args:
            inner = arg
            while get_origin(inner) is Annotated:
                inner = get_args(inner)[0]
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                kind = inner.model_fields.get("kind")
                if kind is not None and part in get_args(kind.annotation):
                    return inner
        model = _only_model(tp)
        return _step(model, part) if model is not None else None
    return None


def _only_model(tp: Any) -> Any:
    models = []
    for arg in get_args(tp):
        while get_origin(arg) is Annotated:
            arg = get_args(arg)[0]
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            models.append(arg)
    return models[0] if len(models) == 1 else None
