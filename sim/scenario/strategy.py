"""Strategies: named, declarative overlays on a scenario.

A strategy changes parameters (``set``: dotted path -> value, as ``sim run --set`` does) and
adds **policies**: rules evaluated at the start of every month on every path. A policy's
``when`` holds when every named metric is below / above its bound; the first month it holds on
a path, its actions ``scale`` (multiply) or ``set`` named parameters on that path, once. Policies
are data: conditions on a fixed list of metrics, actions on parameters named by their path;
nothing in a file is ever evaluated as code.

Metrics (at the start of the month, from the month before): ``cash``, ``runway_months``
(cash / monthly burn, where burn = costs - asset purchases - revenue; infinite when not
burning), ``monthly_revenue``, ``monthly_costs``,
``monthly_profit``, ``users``, ``customers``, ``month``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, ValidationError, model_validator

from sim.scenario.base import Model, PlacedError
from sim.scenario.bounds import MAX_MAGNITUDE, check_number
from sim.scenario.distributions import _Dist


def _number(x: float) -> float:
    check_number(x)
    return x


Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=40)]
Metric = Literal[
    "cash",
    "runway_months",
    "monthly_revenue",
    "monthly_costs",
    "monthly_profit",
    "users",
    "customers",
    "month",
]
FROZEN = ("company", "engine", "shocks", "correlations", "sources", "assumptions", "policies")
"""Sections a policy cannot change during a run (the world, not the company's choices)."""
FROZEN_PATHS = ("financing.initial_cash", "financing.climate", "demand.seasonality")


class Bound(Model):
    below: float | None = None
    """The condition holds when the metric is below this."""
    above: float | None = None
    """The condition holds when the metric is above this."""

    @model_validator(mode="after")
    def _one(self):
        if self.below is None and self.above is None:
            raise ValueError("give `below`, `above` or both")
        return self


class Policy(Model):
    """When every condition holds, scale and/or set parameters on that path (once)."""

    name: Name
    """Name of the rule, shown in stories and comparisons."""
    when: dict[Metric, Bound] = Field(min_length=1)
    """Conditions, all of which must hold: metric -> {below: x} and/or {above: y}."""
    scale: dict[str, Annotated[float, Field(ge=0, le=MAX_MAGNITUDE)]] = Field(default_factory=dict)
    """Parameter path -> factor, e.g. ``costs.team.cost_per_head_per_month: 0.7``."""
    set: dict[str, Annotated[float, AfterValidator(_number)]] = Field(default_factory=dict)
    """Parameter path -> new value, e.g. ``costs.gpu.rented_gpus: 1`` (within the bounds of
    that parameter, checked against the scenario)."""

    @model_validator(mode="after")
    def _acts(self):
        if not self.scale and not self.set:
            raise ValueError(f"policy {self.name!r} does nothing: give `scale` or `set`")
        return self


class Strategy(Model):
    """A named playbook: parameter changes plus policies."""

    name: Name
    """Name of the strategy, as given to `sim compare -s NAME`."""
    description: str = ""
    """What the founder does, in plain words (and the facts it follows)."""
    set: dict[str, Any] = Field(default_factory=dict)
    """Parameter path -> value (a number, a distribution, a list ...), applied to the file."""
    policies: list[Policy] = Field(default_factory=list)
    """Rules evaluated every month on every path."""


def check_policy_paths(scenario: BaseModel, policies: list[Policy]) -> None:
    """Every path a policy acts on must be a numeric parameter that can change mid-run."""
    for i, policy in enumerate(policies):
        for path in [*policy.scale, *policy.set]:
            problem = _changeable(scenario, path)
            if problem:
                place = ("policies", i, "scale" if path in policy.scale else "set", path)
                raise PlacedError(f"policy {policy.name!r}: {path}: {problem}", place)
    if policies:
        _within_bounds(scenario, policies)


def _within_bounds(scenario: BaseModel, policies: list[Policy]) -> None:
    """Every value a policy can give a parameter is one the parameter accepts: each ``set``
    value, and each plain number times its ``scale`` (alone and all policies together), is
    checked by validating the scenario with that value in place."""
    doc = scenario.model_dump(by_alias=True, exclude={"policies", "strategies"})
    product: dict[str, float] = {}
    for policy in policies:
        changes = dict(policy.set)
        for path, factor in policy.scale.items():
            product[path] = product.get(path, 1.0) * factor
            value = find(scenario, path)
            if not isinstance(value, _Dist):
                changes[path] = value * max(factor, product[path])
        for path, value in changes.items():
            trial = _with(doc, path, value)
            try:
                type(scenario).model_validate(trial)
            except ValidationError as e:
                msg = e.errors()[0]["msg"].removeprefix("Value error, ")
                verb = "sets" if path in policy.set else "scales"
                raise ValueError(
                    f"policy {policy.name!r} {verb} {path} to {value:g}, which it does not "
                    f"accept: {msg}"
                ) from None


def _with(doc: dict, path: str, value: float) -> dict:
    """A copy of the dumped ``doc`` with the parameter at ``path`` replaced by ``value``."""
    import copy

    out = copy.deepcopy(doc)
    node: Any = out
    parts = path.split(".")
    for part in parts[:-1]:
        node = _raw_child(node, part)
    if isinstance(node, list):
        node[_raw_index(node, parts[-1])] = value
    else:
        node[parts[-1]] = value
    return out


def _raw_child(node: Any, part: str) -> Any:
    return node[_raw_index(node, part)] if isinstance(node, list) else node[part]


def _raw_index(node: list, part: str) -> int:
    for i, item in enumerate(node):
        if (isinstance(item, dict) and item.get("name") == part) or str(i) == part:
            return i
    raise KeyError(part)


def _changeable(scenario: BaseModel, path: str) -> str | None:
    head = path.split(".")[0]
    if head in FROZEN or any(path == p or path.startswith(p + ".") for p in FROZEN_PATHS):
        return "cannot change during a run (it describes the world or the start)"
    try:
        value = find(scenario, path)
    except KeyError as e:
        return f"no such parameter ({e.args[0]})"
    if isinstance(value, bool) or not isinstance(value, int | float | _Dist):
        return "is not a number or a distribution"
    if ".churn." in f".{path}." and path.endswith((".alpha", ".beta")):
        return "heterogeneous (sbg) churn is fixed when a path starts"
    return None


def find(node: Any, path: str) -> Any:
    """The value at a dotted path; list items by their ``name`` (or index). KeyError if none."""
    for part in path.split("."):
        node = _child(node, part)
    return node


def _child(node: Any, part: str) -> Any:
    if isinstance(node, list):
        for i, item in enumerate(node):
            if getattr(item, "name", None) == part or str(i) == part:
                return item
        raise KeyError(f"no item {part!r}")
    if isinstance(node, dict):
        if part in node:
            return node[part]
        raise KeyError(f"no key {part!r}")
    if node is None:  # an optional section the scenario leaves out (demand.bass)
        raise KeyError(f"no key {part!r}: the section it belongs to is not given")
    if not isinstance(node, BaseModel) and not hasattr(node, "__dict__"):  # a number, a text
        raise KeyError(f"no key {part!r} under a value")
    fields = type(node).model_fields if isinstance(node, BaseModel) else vars(node)
    if part not in fields:
        raise KeyError(f"no key {part!r}")
    return getattr(node, part)
