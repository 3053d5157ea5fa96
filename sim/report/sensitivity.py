"""The sensitivity page: which assumption decides survival, and when (plotly, no simulation).

Built from the JSON of :func:`sim.sensitivity.analyse`: a headline naming the most
influential assumption, tornado charts (one parameter at a time), Sobol' bars (all at once)
and a month-by-month heat map of who decides the deaths of that month. Parameter paths come
from the scenario file: they are escaped everywhere, plotly renders labels as HTML.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from ..formatting import money, pct
from ..sensitivity import LUCK, short
from .charts import BLUE, GREY, RED, figure, month_axis
from .page import _footer, chart, document

LUCK_LABEL = "luck (the engine's own randomness)"
GREEN = "#2e8b57"


def render(s: dict) -> str:
    """The page for ``s``, the result of :func:`sim.sensitivity.analyse`, as HTML text."""
    esc = html.escape
    t, sob = s["tornado"], s["sobol"]
    parts = [
        f"<h1>{esc(s['scenario'])}: which assumption decides survival?</h1>",
        f'<p class="meta">{len(s["parameters"])} uncertain parameters &middot; {s["months"]} '
        f"months &middot; tornado: {t['paths']:,} paths per run &middot; Sobol': base sample "
        f"{sob['base']:,} ({sob['paths']:,} paths) &middot; seed {s['seed']}</p>",
        f'<p class="story">{headline(s)}</p>',
        _correlations(s),
        "<h2>One at a time: the tornado</h2>",
        chart("tornado", *_tornado(s)),
        chart("tornado-gap", *_tornado_gap(s)),
        "<h2>All at once: Sobol' indices</h2>",
        _sobol_intro(s),
        chart("sobol-alive", *_sobol_bars(s, "p_alive")),
        chart("sobol-gap", *_sobol_bars(s, "financing_gap")),
        "<h2>When: which assumption kills early, which late</h2>",
        chart("monthly", *_monthly(s)),
        "<h2>The numbers</h2>",
        _table(s),
        _footer(s["run"]).replace(
            "</footer>",
            f" Sobol' base sample <code>{sob['base']}</code>, SALib "
            f"<code>{esc(s['run']['salib_version'])}</code>.</footer>",
        ),
    ]
    return document(f"{s['scenario']}: sensitivity", parts)


def headline(s: dict) -> str:
    """One or two sentences, from the numbers, naming the assumption that matters most."""
    esc, T = html.escape, s["months"]
    idx = s["sobol"]["p_alive"]
    ranked = [p for p in s["ranking"]["p_alive"] if idx["indices"][p]["ST"] is not None]
    rows = s["tornado"]["rows"]
    if not ranked:
        what = "Survival does not vary" if idx["variance"] == 0 else "Survival barely varies"
        text = f"{what} across the simulated companies within {T} month{'s' * (T != 1)}"
        gap = s["ranking"]["financing_gap"]
        if gap and s["sobol"]["financing_gap"]["indices"][gap[0]]["ST"] is not None:
            text += f"; the financing gap depends most on <b>{esc(gap[0])}</b>"
        return text + "."
    top = ranked[0]
    st = idx["indices"][top]
    text = (
        f"Whether the company is still alive after {T} months depends most on <b>{esc(top)}</b>: "
        f"it takes part in {_pct(st['ST'])} of the variance of survival "
        f"(Sobol' total index, 95% interval ± {_pct(st['ST_conf'])})"
    )
    if len(ranked) > 1:
        nxt = idx["indices"][ranked[1]]
        if st["ST"] - st["ST_conf"] > nxt["ST"] + nxt["ST_conf"]:
            text += f", clearly ahead of {esc(ranked[1])} ({_pct(nxt['ST'])})"
        else:
            text += (
                f", not clearly ahead of {esc(ranked[1])} ({_pct(nxt['ST'])}) at this sample "
                "size (their intervals overlap)"
            )
    text += "."
    luck = idx["luck"]
    if luck["ST"] is not None and luck["ST"] > st["ST"]:
        text += (
            f" Luck (rounds that close or not, customers who come or not) matters even more: "
            f"{_pct(luck['ST'])}."
        )
    if rows and rows[0]["p_alive_effect"]["value"] != 0:
        r = rows[0]
        text += (
            f" One at a time, <b>{esc(r['parameter'])}</b> moves survival the most: "
            f"{pct(r['p_alive_low']['p'])} at its 10th percentile ({short(r['low_value'])}), "
            f"{pct(r['p_alive_high']['p'])} at its 90th ({short(r['high_value'])})."
        )
    return text


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{round(100 * x) + 0:.0f}%"  # + 0: no "-0%"


def _correlations(s: dict) -> str:
    groups = s["correlations_ignored"]
    if not groups:
        return ""
    names = "; ".join(", ".join(html.escape(p) for p in g) for g in groups)
    return (
        '<p class="muted">The scenario correlates some parameters (' + names + "). Both "
        "analyses move parameters independently of each other and ignore these correlations: "
        "Sobol' indices assume independent inputs, and the tornado moves one parameter without "
        "moving its partners.</p>"
    )


def _label(row: dict) -> str:
    return (
        f"{html.escape(row['parameter'])}<br>"
        f"<span style='font-size:11px'>{short(row['low_value'])} to "
        f"{short(row['high_value'])}</span>"
    )


def _tornado_bars(fig: go.Figure, rows: list, base: float, low: list, high: list, fmt) -> None:
    labels = [_label(r) for r in rows]
    for name, values, color in (
        ("at its 10th percentile", low, RED),
        ("at its 90th percentile", high, BLUE),
    ):
        fig.add_bar(
            y=labels,
            x=[v - base for v in values],
            base=base,
            orientation="h",
            name=name,
            marker_color=color,
            customdata=[fmt(v) for v in values],
            hovertemplate=f"%{{y}} {name}: %{{customdata}}<extra></extra>",
        )
    fig.add_vline(x=base, line={"color": GREY, "dash": "dash"})
    fig.update_layout(barmode="group", hovermode="closest", height=200 + 52 * len(rows), bargap=0.3)
    fig.update_yaxes(autorange="reversed")


def _tornado(s: dict) -> tuple[go.Figure, str]:
    t, T = s["tornado"], s["months"]
    rows, base = t["rows"], 100 * t["baseline"]["p_alive"]["p"]
    fig = figure(
        f"Survival after {T} months with one assumption at its low or high value",
        f"Share of paths alive after {T} months (%)",
        "",
    )
    _tornado_bars(
        fig,
        rows,
        base,
        [100 * r["p_alive_low"]["p"] for r in rows],
        [100 * r["p_alive_high"]["p"] for r in rows],
        lambda v: f"{v:.1f}% alive",
    )
    fig.update_xaxes(ticksuffix="%")
    se = max((r["p_alive_effect"]["se"] or 0 for r in rows), default=0)
    return fig, (
        f"the dashed line is survival with every assumption drawn as usual, {pct(base / 100)}. "
        "Each row fixes one assumption for every path at its 10th percentile (red) or its 90th "
        "(blue), the values under its name, and leaves the rest as usual; the longest bars, at "
        "the top, are the assumptions that move survival most on their own. Both runs use the "
        "same simulated worlds, so the differences are precise to about "
        f"±{100 * 1.96 * se:.1f} points (95%)."
    )


def _tornado_gap(s: dict) -> tuple[go.Figure, str]:
    t, cur = s["tornado"], s["currency"]
    rows = sorted(t["rows"], key=lambda r: -abs(r["gap_mean_effect"]["value"]))
    base = t["baseline"]["gap_mean"]["value"]
    fig = figure(
        f"Average financing gap with one assumption at its low or high value ({cur})",
        f"Average extra cash needed at the start to survive ({cur})",
        "",
    )
    _tornado_bars(
        fig,
        rows,
        base,
        [r["gap_mean_low"]["value"] for r in rows],
        [r["gap_mean_high"]["value"] for r in rows],
        lambda v: money(round(v), cur),
    )
    return fig, (
        f"the financing gap of a path is the extra cash it would have needed at the start "
        f"never to run out (0 for paths that survive as planned); the dashed line is its "
        f"average with every assumption drawn as usual, {money(round(base), cur)}. Bars as above: "
        "red at the 10th percentile, blue at the 90th; the longest bars are at the top."
    )


def _sobol_intro(s: dict) -> str:
    luck = s["sobol"]["p_alive"]["luck"]
    share = (
        "" if luck["ST"] is None else f" For survival, luck's total index is {_pct(luck['ST'])}."
    )
    return (
        '<p class="muted">Sobol\' indices vary all assumptions at once over their whole '
        "distributions and split the variance of an outcome between them. The <b>first-order "
        "index S1</b> is the share explained by an assumption on its own; the <b>total index "
        "ST</b> adds its interactions with the others (survival often needs two things to go "
        "wrong together, so ST is much larger than S1). The simulation is itself random "
        "(whether a round closes, how many customers join): that luck is treated as one more "
        f"input and shown as its own bar.{share} Whiskers are 95% bootstrap intervals.</p>"
    )


def _sobol_bars(s: dict, key: str) -> tuple[go.Figure, str]:
    out, T, cur = s["sobol"][key], s["months"], s["currency"]
    names = [p for p in s["ranking"][key]] + [LUCK]
    table = out["indices"] | {LUCK: out["luck"]}
    labels = [html.escape(p) if p != LUCK else LUCK_LABEL for p in names]
    what = f"survival to month {T}" if key == "p_alive" else f"the financing gap ({cur})"
    fig = figure(f"Sobol' indices: what explains {what}", "Share of the variance (%)", "")
    for index, color, name in (("S1", GREEN, "S1: alone"), ("ST", BLUE, "ST: with interactions")):
        values = [table[p][index] for p in names]
        fig.add_bar(
            y=labels,
            x=[None if v is None else 100 * v for v in values],
            error_x={
                "type": "data",
                "array": [100 * (table[p][f"{index}_conf"] or 0) for p in names],
            },
            orientation="h",
            name=name,
            marker_color=color,
            hovertemplate=f"%{{y}}<br>{index} %{{x:.1f}}%<extra></extra>",
        )
    fig.update_layout(hovermode="closest", height=220 + 52 * len(names), barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix="%")
    if out["variance"] == 0:
        fig.add_annotation(
            text="This outcome is the same on every path: nothing to explain",
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16, "color": GREY},
        )
    outcome = (
        "whether a company is still alive at the horizon (yes or no)"
        if key == "p_alive"
        else "the extra cash a path would have needed at the start"
    )
    return fig, (
        f"the outcome is {outcome}. A long blue bar means the assumption matters, alone or "
        "together with others; a long green bar means it matters on its own. Indices near zero "
        "(within their whiskers) could be left as plain numbers without changing the answer. "
        "Estimates can stray slightly below 0 or above 100%: that is sampling noise."
    )


def _monthly(s: dict) -> tuple[go.Figure, str]:
    m = s["sobol"]["monthly_alive"]
    names = list(s["ranking"]["p_alive"])
    rows = [m["ST"][p] for p in names] + [m["luck"]["ST"]]
    conf = [m["ST_conf"][p] for p in names] + [m["luck"]["ST_conf"]]
    labels = [html.escape(p) for p in names] + [LUCK_LABEL]
    z = [[None if v is None else 100 * min(max(v, 0.0), 1.0) for v in row] for row in rows]
    text = [
        [
            "no deaths yet" if v is None else f"ST {_pct(v)} ± {_pct(c or 0)}"
            for v, c in zip(row, crow, strict=True)
        ]
        for row, crow in zip(rows, conf, strict=True)
    ]
    fig = figure("Who decides the deaths of each month (Sobol' total index)", "Month", "")
    fig.add_heatmap(
        x=m["month"],
        y=labels,
        z=z,
        zmin=0,
        zmax=100,
        colorscale="Reds",
        text=text,
        colorbar={"title": {"text": "ST (%)"}, "ticksuffix": "%"},
        customdata=[[pct(p) for p in m["p_alive"]]] * len(rows),
        hovertemplate="%{y}, month %{x}: %{text}<br>%{customdata} still alive<extra></extra>",
        xgap=1,
        ygap=1,
    )
    fig.update_layout(hovermode="closest", height=220 + 40 * len(rows))
    fig.update_yaxes(autorange="reversed")
    month_axis(fig, s, 1)
    first = next((t for t, p in zip(m["month"], m["p_alive"], strict=True) if p < 1), None)
    when = (
        "no simulated company died within the horizon"
        if first is None
        else f"the first deaths come in month {first}"
    )
    return fig, (
        "each column asks: among all simulated companies, what decides whether one is still "
        "alive at the end of that month? A dark cell means that assumption takes a large part "
        "in it. An assumption dark on the left kills early (before its first round, say), one "
        "dark on the right decides the late deaths. Columns are blank until someone dies "
        f"({when}); while deaths are few, the indices are rough (hover for their intervals)."
    )


def _table(s: dict) -> str:
    rows = {r["parameter"]: r for r in s["tornado"]["rows"]}
    dists = {p["parameter"]: p for p in s["parameters"]}
    alive, gap = s["sobol"]["p_alive"], s["sobol"]["financing_gap"]
    head = (
        "<tr><th>Parameter</th><th>10th to 90th percentile</th>"
        "<th>Survival at 10th / 90th</th><th>Effect on survival ± s.e.</th>"
        "<th>S1 survival</th><th>ST survival</th><th>ST financing gap</th></tr>"
    )

    def idx(table: dict, key: str) -> str:
        v, c = table[key], table[f"{key}_conf"]
        return "n/a" if v is None else f"{_pct(v)} ± {_pct(c or 0)}"

    body = []
    for p in s["ranking"]["p_alive"]:
        r, d = rows[p], dists[p]
        eff = r["p_alive_effect"]
        body.append(
            f'<tr><td class="path">{html.escape(p)}</td>'
            f"<td>{short(d['low'])} to {short(d['high'])}</td>"
            f"<td>{pct(r['p_alive_low']['p'])} / {pct(r['p_alive_high']['p'])}</td>"
            f"<td>{100 * eff['value']:+.1f} ± {100 * (eff['se'] or 0):.1f} points</td>"
            f"<td>{idx(alive['indices'][p], 'S1')}</td><td>{idx(alive['indices'][p], 'ST')}</td>"
            f"<td>{idx(gap['indices'][p], 'ST')}</td></tr>"
        )
    body.append(
        f"<tr><td>{LUCK_LABEL}</td><td></td><td></td><td></td>"
        f"<td>{idx(alive['luck'], 'S1')}</td><td>{idx(alive['luck'], 'ST')}</td>"
        f"<td>{idx(gap['luck'], 'ST')}</td></tr>"
    )
    note = (
        '<p class="hint">Read: rows in order of ST for survival. The effect is survival at the '
        "90th percentile minus survival at the 10th, in percentage points, on the same "
        "simulated worlds; ± is its standard error. Sobol' indices are given with their 95% "
        "interval.</p>"
    )
    return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>{note}"
