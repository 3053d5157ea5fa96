"""The only place random generators are made.

A run has one root :class:`numpy.random.SeedSequence`. Every consumer (a parameter, a
business process) gets its own stream, keyed by the chunk of paths it simulates and by its
*name*, not by creation order::

    SeedSequence(root_entropy, spawn_key=(chunk, crc32(name)))

so adding a shock, a revenue stream or a parameter leaves every other stream's draws
unchanged. Two scenarios that differ in one assumption are therefore compared on the same
simulated worlds (common random numbers), and a run is the same whatever the number of
workers, because a chunk's streams depend only on its index.
"""

from __future__ import annotations

import zlib

import numpy as np


def root_sequence(seed: int | None) -> np.random.SeedSequence:
    """The run's root SeedSequence (fresh OS entropy when ``seed`` is None)."""
    return np.random.SeedSequence(seed)


def stream(root: np.random.SeedSequence, chunk: int, name: str) -> np.random.Generator:
    """The generator for consumer ``name`` in chunk ``chunk`` of a run."""
    key = (*root.spawn_key, chunk, zlib.crc32(name.encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy, spawn_key=key)))


def design_stream(seed: int, name: str) -> np.random.Generator:
    """A generator for choosing inputs (a sweep's random design), apart from every simulation
    stream: keyed by ``name`` only, one level up from the (chunk, name) keys of :func:`stream`."""
    key = (zlib.crc32(name.encode("utf-8")),)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))
