"""The leaderboard page of a tournament: places with ties, invalid entries, the debrief.

Everything on the page comes from :meth:`sim.analysis.tournament.Tournament.summary`; nothing is
simulated here. Team names (file stems), strategy texts and error messages are untrusted and
HTML-escaped everywhere, in charts too. A sealed leaderboard never shows the seed. The fixed
text is in English or Simplified Chinese (:mod:`sim.report.i18n`); the debrief's section is
drawn by :mod:`sim.report.debrief`, its stories told by :mod:`sim.story.debrief`.
"""

from __future__ import annotations

import html
import shlex

from sim.formatting import money
from sim.report import objective
from sim.report.charts import GREY, figure
from sim.report.debrief import debrief, ranked_on, team_name
from sim.report.i18n import check_lang, pct, t
from sim.report.page import chart, document, prose_note

esc = html.escape
BLUE, GOLD = "#1f5fa8", "#b8860b"


def render(s: dict, lang: str = "en") -> str:
    """The leaderboard page for ``s`` (a tournament's summary) in ``lang``."""
    check_lang(lang)
    teams = [r for r in s["leaderboard"] if not r["baseline"]]
    parts = [
        f"<h1>{t('tour.h1', lang, name=esc(s['scenario']))}</h1>",
        _meta(s, len(teams), lang),
        prose_note(lang),
        _headline(s, teams, lang),
        f"<h2>{t('tour.h.leaderboard', lang)}</h2>",
        f'<p class="hint">{ranked_on(s, lang, short=True)}</p>',
        _table(s, lang),
        chart("leaderboard", *_chart(s, lang), lang=lang),
        _invalid(s, lang),
        f"<h2>{t('tour.h.teams', lang)}</h2>",
        _teams(s, lang),
        debrief(s, lang),
        _footer(s, lang),
    ]
    return document(t("tour.doc.title", lang, name=s["scenario"]), parts, lang=lang)


def seed_text(s: dict, lang: str = "en") -> str:
    """The seed as the page shows it: the number, or a sealed fingerprint."""
    if s["seed_revealed"]:
        return t("tour.seed", lang, seed=s["seed"])
    return t("tour.sealed", lang, fp=s["seed_commitment"][:16])


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _meta(s: dict, n: int, lang: str = "en") -> str:
    invalid = len(s["invalid"])
    skipped = (
        t("tour.skipped_one" if invalid == 1 else "tour.skipped", lang, n=invalid)
        if invalid
        else ""
    )
    seed = seed_text(s, lang)
    text = t(
        "tour.meta", lang, teams=t("tour.team_one" if n == 1 else "tour.teams", lang, n=n),
        skipped=skipped, paths=f"{s['paths']:,}", file=esc(s["scenario_file"]),
        months=s["months"], seed=esc(seed[0].upper() + seed[1:]),
    )  # fmt: skip
    return f'<p class="meta">{text}</p>'


def _headline(s: dict, teams: list[dict], lang: str = "en") -> str:
    if not teams:
        return ""
    first = [r for r in teams if r["place"] == 1]
    names = t("tour.names_and", lang).join(f"<b>{esc(r['team'])}</b>" for r in first)
    key = "tour.wins" if len(first) == 1 else "tour.share_first"
    base = next(r for r in s["leaderboard"] if r["baseline"])
    name, cur = s["objective"], s["currency"]
    if name == "p_alive":
        text = t(
            key, lang, names=names, p=pct(first[0]["p_alive"]["p"], lang), months=s["months"],
            base=pct(base["p_alive"]["p"], lang),
        )  # fmt: skip
    else:
        text = t(
            f"{key}_on", lang, names=names, label=esc(objective.label(name, cur, lang)),
            score=objective.value(first[0]["score"], name, cur, lang),
            base=objective.value(base["score"], name, cur, lang),
            p=pct(first[0]["p_alive"]["p"], lang), months=s["months"],
        )  # fmt: skip
    return f'<p class="story">{text}</p>'


def _row_note(r: dict, lang: str = "en") -> str:
    """The leaderboard's note on a row (the summary's, in English) in ``lang``, escaped."""
    if lang == "en":
        return esc(r["note"])
    notes = []
    if r["baseline"]:
        notes.append(t("tour.note.baseline", lang))
    elif r["tied"]:
        notes.append(t("tour.note.shares", lang, place=r["place"], team=esc(r["judged_against"])))
    world = r["note"].partition("changes the world: ")[2]
    if world:
        notes.append(t("tour.note.world", lang, keys=esc(world)))
    return "；".join(notes)


