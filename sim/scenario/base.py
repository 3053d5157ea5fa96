"""The one pydantic base every schema model derives from."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    """Strict, immutable schema model.

    ``extra="forbid"`` makes a misspelt YAML key an error instead of a silently ignored
    setting; ``allow_inf_nan=False`` rejects ``.nan`` and ``.inf`` in scenario files.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        allow_inf_nan=False,
        strict=True,
        use_attribute_docstrings=True,
    )


Name = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_\-]*$", max_length=40)]
"""A name a scenario gives (a stream, round, shock ...), usable in dotted paths."""


class PlacedError(ValueError):
    """A problem a whole-scenario check finds at one place of the document (e.g. the policy
    ``("policies", 2)``): pydantic reports such checks at the top level, and the loader reads
    ``place`` to name the file's line, or the ``--set`` that put the value there."""

    def __init__(self, message: str, place: tuple = ()):
        super().__init__(message)
        self.place = place


def check_unique(names: list[str], what: str) -> None:
    """Raise ValueError if two of ``names`` are the same (``what`` names the kind of thing)."""
    seen = set()
    for n in names:
        if n in seen:
            raise ValueError(f"two {what}s are named {n!r}; names must be unique")
        seen.add(n)
