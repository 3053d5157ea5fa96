"""A run as a notebook shows it: a short repr, an HTML summary table, pandas frames.

:class:`Notebook` is a mixin of :class:`sim.analysis.results.Results`, kept apart from the
JSON contract: nothing here is computed that :meth:`Results.summary` does not also report.

>>> import sim
>>> results = sim.run(sim.load("dify"))  # doctest: +SKIP  (seed 1, as the CLI)
>>> results  # doctest: +SKIP
<Results Dify: 10,000 paths x 36 months, seed 1, money in USD
  alive at 36 months (horizon)     93.0%  (92.5% – 93.5%)
  breaks even                      93.0%  (92.5% – 93.5%)
  default alive                    69.4%  (68.5% – 70.3%)
  extra cash for 50% survival      0 USD>
>>> results.to_pandas()  # doctest: +SKIP  (one row per path)
>>> results.monthly_percentiles()  # doctest: +SKIP  (one row per month)

pandas is an optional dependency (``pip install 'startup-sim[notebook]'``); xarray, if
installed, takes the frames as they are (``results.monthly_percentiles().to_xarray()``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np

from sim.analysis import stats
from sim.formatting import money, pct

if TYPE_CHECKING:
    import pandas as pd

NOTEBOOK_HINT = "pip install 'startup-sim[notebook]'"
QUANTILES = (5, 25, 50, 75, 95)
"""Percentiles of the monthly frame, as in the JSON's ``monthly`` fans."""


def _pandas():
    try:
        import pandas as pd
    except ImportError:
        raise ImportError(
            f"Results.to_pandas and monthly_percentiles need pandas, which is not installed: "
            f"{NOTEBOOK_HINT}"
        ) from None
    return pd


class Notebook:
    """What a notebook shows of a :class:`~sim.analysis.results.Results` (a mixin)."""

    def _headline(self) -> list[tuple[str, str, str]]:
        """(figure, estimate, 95% interval) rows: the terminal summary's first figures, from
        the same estimators (Wilson intervals; the gap's median without its interval, which
        needs an order-statistics test too slow for a repr of a million paths)."""
        b, n, T = self.batch, self.paths, self.months
        rows = []
        for month in (12, 24, 36):
            if month < T:
                est = stats.share(int(((b.death_month == 0) | (b.death_month > month)).sum()), n)
                rows.append((f"alive at {month} months", *_share(est)))
        rows.append(
            (f"alive at {T} months (horizon)", *_share(stats.share(int(self.alive.sum()), n)))
        )
        rows.append(("breaks even", *_share(stats.share(int((self.breakeven_month > 0).sum()), n))))
        rows.append(("default alive", *_share(stats.share(int(b.default_alive.sum()), n))))
        cur = self.scenario.company.currency
        rows.append(("extra cash for 50% survival", money(float(np.median(b.gap)), cur), ""))
        return rows

    def __repr__(self) -> str:
        """A few lines: what was run and the headline figures (the dataclass's own repr would
        print every array, tens of thousands of characters)."""
        sc = self.scenario.company
        rows = self._headline()[-4:]
        width = max(len(label) for label, _, _ in rows)
        lines = [
            f"  {label:<{width}}  {value:>8}" + (f"  ({interval})" if interval else "")
            for label, value, interval in rows
        ]
        head = (
            f"<Results {sc.name}: {self.paths:,} paths x {self.months} months, seed {self.seed}, "
            f"money in {sc.currency}"
        )
        return "\n".join([head, *lines]) + ">"

    def _repr_html_(self) -> str:
        sc = self.scenario.company
        rows = "".join(
            f"<tr><td style='text-align:left'>{html.escape(label)}</td><td>{html.escape(value)}"
            f"</td><td>{html.escape(interval)}</td></tr>"
            for label, value, interval in self._headline()
        )
        caption = (
            f"{sc.name}: {self.paths:,} simulated companies, {self.months} months, "
            f"seed {self.seed} (money in {sc.currency})"
        )
        return (
            f"<table><caption style='text-align:left'>{html.escape(caption)}</caption>"
            "<thead><tr><th style='text-align:left'>figure</th><th>estimate</th>"
            f"<th>95% interval</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def to_pandas(self, monthly_cash: bool = False) -> pd.DataFrame:
        """One row per path (index ``path``): its sampled inputs (``input:KEY``), death month
        (0: alive at the horizon) and cause, breakeven month (0: never), financing gap,
        default alive, final cash and total revenue (money in the scenario's currency), and,
        with ``monthly_cash``, its cash at each month end (``cash_0`` ...): the table of
        ``sim run --export-paths`` (:func:`sim.analysis.export.paths_table`)."""
        from sim.analysis.export import paths_table

        pd = _pandas()
        return pd.DataFrame(paths_table(self, monthly_cash)).set_index("path")

    def monthly_percentiles(self) -> pd.DataFrame:
        """Percentiles (5, 25, 50, 75, 95) of cash, revenue, costs and users at each month end,
        as in the JSON's ``monthly`` fans: index ``month`` (0 = the start), columns
        ``(quantity, "p5")`` ...; revenue and costs over the companies alive that month (none
        at month 0), from the paths with a monthly record (the first 131,072)."""
        pd = _pandas()
        b = self.batch
        alive = self.alive_mask(b.cash.shape[1])
        fans = {
            "cash": stats.fan(b.cash, qs=QUANTILES, first_month=0),
            "revenue": stats.fan(b.revenue, alive, qs=QUANTILES, first_month=1),
            "costs": stats.fan(b.costs, alive, qs=QUANTILES, first_month=1),
            "users": stats.fan(b.users, qs=QUANTILES, first_month=0),
        }
        months = pd.RangeIndex(0, self.months + 1, name="month")
        columns = {
            (name, f"p{q}"): pd.Series(fan[f"p{q}"], index=fan["month"], dtype=float)
            for name, fan in fans.items()
            for q in QUANTILES
        }
        frame = pd.DataFrame(columns).reindex(months)
        frame.columns = pd.MultiIndex.from_tuples(frame.columns, names=["quantity", "percentile"])
        return frame


def _share(est: dict) -> tuple[str, str]:
    return pct(est["p"]), f"{pct(est['lo'])} – {pct(est['hi'])}"
