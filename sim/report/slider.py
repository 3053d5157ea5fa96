"""The report's slider: the survival curves of :mod:`sim.analysis.slider` in one figure.

:func:`figure` puts the curves in one plotly figure with a slider (``layout.sliders``,
``method: "update"``): everything is in the page, nothing is computed in the browser. The runs
are made beforehand, by :func:`sim.analysis.slider.sweep`; nothing is simulated here.
"""

from __future__ import annotations

import html
import math

import plotly.graph_objects as go

from sim.analysis.slider import Slider
from sim.report.charts import BLUE, GREY, _rgba, cal_list, month_axis
from sim.report.charts import figure as new_figure
from sim.report.i18n import pct, t
from sim.scenario import labels

# --------------------------------------------------------------------------- the figure


def label(key: str, lang: str = "en") -> str:
    """A parameter's name in words, for sentences: 'initial cash' for financing.initial_cash
    (:func:`sim.scenario.labels.short`)."""
    return labels.short(key, lang)


def show(slider: Slider, value: float) -> str:
    """A value of the slider's parameter as people read it: '400k USD', '4%', '12'."""
    return labels.value(slider.key, value, slider.currency)


def figure(slider: Slider, s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    """The survival curves in one figure with a slider over the values, and a reading hint.

    ``s`` is the report's summary: its survival curve is drawn for reference (dashed).
    """
    name = label(slider.key, lang)
    months = list(range(slider.months + 1))
    k = len(slider.values)
    fig = new_figure(t("slider.title", lang, label=name), t("axis.month", lang), "")
    fig.update_yaxes(title_text=t("survival.y", lang))
    if s["months"] == slider.months:
        fig.add_scatter(
            x=s["survival"]["month"],
            y=[100 * p for p in s["survival"]["p"]],
            name=html.escape(t("slider.reference", lang, label=name)),
            line={"color": GREY, "width": 2, "dash": "dash"},
            hoverinfo="skip",
        )
    for i in range(k):
        fig.add_scatter(
            x=months,
            y=[100 * p for p in slider.survival[i]],
            name=t("slider.others", lang),
            legendgroup="others",
            showlegend=i == 0,
            line={"color": _rgba(BLUE, 0.35), "width": 1.3},
            hoverinfo="skip",
        )
    shown = [html.escape(show(slider, v)) for v in slider.values]
    hover = cal_list(s, months, lang)
    for i, value in enumerate(slider.values):
        fig.add_scatter(
            x=months,
            y=[100 * p for p in slider.survival[i]],
            name=html.escape(t("slider.trace", lang, label=name, value=show(slider, value))),
            visible=i == slider.centre,
            line={"color": BLUE, "width": 3.5},
            customdata=hover,
            hovertemplate=t("survival.hover", lang),
        )
    fixed = len(fig.data) - k
    steps = []
    for i in range(k):
        visible = [True] * fixed + [j == i for j in range(k)]
        share = pct(slider.alive[i]["p"], lang)
        steps.append(
            {
                "method": "update",
                "label": f"{shown[i]} → {share}",
                "value": str(slider.values[i]),
                "args": [{"visible": visible}, {"annotations": [_end_label(slider, i, lang)]}],
            }
        )
    fig.update_layout(
        sliders=[
            {
                "active": slider.centre,
                "steps": steps,
                "currentvalue": {
                    "prefix": html.escape(t("slider.prefix", lang, label=name)),
                    "font": {"size": 16},
                },
                "pad": {"t": 75, "b": 10},
                "len": 0.88,
                "x": 0.06,
            }
        ],
        annotations=[_end_label(slider, slider.centre, lang)],
        height=620,
        margin={"b": 40},
        hovermode="x unified",
    )
    floor = axis_floor(slider, s)
    fig.update_yaxes(range=[floor, 101], ticksuffix="%")
    month_axis(fig, s | {"months": slider.months}, 0, lang)
    hint = t("slider.hint", lang, label=name, months=slider.months)
    if floor > 0:
        hint += t("slider.floor", lang, floor=f"{floor}%")
    return fig, hint


def axis_floor(slider: Slider, s: dict) -> int:
    """Where the vertical axis starts (a multiple of 10%): low enough to show every curve,
    high enough that the curves' movement is visible."""
    lowest = min(min(c) for c in slider.survival)
    if s["months"] == slider.months:
        lowest = min(lowest, min(s["survival"]["p"]))
    return max(0, int(math.floor((100 * lowest - 5) / 10) * 10))


def _end_label(slider: Slider, i: int, lang: str) -> dict:
    """The share alive at the horizon, written at the right end of position ``i``'s curve."""
    share = pct(slider.alive[i]["p"], lang)
    return {
        "x": slider.months,
        "y": 100 * slider.alive[i]["p"],
        "text": t("slider.alive", lang, share=share, months=slider.months),
        "showarrow": False,
        "xanchor": "right",
        "yanchor": "bottom",
        "yshift": 3,
        "font": {"size": 15, "color": BLUE},
        "bgcolor": "rgba(255,255,255,0.85)",
    }


def table(slider: Slider, lang: str = "en") -> str:
    """Every position's value and share alive at the horizon, as an HTML table."""
    name = labels.label(slider.key, slider.currency, lang)
    name = html.escape(name[:1].upper() + name[1:])
    head = (
        f'<tr><th><span class="param" title="{html.escape(slider.key)}">{name}</span></th>'
        f"<th>{html.escape(t('slider.col_alive', lang, months=slider.months))}</th>"
        f"<th>{html.escape(t('slider.col_interval', lang))}</th></tr>"
    )
    rows = []
    for i, value in enumerate(slider.values):
        mark = t("slider.scenario_value", lang) if i == slider.centre else ""
        a = slider.alive[i]
        interval = f"{pct(a['lo'], lang)} – {pct(a['hi'], lang)}"
        rows.append(
            f"<tr><td>{html.escape(show(slider, value) + mark)}</td>"
            f"<td>{pct(slider.alive[i]['p'], lang)}</td><td>{html.escape(interval)}</td></tr>"
        )
    body = "".join(rows)
    return f'<table class="slider-table"><thead>{head}</thead><tbody>{body}</tbody></table>'
