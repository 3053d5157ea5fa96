"""The archetype library and the fact sheets, as shipped inside the package.

The repository keeps them at the top level (``scenarios/``, ``seeds/``); pyproject.toml installs
them as the packages ``sim.scenarios`` and ``sim.seeds``, so :mod:`importlib.resources` finds
them in a clone (editable install) and in an installed wheel alike, from any folder.

A scenario argument is a file if one exists at that path; otherwise a bare name (``dify`` or
``dify.yaml``, no folder) is the archetype of that name (:func:`resolve`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from sim.scenario.loading import ScenarioError

SCENARIOS = "sim.scenarios"
SEEDS = "sim.seeds"


def folder(package: str = SCENARIOS) -> Path:
    """The installed folder of ``package`` (the archetypes, or the fact sheets with ``SEEDS``)."""
    found = resources.files(package)
    if not isinstance(found, Path):  # pip always unpacks wheels; a zipped install is not one
        raise ScenarioError(f"{package}: the library is not a folder on disk ({found})")
    return found


def names() -> list[str]:
    """The archetypes' names, sorted (``dify``, ``model_lab`` ...)."""
    return sorted(p.stem for p in folder().glob("*.yaml"))


def resolve(value: str | Path) -> Path:
    """The scenario file ``value`` names: the file itself if it exists, else the archetype of
    that name. :class:`ScenarioError` if it is neither, listing the archetypes."""
    path = Path(value)
    if path.exists():
        return path
    bare = len(path.parts) == 1 and path.suffix in ("", ".yaml")
    if bare and (candidate := folder() / f"{path.stem}.yaml").is_file():
        return candidate
    hint = f"; archetypes: {', '.join(names())}" if bare else ""
    raise ScenarioError(f"{value}: no such file{' or archetype' if bare else ''}{hint}")
