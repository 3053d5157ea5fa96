"""The sweep page: survival over two parameters as a heat map, and the table of all points.

Built from the rows of :func:`sim.sweep.execute` (plotly only, nothing is simulated here).
The axes are the grid's first two parameters; with more parameters, a cell shows the best
point over the others' values. Parameter keys and values come from the user's files: they are
escaped everywhere, plotly renders labels as HTML.
"""

from __future__ import annotations

import html

from ..formatting import money, pct
from .charts import BLUE, figure
from .page import chart, document

TABLE_ROWS = 200
"""Points listed in the page's table (the best ones; the CSV has them all)."""
SCALE = [[0, "#c0392b"], [0.5, "#f4d03f"], [1, "#2e8b57"]]


def render(rows: list[dict], keys: list[str], meta: dict) -> str:
    """The page for a sweep of ``meta['scenario']`` over parameters ``keys``, as HTML text.

    ``meta``: scenario, design (grid or random), paths, months (None: the horizon), seed,
    currency.
    """
    esc = html.escape
    months = meta.get("months")
    T = f"{months} months" if months else "the horizon"
    ranked = sorted(rows, key=lambda r: -(r["p_alive_at_horizon"] or 0))
    parts = [
        f"<h1>{esc(meta['scenario'])}: survival across {len(rows):,} points</h1>",
        f'<p class="meta">{meta["design"]} design over {", ".join(map(esc, keys))} &middot; '
        f"{meta['paths']:,} simulated companies per point &middot; {T} &middot; seed "
        f"{meta['seed']}, the same for every point (common random numbers: points differ by "
        "their values, not by luck)</p>",
        f'<p class="story">{headline(ranked, keys, T)}</p>' if rows else "",
        chart("sweep", *_figure(rows, keys, meta, T)) if rows else "",
        "<h2>The points</h2>",
        _table(ranked, keys, meta.get("currency", "")),
    ]
    return document(f"{meta['scenario']}: sweep", parts)


def headline(ranked: list[dict], keys: list[str], T: str) -> str:
    best, worst = ranked[0], ranked[-1]

    def at(row: dict) -> str:
        return ", ".join(f"{html.escape(k)} = {_short(row[k])}" for k in keys)

    p = best["p_alive_at_horizon"]
    lo, hi = best["p_alive_at_horizon_lo"], best["p_alive_at_horizon_hi"]
    return (
        f"Most likely alive after {T}: <b>{pct(p)}</b> (95% interval {pct(lo)} – {pct(hi)}) "
        f"at {at(best)}; least likely: <b>{pct(worst['p_alive_at_horizon'])}</b> at "
        f"{at(worst)}."
    )


