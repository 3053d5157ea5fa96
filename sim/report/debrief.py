"""The debrief on a tournament's leaderboard page: the winner against the last team, the
causes of death one met and the other avoided, and one company's story for each.

From the tournament summary's ``debrief`` (:meth:`sim.analysis.tournament.Tournament.debrief`,
its stories told by :mod:`sim.story.debrief`); team names and texts are HTML-escaped.
"""

from __future__ import annotations

import html
import re

from sim.formatting import MONTHS
from sim.report import objective
from sim.report.i18n import cause_label, cause_note, diff_interval, pct, t

esc = html.escape


def team_name(name: str, s: dict, lang: str = "en") -> str:
    """A team's name as shown, escaped: the scenario as written (the baseline) in ``lang``."""
    return t("cmp.baseline", lang) if name == s["baseline"] and lang != "en" else esc(name)


def interval(d: dict | None, lang: str = "en") -> str:
    if d is None:
        return ""
    return diff_interval(d, lang)


def ranked_on(s: dict, lang: str = "en", short: bool = False) -> str:
    """Which objective ranked the teams and who chose it (the option, the tournament file or
    the default), then, unless ``short``, what ranking on it rewards, in plain words."""
    name, cur = s["objective"], s["currency"]
    source = s.get("objective_source", "default")
    by = t(f"tour.by.{source}", lang, name=esc(name), file=esc(str(s.get("rules_file") or "")))
    label = esc(objective.label(name, cur, lang))
    if short:
        return t("tour.ranked_short", lang, label=label, by=by)
    means = esc(objective.means(name, cur, lang))
    return t("tour.ranked_on", lang, label=label, by=by, means=means)


def debrief(s: dict, lang: str = "en") -> str:
    d = s["debrief"]
    if d is None:
        return ""
    rows = {r["team"]: r for r in s["leaderboard"]}
    win, last = d["winner"], d["last"]
    W, L = team_name(win, s, lang), team_name(last, s, lang)
    shared = [r["team"] for r in s["leaderboard"] if r["place"] == 1 and r["team"] != win]
    with_ = t("tour.shared_with", lang, teams=esc(", ".join(shared))) if shared else ""
    against = (
        t("tour.against_baseline", lang)
        if d["last_is_baseline"]
        else t("tour.against_last", lang, team=L)
    )
    dead = {team: 1 - rows[team]["p_alive"]["p"] for team in (win, last)}
    text = t(
        "tour.debrief", lang, w=W, with_=with_, against=against, paths=f"{s['paths']:,}",
        dw=pct(dead[win], lang), months=s["months"], dl=pct(dead[last], lang), l=L,
    )  # fmt: skip
    parts = [f"<h2>{t('tour.h.debrief', lang)}</h2>", f'<p class="story">{ranked_on(s, lang)}</p>']
    parts.append(f'<p class="story">{text}</p>')
    parts += _causes(d, W, L, lang)
    parts.append(f"<h3>{t('tour.h.stories', lang)}</h3>")
    if not d["stories_available"]:
        parts.append(f'<p class="muted">{t("tour.no_stories", lang)}</p>')
    for team in (win, last):
        story = d["stories"].get(team)
        if story:
            parts.append(_story(team, story, lang))
    return "\n".join(parts)


