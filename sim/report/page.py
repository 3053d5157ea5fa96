"""One self-contained HTML page for a run: headline figures, charts, assumptions, run record.

The page is written for a founder or a teacher who has never seen the code: every chart has a title,
axis labels with units and a one-line reading hint. All numbers come from
:class:`~sim.analysis.results.Results` and its :meth:`~sim.analysis.results.Results.summary`, and
the story of one company from :mod:`sim.story` on the same results; nothing is simulated here (the
optional slider's runs are made beforehand, by :func:`sim.analysis.slider.sweep`). plotly.js is
embedded once, so the file opens offline in any browser. The fixed text is in English or Simplified
Chinese (:mod:`sim.report.i18n`).

Scenario text (name, story, sources, reasons) is untrusted: it is HTML-escaped everywhere,
including in figure titles, legends and tick labels, which plotly renders as HTML.
"""

from __future__ import annotations

import html

from plotly.offline import get_plotlyjs

from sim import story
from sim.analysis.results import Results
from sim.formatting import money
from sim.report import charts, value
from sim.report import slider as sliders
from sim.report.charts import FONTS
from sim.report.i18n import (
    HTML_LANG,
    MESSAGES,
    calendar,
    cause_label,
    cause_note,
    check_lang,
    note_item,
    pct,
    plotly_locale,
    plotly_locale_script,
    quantile_interval,
    share_interval,
    t,
)
from sim.scenario import labels, library
from sim.scenario.assumptions import (
    NO_SOURCE,
    basis_for,
    load_facts,
    parameter_table,
    unmatched_keys,
)

CAUSE_NOTES = {
    key.removeprefix("note."): text["en"]
    for key, text in MESSAGES.items()
    if key.startswith("note.")
}
"""What each cause of death means, in English, by the prefix of its label."""


CSS = """
body { font-family: FONTS; color: #222;
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
th { background: #f1f4f8; } code.path { font-size: .85em; color: #666; }
.fact { font-family: ui-monospace, monospace; color: #1f5fa8; }
footer { margin-top: 40px; font-size: .85em; border-top: 1px solid #ddd; padding-top: 8px; }
footer code { word-break: break-all; }
.story-lines { list-style: none; padding-left: 0; max-width: 900px; }
.story-lines li { margin: 0 0 8px; padding-left: 10px; border-left: 3px solid #dde3ea; }
.story-lines .when { font-weight: 600; color: #1f5fa8; margin-right: 6px; }
.story-lines li.end { border-left-color: #c0392b; }
.slider-table { width: auto; min-width: 420px; margin-top: 6px; }
.slider-table td:nth-child(2) { font-weight: 600; }
.param[title] { text-decoration: underline dotted #999; cursor: help; }
""".replace("FONTS", FONTS)


def render(
    results: Results, summary: dict, lang: str = "en", slider: sliders.Slider | None = None
) -> str:
    """The report page for ``results`` (``summary`` is ``results.summary()``), as HTML text.

    ``lang``: ``en`` or ``zh``. ``slider``: runs made by :func:`sim.analysis.slider.sweep`, shown
    as a section with a slider over their survival curves.
    """
    check_lang(lang)
    s, esc = summary, html.escape
    sc = results.scenario
    facts = _facts(results.source)
    meta = t(
        "meta.line",
        lang,
        paths=f"{s['paths']:,}",
        months=s["months"],
        start=calendar(s["start"], 1, lang),
        seed=s["seed"],
        source=esc(str(results.source or t("meta.no_file", lang))),
    )
    parts = [
        f"<h1>{esc(s['scenario'])}</h1>",
        f'<p class="story">{esc(sc.company.story)}</p>' if sc.company.story else "",
        _survivorship(sc.company.survivorship, lang),
        prose_note(lang),
        _story_sources(results, facts, lang),
        f'<p class="meta">{meta}</p>',
        f"<h2>{t('h.headline', lang)}</h2>",
        _cards(s, lang),
        f"<h2>{t('h.charts', lang)}</h2>",
        *(chart(key, *build(results, s, lang), lang=lang) for key, build in charts.CHARTS),
        _causes(s, lang),
        *_value(results, s, lang),
        _slider(slider, s, lang) if slider is not None else "",
        _story(results, lang),
        f"<h2>{t('h.assumptions', lang)}</h2>",
        _assumptions(results, facts, lang),
        _footer(s["run"], lang),
    ]
    return document(t("doc.title", lang, name=s["scenario"]), parts, lang=lang)


