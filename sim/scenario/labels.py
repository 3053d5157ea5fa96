"""A parameter's name as a founder reads it: ``financing.initial_cash`` -> 'initial cash (USD)'.

Reports and the terminal show a parameter by :func:`label`: its short name, the named item of a
list it belongs to (the round, the revenue stream, the shock) and its unit with the scenario's
currency, in English or Chinese; the raw dotted path stays available for hover texts. The unit
is the one the scaffold and the JSON Schema give (:func:`sim.scenario.glossary.key_unit`); the
words are in ``locales/{en,zh}.yaml`` beside this module.

A path is resolved against the schema's types (list items by name or index), so a report built
from JSON alone can label its keys; with the scenario at hand, items given by index
(``revenue.0``) are named as the file names them.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from sim.catalogue import LANGS, messages
from sim.scenario.distributions import _Dist
from sim.scenario.glossary import FACTOR, MONTH, SHARE, UNITS, inner_models, key_unit

TEXT: dict[str, dict[str, str]] = messages("sim.scenario")
"""Key -> language -> text, from ``sim/scenario/locales/{en,zh}.yaml``."""

_KINDS = {SHARE: "share", FACTOR: "factor", MONTH: "month"}


def _say(key: str, lang: str, **values) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}")
    return TEXT[key][lang].format(**values)


def resolve(path: str, scenario: Any = None) -> tuple[type[BaseModel], str, list[str], str]:
    """``(model, key, owners, rest)`` of a dotted parameter path.

    ``model`` is the schema model whose field ``key`` the path ends in; ``owners`` the list
    items on the way, as ``"rounds=seed"`` or ``"purchases#0"`` (by index); ``rest`` what
    follows the field (``alpha`` in ``revenue.cloud.churn.alpha``). Raises KeyError if the
    path names no field of the schema.
    """
    from sim.scenario.schema import Scenario

    model: type[BaseModel] = Scenario
    node = scenario
    parts = path.split(".")
    owners: list[str] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part not in model.model_fields:
            raise KeyError(f"{path}: {part!r} is not a key of {model.__name__}")
        field = model.model_fields[part]
        subs = [m for m in inner_models(field.annotation) if not issubclass(m, _Dist)]
        value = getattr(node, part, None) if node is not None else None
        is_list = "list" in str(field.annotation).lower()
        numeric = any(w in str(field.annotation) for w in ("float", "int"))
        last = i + 1 >= len(parts) or (numeric and not is_list and i + 2 >= len(parts))
        if not subs or isinstance(value, _Dist | int | float) or last:
            return model, part, owners, ".".join(parts[i + 1 :])
        if is_list:
            if i + 1 >= len(parts):
                raise KeyError(f"{path}: names a list, not a parameter")
            item, node = parts[i + 1], _item(value, parts[i + 1])
            name = getattr(node, "name", None)
            if name is None and item.isdigit():
                owners.append(f"{part}#{item}")
            else:
                owners.append(f"{part}={name or item}")
            nxt = parts[i + 2] if i + 2 < len(parts) else None
            kind = type(node) if isinstance(node, BaseModel) else None
            model = kind or next((m for m in subs if nxt in m.model_fields), subs[0])
            i += 2
        else:
            model = type(value) if isinstance(value, BaseModel) else subs[0]
            node = value
            i += 1
    raise KeyError(f"{path}: names a section, not a parameter")


def _item(items, key: str):
    """The list item named (or numbered) ``key``, or None."""
    if not isinstance(items, list):
        return None
    for x in items:
        if getattr(x, "name", None) == key:
            return x
    return items[int(key)] if key.isdigit() and int(key) < len(items) else None


def name(path: str, lang: str = "en", scenario: Any = None) -> str:
    """The parameter in words, without its unit: 'seed round: amount'."""
    model, key, owners, rest = resolve(path, scenario)
    from sim.scenario.shocks import Effects

    if model is Effects:
        text = _say(f"effect.{key}", lang)
    elif f"name.{key}" in TEXT:
        text = _say(f"name.{key}", lang)
    else:
        text = key.replace("_", " ") if lang == "en" else key
    if rest:
        text = _say("label.sub", lang, name=text, sub=rest.replace(".", " "))
    for owner in reversed(owners):
        text = _say("label.item", lang, item=_owner(owner, lang), label=text)
    return text


def _owner(owner: str, lang: str) -> str:
    if "#" in owner:
        field, n = owner.split("#")
        what = _say(f"item.{field}", lang) if f"item.{field}" in TEXT else field
        return _say("label.index", lang, what=what, n=int(n) + 1)
    field, item = owner.split("=", 1)
    key = f"owner.{field}" if f"owner.{field}" in TEXT else "owner.other"
    return _say(key, lang, name=item)


def unit(path: str, currency: str = "", lang: str = "en", scenario: Any = None) -> str:
    """The unit of a parameter in a label's short form ('USD per customer per month',
    'share, 0 to 1'), '' if it has none."""
    model, key, _, rest = resolve(path, scenario)
    if rest:  # a distribution's own parameter (alpha of an sBG churn) has no unit of its own
        return ""
    english = key_unit(model, key, currency)
    if english in _KINDS:
        return _say(f"short.{_KINDS[english]}", lang)
    if not english:
        return ""
    return _say(f"unit.{key}", lang, cur=currency)


def label(path: str, currency: str = "", lang: str = "en", scenario: Any = None) -> str:
    """The parameter in words with its unit: 'initial cash (USD)', '启动资金（CNY）'.

    A path the schema does not know is returned as written (a report never hides a key).
    """
    try:
        text, u = name(path, lang, scenario), unit(path, currency, lang, scenario)
    except KeyError:
        return path
    return _say("label.unit", lang, name=text, unit=u) if u else text


def value(path: str, x, currency: str = "", scenario: Any = None, digits: int | None = None) -> str:
    """A value of a parameter as people read it, by its unit: '400k USD', '5%', '12'.

    ``digits``: round to that many significant digits first (None: as precise as
    :func:`sim.formatting.number` shows, so the points of a grid stay apart).
    """
    from sim.formatting import money, number

    if isinstance(x, list | dict):
        return json.dumps(x, ensure_ascii=False, default=str)
    if not isinstance(x, int | float) or isinstance(x, bool):
        return str(x)
    if digits is not None and x:
        x = float(f"{x:.{digits}g}")
    try:
        model, key, _, rest = resolve(path, scenario)
    except KeyError:
        return number(x)
    english = "" if rest else key_unit(model, key, currency)
    if english == SHARE:
        return f"{100 * x:.3g}%"
    if english != FACTOR and "{cur}" in UNITS.get(key, ""):
        return money(x, currency)
    return number(x)


def short(path: str, lang: str = "en", scenario: Any = None) -> str:
    """:func:`name`, or the path as written if the schema does not know it."""
    try:
        return name(path, lang, scenario)
    except KeyError:
        return path
