"""The leaderboard page of a tournament: places with ties, invalid entries, the debrief.

Everything on the page comes from :meth:`sim.tournament.Tournament.summary`; nothing is
simulated here. Team names (file stems), strategy texts and error messages are untrusted and
HTML-escaped everywhere, in charts too. A sealed leaderboard never shows the seed.
"""

from __future__ import annotations

import html
import shlex

from ..formatting import money, pct
from .charts import GREY, figure
from .page import CAUSE_NOTES, chart, document

esc = html.escape
BLUE, GOLD = "#1f5fa8", "#b8860b"


def render(s: dict) -> str:
    """The leaderboard page for ``s`` (a tournament's summary)."""
    teams = [r for r in s["leaderboard"] if not r["baseline"]]
    parts = [
        f"<h1>{esc(s['scenario'])}: tournament leaderboard</h1>",
        _meta(s, len(teams)),
        _headline(s, teams),
        "<h2>Leaderboard</h2>",
        _table(s),
        chart("leaderboard", *_chart(s)),
        _invalid(s),
        "<h2>What each team did</h2>",
        _teams(s),
        _debrief(s),
        _footer(s),
    ]
    return document(f"{s['scenario']}: tournament", parts)


def seed_text(s: dict) -> str:
    """The seed as the page shows it: the number, or a sealed fingerprint."""
    if s["seed_revealed"]:
        return f"seed {s['seed']}"
    return f"seed sealed until the debrief (fingerprint sha256 {s['seed_commitment'][:16]}...)"


def _meta(s: dict, n: int) -> str:
    invalid = len(s["invalid"])
    skipped = f", {invalid} file{'s' * (invalid != 1)} skipped (see below)" if invalid else ""
    return (
        f'<p class="meta">{n} team{"s" * (n != 1)}{skipped}. Every team played the same '
        f"{s['paths']:,} simulated worlds of <code>{esc(s['scenario_file'])}</code> for "
        f"{s['months']} months: world i meets every team with the same market, shocks and "
        f"investors, so differences between teams are the strategies, not luck. "
        f"{esc(seed_text(s)[0].upper() + seed_text(s)[1:])}.</p>"
    )


def _headline(s: dict, teams: list[dict]) -> str:
    if not teams:
        return ""
    first = [r for r in teams if r["place"] == 1]
    names = " and ".join(f"<b>{esc(r['team'])}</b>" for r in first)
    verb = "wins" if len(first) == 1 else "share first place"
    base = next(r for r in s["leaderboard"] if r["baseline"])
    return (
        f'<p class="story">{names} {verb}: {pct(first[0]["p_alive"]["p"])} of companies alive '
        f"after {s['months']} months (the scenario as written: {pct(base['p_alive']['p'])}).</p>"
    )


def _interval(d: dict | None) -> str:
    if d is None:
        return ""
    return f"{d['diff']:+.1%} ({d['lo']:+.1%} to {d['hi']:+.1%})"


def _table(s: dict) -> str:
    T, cur = s["months"], s["currency"]
    head = (
        f"<tr><th>place</th><th>team</th><th>alive after {T} months (95% interval)</th>"
        "<th>against the team holding the place above, same worlds (95% interval)</th>"
        "<th>against the scenario as written, same worlds</th>"
        "<th>extra cash for 50% survival</th><th>breaks even</th><th>default alive</th>"
        "<th>note</th></tr>"
    )
    body = []
    for r in s["leaderboard"]:
        a = r["p_alive"]
        if r["baseline"]:
            place, vs_holder, vs_base = "&ndash;", "not competing", "&ndash;"
        else:
            place, vs_base = str(r["place"]), _interval(r["vs_baseline"])
            if r["vs_holder"] is None:
                vs_holder = "first"
            else:
                word = "tied with" if r["tied"] else "below"
                vs_holder = f"{word} {esc(r['judged_against'])}: {_interval(r['vs_holder'])}"
        gap = r["financing_gap_p50"]["value"]
        gap_text = "nothing" if gap == 0 else money(gap, cur)
        style = ' style="color:#555;background:#f7f7f7"' if r["baseline"] else ""
        body.append(
            f"<tr{style}><td>{place}</td><td><b>{esc(r['team'])}</b></td>"
            f"<td>{pct(a['p'])} ({pct(a['lo'])} to {pct(a['hi'])})</td>"
            f"<td>{vs_holder}</td><td>{vs_base}</td><td>{gap_text}</td>"
            f"<td>{pct(r['breakeven_share']['p'])}</td><td>{pct(r['default_alive']['p'])}</td>"
            f"<td>{esc(r['note'])}</td></tr>"
        )
    hint = (
        '<p class="hint">How places are decided: teams are sorted by the share of companies '
        f"alive after {T} months. The first team holds place 1. Each next team shares the place "
        "of the team holding it when the difference between them, measured world by world, "
        "could be zero (its 95% interval contains 0): the gap is within the luck of the draw. "
        "Otherwise it holds a new place, numbered by its row (1, 1, 3, ...). The extra cash, "
        "breakeven and default-alive columns describe each team but never decide a place. "
        "The scenario as written (grey) is shown for reference and does not compete.</p>"
    )
    return f"<table>{head}{''.join(body)}</table>{hint}"


