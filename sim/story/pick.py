"""Which simulated company's story to tell: a representative path of a run.

The figures a path is typical of (the median month of death, the survivors' median cash) come
from all paths; the path chosen is one with a monthly record, since its story is told from it.
"""

from __future__ import annotations

import numpy as np

from sim.analysis.results import Results
from sim.formatting import money
from sim.story import texts as st
from sim.story.texts import say

PICKS = {
    "typical": "the typical fate: typical-death if at least half died, else typical-survivor",
    "typical-death": "the death closest to the median month of death",
    "typical-survivor": "the survivor whose final cash is closest to the survivors' median",
    "worst": "the earliest death (the lowest final cash if none died)",
    "best": "the highest final cash (the latest death if none survived)",
}
"""Ways to choose a representative path; ties go to the lowest path number."""


class StoryError(ValueError):
    """A story cannot be told as asked (e.g. a typical death where nobody died)."""


def pick(results: Results, how: str) -> int:
    """The index of a representative path (see :data:`PICKS`); ties go to the lowest index.

    Final cash is the balance at the horizon, or at death for a dead path. The figures it is
    typical of come from all paths; the path chosen is one of those with a monthly record
    (the first ``sim.engine.runner.RECORD_PATHS``), since its story is told from that record.
    """
    b = results.batch
    recorded = b.cash.shape[1]

    def _closest(score) -> int:  # the first (lowest index) of equal scores
        score = np.array(score, dtype=float)
        score[recorded:] = np.inf
        return int(np.argmin(score))

    dead, final = results.died, b.final_cash  # an exit is neither a death nor a survival
    alive = b.death_month == 0
    if how == "typical":
        how = "typical-death" if 2 * dead.sum() >= b.n else "typical-survivor"
    if how == "typical-death":
        _need(dead.any(), results, "died", "typical-survivor or --pick best")
        d = b.death_month.astype(float)
        return _closest(np.where(dead, np.abs(d - np.median(d[dead])), np.inf))
    if how == "typical-survivor":
        _need(alive.any(), results, "survived", "typical-death or --pick worst")
        return _closest(np.where(alive, np.abs(final - np.median(final[alive])), np.inf))
    if how == "worst":
        if dead.any():
            return _closest(np.where(dead, b.death_month, np.iinfo(np.int64).max))
        return _closest(final)
    if how == "best":
        if not alive.any():  # the one that lasted longest, then the smallest shortfall
            latest = b.death_month == b.death_month.max()
            return _closest(np.where(latest, -final, np.inf))
        return _closest(-final)
    raise StoryError(f"unknown pick {how!r}; expected one of: {', '.join(PICKS)}")


def pick_reason(results: Results, how: str, path: int, *, lang: str = "en") -> str:
    """Why ``pick(results, how)`` chose ``path``, in one sentence (in ``lang``: en or zh)."""
    st.check_lang(lang)
    b, cur = results.batch, results.scenario.company.currency
    dead, final = results.died, b.final_cash  # an exit is neither a death nor a survival
    alive = b.death_month == 0
    n, n_dead, n_alive = b.n, int(dead.sum()), int(alive.sum())
    if how == "typical":
        how = "typical-death" if 2 * n_dead >= n else "typical-survivor"
    if how == "typical-death":
        median = float(np.median(b.death_month[dead]))
        return say(
            "reason.typical_death", lang, dead=f"{n_dead:,}", n=f"{n:,}", median=f"{median:g}",
            month=b.death_month[path],
        )  # fmt: skip
    if how == "typical-survivor":
        median = float(np.median(final[alive]))
        return say(
            "reason.typical_survivor", lang, alive=f"{n_alive:,}", n=f"{n:,}",
            months=results.months, median=money(median, cur), cash=money(final[path], cur),
        )  # fmt: skip
    if how == "worst":
        if n_dead:
            same = int((dead & (b.death_month == b.death_month[path])).sum())
            return say(
                "reason.earliest_death", lang, month=b.death_month[path], same=f"{same:,}",
                n=f"{n:,}",
            )  # fmt: skip
        return say("reason.lowest_cash", lang, cash=money(final[path], cur))
    if not n_alive:
        return say("reason.latest_death", lang, month=b.death_month[path])
    return say("reason.highest_cash", lang, n=f"{n:,}", cash=money(final[path], cur))


def _need(ok, results: Results, what: str, other: str) -> None:
    if not ok:
        raise StoryError(
            f"no simulated company {what} in {results.months} months "
            f"({results.paths:,} paths), so there is no such path to tell; "
            f"try --pick {other}"
        )