def _figure(rows: list[dict], keys: list[str], meta: dict, T: str):
    x = keys[0]
    ytitle = f"alive after {T} (%)"
    if len(keys) == 1:
        ordered = sorted(rows, key=lambda r: r[x])
        fig = figure(f"Survival by {x}", x, ytitle)
        p = [100 * (r["p_alive_at_horizon"] or 0) for r in ordered]
        hi = [100 * (r["p_alive_at_horizon_hi"] or 0) - v for r, v in zip(ordered, p, strict=True)]
        lo = [v - 100 * (r["p_alive_at_horizon_lo"] or 0) for r, v in zip(ordered, p, strict=True)]
        fig.add_scatter(
            x=[r[x] for r in ordered],
            y=p,
            mode="lines+markers",
            line={"color": BLUE, "width": 3},
            name="alive",
            error_y={
                "type": "data",
                "symmetric": False,
                "array": hi,
                "arrayminus": lo,
            },
        )
        hint = f"each point: the share of companies alive after {T}, with its 95% interval."
        return fig, hint
    y = keys[1]
    others = keys[2:]
    title = f"Survival by {x} and {y}"
    fig = figure(title, x, y)
    fig.update_layout(hovermode="closest")
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
                "colorbar": {"title": "alive (%)"},
            },
            text=[_hover(r, keys) for r in rows],
            hovertemplate="%{text}<extra></extra>",
            name="points",
        )
        hint = f"each dot is a point of the random design; its colour, the share alive after {T}"
    else:
        xs = sorted({r[x] for r in rows}, key=_order)
        ys = sorted({r[y] for r in rows}, key=_order)
        best: dict[tuple, dict] = {}
        for r in rows:
            cell = (r[x], r[y])
            if cell not in best or _p(r) > _p(best[cell]):
                best[cell] = r
        z = [[_cell(best.get((a, b))) for a in xs] for b in ys]
        text = [[_hover(best[(a, b)], keys) if (a, b) in best else "" for a in xs] for b in ys]
        fig.add_heatmap(
            x=[_short(v) for v in xs],
            y=[_short(v) for v in ys],
            z=z,
            zmin=0,
            zmax=100,
            colorscale=SCALE,
            colorbar={"title": "alive (%)"},
            text=text,
            texttemplate="%{z:.0f}%",
            hovertemplate="%{text}<extra></extra>",
        )
        fig.update_xaxes(type="category", title_text=html.escape(x))
        fig.update_yaxes(type="category", title_text=html.escape(y))
        hint = f"each cell: the share of companies alive after {T} (green: more survive)"
    if others:
        hint += (
            f"; with {', '.join(map(html.escape, others))} also varied, a cell shows the best "
            "value over them (hover to see where it is reached)"
            if meta["design"] != "random"
            else f"; {', '.join(map(html.escape, others))} also vary (hover to see their values)"
        )
    return fig, hint + "."


def _p(row: dict) -> float:
    return row["p_alive_at_horizon"] if row["p_alive_at_horizon"] is not None else -1.0


def _cell(row: dict | None) -> float | None:
    return None if row is None or row["p_alive_at_horizon"] is None else 100 * _p(row)


def _order(v):
    return (0, v, "") if isinstance(v, int | float) else (1, 0, str(v))


def _hover(row: dict, keys: list[str]) -> str:
    lines = [f"{html.escape(k)} = {_short(row[k])}" for k in keys]
    lines.append(
        f"alive: {pct(row['p_alive_at_horizon'])} "
        f"({pct(row['p_alive_at_horizon_lo'])} – {pct(row['p_alive_at_horizon_hi'])})"
    )
    return "<br>".join(lines)


def _short(v) -> str:
    if isinstance(v, float):
        return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return html.escape(str(v))


def _table(ranked: list[dict], keys: list[str], currency: str) -> str:
    shown = ranked[:TABLE_ROWS]
    heads = [
        *(html.escape(k) for k in keys),
        "alive at the horizon (95% interval)",
        *(f"alive at {m} months" for m in (12, 24, 36)),
        "breaks even",
        "default alive",
        "financing gap p50",
        "financing gap p90",
    ]
    body = []
    for r in shown:
        cells = [_short(r[k]) for k in keys]
        cells.append(
            f"{pct(r['p_alive_at_horizon'])} ({pct(r['p_alive_at_horizon_lo'])} – "
            f"{pct(r['p_alive_at_horizon_hi'])})"
        )
        cells += [
            pct(r[f"p_alive_{m}"]) if r[f"p_alive_{m}"] is not None else "" for m in (12, 24, 36)
        ]
        cells += [pct(r["breakeven_share"]), pct(r["default_alive_share"])]
        cells += [money(r["financing_gap_p50"], currency), money(r["financing_gap_p90"], currency)]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    note = (
        f'<p class="muted">The {TABLE_ROWS} most likely to survive of {len(ranked):,} points; '
        "the CSV and Parquet files have them all.</p>"
        if len(ranked) > TABLE_ROWS
        else '<p class="muted">Sorted from the most to the least likely to survive.</p>'
    )
    head = "".join(f"<th>{h}</th>" for h in heads)
    return f"{note}<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