def _chart(s: dict):
    rows = s["leaderboard"]
    fig = figure(f"Share of companies alive after {s['months']} months, by team", "Alive (%)", "")
    labels = [
        esc(r["team"] if r["baseline"] else f"{r['place']}. {r['team']}") for r in rows
    ]  # plotly renders tick labels as HTML
    groups = (
        ("first place", GOLD, "circle", lambda r: r["place"] == 1),
        ("team", BLUE, "circle", lambda r: not r["baseline"] and r["place"] != 1),
        ("scenario as written", GREY, "diamond", lambda r: r["baseline"]),
    )
    for name, color, symbol, member in groups:
        shown = [(label, r) for label, r in zip(labels, rows, strict=True) if member(r)]
        if not shown:
            continue
        p = [100 * r["p_alive"]["p"] for _, r in shown]
        fig.add_scatter(
            x=p,
            y=[label for label, _ in shown],
            mode="markers",
            name=name,
            marker={"color": color, "size": 10, "symbol": symbol},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": [100 * r["p_alive"]["hi"] - x for (_, r), x in zip(shown, p, strict=True)],
                "arrayminus": [
                    x - 100 * r["p_alive"]["lo"] for (_, r), x in zip(shown, p, strict=True)
                ],
                "color": color,
            },
            hovertemplate="%{y}: %{x:.1f}% alive<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels[::-1], type="category")
    fig.update_xaxes(ticksuffix="%")
    # title and legend in pixels from the top, so a tall chart does not overlap them
    fig.update_layout(
        height=max(360, 170 + 28 * len(rows)),
        hovermode="closest",
        margin={"t": 100},
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        legend={"y": 1, "yanchor": "bottom"},
    )
    return fig, (
        "each dot is a team's share of companies alive, with its 95% interval (gold: first "
        "place). Places are not read off these bars: two teams are compared world by world, "
        "which is far more precise, so bars that overlap can still mean different places."
    )


def _invalid(s: dict) -> str:
    if not s["invalid"]:
        return ""
    rows = "".join(
        f"<tr><td><b>{esc(x['team'])}</b></td><td><code>{esc(x['file'])}</code></td>"
        f'<td><pre style="white-space:pre-wrap;margin:0">{esc(x["error"])}</pre></td></tr>'
        for x in s["invalid"]
    )
    return (
        "<h2>Invalid entries</h2>"
        '<p class="hint">These files could not play and were skipped; fix the line named in '
        "the error and check the file with <code>sim tournament SCENARIO FOLDER --seed 1</code>"
        ".</p>"
        f"<table><tr><th>team</th><th>file</th><th>error</th></tr>{rows}</table>"
    )


