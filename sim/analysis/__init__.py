"""Questions asked of runs.

:mod:`~sim.analysis.results` turns a run's batch into figures with their Monte Carlo error (the
JSON contract), using :mod:`~sim.analysis.stats`; the rest run the engine several times on
common random numbers and compare: :mod:`~sim.analysis.compare` (strategies),
:mod:`~sim.analysis.solve` (the value of one parameter that meets a target),
:mod:`~sim.analysis.sensitivity` (tornado and Sobol' indices), :mod:`~sim.analysis.sweep`
(designs of many points), :mod:`~sim.analysis.slider` (one parameter's values for the report's
slider), :mod:`~sim.analysis.tournament` (teams' strategies ranked);
:mod:`~sim.analysis.export` writes per-path tables.
"""
