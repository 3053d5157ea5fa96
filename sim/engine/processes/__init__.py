"""One simpy process per business function, each acting on all paths of a batch at once.

Within a month they run in phase order: shocks, policies, financing, market, demand, team,
revenue streams, costs, month end.
"""

from sim.engine.processes.costs import Costs
from sim.engine.processes.demand import Demand
from sim.engine.processes.exits import Exits
from sim.engine.processes.financing import Financing
from sim.engine.processes.market import Market
from sim.engine.processes.month_end import MonthEnd, cause_labels
from sim.engine.processes.policies import Policies
from sim.engine.processes.revenue import STREAMS
from sim.engine.processes.shocks import Shocks
from sim.engine.processes.team import Team

__all__ = [
    "Costs",
    "Demand",
    "Exits",
    "Financing",
    "Market",
    "MonthEnd",
    "Policies",
    "STREAMS",
    "Shocks",
    "Team",
    "cause_labels",
]
