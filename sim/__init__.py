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

from sim.analysis.compare import Comparison, compare
from sim.analysis.results import Results, run
from sim.scenario import Scenario
from sim.scenario.loading import LoadedScenario, ScenarioError, load, load_strategies
from sim.scenario.strategy import Policy, Strategy

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