def _table(s: dict, lang: str = "en") -> str:
    T, cur, name = s["months"], s["currency"], s["objective"]
    label = esc(objective.label(name, cur, lang))
    survival = name == "p_alive"  # then the objective's column is the alive column
    cols = ("place", "team", *(() if survival else ("objective",)), "alive", "vs_holder")
    cols += ("vs_base", "gap", "breakeven", "default_alive", "note")
    head = "<tr>" + "".join(
        f"<th>{t(f'tour.col.{c}', lang, months=T, label=label)}</th>" for c in cols
    )
    head += "</tr>"
    body = []
    for r in s["leaderboard"]:
        a = r["p_alive"]
        if r["baseline"]:
            place, vs_holder, vs_base = "&ndash;", t("tour.not_competing", lang), "&ndash;"
        else:
            place = str(r["place"])
            vs_base = objective.diff(r["vs_baseline_objective"], name, cur, lang)
            if r["vs_holder"] is None:
                vs_holder = t("tour.first", lang)
            else:
                key = "tour.tied_with" if r["tied"] else "tour.below"
                d = objective.diff(r["vs_holder"], name, cur, lang)
                vs_holder = t(key, lang, team=esc(r["judged_against"]), d=d)
        gap = r["financing_gap_p50"]["value"]
        score = objective.estimate(r["objective"], name, cur, lang)
        gap_text = money(gap, cur)
        style = ' style="color:#555;background:#f7f7f7"' if r["baseline"] else ""
        alive = t(
            "range.paren", lang, p=pct(a["p"], lang), lo=pct(a["lo"], lang), hi=pct(a["hi"], lang)
        )
        body.append(
            f"<tr{style}><td>{place}</td><td><b>{team_name(r['team'], s, lang)}</b></td>"
            + ("" if survival else f"<td>{score}</td>")
            + f"<td>{alive}</td>"
            f"<td>{vs_holder}</td><td>{vs_base}</td><td>{gap_text}</td>"
            f"<td>{pct(r['breakeven_share']['p'], lang)}</td>"
            f"<td>{pct(r['default_alive']['p'], lang)}</td>"
            f"<td>{_row_note(r, lang)}</td></tr>"
        )
    what = t("tour.what_alive", lang, months=T) if survival else label
    hint = f'<p class="hint">{t("tour.table_hint", lang, what=what)}</p>'
    return f"<table>{head}{''.join(body)}</table>{hint}"


def _chart(s: dict, lang: str = "en"):
    rows, name, cur = s["leaderboard"], s["objective"], s["currency"]
    survival = name == "p_alive"
    if survival:
        title, xlabel = t("tour.chart.title", lang, months=s["months"]), t("tour.chart.x", lang)
    else:
        label = objective.label(name, cur, lang)
        title, xlabel = t("tour.chart.title_on", lang, label=label), esc(label)  # title: plain
        if objective.kind(name) == "money":
            xlabel += f" ({esc(cur)})"
    fig = figure(title, xlabel, "")
    labels = [
        team_name(r["team"], s, lang) if r["baseline"] else esc(f"{r['place']}. {r['team']}")
        for r in rows
    ]  # plotly renders tick labels as HTML
    groups = (
        (t("tour.chart.first", lang), GOLD, "circle", lambda r: r["place"] == 1),
        (
            t("tour.chart.team", lang),
            BLUE,
            "circle",
            lambda r: not r["baseline"] and r["place"] != 1,
        ),
        (t("tour.chart.baseline", lang), GREY, "diamond", lambda r: r["baseline"]),
    )
    for group, color, symbol, member in groups:
        shown = [(label, r) for label, r in zip(labels, rows, strict=True) if member(r)]
        if not shown:
            continue
        x, lo, hi = zip(*(_dot(r, name) for _, r in shown), strict=True)
        fig.add_scatter(
            x=x,
            y=[label for label, _ in shown],
            mode="markers",
            name=group,
            marker={"color": color, "size": 10, "symbol": symbol},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": hi,
                "arrayminus": lo,
                "color": color,
            },  # fmt: skip
            text=[objective.estimate(r["objective"], name, cur, lang) for _, r in shown],
            hovertemplate=t("tour.chart.hover" if survival else "tour.chart.hover_on", lang),
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], type="category")
    if survival or objective.kind(name) == "share":
        fig.update_xaxes(ticksuffix="%")
    # the title in pixels from the top, so a tall chart does not overlap it; the legend
    # below the plot, as every report figure's
    fig.update_layout(
        height=max(360, 170 + 28 * len(rows)),
        hovermode="closest",
        margin={"t": 100},
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
    )
    if survival:
        return fig, t("tour.chart.hint", lang)
    return fig, t("tour.chart.hint_on", lang, label=esc(objective.label(name, cur, lang)))


