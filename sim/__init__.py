"""startup-sim: Monte Carlo survival of young companies.

Data flows one way: a scenario (:mod:`sim.scenario`, loaded by :mod:`sim.loading`) is
simulated in batches by :mod:`sim.engine` (simpy processes in :mod:`sim.processes` acting on
arrays in :mod:`sim.state`), combined by :mod:`sim.runner` into :class:`Results`, and shown
by :mod:`sim.report` and the ``sim`` command line. Strategies (:mod:`sim.strategy`) are
compared on common random numbers by :mod:`sim.compare`.

>>> import sim
>>> results = sim.run(sim.load("scenarios/dify.yaml"), paths=2000, seed=1)  # doctest: +SKIP
>>> results.summary()["p_alive"]["24"]  # doctest: +SKIP
"""

from .compare import Comparison, compare
from .loading import LoadedScenario, ScenarioError, load, load_strategies
from .results import Results
from .runner import run
from .scenario import Scenario
from .strategy import Policy, Strategy

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
