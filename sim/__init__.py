"""startup-sim: Monte Carlo survival and value of young companies.

Data flows one way, stage by stage: a scenario file (:mod:`sim.scenario`, read by
:func:`load`) is simulated in batches of paths by the engine (:mod:`sim.engine`: simpy
processes acting on arrays of all paths), the analyses ask questions of the runs
(:mod:`sim.analysis`: :class:`Results`, :func:`compare`, solve, sensitivity, sweep,
tournament), and stories (:mod:`sim.story`) and reports (:mod:`sim.report`) show the answers.
This module is the public API.

>>> import sim
>>> results = sim.run(sim.load("scenarios/dify.yaml"), paths=2000, seed=1)  # doctest: +SKIP
>>> results.summary()["p_alive"]["24"]  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and editors; at run time, _LAZY below
    from sim.analysis.compare import Comparison, compare
    from sim.analysis.results import Results, run
    from sim.scenario import Scenario
    from sim.scenario.loading import LoadedScenario, ScenarioError, load, load_strategies
    from sim.scenario.strategy import Policy, Strategy

_LAZY = {
    "Comparison": "sim.analysis.compare",
    "compare": "sim.analysis.compare",
    "Results": "sim.analysis.results",
    "run": "sim.analysis.results",
    "Scenario": "sim.scenario",
    "LoadedScenario": "sim.scenario.loading",
    "ScenarioError": "sim.scenario.loading",
    "load": "sim.scenario.loading",
    "load_strategies": "sim.scenario.loading",
    "Policy": "sim.scenario.strategy",
    "Strategy": "sim.scenario.strategy",
}
"""Public name -> the module that defines it. ``import sim`` imports none of them: each is
imported on first use (PEP 562), so that ``sim --help`` and ``import sim`` do not pay for
numba, scipy.stats or plotly (the engine and the reports import them when they are used)."""

__all__ = [
    "Comparison",
    "LoadedScenario",
    "Policy",
    "Results",
    "Scenario",
    "ScenarioError",
    "Strategy",
    "compare",
    "load",
    "load_strategies",
    "run",
]


def __getattr__(name: str):
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("startup-sim")
        except metadata.PackageNotFoundError:  # a source tree that was never installed
            return "unknown"
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value  # later uses are plain attribute look-ups
        return value
    raise AttributeError(f"module 'sim' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
