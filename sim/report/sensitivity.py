"""The sensitivity page: which assumption decides survival, and when (plotly, no simulation).

Built from the JSON of :func:`sim.analysis.sensitivity.analyse`: a headline naming the most
influential assumption, tornado charts (one parameter at a time), Sobol' bars (all at once)
and a month-by-month heat map of who decides the deaths of that month. Parameter paths come
from the scenario file: they are escaped everywhere, plotly renders labels as HTML. The fixed
text is in English or Simplified Chinese (:mod:`sim.report.i18n`).
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

from sim.analysis.sensitivity import LUCK, short
from sim.formatting import money
from sim.report import objective
from sim.report.charts import BLUE, GREY, RED, figure, month_axis
from sim.report.i18n import MESSAGES, check_lang, pct, t
from sim.report.page import _footer, chart, document, param_html
from sim.scenario import labels

LUCK_LABEL = MESSAGES["sens.luck"]["en"]
GREEN = "#2e8b57"


def render(s: dict, lang: str = "en") -> str:
    """The page for ``s``, the result of :func:`sim.analysis.sensitivity.analyse`, as HTML text."""
    check_lang(lang)
    esc = html.escape
    tor, sob = s["tornado"], s["sobol"]
    meta = t(
        "sens.meta", lang, n=len(s["parameters"]), months=s["months"], tpaths=f"{tor['paths']:,}",
        base=f"{sob['base']:,}", spaths=f"{sob['paths']:,}", seed=s["seed"],
    )  # fmt: skip
    extra = t("sens.footer", lang, base=sob["base"], salib=esc(s["run"]["salib_version"]))
    parts = [
        f"<h1>{t('sens.h1', lang, name=esc(s['scenario']))}</h1>",
        f'<p class="meta">{meta}</p>',
        f'<p class="meta">{_objective_line(s, lang)}</p>',
        f'<p class="story">{headline(s, lang)}</p>',
        _correlations(s, lang),
        f"<h2>{t('sens.h.tornado', lang)}</h2>",
        chart("tornado", *_tornado(s, lang), lang=lang),
        chart("tornado-gap", *_tornado_gap(s, lang), lang=lang),
        *_on_objective(s, "tornado-objective", _tornado_objective, lang),
        f"<h2>{t('sens.h.sobol', lang)}</h2>",
        _sobol_intro(s, lang),
        chart("sobol-alive", *_sobol_bars(s, "p_alive", lang), lang=lang),
        chart("sobol-gap", *_sobol_bars(s, "financing_gap", lang), lang=lang),
        *_on_objective(s, "sobol-objective", _sobol_objective, lang),
        f"<h2>{t('sens.h.monthly', lang)}</h2>",
        chart("monthly", *_monthly(s, lang), lang=lang),
        f"<h2>{t('sens.h.numbers', lang)}</h2>",
        _table(s, lang),
        _footer(s["run"], lang).replace("</footer>", f"{extra}</footer>"),
    ]
    return document(t("sens.doc.title", lang, name=s["scenario"]), parts, lang=lang)


def headline(s: dict, lang: str = "en") -> str:
    """One or two sentences, from the numbers, naming the assumption that matters most."""
    T = s["months"]
    idx = s["sobol"]["p_alive"]
    ranked = [p for p in s["ranking"]["p_alive"] if idx["indices"][p]["ST"] is not None]
    rows = s["tornado"]["rows"]
    if not ranked:
        span = t("sens.month" if T == 1 else "sens.months", lang, n=T)
        what = "sens.no_vary" if idx["variance"] == 0 else "sens.barely_vary"
        text = t(what, lang, span=span)
        gap = s["ranking"]["financing_gap"]
        if gap and s["sobol"]["financing_gap"]["indices"][gap[0]]["ST"] is not None:
            text += t("sens.gap_most", lang, p=_param(s, gap[0], lang))
        return text + t("sens.end", lang)
    top = ranked[0]
    st = idx["indices"][top]
    text = t(
        "sens.top", lang, months=T, p=_param(s, top, lang), st=_pct(st["ST"], lang),
        conf=_pct(st["ST_conf"], lang),
    )  # fmt: skip
    if len(ranked) > 1:
        nxt = idx["indices"][ranked[1]]
        key = (
            "sens.ahead"
            if st["ST"] - st["ST_conf"] > nxt["ST"] + nxt["ST_conf"]
            else "sens.not_ahead"
        )
        text += t(key, lang, p=_param(s, ranked[1], lang), st=_pct(nxt["ST"], lang))
    text += t("sens.end", lang)
    luck = idx["luck"]
    if luck["ST"] is not None and luck["ST"] > st["ST"]:
        text += t("sens.luck_more", lang, st=_pct(luck["ST"], lang))
    if rows and rows[0]["p_alive_effect"]["value"] != 0:
        r = rows[0]
        text += t(
            "sens.one_at_a_time", lang, p=_param(s, r["parameter"], lang),
            low=pct(r["p_alive_low"]["p"], lang), lv=_value(s, r["parameter"], r["low_value"]),
            high=pct(r["p_alive_high"]["p"], lang), hv=_value(s, r["parameter"], r["high_value"]),
        )  # fmt: skip
    return text


def _param(s: dict, key: str, lang: str) -> str:
    """A parameter by its label (HTML), its key on hover."""
    return param_html(key, s["currency"], lang)


def _value(s: dict, key: str, x) -> str:
    """A parameter's value by its unit ('400k USD', '5%'); other values as the analysis gives."""
    number = isinstance(x, int | float) and not isinstance(x, bool)
    shown = labels.value(key, x, s["currency"], digits=3) if number else short(x)
    return html.escape(shown)


