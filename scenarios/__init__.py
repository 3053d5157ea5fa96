"""The archetype library: one scenario file (``*.yaml``) per archetype.

Installed, this folder is ``sim/scenarios`` inside the ``sim`` package (pyproject.toml maps it),
read with :mod:`importlib.resources` by :mod:`sim.scenario.library`. This file only makes the
folder a package; it holds no code.
"""
