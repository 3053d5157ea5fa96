"""The HTML report of a run (plotly, no simulation logic)."""

from .page import render

__all__ = ["render"]
