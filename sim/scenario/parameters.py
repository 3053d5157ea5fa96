"""The parameters of a scenario by their dotted paths, and the uncertain ones among them.

A parameter's path is how a scenario file, ``--set``, a strategy and a report name it: sections and
fields joined by dots, list items by their ``name`` (``revenue.cloud.price_per_month``), so a path
survives reordering the list.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel

from sim.scenario.distributions import _Dist


def uncertain_parameters(node: Any, prefix: str = "") -> dict[str, _Dist]:
    """Path -> distribution for every uncertain parameter (for tables and sensitivity).

    ``node`` is a scenario or any part of one, whose path is then ``prefix``.
    """
    found: dict[str, _Dist] = {}
    map_parameters(node, prefix, lambda dist, path: found.setdefault(path, dist))
    return found


def map_parameters(node: Any, path: str, leaf: Callable[[_Dist, str], Any]) -> Any:
    """``node`` with every distribution replaced by ``leaf(dist, path)``: models become
    namespaces, lists and dicts keep their shape; list items are named by their ``name``."""
    if isinstance(node, _Dist):
        return leaf(node, path)
    if isinstance(node, BaseModel):
        fields = type(node).model_fields
        return SimpleNamespace(
            **{f: map_parameters(getattr(node, f), f"{path}.{f}".lstrip("."), leaf) for f in fields}
        )
    if isinstance(node, list):
        return [
            map_parameters(x, f"{path}.{getattr(x, 'name', i)}", leaf) for i, x in enumerate(node)
        ]
    if isinstance(node, dict):
        return {k: map_parameters(v, f"{path}.{k}", leaf) for k, v in node.items()}
    return node
