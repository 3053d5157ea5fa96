"""The HTML report of a run (plotly, no simulation logic)."""

from sim.report.page import render

__all__ = ["render"]