def _survivorship(text: str, lang: str = "en") -> str:
    """What the story leaves out (``company.survivorship``), in the author's words and
    language (class ``prose``: the scenario's text, not the page's)."""
    if not text:
        return ""
    prose = f'<span class="prose">{html.escape(text)}</span>'
    return f'<p class="story muted"><b>{t("survivorship", lang)}</b> {prose}</p>'


def _value(results: Results, s: dict, lang: str = "en") -> list[str]:
    """How lives end, what the founders take home and how much of the company they keep."""
    if "founder_value" not in s:
        return []
    out = [chart("endings", *value.endings(s, lang), lang=lang)]
    out.append(chart("value", *value.founder_value(results, s, lang), lang=lang))
    made = value.ownership(results, s, lang)
    if made is not None:
        out.append(chart("ownership", *made, lang=lang))
    return out


def prose_note(lang: str) -> str:
    """One line, on a page not in English: the scenario's own prose is shown as written."""
    return "" if lang == "en" else f'<p class="muted prose-note">{t("prose.note", lang)}</p>'


def param_html(key: str, currency: str = "", lang: str = "en", scenario=None) -> str:
    """A parameter by its label with its unit (:func:`sim.scenario.labels.label`), the raw
    dotted key shown on hover (the ``title`` attribute); both escaped."""
    text = labels.label(key, currency, lang, scenario)
    return f'<span class="param" title="{html.escape(key)}">{html.escape(text)}</span>'


def document(title: str, parts: list[str], lang: str = "en") -> str:
    """A whole page: ``parts`` (HTML) in the report's style, plotly.js embedded once."""
    body = "\n".join(p for p in parts if p)
    locale = plotly_locale_script(lang)
    return (
        f'<!DOCTYPE html>\n<html lang="{HTML_LANG[check_lang(lang)]}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{CSS}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        + (f'<script type="text/javascript">{locale}</script>\n' if locale else "")
        + f"</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _estimate(x: dict) -> tuple[float | None, float | None]:
    """(value, standard error) of a ``{value, se}`` summary figure."""
    return x["value"], x["se"]


def _card(label: str, big: str, sub: str) -> str:
    return (
        f'<div class="card"><div class="label">{label}</div><div class="big">{big}</div>'
        f'<div class="sub">{sub}</div></div>'
    )


def _cards(s: dict, lang: str = "en") -> str:
    T, cur, cards = s["months"], s["currency"], []
    shown = []
    for m, share in s["p_alive"].items():
        if share is not None and share["p"] is not None:
            shown.append(int(m))
            label = t("card.alive", lang, m=m)
            cards.append(_card(label, pct(share["p"], lang), share_interval(share, lang)))
    if T not in shown:
        share = s["p_alive_at_horizon"]
        label = t("card.alive_horizon", lang, m=T)
        cards.append(_card(label, pct(share["p"], lang), share_interval(share, lang)))

    be = s["breakeven"]
    med = be["month"]["p50"]
    never = t("card.never_sub", lang, share=pct(be["never_share"]["p"], lang), months=T)
    if med["value"] is None:
        cards.append(_card(t("card.breakeven", lang), t("card.never", lang), never))
    else:
        cal = calendar(s["start"], round(med["value"]), lang)  # a quantile may fall between
        ci = quantile_interval(med, lambda v: t("card.month", lang, m=f"{v:g}"), lang)
        month = t("card.month", lang, m=f"{med['value']:g}")
        share = pct(be["share"]["p"], lang)
        sub = t("card.breakeven_sub", lang, share=share, interval=ci, never=never)
        big = f'{month} <small class="cal">{cal}</small>'
        cards.append(_card(t("card.breakeven", lang), big, sub))
    da = s["default_alive"]
    sub = t("card.default_alive_sub", lang, interval=share_interval(da, lang))
    cards.append(_card(t("card.default_alive", lang), pct(da["p"], lang), sub))
    for key, level in (("p50", "50%"), ("p90", "90%")):
        q = s["financing_gap"][key]
        label = t("card.gap", lang, months=T, level=level)
        if q["value"] is None:
            cards.append(_card(label, t("na", lang), t("card.gap_no_paths", lang)))
        elif q["value"] == 0:
            sub = t("card.gap_nothing_sub", lang, level=level)
            cards.append(_card(label, money(0, cur), sub))
        else:
            ci = quantile_interval(q, lambda v: money(v, cur), lang)
            sub = t("card.gap_raise_sub", lang, interval=ci)
            big = t("card.gap_raise", lang, amount=money(q["value"], cur))
            cards.append(_card(label, big, sub))
    gm, gm_se = _estimate(s["gross_margin"])
    segments = ", ".join(
        f"{html.escape(k)} {pct(_estimate(v)[0], lang)}"
        for k, v in s["revenue_share_by_segment"].items()
    )
    sub = t("card.margin_sub", lang)
    if gm_se is not None:
        sub += t("card.margin_se", lang, x=pct(1.96 * gm_se, lang))
    if gm is not None and segments:
        sub += t("card.margin_segments", lang, segments=segments)
    big = t("card.margin_none", lang) if gm is None else pct(gm, lang)
    cards.append(_card(t("card.margin", lang), big, sub))
    if "founder_value" in s:
        cards += value.cards(s, _card, lang)
    return f'<div class="cards">{"".join(cards)}</div>'


def chart(key: str, fig, hint: str, lang: str = "en") -> str:
    """A figure and its reading hint (HTML), as one block of the page."""
    config = {"displaylogo": False, "responsive": True}
    if plotly_locale(lang):
        config["locale"] = plotly_locale(lang)
    div = fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{key}",
        default_height="440px",
        config=config,
    )
    return f'<div class="chart">{div}<p class="hint">{t("hint.read", lang)}{hint}</p></div>'


