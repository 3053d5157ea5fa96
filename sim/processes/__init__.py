"""One simpy process per business function, each acting on all paths of a batch at once.

Within a month they run in phase order: shocks, policies, financing, demand, revenue streams,
costs, month end.
"""

from .costs import Costs
from .demand import Demand
from .financing import Financing
from .month_end import MonthEnd, cause_labels
from .policies import Policies
from .revenue import STREAMS
from .shocks import Shocks

__all__ = [
    "Costs",
    "Demand",
    "Financing",
    "MonthEnd",
    "Policies",
    "STREAMS",
    "Shocks",
    "cause_labels",
]
