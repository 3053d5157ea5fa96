"""Turn a scenario into per-path parameter values.

:func:`sample` mirrors the scenario tree as plain namespaces: a distribution becomes an
array of shape ``(n,)`` (one draw per path), a number stays a Python float, anything else
(names, sub-sections, lists) keeps its shape. Processes read the result with ordinary
attribute access: ``params.revenue[0].price_per_month``.

Each distribution draws from its own stream named by its path in the file, with list items
named by their ``name`` (``revenue.cloud.price_per_month``), so draws survive reordering.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
from pydantic import BaseModel

from .distributions import _Dist
from .rng import stream


def sample(
    model: BaseModel,
    n: int,
    root: np.random.SeedSequence,
    chunk: int,
    given: dict[str, np.ndarray] | None = None,
) -> tuple[Any, dict[str, np.ndarray]]:
    """Sample every distribution in ``model`` for ``n`` paths of chunk ``chunk``.

    ``given`` maps parameter paths to per-path values used instead of drawing (a design for
    sensitivity analysis, correlated draws); each must be an uncertain parameter of ``model``.
    Returns the mirrored tree and a ``{path: values}`` dict of the uncertain parameters.
    """
    given = given or {}
    unknown = set(given) - set(uncertain_parameters(model))
    if unknown:
        raise ValueError(f"not uncertain parameters of this scenario: {', '.join(sorted(unknown))}")
    draws: dict[str, np.ndarray] = {}

    def leaf(dist: _Dist, path: str) -> np.ndarray:
        if path in given:
            draws[path] = np.asarray(given[path], dtype=float).reshape(n)
        else:
            draws[path] = dist.sample(n, stream(root, chunk, "param:" + path))
        return draws[path]

    return _map(model, "", leaf), draws


def uncertain_parameters(node: Any, prefix: str = "") -> dict[str, _Dist]:
    """Path -> distribution for every uncertain parameter (for tables and sensitivity).

    ``node`` is a scenario or any part of one, whose path is then ``prefix``.
    """
    found: dict[str, _Dist] = {}
    _map(node, prefix, lambda dist, path: found.setdefault(path, dist))
    return found


def _map(node: Any, path: str, leaf: Callable[[_Dist, str], Any]) -> Any:
    if isinstance(node, _Dist):
        return leaf(node, path)
    if isinstance(node, BaseModel):
        fields = type(node).model_fields
        return SimpleNamespace(
            **{f: _map(getattr(node, f), f"{path}.{f}".lstrip("."), leaf) for f in fields}
        )
    if isinstance(node, list):
        return [_map(x, f"{path}.{getattr(x, 'name', i)}", leaf) for i, x in enumerate(node)]
    if isinstance(node, dict):
        return {k: _map(v, f"{path}.{k}", leaf) for k, v in node.items()}
    return node