def _teams(s: dict) -> str:
    items = []
    for t in s["teams"]:
        st = t["strategy"] or {}
        sets = "; ".join(f"{esc(k)} = {esc(str(v))}" for k, v in st.get("set", {}).items())
        rules = "; ".join(_rule(p) for p in st.get("policies", []))
        details = " ".join(
            x
            for x in (
                esc(st.get("description", "")),
                f"Changes: {sets}." if sets else "",
                f"Rules: {rules}." if rules else "",
            )
            if x
        )
        sha = f' <span class="muted">(file sha256 {esc((t["sha256"] or "")[:12])})</span>'
        items.append(f"<li><b>{esc(t['team'])}</b>: {details or 'no changes'}{sha}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _rule(p: dict) -> str:
    when = " and ".join(
        f"{esc(m)}"
        + (f" &lt; {b['below']:g}" if b.get("below") is not None else "")
        + (f" &gt; {b['above']:g}" if b.get("above") is not None else "")
        for m, b in p["when"].items()
    )
    acts = [f"{esc(k)} &times; {v:g}" for k, v in p.get("scale", {}).items()]
    acts += [f"{esc(k)} = {v:g}" for k, v in p.get("set", {}).items()]
    return f"{esc(p['name'])}: when {when}, {', '.join(acts)} (once)"


def _debrief(s: dict) -> str:
    d = s["debrief"]
    if d is None:
        return ""
    rows = {r["team"]: r for r in s["leaderboard"]}
    win, last = d["winner"], d["last"]
    W, L = esc(win), esc(last)
    shared = [r["team"] for r in s["leaderboard"] if r["place"] == 1 and r["team"] != win]
    with_ = f" (first place shared with {esc(', '.join(shared))})" if shared else ""
    against = (
        "the scenario as written, since only one team played"
        if d["last_is_baseline"]
        else f"the last team, <b>{L}</b>"
    )
    dead = {t: 1 - rows[t]["p_alive"]["p"] for t in (win, last)}
    parts = [
        "<h2>Debrief: what separated the top from the bottom</h2>",
        f'<p class="story">The winner, <b>{W}</b>{with_}, set against {against}: in the same '
        f"{s['paths']:,} worlds, {pct(dead[win])} of {W}'s companies died within "
        f"{s['months']} months, against {pct(dead[last])} of {L}'s.</p>",
    ]
    parts += _causes(d, W, L)
    parts.append("<h3>One life of each: <code>sim story</code></h3>")
    if not d["stories_available"]:
        parts.append(
            '<p class="muted">Stories need <code>sim story</code> (the module '
            "<code>sim.story</code>), which this version does not have.</p>"
        )
    for team in (win, last):
        story = d["stories"].get(team)
        if story:
            parts.append(_story(team, story))
    return "\n".join(parts)


def _causes(d: dict, W: str, L: str) -> list[str]:
    if not d["causes"]:
        return ["<p>Neither team lost a company: there are no causes of death to compare.</p>"]
    body, avoided, met_more = [], [], []
    for c in d["causes"]:
        diff = c["difference"]
        if diff["hi"] < 0:
            reading = f"fewer for {W}"
            avoided.append(c)
        elif diff["lo"] > 0:
            reading = f"fewer for {L}"
            met_more.append(c)
        else:
            reading = "no clear difference"
        body.append(
            f"<tr><td><b>{esc(c['cause'])}</b></td><td>{pct(c['winner'])}</td>"
            f"<td>{pct(c['last'])}</td><td>{_interval(diff)}</td><td>{reading}</td></tr>"
        )
    table = (
        f"<table><tr><th>cause of death</th><th>{W}: share of worlds</th>"
        f"<th>{L}: share of worlds</th><th>difference ({W} minus {L}), same worlds "
        f"(95% interval)</th><th>reading</th></tr>{''.join(body)}</table>"
    )
    lines = [
        f"<li><b>{W}</b> avoided <b>{esc(c['cause'])}</b>: it killed {pct(c['last'])} of "
        f"{L}'s companies and {pct(c['winner'])} of {W}'s.{_note(c['cause'])}</li>"
        for c in avoided
    ]
    if met_more:
        causes = ", ".join(
            f"<b>{esc(c['cause'])}</b> ({pct(c['last'])} against {pct(c['winner'])})"
            for c in met_more
        )
        lines.append(
            f"<li><b>{L}</b> died less often of {causes}. A company that survives one danger "
            "lives long enough to meet the next, so the winner can die more often of a later "
            "cause.</li>"
        )
    if not lines:
        lines.append("<li>No cause of death differs clearly between the two teams.</li>")
    hint = (
        '<p class="hint">Read: each cause is the share of the simulated worlds in which the '
        "company died of it. The difference is measured world by world; a cause is avoided "
        "when its 95% interval lies wholly on one side of zero.</p>"
    )
    return [table, hint, f"<ul>{''.join(lines)}</ul>"]


def _note(cause: str) -> str:
    note = next((n for prefix, n in CAUSE_NOTES.items() if cause.startswith(prefix)), None)
    return f' <span class="muted">({esc(note)})</span>' if note else ""


def _story(team: str, story: dict) -> str:
    kind = "a typical death" if story["how"] == "typical-death" else "a typical survivor"
    rows = "".join(
        f'<tr><td style="white-space:nowrap">{esc(label)}</td><td>{esc(text)}</td></tr>'
        for _, label, text in story["lines"]
    )
    reason = esc(story["reason"]) if story["reason"] else kind
    return (
        f"<h4>{esc(team)}: {kind} (world {story['path']})</h4>"
        f'<p class="hint">Chosen as {reason}.</p>'
        f"<table>{rows}</table>"
        f'<p class="story">{esc(story["same_world"])}</p>'
    )


def replay_command(s: dict, seed: str) -> str:
    """The command that replays this tournament, with ``seed`` as given (a number or SEED)."""
    words = ["sim", "tournament", s["scenario_file"], s["folder"], "--seed", seed]
    words += ["--paths", str(s["paths"]), "--months", str(s["months"])]
    for item in s["set"]:
        words += ["--set", item]
    return " ".join(shlex.quote(w) if w != "SEED" else w for w in words)


def _footer(s: dict) -> str:
    run = s["run"]
    if s["seed_revealed"]:
        seed = str(s["seed"])
        sealed = ""
    else:
        seed = "SEED"
        sealed = (
            " The seed is sealed: the teacher reveals it at the debrief. Its fingerprint is "
            f"<code>{s['seed_commitment']}</code> (sha256 of 'sim tournament seed SEED'), "
            "so anyone can check the revealed seed is the one played here."
        )
    items = [
        ("scenario sha256", run["scenario_sha256"]),
        ("paths", f"{s['paths']:,}"),
        ("months", s["months"]),
        ("startup-sim", run["package_version"]),
        ("numpy", run["numpy_version"]),
        ("created", run["created"]),
    ]
    text = " &middot; ".join(f"{k} <code>{esc(str(v))}</code>" for k, v in items)
    return (
        f"<footer><b>Run record.</b> {text}. Replay: <code>{esc(replay_command(s, seed))}</code>"
        f"; the same scenario file, team files (sha256 above), seed and paths give the same "
        f"leaderboard.{sealed}</footer>"
    )
