"""The sweep page: survival over two parameters as a heat map, and the table of all points.

Built from the rows of :func:`sim.analysis.sweep.execute` (plotly only, nothing is simulated here).
The axes are the grid's first two parameters, numeric (spaced by value) when their values are
numbers; with more parameters, a cell shows the best point over the others' values. Parameters
are named by their labels (:mod:`sim.scenario.labels`), the raw key on hover. The headline names
every point whose survival cannot be told from the best one's (their 95% intervals overlap).
Parameter keys and values come from the user's files: they are escaped everywhere, plotly
renders labels as HTML.
"""

from __future__ import annotations

import html

from sim.formatting import money
from sim.report import objective
from sim.report.charts import BLUE, figure
from sim.report.i18n import check_lang, pct, t
from sim.report.page import chart, document, param_html
from sim.scenario import labels

TABLE_ROWS = 200
"""Points listed in the page's table (the best ones; the CSV has them all)."""
TIES_SHOWN = 3
"""Points tied for the best named in the headline (the others are counted)."""
SCALE = [[0, "#c0392b"], [0.5, "#f4d03f"], [1, "#2e8b57"]]


def render(rows: list[dict], keys: list[str], meta: dict, lang: str = "en") -> str:
    """The page for a sweep of ``meta['scenario']`` over parameters ``keys``, as HTML text.

    ``meta``: scenario, design (grid or random), paths, months (None: the horizon), seed,
    currency. ``lang``: ``en`` or ``zh``.
    """
    check_lang(lang)
    esc = html.escape
    months = meta.get("months")
    horizon = (
        t("sweep.horizon.months", lang, n=months) if months else t("sweep.horizon.scenario", lang)
    )
    when = t("sweep.when.months", lang, n=months) if months else t("sweep.when.horizon", lang)
    cur = meta.get("currency", "")
    ranked = sorted(rows, key=lambda r: -(r["p_alive_at_horizon"] or 0))
    meta_line = t(
        "sweep.meta",
        lang,
        design=t(f"sweep.design.{meta['design']}", lang),
        keys=t("list.comma", lang).join(param_html(k, cur, lang) for k in keys),
        paths=meta["paths"],
        horizon=horizon,
        seed=meta["seed"],
    )
    name = meta.get("objective", "p_alive")
    by_value = name != "p_alive"  # then the objective's chart comes first
    parts = [
        f"<h1>{t('sweep.h1', lang, name=esc(meta['scenario']), n=len(rows))}</h1>",
        f'<p class="meta">{meta_line}</p>',
        f'<p class="meta">{_objective_line(rows, meta, lang)}</p>',
        f'<p class="story">{headline(ranked, keys, when, lang, cur)}</p>' if rows else "",
        chart("sweep-objective", *_objective_figure(rows, keys, meta, lang), lang=lang)
        if rows and by_value
        else "",
        chart("sweep", *_figure(rows, keys, meta, when, lang), lang=lang) if rows else "",
        f"<h2>{t('sweep.h.points', lang)}</h2>",
        _table(ranked, keys, cur, lang),
    ]
    return document(t("sweep.doc.title", lang, name=meta["scenario"]), parts, lang=lang)


def _objective_line(rows: list[dict], meta: dict, lang: str = "en") -> str:
    """The objective the sweep ranked its points by, and the best point's value of it."""
    name, cur = meta.get("objective", "p_alive"), meta.get("currency", "")
    label = html.escape(objective.label(name, cur, lang))
    column = meta.get("objective_column", "p_alive_at_horizon")
    values = [r[column] for r in rows if r.get(column) is not None]
    best = objective.value(max(values), name, cur, lang) if values else t("na", lang)
    return t("sweep.objective", lang, label=label, name=html.escape(name), best=best)