def _pct(x: float | None, lang: str = "en") -> str:
    return t("na", lang) if x is None else f"{round(100 * x) + 0:.0f}%"  # + 0: no "-0%"


def _correlations(s: dict, lang: str = "en") -> str:
    groups = s["correlations_ignored"]
    if not groups:
        return ""
    sep = "；" if lang == "zh" else "; "
    names = sep.join(t("list.comma", lang).join(_param(s, p, lang) for p in g) for g in groups)
    return f'<p class="muted">{t("sens.correlations", lang, names=names)}</p>'


def _chart_label(s: dict, key: str, lang: str) -> str:
    """A parameter's label for a chart axis (escaped: plotly renders HTML); luck by its name."""
    return _luck(lang) if key == LUCK else html.escape(labels.label(key, s["currency"], lang))


def _luck(lang: str) -> str:
    return t("sens.luck", lang)


def _label(s: dict, row: dict, lang: str = "en") -> str:
    """A tornado row's name: the parameter's label and, below it, its low and high values."""
    p = row["parameter"]
    lo, hi = _value(s, p, row["low_value"]), _value(s, p, row["high_value"])
    span = t("sens.to", lang, lo=lo, hi=hi)
    name = html.escape(labels.label(p, s["currency"], lang))
    return f"{name}<br><span style='font-size:11px'>{span}</span>"


def _tornado_bars(
    fig: go.Figure, s: dict, rows: list, base: float, low: list, high: list, fmt, lang: str = "en"
) -> None:
    names = [_label(s, r, lang) for r in rows]
    keys = [html.escape(r["parameter"]) for r in rows]
    for name, values, color in (
        (t("sens.at10", lang), low, RED),
        (t("sens.at90", lang), high, BLUE),
    ):
        fig.add_bar(
            y=names,
            x=[v - base for v in values],
            base=base,
            orientation="h",
            name=name,
            marker_color=color,
            customdata=[[fmt(v), k] for v, k in zip(values, keys, strict=True)],
            hovertemplate=(
                f"%{{y}}<br><i>%{{customdata[1]}}</i><br>{name}: %{{customdata[0]}}<extra></extra>"
            ),
        )
    fig.add_vline(x=base, line={"color": GREY, "dash": "dash"})
    fig.update_layout(barmode="group", hovermode="closest", height=200 + 52 * len(rows), bargap=0.3)
    fig.update_yaxes(autorange="reversed")


