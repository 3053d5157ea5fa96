"""The HTML report of a run (plotly, no simulation logic)."""

__all__ = ["render"]


def __getattr__(name: str):
    # plotly is imported when a page is rendered, not when a command imports sim.report.i18n
    if name == "render":
        from sim.report.page import render

        return render
    raise AttributeError(f"module 'sim.report' has no attribute {name!r}")
