"""The comparison page: strategies ranked, survival curves and cash medians overlaid."""

from __future__ import annotations

import html

from ..compare import Comparison
from ..formatting import money, pct
from .charts import figure, month_axis
from .page import chart, document

PALETTE = ("#555555", "#1f5fa8", "#2e8b57", "#c0392b", "#8e44ad", "#e67e22", "#16a085", "#7f8c8d")


def render(comparison: Comparison, s: dict) -> str:
    """The page for a comparison (``s`` is ``comparison.summary()``)."""
    esc = html.escape
    parts = [
        f"<h1>{esc(s['scenario'])}: which strategy survives?</h1>",
        f'<p class="meta">{len(s["strategies"])} strategies, each run on the same '
        f"{s['paths']:,} simulated worlds (same seed {s['seed']}: path i of every strategy "
        "meets the same market, shocks and investors), "
        f"{s['months']} months.</p>",
        f'<p class="story"><b>{esc(s["explanation"])}</b></p>' if s["explanation"] else "",
        "<h2>Ranking</h2>",
        _table(s),
        "<h2>Charts</h2>",
        chart("survival", *_survival(s)),
        chart("cash", *_cash(s)),
        "<h2>The strategies</h2>",
        _strategies(comparison),
    ]
    return document(f"{s['scenario']}: strategies compared", parts)


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _table(s: dict) -> str:
    rows = {r["name"]: r for r in s["strategies"]}
    head = (
        "<tr><th>place</th><th>strategy</th><th>alive at the horizon</th>"
        "<th>difference with the baseline, same worlds (95% interval)</th>"
        "<th>default alive</th><th>breaks even</th><th>extra cash for 90% survival</th></tr>"
    )
    body = []
    for entry in s["ranking"]:
        r = rows[entry["name"]]
        alive, d = r["p_alive_at_horizon"], r["vs_baseline"]["alive_at_horizon"]
        vs = (
            "baseline"
            if entry["name"] == s["baseline"]
            else f"{d['diff']:+.1%} ({d['lo']:+.1%} to {d['hi']:+.1%})"
        )
        gap = r["financing_gap"]["p90"]["value"]
        body.append(
            f"<tr><td>{entry['place']}</td><td>{html.escape(entry['name'])}</td>"
            f"<td>{pct(alive['p'])} ({pct(alive['lo'])} to {pct(alive['hi'])})</td>"
            f"<td>{vs}</td><td>{pct(r['default_alive']['p'])}</td>"
            f"<td>{pct(r['breakeven']['share']['p'])}</td>"
            f"<td>{money(gap, s['currency'])}</td></tr>"
        )
    hint = (
        '<p class="hint">Read: strategies share a place when the difference between them is '
        "within the Monte Carlo error (its 95% interval contains zero). Differences are paired: "
        "each simulated world is run under every strategy, so luck cancels out.</p>"
    )
    return f"<table>{head}{''.join(body)}</table>{hint}"


def _survival(s: dict):
    fig = figure("Share of companies still alive, by strategy", "Month", "Alive (%)")
    months = list(range(s["months"] + 1))
    for i, r in enumerate(s["strategies"]):
        fig.add_scatter(
            x=months,
            y=[100 * p for p in r["survival"]],
            name=html.escape(r["name"]),
            line={"color": _color(i), "width": 3 if i else 2, "dash": "dot" if i == 0 else None},
        )
    fig.update_yaxes(range=[0, 102], ticksuffix="%")
    month_axis(fig, s, 0)
    return fig, (
        "each line is the share of simulated companies still alive at the end of each month "
        "under one strategy; the dotted grey line is the scenario as written (the baseline)."
    )


def _cash(s: dict):
    fig = figure(
        f"Median cash at each month end, by strategy ({s['currency']})", "Month",
        f"Cash ({s['currency']})",
    )  # fmt: skip
    months = list(range(s["months"] + 1))
    for i, r in enumerate(s["strategies"]):
        fig.add_scatter(
            x=months,
            y=r["cash_p50"],
            name=html.escape(r["name"]),
            line={"color": _color(i), "width": 3 if i else 2, "dash": "dot" if i == 0 else None},
        )
    fig.add_hline(y=0, line={"color": "#c0392b", "dash": "dash", "width": 1})
    month_axis(fig, s, 0)
    return fig, (
        "the median cash balance under each strategy, over all paths (a company that failed "
        "keeps its last, negative, balance); below the dashed line the median company is dead."
    )


def _strategies(comparison: Comparison) -> str:
    items = []
    for name, r in zip(comparison.names, comparison.results, strict=True):
        sc = r.scenario
        if name == "baseline":
            items.append("<li><b>baseline</b>: the scenario file as written.</li>")
            continue
        chosen = next((st for st in comparison.strategies if st.name == name), None)
        desc = html.escape(chosen.description) if chosen and chosen.description else ""
        sets = (
            "; ".join(f"{html.escape(k)} = {html.escape(str(v))}" for k, v in chosen.set.items())
            if chosen
            else ""
        )
        rules = "; ".join(
            f"{html.escape(p.name)}: when "
            + " and ".join(
                f"{html.escape(m)}{' < ' + str(b.below) if b.below is not None else ''}"
                f"{' > ' + str(b.above) if b.above is not None else ''}"
                for m, b in p.when.items()
            )
            + ", "
            + ", ".join(
                [f"{html.escape(k)} x {v}" for k, v in p.scale.items()]
                + [f"{html.escape(k)} = {v}" for k, v in p.set.items()]
            )
            for p in sc.policies
        )
        details = " ".join(
            x
            for x in (
                desc,
                f"Changes: {sets}." if sets else "",
                f"Rules: {rules}." if rules else "",
            )
            if x
        )
        items.append(f"<li><b>{html.escape(name)}</b>: {details}</li>")
    return f"<ul>{''.join(items)}</ul>"
