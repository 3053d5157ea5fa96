"""The report's figures: one plotly figure and a one-line reading hint per chart.

Every builder takes the run's :class:`~sim.analysis.results.Results`, its summary and the report's
language (:mod:`sim.report.i18n`) and returns ``(figure, hint)``. Text from the scenario is
escaped, since plotly renders titles, legends and tick labels as HTML.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

from sim.analysis.results import Results
from sim.engine.state import CATEGORIES
from sim.formatting import money
from sim.report.base_rates import GROUPS, within
from sim.report.i18n import MESSAGES, calendar, cause_label, join, pct, share_interval, t

CHART_KEYS = ("survival", "cash", "flows", "breakeven", "gap", "costs", "causes")
TITLES = {key: MESSAGES[f"title.{key}"]["en"] for key in CHART_KEYS}
"""Chart titles in English (``{cur}`` is the currency); see :mod:`sim.report.i18n`."""


COST_COLORS = {
    "team": "#4c78a8",
    "gpu": "#f58518",
    "inference": "#e45756",
    "marketing": "#72b7b2",
    "cogs": "#54a24b",
    "other": "#b279a2",
}


BLUE, GREEN, RED, GREY = "#1f5fa8", "#2e8b57", "#c0392b", "#555"

FONTS = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", '
    '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)
"""The pages' font stack, in the CSS and in every figure: Latin system fonts first, then the
common Chinese ones (Noto Sans CJK SC is Debian's ``fonts-noto-cjk``), so zh pages show no
boxes wherever one of them is installed."""

_WHITE = pio.templates["plotly_white"]
TEMPLATE = go.layout.Template(
    layout=_WHITE.layout, data={kind: _WHITE.data[kind] for kind in ("scatter", "bar", "heatmap")}
)
"""plotly_white, with the trace defaults of the kinds of chart the reports draw only: each
figure gets its own copy of its template, and the whole of plotly_white (defaults for every
kind of trace) cost a tenth of a second per report and 3.5 kB of page per chart."""


def _figure(s: dict, key: str, xtitle: str, ytitle: str, lang: str) -> go.Figure:
    return figure(t(f"title.{key}", lang, cur=s["currency"]), xtitle, ytitle)


def figure(title: str, xtitle: str, ytitle: str) -> go.Figure:
    """An empty figure in the report's style; ``title`` is plain text (escaped here)."""
    fig = go.Figure()
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": html.escape(title),
            "x": 0.01,
            "font": {"size": 19},
        },
        xaxis_title=xtitle,
        yaxis_title=ytitle,
        font={"family": FONTS},
        margin={"l": 70, "r": 20, "t": 70, "b": 60},
        # below the plot, never under the title: a legend that wraps on a narrow page grows
        # downwards, and plotly widens the bottom margin to fit it
        legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        hovermode="x unified",
    )
    return fig


