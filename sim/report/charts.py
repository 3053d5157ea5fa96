"""The report's figures: one plotly figure and a one-line reading hint per chart.

Every builder takes the run's :class:`~sim.results.Results` and its summary and returns
``(figure, hint)``. Text from the scenario is escaped, since plotly renders titles, legends
and tick labels as HTML.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from ..formatting import calendar, money, pct, share_interval
from ..results import Results
from ..state import CATEGORIES

TITLES = {
    "survival": "Share of companies still alive",
    "cash": "Cash in the bank at each month end ({cur})",
    "flows": "Monthly revenue and costs of the companies still alive ({cur})",
    "breakeven": "When do companies break even?",
    "gap": "How much more money would keep the company alive?",
    "costs": "Where the money goes: average monthly costs ({cur})",
    "causes": "Why companies die",
}


COST_COLORS = {
    "team": "#4c78a8",
    "gpu": "#f58518",
    "inference": "#e45756",
    "marketing": "#72b7b2",
    "cogs": "#54a24b",
    "other": "#b279a2",
}


COST_LABELS = {
    "team": "Team (salaries)",
    "gpu": "GPU (rent, purchases, training)",
    "inference": "Inference (serving customers)",
    "marketing": "Marketing and customer acquisition",
    "cogs": "Other cost of goods (fees, third-party APIs)",
    "other": "Office, tools and other fixed costs",
}


BLUE, GREEN, RED, GREY = "#1f5fa8", "#2e8b57", "#c0392b", "#555"


def _figure(s: dict, key: str, xtitle: str, ytitle: str) -> go.Figure:
    return figure(TITLES[key].format(cur=s["currency"]), xtitle, ytitle)


def figure(title: str, xtitle: str, ytitle: str) -> go.Figure:
    """An empty figure in the report's style; ``title`` is plain text (escaped here)."""
    fig = go.Figure()
    fig.update_layout(
        template="plotly_white",
        title={
            "text": html.escape(title),
            "x": 0.01,
            "font": {"size": 19},
        },
        xaxis_title=xtitle,
        yaxis_title=ytitle,
        margin={"l": 70, "r": 20, "t": 70, "b": 60},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
        hovermode="x unified",
    )
    return fig


def month_axis(fig: go.Figure, s: dict, first: int) -> None:
    """Ticks show the month number and, below it, its calendar month."""
    T = s["months"]
    step = next((k for limit, k in ((12, 1), (24, 3), (72, 6), (144, 12)) if T <= limit), 24)
    ticks = list(range(first if first % step == 0 else step, T + 1, step))
    text = [f"{t}<br>{calendar(s['start'], t)}" if t > 0 else "0<br>start" for t in ticks]
    fig.update_xaxes(
        tickvals=ticks, ticktext=text, range=[first - 0.5, T + 0.5], title_text="Month"
    )


def _band(fig, x, lo, hi, color: str, name: str, opacity: float) -> None:
    fig.add_scatter(x=x, y=lo, mode="lines", line_width=0, showlegend=False, hoverinfo="skip")
    fig.add_scatter(
        x=x,
        y=hi,
        mode="lines",
        line_width=0,
        fill="tonexty",
        name=name,
        hoverinfo="skip",
        fillcolor=_rgba(color, opacity),
    )


