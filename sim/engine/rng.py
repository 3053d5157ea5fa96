"""The only place random generators are made.

A run has one root :class:`numpy.random.SeedSequence`. Its paths are numbered 0, 1, ... and
grouped in *blocks* of ``BLOCK_PATHS`` consecutive paths. Every consumer (a parameter, a draw
site of a business process) has one stream per block, keyed by the block and by the
consumer's *name*, not by creation order::

    SeedSequence(root_entropy, spawn_key=(block, crc32(name)))

so adding a shock, a revenue stream or a parameter leaves every other stream's draws
unchanged. Two scenarios that differ in one assumption are therefore compared on the same
simulated worlds (common random numbers). And a path's numbers depend only on the seed and on
the path's number: not on how a run is cut into chunks (any multiple of ``BLOCK_PATHS``
paths), nor on how many workers simulate them (:mod:`sim.engine.draws` keeps each block's draws
apart).
"""

from __future__ import annotations

import zlib

import numpy as np

BLOCK_PATHS = 4096
"""Paths that share a stream. Part of what a seed means: changing it changes the draws."""


def root_sequence(seed: int | None) -> np.random.SeedSequence:
    """The run's root SeedSequence (fresh OS entropy when ``seed`` is None)."""
    return np.random.SeedSequence(seed)


def stream(root: np.random.SeedSequence, block: int, name: str) -> np.random.Generator:
    """The generator for consumer ``name`` in block ``block`` of a run."""
    key = (*root.spawn_key, block, zlib.crc32(name.encode("utf-8")))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(root.entropy, spawn_key=key)))


def design_stream(seed: int, name: str) -> np.random.Generator:
    """A generator for choosing inputs (a sweep's random design), apart from every simulation
    stream: keyed by ``name`` only, one level up from the (block, name) keys of :func:`stream`."""
    key = (zlib.crc32(name.encode("utf-8")),)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=key)))