def _causes(s: dict, lang: str = "en") -> str:
    made = charts.causes(s, lang)
    if made is None:
        title = html.escape(t("title.causes", lang))
        return f"<h3>{title}</h3><p>{t('causes.nobody', lang, months=s['months'])}</p>"
    notes = "".join(
        note_item(cause_label(c["cause"], lang), cause_note(c["cause"], lang), lang)
        for c in s["causes_of_death"]
        if cause_note(c["cause"], lang)
    )
    return chart("causes", *made, lang=lang) + (f'<ul class="hint">{notes}</ul>' if notes else "")


def _slider(slider: sliders.Slider, s: dict, lang: str = "en") -> str:
    name = sliders.label(slider.key, lang)
    span = "slider.span_dist" if slider.spread == "distribution" else "slider.span_number"
    intro = t(
        "slider.intro", lang, label=html.escape(name), key=html.escape(slider.key),
        paths=f"{slider.paths:,}",
    )  # fmt: skip
    intro += " " if lang == "en" else ""
    intro += t(span, lang, desc=html.escape(slider.desc))
    if slider.dropped:
        intro += t("slider.dropped", lang)
    if slider.paths < s["paths"]:
        intro += t("slider.fewer", lang, paths=f"{slider.paths:,}", run_paths=f"{s['paths']:,}")
    heading = html.escape(t("slider.h", lang, label=name))
    return (
        f"<h2>{heading}</h2><p>{intro}</p>"
        + chart("slider", *sliders.figure(slider, s, lang), lang=lang)
        + sliders.table(slider, lang)
    )


