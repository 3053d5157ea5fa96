"""The engine: how paths are simulated.

A batch (:mod:`~sim.engine.batch`) is a simpy environment whose processes
(:mod:`~sim.engine.processes`, one per business function) act each month on arrays holding all
paths at once (:mod:`~sim.engine.state`). Per-path parameter values come from
:mod:`~sim.engine.sampling`, random numbers from :mod:`~sim.engine.draws` (streams keyed by
name and block, made only in :mod:`~sim.engine.rng`), whole-number counts from
:mod:`~sim.engine.counts`. :mod:`~sim.engine.runner` splits a run into chunks on worker
processes and joins their batches.

The engine reads scenarios and knows nothing of the analyses, stories and reports above it.
"""
