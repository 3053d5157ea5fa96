"""Base rates of survival for young businesses, drawn beside a run's survival curve.

The archetypes' articles tell survivors' stories; a simulated survival far above these rates
says more about what the story leaves out than about the company. The figures are the share of
new establishments still in existence a given number of months after they opened:

=====================  =========  =========
group                  24 months  48 months
=====================  =========  =========
all sectors            66%        44%
information sector     63%        38%
=====================  =========  =========

Source: US Bureau of Labor Statistics, Business Employment Dynamics (BED): the cohort of new
private-sector establishments born in the second quarter of 1998 (true births: single
establishments with no earlier employment), followed quarter by quarter in the Quarterly Census
of Employment and Wages. The information sector had the lowest 2- and 4-year survival of all
sectors. The BED's "Establishment age and survival data" (bls.gov/bdm/bdmage.htm, the table of
survival of private-sector establishments by opening year) carries the same measure for later
cohorts.

These are establishments (a shop, an office) in the United States, not venture-backed startups
in China: a reference for how often young businesses close, not a calibration target.

References
----------
Knaup, A. E. (2005). Survival and longevity in the Business Employment Dynamics data.
*Monthly Labor Review* 128(5), 50-56. US Bureau of Labor Statistics.
US Bureau of Labor Statistics (2005). New business establishments: survival and longevity.
*The Economics Daily*, 14 June 2005.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = (
    "US Bureau of Labor Statistics, Business Employment Dynamics: new establishments born in "
    "1998 Q2 (Knaup 2005, Monthly Labor Review)"
)


@dataclass(frozen=True)
class BaseRate:
    group: str  # "all" (every sector) or "information" (the information sector)
    month: int  # age of the establishment, months
    share: float  # share still in existence at that age


BASE_RATES = (
    BaseRate("all", 24, 0.66),
    BaseRate("all", 48, 0.44),
    BaseRate("information", 24, 0.63),
    BaseRate("information", 48, 0.38),
)
GROUPS = ("all", "information")


def within(months: int) -> tuple[list[BaseRate], list[BaseRate]]:
    """The base rates at or before the horizon ``months`` and those beyond it."""
    inside = [r for r in BASE_RATES if r.month <= months]
    return inside, [r for r in BASE_RATES if r.month > months]