def _objective_figure(rows: list[dict], keys: list[str], meta: dict, lang: str):
    """The objective over the first parameter (one line per value of the second, if any)."""
    name, cur = meta["objective"], meta.get("currency", "")
    column, x = meta["objective_column"], keys[0]
    label = objective.label(name, cur, lang)
    unit = f" ({cur})" if objective.kind(name) == "money" else ""
    title = t("sweep.obj.title", lang, label=label, x=labels.short(x, lang))
    fig = figure(
        title[:1].upper() + title[1:],
        html.escape(labels.label(x, cur, lang)),
        html.escape(label + unit),
    )
    y = keys[1] if len(keys) > 1 else None
    groups = sorted({r[y] for r in rows}, key=_order) if y else [None]
    se = f"{column}_se"
    for g in groups:
        line = sorted((r for r in rows if y is None or r[y] == g), key=lambda r: _order(r[x]))
        errors = [1.96 * (r.get(se) or 0) for r in line] if se in line[0] else None
        fig.add_scatter(
            x=[r[x] for r in line],
            y=[r[column] for r in line],
            mode="lines+markers",
            name=html.escape(labels.label(x, cur, lang))
            if y is None
            else f"{html.escape(labels.short(y, lang))} = {html.escape(labels.value(y, g, cur))}",
            error_y=None if errors is None else {"type": "data", "array": errors},
            text=[objective.value(r[column], name, cur, lang) for r in line],
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    _value_axis(fig.update_xaxes, x, [r[x] for r in rows], cur)
    fig.update_layout(hovermode="closest")
    more = len(keys) > 2
    return fig, t("sweep.obj.hint", lang, label=html.escape(label)) + (
        t("sweep.obj.more", lang) if more else ""
    ) + t("sweep.hint.end", lang)


def tied(ranked: list[dict]) -> list[dict]:
    """The points that cannot be told from the best one (``ranked[0]``): those whose 95%
    interval of survival at the horizon overlaps the best point's, best first."""
    lo = ranked[0]["p_alive_at_horizon_lo"]
    if lo is None:
        return ranked[:1]
    his = [r["p_alive_at_horizon_hi"] for r in ranked]
    return [r for r, hi in zip(ranked, his, strict=True) if hi is not None and hi >= lo]


def headline(
    ranked: list[dict], keys: list[str], when: str, lang: str = "en", currency: str = ""
) -> str:
    """The best point (or the points tied with it) and the worst, in one or two sentences."""
    best, worst = ranked[0], ranked[-1]

    def at(row: dict) -> str:
        return t("list.comma", lang).join(
            f"{html.escape(labels.short(k, lang))} = "
            f"{html.escape(labels.value(k, row[k], currency))}"
            for k in keys
        )

    values = {
        "when": when,
        "p": pct(best["p_alive_at_horizon"], lang),
        "lo": pct(best["p_alive_at_horizon_lo"], lang),
        "hi": pct(best["p_alive_at_horizon_hi"], lang),
        "worst_p": pct(worst["p_alive_at_horizon"], lang),
        "worst": at(worst),
    }
    ties = tied(ranked)
    if len(ties) == 1:
        return t("sweep.headline", lang, best=at(best), **values)
    shown = ties[:TIES_SHOWN]
    more = len(ties) - len(shown)
    points = "; ".join(at(r) for r in shown) if lang == "en" else "；".join(at(r) for r in shown)
    if more:
        points += t("sweep.tie_more", lang, n=more)
    lowest = pct(min(r["p_alive_at_horizon"] for r in ties), lang)
    if len(ties) == len(ranked):
        return t("sweep.all_tied", lang, n=len(ties), when=when, low=lowest, p=values["p"])
    return t("sweep.tie", lang, n=len(ties), points=points, low=lowest, **values)


def _figure(rows: list[dict], keys: list[str], meta: dict, when: str, lang: str):
    x, cur = keys[0], meta.get("currency", "")
    xl = labels.label(x, cur, lang)
    ytitle = t("sweep.y", lang, when=when)
    if len(keys) == 1:
        ordered = sorted(rows, key=lambda r: _order(r[x]))
        fig = figure(t("sweep.title.one", lang, x=labels.short(x, lang)), html.escape(xl), ytitle)
        p = [100 * (r["p_alive_at_horizon"] or 0) for r in ordered]
        hi = [100 * (r["p_alive_at_horizon_hi"] or 0) - v for r, v in zip(ordered, p, strict=True)]
        lo = [v - 100 * (r["p_alive_at_horizon_lo"] or 0) for r, v in zip(ordered, p, strict=True)]
        fig.add_scatter(
            x=[r[x] for r in ordered],
            y=p,
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            name=t("sweep.alive", lang),
            text=[_hover(r, keys, cur, lang) for r in ordered],
            hovertemplate="%{text}<extra></extra>",
            error_y={
                "type": "data",
                "symmetric": False,
                "array": hi,
                "arrayminus": lo,
            },
        )
        _value_axis(fig.update_xaxes, x, [r[x] for r in ordered], cur)
        fig.update_layout(hovermode="closest")
        return fig, t("sweep.hint.one", lang, when=when) + t("sweep.hint.end", lang)
    y = keys[1]
    others = keys[2:]
    title = t("sweep.title.two", lang, x=labels.short(x, lang), y=labels.short(y, lang))
    fig = figure(title, html.escape(xl), html.escape(labels.label(y, cur, lang)))
    fig.update_layout(hovermode="closest")
    colorbar = {"title": t("sweep.alive_pct", lang)}
    if meta["design"] == "random":
        fig.add_scatter(
            x=[r[x] for r in rows],
            y=[r[y] for r in rows],
            mode="markers",
            marker={
                "size": 11,
                "color": [100 * (r["p_alive_at_horizon"] or 0) for r in rows],
                "colorscale": SCALE,
                "cmin": 0,
                "cmax": 100,
                "colorbar": colorbar,
            },
            text=[_hover(r, keys, cur, lang) for r in rows],
            hovertemplate="%{text}<extra></extra>",
            name=t("sweep.points", lang),
        )
        hint = t("sweep.hint.random", lang, when=when)
        for axis, key in ((fig.update_xaxes, x), (fig.update_yaxes, y)):
            _value_axis(axis, key, [r[key] for r in rows], cur, ticks=False)
    else:
        xs = sorted({r[x] for r in rows}, key=_order)
        ys = sorted({r[y] for r in rows}, key=_order)
        best: dict[tuple, dict] = {}
        for r in rows:
            cell = (r[x], r[y])
            if cell not in best or _p(r) > _p(best[cell]):
                best[cell] = r
        z = [[_cell(best.get((a, b))) for a in xs] for b in ys]
        text = [
            [_hover(best[(a, b)], keys, cur, lang) if (a, b) in best else "" for a in xs]
            for b in ys
        ]
        fig.add_heatmap(
            x=xs if _numeric(xs) else [_short(v) for v in xs],
            y=ys if _numeric(ys) else [_short(v) for v in ys],
            z=z,
            zmin=0,
            zmax=100,
            colorscale=SCALE,
            colorbar=colorbar,
            text=text,
            texttemplate="%{z:.0f}%",
            hovertemplate="%{text}<extra></extra>",
        )
        _value_axis(fig.update_xaxes, x, xs, cur)
        _value_axis(fig.update_yaxes, y, ys, cur)
        hint = t("sweep.hint.grid", lang, when=when)
    if others:
        kind = "others_random" if meta["design"] == "random" else "others_grid"
        names = t("list.comma", lang).join(html.escape(labels.short(k, lang)) for k in others)
        hint += t(f"sweep.hint.{kind}", lang, others=names)
    return fig, hint + t("sweep.hint.end", lang)


def _numeric(values: list) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _value_axis(update, key: str, values: list, currency: str, ticks: bool = True) -> None:
    """A numeric axis spaced by value (ticks at the grid's values, read as money, shares or
    plain numbers), or a category axis for values that are not all numbers."""
    if not _numeric(values):
        update(type="category")
        return
    update(type="linear")
    shown = sorted(set(values))
    if ticks and len(shown) <= 12:
        update(
            tickvals=shown,
            ticktext=[html.escape(labels.value(key, v, currency)) for v in shown],
        )


def _p(row: dict) -> float:
    return row["p_alive_at_horizon"] if row["p_alive_at_horizon"] is not None else -1.0


def _cell(row: dict | None) -> float | None:
    return None if row is None or row["p_alive_at_horizon"] is None else 100 * _p(row)


def _order(v):
    return (0, v, "") if isinstance(v, int | float) else (1, 0, str(v))


def _hover(row: dict, keys: list[str], currency: str = "", lang: str = "en") -> str:
    lines = [
        f"{html.escape(labels.label(k, currency, lang))} = "
        f"{html.escape(labels.value(k, row[k], currency))} <i>({html.escape(k)})</i>"
        for k in keys
    ]
    lines.append(
        t(
            "sweep.hover",
            lang,
            p=pct(row["p_alive_at_horizon"], lang),
            lo=pct(row["p_alive_at_horizon_lo"], lang),
            hi=pct(row["p_alive_at_horizon_hi"], lang),
        )
    )
    return "<br>".join(lines)


def _short(v) -> str:
    if isinstance(v, float):
        return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return html.escape(str(v))


def _table(ranked: list[dict], keys: list[str], currency: str, lang: str = "en") -> str:
    shown = ranked[:TABLE_ROWS]
    heads = [
        *(param_html(k, currency, lang) for k in keys),
        t("sweep.col.alive", lang),
        *(t("sweep.col.alive_at", lang, m=m) for m in (12, 24, 36)),
        t("sweep.col.breakeven", lang),
        t("sweep.col.default_alive", lang),
        t("sweep.col.gap", lang, q="p50"),
        t("sweep.col.gap", lang, q="p90"),
    ]
    body = []
    for r in shown:
        cells = [html.escape(labels.value(k, r[k], currency)) for k in keys]
        cells.append(
            f"{pct(r['p_alive_at_horizon'], lang)} ({pct(r['p_alive_at_horizon_lo'], lang)} – "
            f"{pct(r['p_alive_at_horizon_hi'], lang)})"
        )
        cells += [
            pct(r[f"p_alive_{m}"], lang) if r[f"p_alive_{m}"] is not None else ""
            for m in (12, 24, 36)
        ]
        cells += [pct(r["breakeven_share"], lang), pct(r["default_alive_share"], lang)]
        cells += [money(r["financing_gap_p50"], currency), money(r["financing_gap_p90"], currency)]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    note = (
        t("sweep.note.top", lang, rows=TABLE_ROWS, n=len(ranked))
        if len(ranked) > TABLE_ROWS
        else t("sweep.note.all", lang)
    )
    head = "".join(f"<th>{h}</th>" for h in heads)
    return (
        f'<p class="muted">{note}</p>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