def _note(fig: go.Figure, text: str) -> None:
    """A message in the middle of an empty chart."""
    middle = {"xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False}
    fig.add_annotation(text=text, font={"size": 16, "color": GREY}, **middle)


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _cal_list(s: dict, months) -> list[str]:
    return [
        f"start of {calendar(s['start'], 1)}" if t == 0 else calendar(s["start"], t) for t in months
    ]


def _percent(shares: list) -> list:
    return [None if v is None else 100 * v for v in shares]


def _survival(results: Results, s: dict) -> tuple[go.Figure, str]:
    sv, end = s["survival"], s["p_alive_at_horizon"]
    fig = _figure(s, "survival", "Month", "Share of paths alive (%)")
    _band(fig, sv["month"], _percent(sv["lo"]), _percent(sv["hi"]), BLUE, "95% band", 0.2)
    fig.add_scatter(
        x=sv["month"],
        y=_percent(sv["p"]),
        name="share alive",
        line={"color": BLUE, "width": 3},
        customdata=_cal_list(s, sv["month"]),
        hovertemplate="%{y:.1f}% alive at the end of %{customdata}<extra></extra>",
    )
    fig.update_yaxes(range=[0, 102], ticksuffix="%")
    month_axis(fig, s, 0)
    return fig, (
        "the line is the share of simulated companies still alive at the end of each month; "
        f"after {s['months']} months it is {pct(end['p'])} ({share_interval(end)}). The band shows "
        "how precisely the simulation pins that share down; more paths make it narrower."
    )


def _fan(fig, s, x, fan, color, name, outer: bool) -> None:
    if outer:
        _band(fig, x, fan["p5"], fan["p95"], color, f"{name}: 90% of paths", 0.12)
    _band(fig, x, fan["p25"], fan["p75"], color, f"{name}: middle 50%", 0.28)
    fig.add_scatter(
        x=x,
        y=fan["p50"],
        name=f"{name}: median",
        line={"color": color, "width": 3},
        customdata=_cal_list(s, x),
        hovertemplate=f"%{{customdata}}: median {name.lower()} %{{y:,.0f}} {s['currency']}"
        "<extra></extra>",
    )


def _cash(results: Results, s: dict) -> tuple[go.Figure, str]:
    cash = s["monthly"]["cash"]
    x = cash["month"]  # month 0 is the opening balance
    fig = _figure(s, "cash", "Month", f"Cash at month end ({s['currency']})")
    _fan(fig, s, x, cash, BLUE, "Cash", outer=True)
    fig.add_hline(y=0, line={"color": RED, "dash": "dash", "width": 1.5})
    below = {"xref": "paper", "xanchor": "right", "yanchor": "top", "showarrow": False}
    fig.add_annotation(x=1, y=0, text="out of money below this line", font_color=RED, **below)
    month_axis(fig, s, 0)
    return fig, (
        "the dark line is the median cash balance; half of the paths lie in the dark band and "
        "90% in the light band. Below the dashed zero line the company has run out of money: "
        "a company that failed stays at its last (negative) balance, so the low end of the fan "
        "shows how deep the hole was when it died."
    )


def _flows(results: Results, s: dict) -> tuple[go.Figure, str]:
    m = s["monthly"]
    x = m["revenue"]["month"]
    fig = _figure(s, "flows", "Month", f"Per month ({s['currency']})")
    _fan(fig, s, x, m["costs"], RED, "Costs", outer=False)
    _fan(fig, s, x, m["revenue"], GREEN, "Revenue", outer=False)
    month_axis(fig, s, 1)
    hint = (
        "among the companies still alive at the start of each month, the lines are the median "
        "revenue (green) and costs (red) of that month and the bands the middle 50% of "
        "companies. Where green rises above red, the typical company pays its own way."
    )
    if None in m["revenue"]["p50"]:
        hint += " The lines stop where no company is left alive."
    return fig, hint


def _breakeven(results: Results, s: dict) -> tuple[go.Figure, str]:
    T, be = s["months"], results.breakeven_month
    share = np.bincount(be[be > 0], minlength=T + 1)[1:] / max(be.size, 1) * 100
    fig = _figure(s, "breakeven", "Month", "Share of all paths (%)")
    x = list(range(1, T + 1))
    fig.add_bar(
        x=x,
        y=share.tolist(),
        marker_color=GREEN,
        name="first month with a profit",
        customdata=_cal_list(s, x),
        hovertemplate="%{y:.2f}% first broke even in %{customdata}<extra></extra>",
    )
    info = s["breakeven"]
    med = info["month"]["p50"]["value"]
    if med is None:
        _note(fig, f"No path broke even within {T} months")
    else:
        fig.add_vline(x=med, line={"color": GREY, "dash": "dash"})
        top = {"yref": "paper", "xanchor": "left", "yanchor": "top", "showarrow": False}
        fig.add_annotation(x=med, y=1, text=f" median: month {med:g}", **top)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    fig.update_layout(showlegend=False)
    month_axis(fig, s, 1)
    hint = (
        "each bar is the share of all paths whose first profitable month (revenue at least "
        f"covering costs) was that month; {pct(info['share']['p'])} broke even within {T} "
        f"months. {pct(info['never_share']['p'])} never did (or died first) and are not shown."
    )
    return fig, hint


def _gap(results: Results, s: dict) -> tuple[go.Figure, str]:
    cur, T = s["currency"], s["months"]
    gap = np.sort(np.asarray(results.batch.gap, dtype=float))
    top = float(gap[-1]) if gap.size else 0.0
    xs = np.unique(np.concatenate([[0.0], np.quantile(gap, np.linspace(0, 1, 401))]))
    ys = np.searchsorted(gap, xs, side="right") / max(gap.size, 1) * 100
    fig = _figure(s, "gap", f"Extra cash at the start ({cur})", f"Share surviving {T} months (%)")
    fig.add_scatter(
        x=xs.tolist(),
        y=ys.tolist(),
        line={"color": BLUE, "width": 3, "shape": "hv"},
        name="share of paths that survive",
        hovertemplate=f"raise %{{x:,.0f}} {cur} more: %{{y:.1f}}% survive<extra></extra>",
    )
    for key, level in (("p50", 50), ("p90", 90)):
        v = s["financing_gap"][key]["value"]
        if v is None or top == 0:
            continue
        fig.add_vline(x=v, line={"color": GREY, "dash": "dash"})
        fig.add_annotation(
            x=v,
            y=level,
            text=f"{level}% survive: raise {money(v, cur)}" if v else f"{level}% survive as is",
            ax=40,
            ay=-30 if level == 50 else 30,
            xanchor="left",
        )
    if top == 0:
        _note(fig, "No path ran out of money: nothing more to raise")
        fig.update_xaxes(range=[0, 1], showticklabels=False)
    fig.update_yaxes(range=[0, 102], ticksuffix="%")
    fig.update_layout(showlegend=False, hovermode="closest")
    hint = (
        "pick an amount on the horizontal axis: the curve gives the share of paths that would "
        f"survive all {T} months with that much more cash at the start, on top of the planned "
        f"cash and rounds. At zero it is today's survival, {pct(s['p_alive_at_horizon']['p'])}"
        + ("." if top == 0 else "; the dashed lines mark the amounts for 50% and 90% survival.")
    )
    return fig, hint


def _costs(results: Results, s: dict) -> tuple[go.Figure, str]:
    cb = s["cost_breakdown"]
    x = list(range(1, s["months"] + 1))
    fig = _figure(s, "costs", "Month", f"Average per company per month ({s['currency']})")
    unused = []
    for cat in CATEGORIES:
        label = COST_LABELS.get(cat, cat)
        if not any(cb.get(cat) or []):
            unused.append(label.split(" (")[0])
            continue
        fig.add_scatter(
            x=x,
            y=cb[cat],
            name=label,
            stackgroup="costs",
            mode="lines",
            line_width=0.5,
            line_color=COST_COLORS.get(cat),
            hovertemplate=f"{label}: %{{y:,.0f}} {s['currency']}<extra></extra>",
        )
    fig.update_layout(legend_traceorder="normal")
    month_axis(fig, s, 1)
    hint = (
        "the height of the stack is the average monthly spending of a company still alive "
        "that month, split by what the money goes to; GPU purchases show as spikes in the "
        "month they are paid."
    )
    if unused:
        hint += f" Nothing was spent on: {'; '.join(unused)}."
    return fig, hint


def causes(s: dict) -> tuple[go.Figure, str] | None:
    """Bars of the share of all paths that died of each cause, or None if nobody died."""
    rows, T, n = s["causes_of_death"][::-1], s["months"], s["paths"]  # first bar at the bottom
    if not rows:
        return None
    fig = _figure(s, "causes", "Share of all paths (%)", "")
    fig.add_bar(
        y=[html.escape(c["cause"]) for c in rows],
        x=[100 * c["share_of_paths"]["p"] for c in rows],
        error_x={"type": "data", "array": [196 * c["share_of_paths"]["se"] for c in rows]},
        orientation="h",
        marker_color=RED,
        text=[f"{pct(c['share_of_paths']['p'])} ({c['deaths']:,} deaths)" for c in rows],
        textposition="inside",
        insidetextanchor="start",
        width=0.6,
        hovertemplate="%{y}: %{x:.2f}% of paths<extra></extra>",
    )
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    fig.update_layout(showlegend=False, hovermode="closest", height=180 + 50 * len(rows))
    died = sum(c["deaths"] for c in rows) / n
    return fig, (
        f"each bar is the share of all {n:,} simulated companies that died of that cause within "
        f"{T} months ({pct(died)} died in all); the whiskers are 95% intervals "
        "(plus or minus 1.96 standard errors)."
    )


CHARTS = (
    ("survival", _survival),
    ("cash", _cash),
    ("flows", _flows),
    ("breakeven", _breakeven),
    ("gap", _gap),
    ("costs", _costs),
)
