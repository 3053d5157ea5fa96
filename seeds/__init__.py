"""Fact sheets of the source articles (``*.yaml``, see README.md), which scenarios cite.

Installed, this folder is ``sim/seeds`` inside the ``sim`` package (pyproject.toml maps it),
read with :mod:`importlib.resources` by :mod:`sim.scenario.library`. This file only makes the
folder a package; it holds no code.
"""
