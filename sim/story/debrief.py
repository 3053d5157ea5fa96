"""The tournament debrief's stories: one company per team, on the same simulated world.

:func:`tell` is the ``teller`` that :func:`sim.analysis.tournament.play` takes: the analysis
decides which runs to compare, the story stage tells them.
"""

from __future__ import annotations

from sim.analysis.results import Results
from sim.formatting import money
from sim.story.life import month_label, story_lines
from sim.story.pick import pick, pick_reason

STORY_DEATH, STORY_SURVIVOR = "typical-death", "typical-survivor"
"""How the debrief asks :func:`sim.story.pick.pick` for a team's story."""


def tell(r: Results, other: str, theirs: Results) -> dict:
    """One ``sim story`` of a run (a typical death if the team had deaths, else a typical
    survivor), and what became of the ``other`` team in the same simulated world."""
    how = STORY_DEATH if r.died.any() else STORY_SURVIVOR
    path = int(pick(r, how))
    b = theirs.batch
    told = {
        "how": how,
        "path": path,
        "reason": pick_reason(r, how, path),
        "lines": [[int(m), month_label(r, m), str(text)] for m, text in story_lines(r, path)],
        "same_world": f"In the same simulated world, {other} {fate(theirs, path)}.",
        "other": other,
        "other_fate": {
            "death_month": int(b.death_month[path]),
            "cause": theirs.cause_labels[b.cause[path]] if b.death_month[path] > 0 else None,
            "final_cash": float(b.final_cash[path]),
            "cash_text": money(float(b.final_cash[path]), theirs.scenario.company.currency),
        },
    }
    told["zh"] = {  # the same story told in Chinese, for the zh leaderboard
        "reason": pick_reason(r, how, path, lang="zh"),
        "lines": [
            [int(m), month_label(r, m, lang="zh"), str(text)]
            for m, text in story_lines(r, path, lang="zh")
        ],
    }
    return told


def fate(r: Results, path: int) -> str:
    """What became of ``path``: 'died in month 9 (round failed: seed)' or 'was alive ...'."""
    b = r.batch
    if b.exit_kind[path]:
        return f"was {r.cause_labels[b.cause[path]]} in month {b.death_month[path]}"
    if b.death_month[path] > 0:
        return f"died in month {b.death_month[path]} ({r.cause_labels[b.cause[path]]})"
    cash = money(float(b.final_cash[path]), r.scenario.company.currency)
    return f"was alive after {r.months} months with {cash} in the bank"