def month_axis(fig: go.Figure, s: dict, first: int, lang: str = "en") -> None:
    """Ticks show the month number and, below it, its calendar month."""
    T = s["months"]
    step = next((k for limit, k in ((12, 1), (24, 3), (72, 6), (144, 12)) if T <= limit), 24)
    ticks = list(range(first if first % step == 0 else step, T + 1, step))
    start = t("axis.start", lang)
    text = [f"{m}<br>{calendar(s['start'], m, lang)}" if m > 0 else f"0<br>{start}" for m in ticks]
    fig.update_xaxes(
        tickvals=ticks,
        ticktext=text,
        range=[first - 0.5, T + 0.5],
        title_text=t("axis.month", lang),
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


def cal_list(s: dict, months, lang: str = "en") -> list[str]:
    """Calendar names of months (month 0: the start of month 1), for hover texts."""
    first = t("cal.start_of", lang, cal=calendar(s["start"], 1, lang))
    return [first if m == 0 else calendar(s["start"], m, lang) for m in months]


def _percent(shares: list) -> list:
    return [None if v is None else 100 * v for v in shares]


def _survival(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    sv, end = s["survival"], s["p_alive_at_horizon"]
    fig = _figure(s, "survival", t("axis.month", lang), t("survival.y", lang), lang)
    band = t("survival.band", lang)
    _band(fig, sv["month"], _percent(sv["lo"]), _percent(sv["hi"]), BLUE, band, 0.2)
    fig.add_scatter(
        x=sv["month"],
        y=_percent(sv["p"]),
        name=t("survival.line", lang),
        line={"color": BLUE, "width": 3},
        customdata=cal_list(s, sv["month"], lang),
        hovertemplate=t("survival.hover", lang),
    )
    fig.update_yaxes(range=[0, 102], ticksuffix="%")
    month_axis(fig, s, 0, lang)
    hint = t(
        "survival.hint",
        lang,
        months=s["months"],
        share=pct(end["p"], lang),
        interval=share_interval(end, lang),
    )
    return fig, hint + base_rates(fig, s["months"], lang)


def base_rates(fig: go.Figure, months: int, lang: str = "en") -> str:
    """Draw the survival of young businesses (:mod:`sim.report.base_rates`) that falls within
    the horizon as grey diamonds; return the caption, which also names those beyond it."""
    inside, beyond = within(months)
    for rank, (group, symbol) in enumerate(zip(GROUPS, ("diamond", "diamond-open"), strict=True)):
        points = [r for r in inside if r.group == group]
        if not points:
            continue
        name = t(f"base.{group}", lang)
        fig.add_scatter(
            x=[r.month for r in points],
            y=[100 * r.share for r in points],
            mode="markers",
            name=name,
            legendrank=999 - rank,  # after the curve (the legend lists traces reversed)
            marker={"color": GREY, "size": 12, "symbol": symbol, "line": {"width": 2}},
            customdata=[
                t(f"base.hover.{group}", lang, share=_whole(r.share), months=r.month)
                for r in points
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    rate = {(r.group, r.month): _whole(r.share) for r in (*inside, *beyond)}
    text = t(
        "base.hint", lang, a2=rate["all", 24], a4=rate["all", 48], i2=rate["information", 24],
        i4=rate["information", 48],
    )  # fmt: skip
    if beyond:
        ages = sorted({r.month for r in beyond})
        text += t("base.beyond", lang, months=t("list.comma", lang).join(map(str, ages)),
                  horizon=months)  # fmt: skip
    return text


def _whole(share: float) -> str:
    """A base rate as published: whole percent."""
    return f"{100 * share:.0f}%"


def _fan(fig, s, x, fan, color, name, outer: bool, lang: str) -> None:
    if outer:
        _band(fig, x, fan["p5"], fan["p95"], color, t("fan.outer", lang, name=name), 0.12)
    _band(fig, x, fan["p25"], fan["p75"], color, t("fan.inner", lang, name=name), 0.28)
    shown = name.lower() if lang == "en" else name
    cur = s["currency"]
    fig.add_scatter(
        x=x,
        y=fan["p50"],
        name=t("fan.median", lang, name=name),
        line={"color": color, "width": 3},
        customdata=[
            [c, "" if v is None else money(v, cur)]
            for c, v in zip(cal_list(s, x, lang), fan["p50"], strict=True)
        ],
        hovertemplate=t("fan.hover", lang, name=shown),
    )


def _cash(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    cash = s["monthly"]["cash"]
    x = cash["month"]  # month 0 is the opening balance
    ytitle = t("cash.y", lang, cur=s["currency"])
    fig = _figure(s, "cash", t("axis.month", lang), ytitle, lang)
    _fan(fig, s, x, cash, BLUE, t("fan.cash", lang), outer=True, lang=lang)
    fig.add_hline(y=0, line={"color": RED, "dash": "dash", "width": 1.5})
    below = {"xref": "paper", "xanchor": "right", "yanchor": "top", "showarrow": False}
    fig.add_annotation(x=1, y=0, text=t("cash.zero", lang), font_color=RED, **below)
    month_axis(fig, s, 0, lang)
    return fig, t("cash.hint", lang)


def _flows(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    m = s["monthly"]
    x = m["revenue"]["month"]
    ytitle = t("flows.y", lang, cur=s["currency"])
    fig = _figure(s, "flows", t("axis.month", lang), ytitle, lang)
    _fan(fig, s, x, m["costs"], RED, t("fan.costs", lang), outer=False, lang=lang)
    _fan(fig, s, x, m["revenue"], GREEN, t("fan.revenue", lang), outer=False, lang=lang)
    month_axis(fig, s, 1, lang)
    hint = t("flows.hint", lang)
    if None in m["revenue"]["p50"]:
        hint += t("flows.stop", lang)
    return fig, hint


def _breakeven(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    T, be = s["months"], results.breakeven_month
    share = np.bincount(be[be > 0], minlength=T + 1)[1:] / max(be.size, 1) * 100
    fig = _figure(s, "breakeven", t("axis.month", lang), t("breakeven.y", lang), lang)
    x = list(range(1, T + 1))
    fig.add_bar(
        x=x,
        y=share.tolist(),
        marker_color=GREEN,
        name=t("breakeven.bar", lang),
        customdata=cal_list(s, x, lang),
        hovertemplate=t("breakeven.hover", lang),
    )
    info = s["breakeven"]
    med = info["month"]["p50"]["value"]
    if med is None:
        _note(fig, t("breakeven.none", lang, months=T))
    else:
        fig.add_vline(x=med, line={"color": GREY, "dash": "dash"})
        top = {"yref": "paper", "xanchor": "left", "yanchor": "top", "showarrow": False}
        fig.add_annotation(x=med, y=1, text=t("breakeven.median", lang, m=f"{med:g}"), **top)
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    fig.update_layout(showlegend=False)
    month_axis(fig, s, 1, lang)
    hint = t(
        "breakeven.hint",
        lang,
        share=pct(info["share"]["p"], lang),
        months=T,
        never=pct(info["never_share"]["p"], lang),
    )
    return fig, hint


def _gap(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    cur, T = s["currency"], s["months"]
    gap = np.sort(np.asarray(results.batch.gap, dtype=float))
    top = float(gap[-1]) if gap.size else 0.0
    xs = np.unique(np.concatenate([[0.0], np.quantile(gap, np.linspace(0, 1, 401))]))
    ys = np.searchsorted(gap, xs, side="right") / max(gap.size, 1) * 100
    fig = _figure(s, "gap", t("gap.x", lang, cur=cur), t("gap.y", lang, months=T), lang)
    fig.add_scatter(
        x=xs.tolist(),
        y=ys.tolist(),
        line={"color": BLUE, "width": 3, "shape": "hv"},
        name=t("gap.line", lang),
        customdata=[money(v, cur) for v in xs.tolist()],
        hovertemplate=t("gap.hover", lang),
    )
    for key, level in (("p50", 50), ("p90", 90)):
        v = s["financing_gap"][key]["value"]
        if v is None or top == 0:
            continue
        fig.add_vline(x=v, line={"color": GREY, "dash": "dash"})
        text = (
            t("gap.mark", lang, level=level, amount=money(v, cur))
            if v
            else t("gap.mark_zero", lang, level=level)
        )
        ay = -30 if level == 50 else 30
        fig.add_annotation(x=v, y=level, text=text, ax=40, ay=ay, xanchor="left")
    if top == 0:
        _note(fig, t("gap.none", lang))
        fig.update_xaxes(range=[0, 1], showticklabels=False)
    fig.update_yaxes(range=[0, 102], ticksuffix="%")
    fig.update_layout(showlegend=False, hovermode="closest")
    hint = t("gap.hint", lang, months=T, share=pct(s["p_alive_at_horizon"]["p"], lang))
    hint += t("gap.hint_end" if top == 0 else "gap.hint_lines", lang)
    return fig, hint


def _costs(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    cb = s["cost_breakdown"]
    x = list(range(1, s["months"] + 1))
    ytitle = t("costs.y", lang, cur=s["currency"])
    fig = _figure(s, "costs", t("axis.month", lang), ytitle, lang)
    unused = []
    for cat in CATEGORIES:
        label = t(f"cost.{cat}", lang) if f"cost.{cat}" in MESSAGES else cat
        if not any(cb.get(cat) or []):
            unused.append(label.split(" (")[0].split("（")[0])
            continue
        fig.add_scatter(
            x=x,
            y=cb[cat],
            name=label,
            stackgroup="costs",
            mode="lines",
            line_width=0.5,
            line_color=COST_COLORS.get(cat),
            customdata=[money(v, s["currency"]) for v in cb[cat]],
            hovertemplate=t("costs.hover", lang, label=label),
        )
    # taller than the others: up to six legend entries below the plot take their room from
    # it, and on a narrow page its axis title would otherwise reach the chart's title
    fig.update_layout(legend_traceorder="normal", height=520)
    month_axis(fig, s, 1, lang)
    hint = t("costs.hint", lang)
    if unused:
        hint += t("costs.unused", lang, items=join(unused, lang))
    return fig, hint


def causes(s: dict, lang: str = "en") -> tuple[go.Figure, str] | None:
    """Bars of the share of all paths that died of each cause, or None if nobody died."""
    rows, T, n = s["causes_of_death"][::-1], s["months"], s["paths"]  # first bar at the bottom
    if not rows:
        return None
    fig = _figure(s, "causes", t("causes.x", lang), "", lang)
    fig.add_bar(
        y=[html.escape(cause_label(c["cause"], lang)) for c in rows],
        x=[100 * c["share_of_paths"]["p"] for c in rows],
        error_x={"type": "data", "array": [196 * c["share_of_paths"]["se"] for c in rows]},
        orientation="h",
        marker_color=RED,
        text=[
            t("causes.text", lang, share=pct(c["share_of_paths"]["p"], lang), deaths=f"{d:,}")
            for c in rows
            for d in [c["deaths"]]
        ],
        textposition="inside",
        insidetextanchor="start",
        width=0.6,
        hovertemplate=t("causes.hover", lang),
    )
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    fig.update_layout(showlegend=False, hovermode="closest", height=180 + 50 * len(rows))
    died = sum(c["deaths"] for c in rows) / n
    hint = t("causes.hint", lang, n=f"{n:,}", months=T, died=pct(died, lang))
    return fig, hint


CHARTS = (
    ("survival", _survival),
    ("cash", _cash),
    ("flows", _flows),
    ("breakeven", _breakeven),
    ("gap", _gap),
    ("costs", _costs),
)