def _tornado(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    tor, T = s["tornado"], s["months"]
    rows, base = tor["rows"], 100 * tor["baseline"]["p_alive"]["p"]
    fig = figure(t("sens.tornado.title", lang, months=T), t("sens.tornado.x", lang, months=T), "")
    _tornado_bars(
        fig,
        s,
        rows,
        base,
        [100 * r["p_alive_low"]["p"] for r in rows],
        [100 * r["p_alive_high"]["p"] for r in rows],
        lambda v: t("sens.alive_value", lang, v=f"{v:.1f}"),
        lang,
    )
    fig.update_xaxes(ticksuffix="%")
    se = max((r["p_alive_effect"]["se"] or 0 for r in rows), default=0)
    hint = t("sens.tornado.hint", lang, base=pct(base / 100, lang), se=f"{100 * 1.96 * se:.1f}")
    return fig, hint


def _tornado_gap(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    tor, cur = s["tornado"], s["currency"]
    rows = sorted(tor["rows"], key=lambda r: -abs(r["gap_mean_effect"]["value"]))
    base = tor["baseline"]["gap_mean"]["value"]
    fig = figure(t("sens.gap.title", lang, cur=cur), t("sens.gap.x", lang, cur=cur), "")
    _tornado_bars(
        fig,
        s,
        rows,
        base,
        [r["gap_mean_low"]["value"] for r in rows],
        [r["gap_mean_high"]["value"] for r in rows],
        lambda v: money(round(v), cur),
        lang,
    )
    return fig, t("sens.gap.hint", lang, base=money(round(base), cur))


def _sobol_intro(s: dict, lang: str = "en") -> str:
    luck = s["sobol"]["p_alive"]["luck"]
    share = "" if luck["ST"] is None else t("sens.sobol_luck", lang, st=_pct(luck["ST"], lang))
    return f'<p class="muted">{t("sens.sobol_intro", lang, luck=share)}</p>'


def _sobol_bars(s: dict, key: str, lang: str = "en") -> tuple[go.Figure, str]:
    out, T, cur = s["sobol"][key], s["months"], s["currency"]
    names = [p for p in s["ranking"][key]] + [LUCK]
    table = out["indices"] | {LUCK: out["luck"]}
    shown = [_chart_label(s, p, lang) for p in names]
    keys = [html.escape(p) if p != LUCK else "" for p in names]
    what = {
        "p_alive": lambda: t("sens.what_alive", lang, months=T),
        "financing_gap": lambda: t("sens.what_gap", lang, cur=cur),
        "objective": lambda: _objective_value(s, lang),
    }[key]()
    fig = figure(t("sens.sobol.title", lang, what=what), t("sens.sobol.x", lang), "")
    for index, color, name in (
        ("S1", GREEN, t("sens.s1", lang)),
        ("ST", BLUE, t("sens.st", lang)),
    ):
        values = [table[p][index] for p in names]
        fig.add_bar(
            y=shown,
            customdata=keys,
            x=[None if v is None else 100 * v for v in values],
            error_x={
                "type": "data",
                "array": [100 * (table[p][f"{index}_conf"] or 0) for p in names],
            },
            orientation="h",
            name=name,
            marker_color=color,
            hovertemplate=f"%{{y}}<br><i>%{{customdata}}</i><br>{index} %{{x:.1f}}%<extra></extra>",
        )
    fig.update_layout(hovermode="closest", height=220 + 52 * len(names), barmode="group")
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(ticksuffix="%")
    if out["variance"] == 0:
        fig.add_annotation(
            text=t("sens.same", lang),
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            font={"size": 16, "color": GREY},
        )
    outcome = {"p_alive": "sens.outcome_alive", "financing_gap": "sens.outcome_gap"}
    shown = t(outcome[key], lang) if key in outcome else _objective_value(s, lang)
    return fig, t("sens.sobol.hint", lang, outcome=shown)


def _sobol_objective(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    return _sobol_bars(s, "objective", lang)


def _objective_line(s: dict, lang: str = "en") -> str:
    """The objective the analysis was run with, in words."""
    name = s.get("objective", "p_alive")
    label = html.escape(objective.label(name, s["currency"], lang))
    key = "sens.objective_alive" if name == "p_alive" else "sens.objective"
    return t(key, lang, label=label, name=html.escape(name))


def _on_objective(s: dict, key: str, build, lang: str) -> list[str]:
    """The objective's own chart, unless the objective is survival (charted already)."""
    if s.get("objective", "p_alive") == "p_alive":
        return []
    return [chart(key, *build(s, lang), lang=lang)]


def _objective_value(s: dict, lang: str) -> str:
    """What the objective's Sobol' indices explain, per path: the founders' value for both
    founders' value objectives (a median has no per-path value), else the objective."""
    name, cur = s["objective"], s["currency"]
    if objective.kind(name) == "money":
        return t("sens.what_founder_value", lang, cur=cur)
    return objective.label(name, cur, lang)


def _tornado_objective(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    tor, name, cur = s["tornado"], s["objective"], s["currency"]
    scale = 100 if objective.kind(name) == "share" else 1
    rows = sorted(tor["rows"], key=lambda r: -abs(r["objective_effect"]["diff"] or 0))
    base = scale * (tor["baseline"]["objective"]["value"] or 0)
    label = objective.label(name, cur, lang)
    unit = f" ({cur})" if objective.kind(name) == "money" else ""
    title = t("sens.obj.title", lang, label=label)
    fig = figure(title[:1].upper() + title[1:], html.escape(label + unit), "")
    _tornado_bars(
        fig, s, rows, base,
        [scale * (r["objective_low"]["value"] or 0) for r in rows],
        [scale * (r["objective_high"]["value"] or 0) for r in rows],
        lambda v: objective.value(v / scale, name, cur, lang), lang,
    )  # fmt: skip
    if scale == 100:
        fig.update_xaxes(ticksuffix="%")
    shown = objective.value(base / scale, name, cur, lang)
    return fig, t("sens.obj.hint", lang, label=html.escape(label), base=shown)


def _monthly(s: dict, lang: str = "en") -> tuple[go.Figure, str]:
    m = s["sobol"]["monthly_alive"]
    names = list(s["ranking"]["p_alive"])
    rows = [m["ST"][p] for p in names] + [m["luck"]["ST"]]
    conf = [m["ST_conf"][p] for p in names] + [m["luck"]["ST_conf"]]
    shown = [_chart_label(s, p, lang) for p in names] + [_luck(lang)]
    z = [[None if v is None else 100 * min(max(v, 0.0), 1.0) for v in row] for row in rows]
    keys = [f" <i>({html.escape(p)})</i>" for p in names] + [""]
    text = [
        [
            t("sens.no_deaths", lang)
            if v is None
            else f"ST {_pct(v, lang)} ± {_pct(c or 0, lang)}{key}"
            for v, c in zip(row, crow, strict=True)
        ]
        for row, crow, key in zip(rows, conf, keys, strict=True)
    ]
    fig = figure(t("sens.monthly.title", lang), t("axis.month", lang), "")
    fig.add_heatmap(
        x=m["month"],
        y=shown,
        z=z,
        zmin=0,
        zmax=100,
        colorscale="Reds",
        text=text,
        colorbar={"title": {"text": "ST (%)"}, "ticksuffix": "%"},
        customdata=[[pct(p, lang) for p in m["p_alive"]]] * len(rows),
        hovertemplate=t("sens.monthly.hover", lang),
        xgap=1,
        ygap=1,
    )
    fig.update_layout(hovermode="closest", height=220 + 40 * len(rows))
    fig.update_yaxes(autorange="reversed")
    month_axis(fig, s, 1, lang=lang)
    first = next((k for k, p in zip(m["month"], m["p_alive"], strict=True) if p < 1), None)
    when = t("sens.none_died", lang) if first is None else t("sens.first_deaths", lang, m=first)
    return fig, t("sens.monthly.hint", lang, when=when)


def _table(s: dict, lang: str = "en") -> str:
    rows = {r["parameter"]: r for r in s["tornado"]["rows"]}
    dists = {p["parameter"]: p for p in s["parameters"]}
    alive, gap = s["sobol"]["p_alive"], s["sobol"]["financing_gap"]
    cols = ("parameter", "range", "survival", "effect", "s1", "st", "st_gap")
    head = "<tr>" + "".join(f"<th>{t(f'sens.col.{c}', lang)}</th>" for c in cols) + "</tr>"

    def idx(table: dict, key: str) -> str:
        v, c = table[key], table[f"{key}_conf"]
        return t("na", lang) if v is None else f"{_pct(v, lang)} ± {_pct(c or 0, lang)}"

    body = []
    for p in s["ranking"]["p_alive"]:
        r, d = rows[p], dists[p]
        eff = r["p_alive_effect"]
        effect = t(
            "sens.points",
            lang,
            eff=f"{100 * eff['value']:+.1f}",
            se=f"{100 * (eff['se'] or 0):.1f}",
        )
        body.append(
            f"<td>{_param(s, p, lang)}</td>"
            f"<td>{t('sens.to', lang, lo=_value(s, p, d['low']), hi=_value(s, p, d['high']))}</td>"
            f"<td>{pct(r['p_alive_low']['p'], lang)} / {pct(r['p_alive_high']['p'], lang)}</td>"
            f"<td>{effect}</td>"
            f"<td>{idx(alive['indices'][p], 'S1')}</td><td>{idx(alive['indices'][p], 'ST')}</td>"
            f"<td>{idx(gap['indices'][p], 'ST')}</td></tr>"
        )
    body.append(
        f"<tr><td>{_luck(lang)}</td><td></td><td></td><td></td>"
        f"<td>{idx(alive['luck'], 'S1')}</td><td>{idx(alive['luck'], 'ST')}</td>"
        f"<td>{idx(gap['luck'], 'ST')}</td></tr>"
    )
    note = f'<p class="hint">{t("hint.read", lang)}{t("sens.table_hint", lang)}</p>'
    return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>{note}"
