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
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from sim.scenario import Scenario
from sim.scenario.base import Model
from sim.scenario.strategy import Strategy


class ScenarioError(ValueError):
    """A problem with the user's input, worded for the user (one line per problem)."""


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
    raw = _read(path) if text is None else text.encode("utf-8")
    # a private copy of the parsed text: a sweep or a comparison loads one file many times
    doc = pickle.loads(_parsed(raw.decode("utf-8"), str(path)))
    for item in overrides or []:
        apply_override(doc, item)
    name = None
    if strategy is not None:
        chosen = _strategy(doc, strategy, str(path))
        name = chosen.name
        try:
            apply_strategy(doc, chosen)
            scenario = validate(doc, str(path))
        except ScenarioError as e:
            raise ScenarioError(f"with strategy {chosen.name!r}: {e}") from None
    else:
        scenario = validate(doc, str(path))
    return LoadedScenario(scenario, path, hashlib.sha256(raw).hexdigest(), name)


def load_strategies(path: str | Path) -> list[Strategy]:
    """The strategies in a strategy file: one mapping with a ``name``, or ``strategies: [...]``."""
    path = Path(path)
    doc = parse_yaml(_read(path).decode("utf-8"), str(path), what="a strategy")
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


def apply_strategy(doc: dict, strategy: Strategy) -> None:
    """Apply a strategy's ``set`` to the raw document and append its policies."""
    for key, value in strategy.set.items():
        set_value(doc, key, value, what=f"set {key}")
    policies = doc.setdefault("policies", [])
    if not isinstance(policies, list):
        raise ScenarioError("policies: expected a list")
    policies.extend(p.model_dump(exclude_defaults=True) for p in strategy.policies)
    doc.pop("strategies", None)  # applied one at a time: the result offers none


def _strategy(doc: dict, strategy: str | Strategy, where: str) -> Strategy:
    if isinstance(strategy, Strategy):
        return strategy
    offered = doc.get("strategies") or []
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


def _read(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path}: is a folder, expected a .yaml file") from None
    except OSError as e:
        raise ScenarioError(f"{path}: cannot read ({e.strerror})") from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: not UTF-8 text") from None
    return raw


@functools.lru_cache(maxsize=16)
def _parsed(text: str, where: str) -> bytes:
    """The parsed document, pickled (a copy is 30 times faster to unpickle than to deep-copy,
    line numbers included). The bytes never leave this process."""
    return pickle.dumps(parse_yaml(text, where))


def parse_yaml(text: str, where: str, what: str = "a scenario") -> Any:
    yaml = YAML(typ="rt")
    try:
        doc = yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = e.problem or e.context or "invalid YAML"
        raise ScenarioError(f"{where}{line}: YAML syntax error: {problem}") from None
    except YAMLError as e:  # e.g. duplicate keys reported without a mark
        raise ScenarioError(f"{where}: YAML error: {str(e).splitlines()[0]}") from None
    if not isinstance(doc, dict):
        raise ScenarioError(f"{where}: expected a mapping (the keys of {what})")
    return doc


def validate(doc: Any, where: str) -> Scenario:
    try:
        return Scenario.model_validate(_plain(doc))
    except ValidationError as e:
        problems = sorted((_describe(err, doc, where) for err in e.errors()), key=_line_number)
        raise ScenarioError("\n".join(problems)) from None


def _line_number(problem: str) -> int:
    head = problem.split(" ", 1)[0]
    tail = head.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def apply_override(doc: dict, item: str) -> None:
    """Apply ``dotted.key=VALUE`` (VALUE is read as YAML); see :func:`set_value`."""
    key, sep, value = item.partition("=")
    if not sep or not key.strip():
        raise ScenarioError(f"--set {item!r}: expected dotted.key=VALUE")
    set_value(doc, key.strip(), _scalar(value, key), what=f"--set {key.strip()}")


def set_value(doc: dict, key: str, value: Any, what: str) -> None:
    """Set ``doc[dotted.key] = value``; list items are addressed by index or by their ``name``."""
    parts = key.split(".")
    node: Any = doc
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            idx = _list_index(node, part)
            if idx is None:
                raise ScenarioError(f"{what}: no item {part!r} in {'.'.join(parts[:i])}")
            if last:
                node[idx] = value
            node = node[idx]
        elif isinstance(node, dict):
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, CommentedMap())
        else:
            raise ScenarioError(f"{what}: {'.'.join(parts[:i])} is not a section")


def _list_index(node: list, part: str) -> int | None:
    if part.isdigit():
        return int(part) if int(part) < len(node) else None
    for idx, item in enumerate(node):
        if isinstance(item, dict) and item.get("name") == part:
            return idx
    return None


def _scalar(text: str, key: str) -> Any:
    try:
        value = copy.deepcopy(_safe_value(text))
    except YAMLError:
        raise ScenarioError(f"--set {key}: cannot read value {text!r}") from None
    return text if value is None and text.strip() not in ("null", "~", "") else value


@functools.lru_cache(maxsize=256)
def _safe_value(text: str) -> Any:
    return YAML(typ="safe").load(text)


def _plain(node: Any) -> Any:
    """ruamel containers to plain dicts/lists (pydantic validates those)."""
    if isinstance(node, dict):
        return {str(k) if not isinstance(k, int) else k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _describe(err: dict, doc: Any, where: str, root: Any = None) -> str:
    """One line: ``file:line key: message (got ...)``."""
    node, line, keys = doc, None, []
    for part in err["loc"]:
        # pydantic adds union branch tags ('distribution', 'subscription') that are not keys
        if isinstance(node, dict) and part in node:
            line = _line(node, part) or line
            keys.append(str(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            line = _line(node, part) or line
            keys.append(f"[{part}]")
            node = node[part]
        elif isinstance(node, dict) and err["type"] == "missing" and part == err["loc"][-1]:
            keys.append(str(part))
    key = ".".join(keys).replace(".[", "[") or "(top level)"
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "missing":
        msg = "required key is missing"
    elif err["type"] == "extra_forbidden":
        msg = "unknown key" + _allowed_hint(err, root or Scenario)
    elif err["type"] not in ("value_error", "union_tag_invalid") and "input" in err:
        got = err["input"]
        if not isinstance(got, dict | list):
            msg += f", got {got!r}"
    loc = f"{where}:{line}" if line else where
    return f"{loc} {key}: {msg}"


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
