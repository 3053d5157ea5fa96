"""One self-contained HTML page for a run: headline figures, charts, assumptions, run record.

The page is written for a founder or a teacher who has never seen the code: every chart has a
title, axis labels with units and a one-line reading hint. All numbers come from
:class:`~sim.results.Results` and its :meth:`~sim.results.Results.summary`; nothing is
simulated here. plotly.js is embedded once, so the file opens offline in any browser.

Scenario text (name, story, sources, reasons) is untrusted: it is HTML-escaped everywhere,
including in figure titles, legends and tick labels, which plotly renders as HTML.
"""

from __future__ import annotations

import html
from pathlib import Path

from plotly.offline import get_plotlyjs

from ..assumptions import NO_SOURCE, basis_for, load_facts, parameter_table, unmatched_keys
from ..formatting import calendar, money, pct, quantile_interval, share_interval
from ..results import Results
from . import charts

CAUSE_NOTES = {
    "round failed": "talks for this round ended without money (and no round closed since), "
    "then the cash ran out",
    "shock": "the cash ran out within a year of this shock hitting, or while it lasted",
    "no round in time": "the cash ran out before talks for this round could start (too early, "
    "or the traction it needs was not there yet)",
    "burned cash before breakeven": "the cash ran out before the company ever made a profit",
    "fell back into losses after breakeven": "the company made a profit once, then lost money "
    "again until the cash ran out",
}


CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 1100px; margin: 0 auto; padding: 24px 20px 60px; line-height: 1.45; }
h1 { margin-bottom: 4px; } h2 { margin-top: 40px; border-bottom: 1px solid #ddd; }
.meta, .hint, .muted, footer { color: #555; } .meta { font-size: .95em; }
.story { font-size: 1.08em; max-width: 900px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 14px; }
.card { border: 1px solid #dde3ea; border-radius: 8px; padding: 12px 14px; background: #fafcfe; }
.card .label { font-size: .9em; color: #444; } .card .big { font-size: 1.7em; font-weight: 600; }
.card .sub { font-size: .85em; color: #555; } .card .cal { font-size: .55em; color: #555; }
.why { font-style: italic; }
.chart { margin-top: 28px; } .hint { margin: 2px 0 0 8px; font-size: .95em; }
table { border-collapse: collapse; width: 100%; font-size: .9em; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #eee; }
th { background: #f1f4f8; } td.path { font-family: ui-monospace, monospace; white-space: nowrap; }
.fact { font-family: ui-monospace, monospace; color: #1f5fa8; }
footer { margin-top: 40px; font-size: .85em; border-top: 1px solid #ddd; padding-top: 8px; }
footer code { word-break: break-all; }
"""


def render(results: Results, summary: dict) -> str:
    """The report page for ``results`` (``summary`` is ``results.summary()``), as HTML text."""
    s, esc = summary, html.escape
    sc = results.scenario
    facts = _facts(results.source)
    parts = [
        f"<h1>{esc(s['scenario'])}</h1>",
        f'<p class="story">{esc(sc.company.story)}</p>' if sc.company.story else "",
        _story_sources(results, facts),
        f'<p class="meta">{s["paths"]:,} simulated paths (possible lives of the company, each '
        f"with its uncertain numbers drawn anew) &middot; {s['months']} months from "
        f"{calendar(s['start'], 1)} &middot; seed {s['seed']} &middot; scenario "
        f"{esc(str(results.source or 'not from a file'))}</p>",
        "<h2>Headline figures</h2>",
        _cards(s),
        "<h2>Charts</h2>",
        *(chart(key, *build(results, s)) for key, build in charts.CHARTS),
        _causes(s),
        "<h2>Assumptions: what the scenario file says</h2>",
        _assumptions(results, facts),
        _footer(s["run"]),
    ]
    return document(f"{s['scenario']}: survival report", parts)


def document(title: str, parts: list[str]) -> str:
    """A whole page: ``parts`` (HTML) in the report's style, plotly.js embedded once."""
    body = "\n".join(p for p in parts if p)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _estimate(x: dict) -> tuple[float | None, float | None]:
    """(value, standard error) of a ``{value, se}`` summary figure."""
    return x["value"], x["se"]


def _card(label: str, big: str, sub: str) -> str:
    return (
        f'<div class="card"><div class="label">{label}</div><div class="big">{big}</div>'
        f'<div class="sub">{sub}</div></div>'
    )


def _cards(s: dict) -> str:
    T, cur, cards = s["months"], s["currency"], []
    shown = []
    for m, share in s["p_alive"].items():
        if share is not None and share["p"] is not None:
            shown.append(int(m))
            label = f"Still alive after {m} months"
            cards.append(_card(label, pct(share["p"]), share_interval(share)))
    if T not in shown:
        share = s["p_alive_at_horizon"]
        label = f"Still alive after {T} months (the horizon)"
        cards.append(_card(label, pct(share["p"]), share_interval(share)))

    be = s["breakeven"]
    med = be["month"]["p50"]
    never = f"{pct(be['never_share']['p'])} never break even within {T} months"
    if med["value"] is None:
        cards.append(_card("Median breakeven month", "never", never))
    else:
        cal = calendar(s["start"], round(med["value"]))  # a quantile may fall between months
        ci = quantile_interval(med, lambda v: f"month {v:g}")
        cards.append(
            _card(
                "Median breakeven month",
                f'month {med["value"]:g} <small class="cal">{cal}</small>',
                f"among the {pct(be['share']['p'])} that break even; {ci}; {never}",
            )
        )
    da = s["default_alive"]
    cards.append(
        _card(
            "Default alive",
            pct(da["p"]),
            "break even before their own money runs out, with no round needed; "
            + share_interval(da),
        )
    )
    for key, level in (("p50", "50%"), ("p90", "90%")):
        q = s["financing_gap"][key]
        label = f"To survive {T} months with {level} probability"
        if q["value"] is None:
            cards.append(_card(label, "n/a", "no paths"))
        elif q["value"] == 0:
            sub = f"at least {level} of paths survive with the cash and rounds planned"
            cards.append(_card(label, "nothing extra", sub))
        else:
            ci = quantile_interval(q, lambda v: money(v, cur))
            sub = f"extra cash at the start, on top of the plan; {ci}"
            cards.append(_card(label, f"raise {money(q['value'], cur)} more", sub))
    gm, gm_se = _estimate(s["gross_margin"])
    segments = ", ".join(
        f"{html.escape(k)} {pct(_estimate(v)[0])}" for k, v in s["revenue_share_by_segment"].items()
    )
    sub = "revenue minus inference and other cost of goods, over all months and paths"
    if gm_se is not None:
        sub += f"; plus or minus {pct(1.96 * gm_se)} (95%)"
    if gm is not None and segments:
        sub += f"; revenue by segment: {segments}"
    cards.append(_card("Gross margin", "no revenue" if gm is None else pct(gm), sub))
    return f'<div class="cards">{"".join(cards)}</div>'


def chart(key: str, fig, hint: str) -> str:
    div = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{key}",
        default_height="440px",
        config={"displaylogo": False, "responsive": True},
    )
    return f'<div class="chart">{div}<p class="hint">Read: {hint}</p></div>'


def _causes(s: dict) -> str:
    made = charts.causes(s)
    if made is None:
        title = html.escape(charts.TITLES["causes"])
        return f"<h3>{title}</h3><p>No simulated company died within {s['months']} months.</p>"
    notes = "".join(
        f"<li><b>{html.escape(c['cause'])}</b>: {note}</li>"
        for c in s["causes_of_death"]
        for prefix, note in CAUSE_NOTES.items()
        if c["cause"].startswith(prefix)
    )
    return chart("causes", *made) + (f'<ul class="hint">{notes}</ul>' if notes else "")


def _facts(source: str | None) -> dict[str, str]:
    if source is None:
        return {}
    folder = Path(source).resolve().parent.parent / "seeds"
    return load_facts(folder) if folder.is_dir() else {}


def _fact_html(fid: str, what: str | None) -> str:
    text = f": {html.escape(what)}" if what else ""
    return f'<span class="fact">{html.escape(fid)}</span>{text}'


def _story_sources(results: Results, facts: dict[str, str]) -> str:
    ids, _ = basis_for(results.scenario, "company.story")
    if not ids:
        return ""
    items = "".join(f"<li>{_fact_html(i, facts.get(i))}</li>" for i in ids)
    summary = "<summary>Sources of the story</summary>"
    return f'<details class="muted">{summary}<ul>{items}</ul></details>'


def _assumptions(results: Results, facts: dict[str, str]) -> str:
    rows = parameter_table(results.scenario, facts)
    body = []
    for r in rows:
        basis = [_fact_html(i, what) for i, what in r["facts"]]
        if r["reason"]:
            basis.append(f'<span class="why">Why: {html.escape(r["reason"])}</span>')
        cell = "<br>".join(basis) or f'<span class="muted">{NO_SOURCE}</span>'
        body.append(
            f'<tr><td class="path">{html.escape(r["path"])}</td><td>{html.escape(r["value"])}</td>'
            f"<td>{cell}</td></tr>"
        )
    intro = (
        '<p class="muted">Every value the scenario file sets. A distribution is drawn anew for '
        "each simulated path: PERT and triangular are (lowest, most likely, highest), uniform "
        "is (lowest, highest), lognormal is given by its mean and standard deviation. The "
        "basis is the fact (from the article fact sheets) and/or the reason the author gave."
        + ("" if facts else " Fact texts are not shown: no fact sheets were found.")
        + "</p>"
    )
    table = (
        "<table><thead><tr><th>Parameter</th><th>Value</th><th>Basis</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )
    orphans = unmatched_keys(results.scenario, rows)
    note = (
        '<p class="muted">Sources or reasons given for keys that match no parameter: '
        + ", ".join(html.escape(k) for k in orphans)
        + "</p>"
        if orphans
        else ""
    )
    return intro + table + note


def _footer(run: dict) -> str:
    esc = html.escape
    items = [
        ("scenario file", run.get("scenario_file") or "not from a file"),
        ("scenario sha256", run.get("scenario_sha256") or "n/a"),
        ("seed", run.get("seed")),
        ("paths", f"{run.get('paths'):,}"),
        ("startup-sim", run.get("package_version")),
        ("numpy", run.get("numpy_version")),
        ("python", run.get("python_version")),
        ("created", run.get("created")),
    ]
    text = " &middot; ".join(f"{k} <code>{esc(str(v))}</code>" for k, v in items)
    same = "Same file, seed and paths give the same numbers."
    return f"<footer><b>Run record.</b> {text}. {same}</footer>"
