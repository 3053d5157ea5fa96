"""The report's slider: the survival curve for several values of one parameter.

:func:`sweep` simulates the scenario ``steps`` times with one parameter set to a different
value each time, for every path, on the report's seed. The runs share the other parameters'
draws and the engine's luck path by path (common random numbers, as in
:mod:`sim.sensitivity`), so the curves differ only because of that parameter: with more
initial cash, no path dies sooner. :func:`figure` puts the curves in one plotly figure with a
slider (``layout.sliders``, ``method: "update"``): everything is in the page, nothing is
computed in the browser.

The values span the 5th to the 95th percentile of the parameter's distribution, or half to one
and a half times its value when the scenario gives a number; they are rounded to readable
figures.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from .. import stats
from ..assumptions import describe
from ..distributions import _Dist
from ..formatting import money, number
from ..loading import ScenarioError, load
from ..runner import run
from ..sampling import uncertain_parameters
from ..strategy import find
from .charts import BLUE, GREY, _rgba, cal_list, month_axis
from .charts import figure as new_figure
from .i18n import MESSAGES, pct, t

STEPS = 7
"""Positions of the slider."""
MAX_PATH_MONTHS = 720_000
"""Paths x months simulated per position at most: 20,000 paths of 36 months, about 0.2 s,
so the whole slider stays within a couple of seconds; survival to about +-0.6 points (95%)."""
LOW_Q, HIGH_Q = 0.05, 0.95
LOW_X, HIGH_X = 0.5, 1.5
"""Range of a parameter given as a number: these multiples of its value."""
DEFAULT = "financing.initial_cash"

_MONEY = ("cash", "price", "cost", "amount", "revenue_per", "fixed_per", "salary", "budget")
_SHARE = ("probability", "conversion", "churn", "share")


class SliderError(ValueError):
    """A parameter the slider cannot move (worded for the user)."""


@dataclass(frozen=True)
class Slider:
    """The curves behind the slider. ``survival[i][m]`` is the share alive at the end of month
    ``m`` (0..months) with the parameter at ``values[i]``; ``alive[i]`` the share at the horizon
    with its standard error and 95% interval."""

    key: str
    values: list[float]
    survival: list[list[float]]
    alive: list[dict]
    paths: int
    seed: int
    months: int
    currency: str
    desc: str  # the scenario's value, as the assumptions table shows it
    spread: str  # "distribution" or "number"
    centre: int  # the position closest to the scenario's median (or value)
    dropped: bool = False  # some values were not allowed by the scenario


def paths_for(paths: int, months: int) -> int:
    """Paths per position: the run's, unless that is more than :data:`MAX_PATH_MONTHS`."""
    return max(1, min(paths, MAX_PATH_MONTHS // max(months, 1)))


def sweep(
    scenario_file: str | Path,
    key: str = DEFAULT,
    *,
    overrides: list[str] | None = None,
    seed: int = 1,
    paths: int = 10_000,
    months: int | None = None,
    workers: int | None = None,
    steps: int = STEPS,
) -> Slider:
    """Simulate the scenario with ``key`` at ``steps`` values, ``paths`` paths each (see
    :func:`paths_for`), on ``seed``. Raises :class:`SliderError` if ``key`` is not a number or
    a distribution of the scenario, or :class:`ScenarioError` for the file itself."""
    if steps < 2:
        raise SliderError(f"the slider needs at least 2 positions, got {steps}")
    loaded = load(scenario_file, overrides)
    sc = loaded.scenario
    try:
        node = find(sc, key)
    except KeyError as e:
        raise SliderError(f"--slider {key}: no such parameter ({e.args[0]})") from None
    if isinstance(node, bool) or not isinstance(node, int | float | _Dist):
        raise SliderError(
            f"--slider {key}: not a number or a distribution, so the slider cannot move it "
            f"(try {DEFAULT})"
        )
    horizon = months or sc.months
    n = paths_for(paths, horizon)
    integer = isinstance(node, int)
    if isinstance(node, _Dist):
        lo, hi = (float(x) for x in node.ppf([LOW_Q, HIGH_Q]))
        centre = float(node.ppf(0.5))
        spread = "distribution" if hi > lo else "number"
        if hi <= lo:
            lo, hi = LOW_X * centre, HIGH_X * centre
    else:
        centre, spread = float(node), "number"
        lo, hi = LOW_X * centre, HIGH_X * centre
    if hi <= lo:
        raise SliderError(f"--slider {key}: its value is {number(centre)}, so there is no range")
    values = nice_values(lo, hi, steps, integer)

    def once(value: float):
        if isinstance(node, _Dist):
            canonical = next(p for p, d in uncertain_parameters(sc).items() if d is node)
            given = {canonical: np.full(n, value)}
            return run(loaded, paths=n, seed=seed, months=months, workers=workers, given=given)
        shown = int(value) if integer else value
        try:
            again = load(scenario_file, [*(overrides or []), f"{key}={shown}"])
        except ScenarioError:
            return None  # a value the scenario does not allow (e.g. a probability above 1)
        return run(again, paths=n, seed=seed, months=months, workers=workers)

    kept, survival, alive = [], [], []
    for value in values:
        r = once(value)
        if r is None:
            continue
        kept.append(value)
        survival.append([float(x) for x in r.survival()])
        alive.append(stats.share(int(r.alive.sum()), n))
    if len(kept) < 2:
        raise SliderError(f"--slider {key}: the scenario allows too few values around {centre}")
    return Slider(
        key=key,
        values=kept,
        survival=survival,
        alive=alive,
        paths=n,
        seed=seed,
        months=horizon,
        currency=sc.company.currency,
        desc=describe(node),
        spread=spread,
        centre=int(np.argmin([abs(v - centre) for v in kept])),
        dropped=len(kept) < len(values),
    )


def nice_values(lo: float, hi: float, steps: int, integer: bool = False) -> list[float]:
    """``steps`` increasing values from about ``lo`` to about ``hi``, evenly spaced and rounded
    to readable figures (300k, 340k, ... rather than 296,312.5, ...)."""
    raw = (hi - lo) / (steps - 1)
    digits = math.floor(math.log10(raw))
    if raw / 10**digits < 3:
        digits -= 1
    values = [round(float(v), -digits) for v in np.linspace(lo, hi, steps)]
    if integer:
        values = [float(round(v)) for v in values]
    values = [float(f"{v:.12g}") for v in values]  # no 0.30000000000000004
    return sorted(set(values))


# --------------------------------------------------------------------------- the figure


def label(key: str, lang: str = "en") -> str:
    """A parameter's name in words: 'initial cash' for financing.initial_cash."""
    last = key.split(".")[-1]
    if f"param.{last}" in MESSAGES:
        return t(f"param.{last}", lang)
    return last.replace("_", " ") if lang == "en" else key


def show(slider: Slider, value: float) -> str:
    """A value of the slider's parameter as people read it: '400k USD', '4.0%', '12'."""
    last = slider.key.split(".")[-1]
    if any(word in last for word in _SHARE):
        return f"{100 * value:.3g}%"
    if any(word in last for word in _MONEY):
        return money(value, slider.currency)
    return number(value)


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
    name = html.escape(label(slider.key, lang))
    head = (
        f"<tr><th>{name[:1].upper() + name[1:]}</th>"
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