def _story(results: Results, lang: str = "en") -> str:
    """The life of the typical dead company (or typical survivor if none died), told by
    :mod:`sim.story` from the same results as the charts."""
    how = "typical-death" if results.died.any() else "typical-survivor"
    try:
        path = story.pick(results, how)
        lines = story.story_lines(results, path, lang=lang)
    except story.StoryError:
        return ""
    reason = story.pick_reason(results, how, path, lang=lang)
    n = results.paths
    intro = t("story.intro", lang, path=path, paths=f"{n:,}", reason=html.escape(reason))
    items = []
    for i, (month, text) in enumerate(lines):
        when = story.month_label(results, month, lang=lang)
        last = ' class="end"' if i == len(lines) - 1 else ""
        items.append(
            f'<li{last}><span class="when">{html.escape(when)}</span>'
            f'<span class="told">{html.escape(text)}</span></li>'
        )
    return (
        f"<h2>{html.escape(t('story.h', lang))}</h2><p>{intro}</p>"
        f'<p class="muted">{html.escape(t("story.how", lang))}</p>'
        f'<ol class="story-lines">{"".join(items)}</ol>'
    )


def _facts(source: str | None) -> dict[str, str]:
    """The fact sheets a scenario file cites: the package's (``sim.seeds``), wherever it is."""
    if source is None:
        return {}
    return load_facts(library.folder(library.SEEDS))


def _fact_html(fid: str, what: str | None) -> str:
    text = f": {html.escape(what)}" if what else ""
    return f'<span class="fact">{html.escape(fid)}</span>{text}'


def _story_sources(results: Results, facts: dict[str, str], lang: str = "en") -> str:
    ids, _ = basis_for(results.scenario, "company.story")
    if not ids:
        return ""
    items = "".join(f"<li>{_fact_html(i, facts.get(i))}</li>" for i in ids)
    summary = f"<summary>{t('facts.sources', lang)}</summary>"
    return f'<details class="muted">{summary}<ul>{items}</ul></details>'


def _assumptions(results: Results, facts: dict[str, str], lang: str = "en") -> str:
    sc = results.scenario
    rows = parameter_table(sc, facts)
    words = {"yes": t("assumptions.yes", lang), "no": t("assumptions.no", lang)}
    body = []
    for r in rows:
        basis = [_fact_html(i, what) for i, what in r["facts"]]
        if r["reason"]:
            why = t("assumptions.why", lang)
            basis.append(f'<span class="why">{why}{html.escape(r["reason"])}</span>')
        none = t("assumptions.no_source", lang) if lang != "en" else NO_SOURCE
        cell = "<br>".join(basis) or f'<span class="muted">{none}</span>'
        value = words.get(r["value"], r["value"])
        body.append(
            f"<tr><td>{param_html(r['path'], sc.company.currency, lang, sc)}"
            f'<br><code class="path">{html.escape(r["path"])}</code></td>'
            f"<td>{html.escape(value)}</td>"
            f"<td>{cell}</td></tr>"
        )
    intro = (
        f'<p class="muted">{t("assumptions.intro", lang)}'
        + ("" if facts else t("assumptions.no_facts", lang))
        + "</p>"
    )
    heads = "".join(
        f"<th>{t(f'assumptions.{k}', lang)}</th>" for k in ("parameter", "value", "basis")
    )
    table = f"<table><thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    orphans = unmatched_keys(results.scenario, rows)
    note = (
        '<p class="muted">'
        + t("assumptions.orphans", lang, keys=", ".join(html.escape(k) for k in orphans))
        + "</p>"
        if orphans
        else ""
    )
    return intro + table + note


def _footer(run: dict, lang: str = "en") -> str:
    esc = html.escape
    items = [
        (t("footer.scenario_file", lang), run.get("scenario_file") or t("meta.no_file", lang)),
        (t("footer.sha256", lang), run.get("scenario_sha256") or t("na", lang)),
        (t("footer.seed", lang), run.get("seed")),
        (t("footer.paths", lang), f"{run.get('paths'):,}"),
        ("startup-sim", run.get("package_version")),
        ("numpy", run.get("numpy_version")),
        ("python", run.get("python_version")),
        (t("footer.created", lang), run.get("created")),
    ]
    text = " &middot; ".join(f"{k} <code>{esc(str(v))}</code>" for k, v in items)
    title, same = t("footer.title", lang), t("footer.same", lang)
    end = ". " if lang == "en" else "。"
    return f"<footer><b>{title}</b> {text}{end}{same}</footer>"
