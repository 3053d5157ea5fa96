"""The narrated life of one simulated company, read off a run's own record.

:mod:`~sim.story.life` tells a path month by month (events, monthly records, the values it
drew); :mod:`~sim.story.pick` chooses which path to tell (the typical death, the best ...);
:mod:`~sim.story.texts` holds the sentences, in English and Simplified Chinese.
Nothing is simulated here: a story is the one behind the run's figures.
"""

from sim.story.life import drawn_values, month_label, story_lines, story_text
from sim.story.pick import PICKS, StoryError, pick, pick_reason

__all__ = [
    "PICKS",
    "StoryError",
    "drawn_values",
    "month_label",
    "pick",
    "pick_reason",
    "story_lines",
    "story_text",
]
