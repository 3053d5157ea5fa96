"""What each key of a scenario means, and its unit: the words a scaffold's comments, the JSON
Schema's descriptions and the reports' labels share.

A key's meaning is its schema field's own docstring (:mod:`sim.scenario.schema` and its
sections), or :data:`TEXT` where the schema has none; its unit comes from the range the schema
allows (a share, a multiplier) or from :data:`UNITS` (``locales/en.yaml``), with ``{cur}``
standing for the scenario's currency. :mod:`sim.scenario.labels` turns a parameter's path into
the short label the reports show, in English or Chinese.
"""

from __future__ import annotations

import inspect
from typing import Annotated, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel

from sim import scenario as S
from sim.catalogue import messages

TEXT = {
    # descriptions the schema cannot carry (a preset key it does not know, names in general)
    "name": "Name used in reports, causes of death and `--set` paths (letters, digits, _ or -).",
    "Shock.use": (
        "Start from a preset of the shock library; keys written next to it replace the preset's."
    ),
}

_WORDS = messages("sim.scenario")
UNITS = {k.removeprefix("unit."): v["en"] for k, v in _WORDS.items() if k.startswith("unit.")}
"""Unit of a key by its name, in English (``locales/en.yaml``: ``unit.*``; Chinese beside it)."""
MONTH = UNITS["month"]
SHARE = _WORDS["kind.share"]["en"]
FACTOR = _WORDS["kind.factor"]["en"]


def key_description(model: type[BaseModel], key: str) -> str:
    field = model.model_fields[key]
    for owner in model.__mro__:
        text = TEXT.get(f"{getattr(owner, '__name__', '')}.{key}")
        if text:
            break
    else:
        text = None
    text = field.description or text or TEXT.get(key)
    if not text:
        sub = inner_models(field.annotation)
        text = inspect.cleandoc(sub[0].__doc__ or "") if len(sub) == 1 else ""
    return " ".join(text.replace("``", "`").split())


def key_unit(model: type[BaseModel], key: str, currency: str) -> str:
    field = model.model_fields[key]
    bounds = allowed_range(field.annotation, field.metadata)
    if bounds and bounds[:2] == (0, 1):
        return SHARE
    if model is S.Effects or key.endswith("_factor"):
        return FACTOR
    return UNITS.get(key, "").format(cur=currency)


def inner_models(tp) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for arg in get_args(tp) for m in inner_models(arg)]


def allowed_range(annotation, metadata=()) -> tuple[float, float, bool, str] | None:
    """``(low, high, low_open, words)`` of a bounded number parameter (see distributions)."""
    for item in [*metadata, *annotated_metadata(annotation)]:
        if isinstance(item, AfterValidator):
            free = inspect.getclosurevars(item.func).nonlocals
            if {"lo", "hi", "what"} <= set(free):
                return free["lo"], free["hi"], free.get("lo_open", False), free["what"]
    return None


def annotated_metadata(tp) -> list:
    out = []
    if get_origin(tp) is Annotated:
        out += list(tp.__metadata__)
        tp = get_args(tp)[0]
    for arg in get_args(tp) if get_origin(tp) in (Union, type(int | None)) else ():
        out += annotated_metadata(arg)
    return out
