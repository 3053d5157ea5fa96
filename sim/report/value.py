"""What the company is worth: the report's figures on founders' value, ownership and exits.

Every figure comes from the run's summary and per-path outcomes (:meth:`Results.value
<sim.analysis.results.Results.value>`); nothing is simulated here. Builders return
``(figure, hint)`` like those of :mod:`sim.report.charts`.
"""

from __future__ import annotations

import html

import numpy as np
import plotly.graph_objects as go

from sim.analysis.results import Results
from sim.formatting import money
from sim.report.charts import BLUE, GREEN, GREY, RED, _band, figure, month_axis
from sim.report.i18n import pct, share_interval, t

GOLD, PURPLE = "#b8860b", "#7b4fa0"


def founder_value(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    """Histogram of the founders' proceeds on a log axis; the share that gets nothing apart."""
    cur = s["currency"]
    v = results.batch.founder_value
    paid = v[v > 0]
    fig = figure(t("title.value", lang, cur=cur), t("value.x", lang, cur=cur), t("value.y", lang))
    if paid.size:
        edges = np.logspace(np.log10(paid.min()), np.log10(paid.max()) + 1e-9, 41)
        counts, _ = np.histogram(paid, bins=edges)
        mids = np.sqrt(edges[:-1] * edges[1:])
        fig.add_bar(
            x=mids,
            y=100 * counts / v.size,
            width=np.diff(edges),
            marker_color=BLUE,
            name=t("value.paid", lang),
            customdata=[
                [money(a, cur), money(b, cur)] for a, b in zip(edges[:-1], edges[1:], strict=True)
            ],
            hovertemplate=t("value.hover", lang),
        )
        decades = 10.0 ** np.arange(
            np.floor(np.log10(paid.min())), np.ceil(np.log10(paid.max())) + 1
        )
        fig.update_xaxes(type="log", tickvals=decades, ticktext=[money(d, cur) for d in decades])
        mean = s["founder_value"]["mean"]["value"]
        if mean and mean > 0:
            fig.add_vline(x=mean, line_dash="dash", line_color=GREY)
            fig.add_annotation(
                x=np.log10(mean), y=1, yref="paper", text=t("value.mean", lang,
                amount=money(mean, cur)), showarrow=False, xanchor="left", yanchor="top",
            )  # fmt: skip
    fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    fig.update_layout(showlegend=False, hovermode="closest", bargap=0)
    fv = s["founder_value"]
    nothing = 1 - (paid.size / v.size if v.size else 0.0)
    top = max(fv["p_above"], key=float, default=None)
    hint = t(
        "value.hint", lang, nothing=pct(nothing, lang),
        median=money(fv["p50"]["value"], cur), mean=money(fv["mean"]["value"], cur),
        above=money(float(top), cur) if top else "", share=pct(fv["p_above"][top]["p"], lang)
        if top else "",
    )  # fmt: skip
    return fig, hint


def ownership(results: Results, s: dict, lang: str = "en") -> tuple[go.Figure, str] | None:
    """The founders' fraction of the company month by month: median and 10-90% band."""
    own = results.batch.founders
    if own is None or not own.shape[1]:
        return None
    fig = figure(t("title.ownership", lang), t("axis.month", lang), t("ownership.y", lang))
    x = list(range(own.shape[0]))
    lo, mid, hi = 100 * np.quantile(own, (0.1, 0.5, 0.9), axis=1)  # one copy, one partition
    _band(fig, x, lo, hi, BLUE, t("ownership.band", lang), 0.18)
    fig.add_scatter(x=x, y=mid, mode="lines", line={"color": BLUE, "width": 3},
                    name=t("ownership.median", lang))  # fmt: skip
    month_axis(fig, s, 0, lang)
    fig.update_yaxes(ticksuffix="%", range=[0, 100])
    end = s["ownership"]["founders"][-1] if "ownership" in s else float(mid[-1]) / 100
    hint = t("ownership.hint", lang, end=pct(end, lang), months=s["months"])
    return fig, hint


def endings(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    """How the simulated lives end: alive and growing, zombie, acquired, acqui-hired, shut
    down, died (shares of all paths, one stacked bar)."""
    alive, ex = s["p_alive_at_horizon"]["p"], s["exits"]
    died = sum(c["share_of_paths"]["p"] for c in s["causes_of_death"])
    parts = [
        ("end.growing", alive - ex["zombie"]["p"], GREEN),
        ("end.zombie", ex["zombie"]["p"], GOLD),
        ("end.acquired", ex["acquired"]["p"], BLUE),
        ("end.acquihired", ex["acquihired"]["p"], PURPLE),
        ("end.shut_down", ex["shut_down"]["p"], GREY),
        ("end.died", died, RED),
    ]
    fig = figure(t("title.endings", lang, months=s["months"]), t("endings.x", lang), "")
    for key, share, color in parts:
        fig.add_bar(
            y=[""],
            x=[100 * share],
            orientation="h",
            name=html.escape(t(key, lang)),
            marker_color=color,
            text=[pct(share, lang)] if share >= 0.04 else [""],
            textposition="inside",
            hovertemplate=f"{html.escape(t(key, lang))}: {pct(share, lang)}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        height=260,
        hovermode="closest",
        legend={"traceorder": "normal"},  # below the plot, as every report figure's
        margin={"l": 20, "r": 20, "t": 70, "b": 90},
    )
    fig.update_xaxes(ticksuffix="%", range=[0, 100])
    hint = t(
        "endings.hint", lang, zombie=pct(ex["zombie"]["p"], lang),
        shut=pct(ex["shut_down"]["p"], lang), acquired=pct(ex["acquired"]["p"], lang),
    )  # fmt: skip
    return fig, hint


def cards(s: dict, card, lang: str = "en") -> list[str]:
    """Headline cards: the founders' expected value and the risk-return pair."""
    cur, fv = s["currency"], s["founder_value"]
    mean, se = fv["mean"]["value"], fv["mean"]["se"]
    if mean is None:
        return []
    interval = t(
        "card.value_sub", lang, lo=money(mean - 1.96 * (se or 0), cur),
        hi=money(mean + 1.96 * (se or 0), cur), median=money(fv["p50"]["value"], cur),
    )  # fmt: skip
    out = [card(t("card.value", lang), money(mean, cur), interval)]
    top = max(fv["p_above"], key=float, default=None)
    alive = s["p_alive_at_horizon"]
    if top is not None:
        big = t("card.risk_big", lang, alive=pct(alive["p"], lang),
                big=pct(fv["p_above"][top]["p"], lang))  # fmt: skip
        sub = t("card.risk_sub", lang, months=s["months"], amount=money(float(top), cur),
                alive=share_interval(alive, lang),
                big=share_interval(fv["p_above"][top], lang))  # fmt: skip
        out.append(card(t("card.risk", lang), big, sub))
    return out


def risk_return(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    """Each strategy of a comparison at (P(alive at the horizon), founders' expected value),
    with both 95% intervals as error bars."""
    cur = s["currency"]

    def shown(name: str) -> str:
        return t("cmp.baseline", lang) if name == s["baseline"] else html.escape(name)

    fig = figure(t("title.risk_return", lang, cur=cur), t("rr.x", lang), t("rr.y", lang, cur=cur))
    rows = s["strategies"]
    places = label_places(
        [(r["p_alive_at_horizon"]["p"], r["founder_value"]["mean"]["value"]) for r in rows],
        [shown(r["name"]) for r in rows],
    )
    for row, place in zip(rows, places, strict=True):
        a, v = row["p_alive_at_horizon"], row["founder_value"]["mean"]
        se = v["se"] or 0.0
        fig.add_scatter(
            x=[100 * a["p"]],
            y=[v["value"]],
            mode="markers+text",
            text=[shown(row["name"])],
            textposition=place,
            marker={"size": 12},
            name=shown(row["name"]),
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [100 * (a["hi"] - a["p"])],
                "arrayminus": [100 * (a["p"] - a["lo"])],
            },
            error_y={"type": "data", "array": [1.96 * se]},
            hovertemplate=(
                f"{shown(row['name'])}: {pct(a['p'], lang)}, {money(v['value'], cur)}"
                "<extra></extra>"
            ),
        )
    fig.update_xaxes(ticksuffix="%")
    fig.update_layout(hovermode="closest", showlegend=False)
    return fig, t("rr.hint", lang)


# where a point's label may go, and the label's centre from the point, in plot fractions
_PLACES = {
    "top center": (0.0, 0.06),
    "bottom center": (0.0, -0.06),
    "middle right": (1.0, 0.0),
    "middle left": (-1.0, 0.0),
}


def label_places(points: list[tuple[float, float]], names: list[str]) -> list[str]:
    """A text position for each point's label so that labels do not cover each other: each
    point in turn takes the first place (above, below, right, left) whose label box overlaps
    no label placed before it, or above if none is free. Boxes are estimated in fractions of
    the plot: 0.012 of its width a character, 0.05 of its height."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]

    def unit(v, vs):
        span = max(vs) - min(vs)
        return (v - min(vs)) / span if span > 0 else 0.5

    placed: list[tuple[float, float, float]] = []  # centre x, centre y, half width

    def box(ux, uy, half, place):
        dx, dy = _PLACES[place]
        return ux + dx * (half + 0.015), uy + dy, half

    def free(b):
        return not any(abs(b[0] - p[0]) < b[2] + p[2] and abs(b[1] - p[1]) < 0.05 for p in placed)

    out = []
    for (x, y), name in zip(points, names, strict=True):
        ux, uy, half = unit(x, xs), unit(y, ys), 0.006 * len(name)
        place = next((p for p in _PLACES if free(box(ux, uy, half, p))), "top center")
        placed.append(box(ux, uy, half, place))
        out.append(place)
    return out