def _dot(r: dict, name: str) -> tuple[float | None, float, float]:
    """A team's dot on the chart: its score and the distances to the ends of its 95% interval
    (the share alive's own interval; else 1.96 standard errors), in the axis's unit (shares
    in %)."""
    if name == "p_alive":
        a = r["p_alive"]
        return 100 * a["p"], 100 * (a["p"] - a["lo"]), 100 * (a["hi"] - a["p"])
    est = r["objective"]
    v, se = est["value"], est["se"] or 0.0
    if v is None or v != v:
        return None, 0.0, 0.0
    k = 100 if objective.kind(name) == "share" else 1
    return k * v, k * 1.96 * se, k * 1.96 * se


def _invalid(s: dict, lang: str = "en") -> str:
    if not s["invalid"]:
        return ""
    rows = "".join(
        f"<tr><td><b>{esc(x['team'])}</b></td><td><code>{esc(x['file'])}</code></td>"
        f'<td><pre style="white-space:pre-wrap;margin:0">{esc(x["error"])}</pre></td></tr>'
        for x in s["invalid"]
    )
    heads = "".join(f"<th>{t(f'tour.col.{c}', lang)}</th>" for c in ("team", "file", "error"))
    return (
        f"<h2>{t('tour.h.invalid', lang)}</h2>"
        f'<p class="hint">{t("tour.invalid_hint", lang)}</p>'
        f"<table><tr>{heads}</tr>{rows}</table>"
    )


def _teams(s: dict, lang: str = "en") -> str:
    items = []
    for team in s["teams"]:
        st = team["strategy"] or {}
        sets = "; ".join(f"{esc(k)} = {esc(str(v))}" for k, v in st.get("set", {}).items())
        rules = "; ".join(_rule(p, lang) for p in st.get("policies", []))
        details = " ".join(
            x
            for x in (
                esc(st.get("description", "")),
                t("changes", lang, sets=sets) if sets else "",
                t("rules", lang, rules=rules) if rules else "",
            )
            if x
        )
        fp = t("tour.file_sha", lang, sha=esc((team["sha256"] or "")[:12]))
        sha = f' <span class="muted">{fp}</span>'
        details = details or t("tour.no_changes", lang)
        items.append(f"<li><b>{esc(team['team'])}</b>{_colon(lang)}{details}{sha}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _rule(p: dict, lang: str = "en") -> str:
    when = t("word.and", lang).join(
        f"{esc(m)}"
        + (f" &lt; {b['below']:g}" if b.get("below") is not None else "")
        + (f" &gt; {b['above']:g}" if b.get("above") is not None else "")
        for m, b in p["when"].items()
    )
    acts = [f"{esc(k)} &times; {v:g}" for k, v in p.get("scale", {}).items()]
    acts += [f"{esc(k)} = {v:g}" for k, v in p.get("set", {}).items()]
    rule = t("rule", lang, name=esc(p["name"]), when=when, acts=", ".join(acts))
    return t("rule.once", lang, rule=rule)


def replay_command(s: dict, seed: str) -> str:
    """The command that replays this tournament, with ``seed`` as given (a number or SEED)."""
    words = ["sim", "tournament", s["scenario_file"], s["folder"], "--seed", seed]
    words += ["--paths", str(s["paths"]), "--months", str(s["months"])]
    for item in s["set"]:
        words += ["--set", item]
    return " ".join(shlex.quote(w) if w != "SEED" else w for w in words)


def _footer(s: dict, lang: str = "en") -> str:
    run = s["run"]
    if s["seed_revealed"]:
        seed = str(s["seed"])
        sealed = ""
    else:
        seed = "SEED"
        sealed = t("tour.sealed_note", lang, fp=s["seed_commitment"])
    items = [
        (t("footer.sha256", lang), run["scenario_sha256"]),
        (t("footer.paths", lang), f"{s['paths']:,}"),
        (t("tour.footer.months", lang), s["months"]),
        ("startup-sim", run["package_version"]),
        ("numpy", run["numpy_version"]),
        (t("footer.created", lang), run["created"]),
    ]
    text = " &middot; ".join(f"{k} <code>{esc(str(v))}</code>" for k, v in items)
    body = t("tour.footer", lang, items=text, cmd=esc(replay_command(s, seed)), sealed=sealed)
    return f"<footer><b>{t('footer.title', lang)}</b> {body}</footer>"