def _causes(d: dict, W: str, L: str, lang: str = "en") -> list[str]:
    if not d["causes"]:
        return [f"<p>{t('tour.no_deaths', lang)}</p>"]
    body, avoided, met_more = [], [], []
    for c in d["causes"]:
        diff = c["difference"]
        if diff["hi"] < 0:
            reading = t("tour.fewer_for", lang, team=W)
            avoided.append(c)
        elif diff["lo"] > 0:
            reading = t("tour.fewer_for", lang, team=L)
            met_more.append(c)
        else:
            reading = t("tour.no_clear", lang)
        body.append(
            f"<tr><td><b>{esc(cause_label(c['cause'], lang))}</b></td>"
            f"<td>{pct(c['winner'], lang)}</td><td>{pct(c['last'], lang)}</td>"
            f"<td>{interval(diff, lang)}</td><td>{reading}</td></tr>"
        )
    heads = [
        t("tour.col.cause", lang),
        t("tour.col.share", lang, team=W),
        t("tour.col.share", lang, team=L),
        t("tour.col.diff", lang, w=W, l=L),
        t("tour.col.reading", lang),
    ]
    head = "".join(f"<th>{h}</th>" for h in heads)
    table = f"<table><tr>{head}</tr>{''.join(body)}</table>"
    lines = [
        "<li>"
        + t(
            "tour.avoided",
            lang,
            w=W,
            cause=esc(cause_label(c["cause"], lang)),
            pl=pct(c["last"], lang),
            l=L,
            pw=pct(c["winner"], lang),
        )  # fmt: skip
        + f"{_note(c['cause'], lang)}</li>"
        for c in avoided
    ]
    if met_more:
        causes = t("tour.list_sep", lang).join(
            t(
                "tour.cause_item",
                lang,
                cause=esc(cause_label(c["cause"], lang)),
                pl=pct(c["last"], lang),
                pw=pct(c["winner"], lang),
            )  # fmt: skip
            for c in met_more
        )
        lines.append(f"<li>{t('tour.met_more', lang, l=L, causes=causes)}</li>")
    if not lines:
        lines.append(f"<li>{t('tour.no_cause_differs', lang)}</li>")
    hint = f'<p class="hint">{t("hint.read", lang)}{t("tour.causes_hint", lang)}</p>'
    return [table, hint, f"<ul>{''.join(lines)}</ul>"]


def _note(cause: str, lang: str = "en") -> str:
    note = cause_note(cause, lang)
    if note is None:
        return ""
    left, right = ("（", "）") if lang == "zh" else ("(", ")")
    return f' <span class="muted">{left}{esc(note)}{right}</span>'


_MONTH_LABEL = re.compile(r"Month (\d+) \((\w{3}) (\d{4})\)")


def _month_label(label: str, lang: str = "en") -> str:
    """The story's 'Month 7 (Nov 2023)' in ``lang``."""
    m = _MONTH_LABEL.fullmatch(label)
    if lang == "en" or not m or m.group(2) not in MONTHS:
        return label
    month = MONTHS.index(m.group(2)) + 1
    cal = t("cal.month", lang, name=m.group(2), year=m.group(3), month=month)
    return t("story.month", lang, m=m.group(1), cal=cal)


def _story(team: str, story: dict, lang: str = "en") -> str:
    death = story["how"] == "typical-death"
    kind = t("tour.typical_death" if death else "tour.typical_survivor", lang)
    told = story.get(lang, story) if lang != "en" else story
    rows = "".join(
        f'<tr><td style="white-space:nowrap">{esc(_month_label(label, lang))}</td>'
        f'<td><span class="told">{esc(text)}</span></td></tr>'
        for _, label, text in told["lines"]
    )
    reason = esc(told["reason"]) if told.get("reason") else kind
    return (
        f"<h4>{t('tour.story_h', lang, team=esc(team), kind=kind, path=story['path'])}</h4>"
        f'<p class="hint">{t("tour.chosen", lang, reason=reason)}</p>'
        f"<table>{rows}</table>"
        f'<p class="story"><span class="told">{esc(_same_world(story, lang))}</span></p>'
    )


def _same_world(story: dict, lang: str) -> str:
    """What became of the other team's company in the same simulated world."""
    fate = story.get("other_fate")
    if lang == "en" or fate is None:
        return story["same_world"]
    if fate["death_month"] > 0:
        what = t("tour.fate_died", lang, month=fate["death_month"],
                 cause=cause_label(fate["cause"], lang))  # fmt: skip
    else:
        what = t("tour.fate_alive", lang, cash=esc(fate["cash_text"]))
    return t("tour.same_world", lang, other=story["other"], fate=what)
