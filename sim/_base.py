"""The one pydantic base every schema model derives from."""

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Strict, immutable schema model.

    ``extra="forbid"`` makes a misspelt YAML key an error instead of a silently ignored
    setting; ``allow_inf_nan=False`` rejects ``.nan`` and ``.inf`` in scenario files.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, allow_inf_nan=False, use_attribute_docstrings=True
    )
