"""The comparison page: strategies ranked, survival curves and cash medians overlaid.

The fixed text is in English or Simplified Chinese (:mod:`sim.report.i18n`); strategy names
and descriptions are shown as written.
"""

from __future__ import annotations

import html

from sim.analysis.compare import Comparison
from sim.formatting import money, number
from sim.report import value
from sim.report.charts import figure, month_axis
from sim.report.i18n import cause_label, check_lang, diff_interval, metric_name, pct, t
from sim.report.page import chart, document, param_html, prose_note
from sim.scenario import labels

PALETTE = ("#555555", "#1f5fa8", "#2e8b57", "#c0392b", "#8e44ad", "#e67e22", "#16a085", "#7f8c8d")


def render(comparison: Comparison, s: dict, lang: str = "en") -> str:
    """The page for a comparison (``s`` is ``comparison.summary()``) in ``lang``."""
    check_lang(lang)
    esc = html.escape
    meta = t(
        "cmp.meta", lang, n=len(s["strategies"]), paths=f"{s['paths']:,}", seed=s["seed"],
        months=s["months"],
    )  # fmt: skip
    explanation = s["explanation"] if lang == "en" else explain(s, lang)
    parts = [
        f"<h1>{t('cmp.h1', lang, name=esc(s['scenario']))}</h1>",
        f'<p class="meta">{meta}</p>',
        prose_note(lang),
        f'<p class="story"><b>{esc(explanation)}</b></p>' if explanation else "",
        f"<h2>{t('cmp.h.ranking', lang)}</h2>",
        _table(s, lang),
        f"<h2>{t('h.charts', lang)}</h2>",
        chart("risk_return", *value.risk_return(s, lang), lang=lang)
        if "founder_value" in s["strategies"][0]
        else "",
        chart("survival", *_survival(s, lang), lang=lang),
        chart("cash", *_cash(s, lang), lang=lang),
        f"<h2>{t('cmp.h.strategies', lang)}</h2>",
        _strategies(comparison, lang),
    ]
    return document(t("cmp.doc.title", lang, name=s["scenario"]), parts, lang=lang)


def explain(s: dict, lang: str = "en") -> str:
    """The summary's explanation sentence in ``lang``, from the same numbers as
    :meth:`sim.analysis.compare.Comparison._explain` (which writes it in English for the JSON)."""
    ranking = s["ranking"]
    if len(ranking) < 2:
        return ""
    by_name = {row["name"]: row for row in s["strategies"]}
    leader, runner_up = ranking[0]["name"], ranking[1]["name"]
    shown = {n: t("cmp.baseline", lang) if n == s["baseline"] else n for n in (leader, runner_up)}
    if ranking[1]["place"] == 1:
        return t("cmp.tied", lang, leader=shown[leader], runner_up=shown[runner_up])
    if s.get("objective", "p_alive") != "p_alive":
        score = [r["score"] for r in ranking[:2]]
        show = (lambda x: money(x, s["currency"])) if s["objective"].startswith(
            "founder_value") else (lambda x: f"{x:.3g}")  # fmt: skip
        alive = [by_name[n]["p_alive_at_horizon"]["p"] for n in (leader, runner_up)]
        return t(
            "cmp.value_leads", lang, leader=shown[leader], runner_up=shown[runner_up],
            label=objective_label(s, lang), a=show(score[0]), b=show(score[1]),
            pa=pct(alive[0], lang), pb=pct(alive[1], lang),
        )  # fmt: skip

    def shares(name):
        return {c["cause"]: c["share_of_paths"]["p"] for c in by_name[name]["causes_of_death"]}

    lead, other = shares(leader), shares(runner_up)
    causes = set(lead) | set(other)
    if not causes:
        return s["explanation"] if lang == "en" else ""
    cause = max(causes, key=lambda c: other.get(c, 0) - lead.get(c, 0))
    drop = other.get(cause, 0) - lead.get(cause, 0)
    alive = [by_name[n]["p_alive_at_horizon"]["p"] for n in (leader, runner_up)]
    return t(
        "cmp.leads", lang, leader=shown[leader], runner_up=shown[runner_up], a=f"{alive[0]:.1%}",
        b=f"{alive[1]:.1%}", cause=cause_label(cause, lang), other=f"{other.get(cause, 0):.1%}",
        lead=f"{lead.get(cause, 0):.1%}", drop=f"{drop:.1%}",
    )  # fmt: skip


def objective_label(s: dict, lang: str = "en") -> str:
    """The comparison's objective in words, in ``lang``."""
    name, _, x = s.get("objective", "p_alive").partition(":")
    if name == "p_founder_value_above":
        return t("objective.p_founder_value_above", lang, x=money(float(x), s["currency"]))
    return t(f"objective.{name}", lang)


def _objective(row: dict, s: dict, lang: str = "en") -> str:
    est = row.get("objective")
    if not est or est["value"] is None or est["value"] != est["value"]:
        return t("na", lang)
    v, se = est["value"], est["se"] or 0.0
    if s["objective"].startswith("founder_value"):
        return f"{money(v, s['currency'])} ± {money(1.96 * se, s['currency'])}"
    if s["objective"].startswith("p_"):
        return f"{pct(v, lang)} ± {pct(1.96 * se, lang)}"
    return f"{v:.2f} ± {1.96 * se:.2f}"


def _name(name: str, s: dict, lang: str = "en") -> str:
    """A strategy's name as shown, escaped: the baseline's in ``lang``."""
    return t("cmp.baseline", lang) if name == s["baseline"] else html.escape(name)


def _color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def _table(s: dict, lang: str = "en") -> str:
    rows = {r["name"]: r for r in s["strategies"]}
    cols = ("place", "strategy", "objective", "alive", "vs", "default_alive", "breakeven", "gap")
    label = objective_label(s, lang)
    head = (
        "<tr>"
        + "".join(
            f"<th>{t(f'cmp.col.{c}', lang, label=html.escape(label))}</th>"
            if c == "objective"
            else f"<th>{t(f'cmp.col.{c}', lang)}</th>"
            for c in cols
        )
        + "</tr>"
    )
    body = []
    for entry in s["ranking"]:
        r = rows[entry["name"]]
        alive, d = r["p_alive_at_horizon"], r["vs_baseline"]["alive_at_horizon"]
        vs = t("cmp.baseline", lang) if entry["name"] == s["baseline"] else diff_interval(d, lang)
        gap = r["financing_gap"]["p90"]["value"]
        interval = t(
            "range.paren", lang, p=pct(alive["p"], lang), lo=pct(alive["lo"], lang),
            hi=pct(alive["hi"], lang),
        )  # fmt: skip
        body.append(
            f"<tr><td>{entry['place']}</td><td>{_name(entry['name'], s, lang)}</td>"
            f"<td>{_objective(r, s, lang)}</td><td>{interval}</td>"
            f"<td>{vs}</td><td>{pct(r['default_alive']['p'], lang)}</td>"
            f"<td>{pct(r['breakeven']['share']['p'], lang)}</td>"
            f"<td>{money(gap, s['currency'])}</td></tr>"
        )
    hint = f'<p class="hint">{t("hint.read", lang)}{t("cmp.table_hint", lang)}</p>'
    return f"<table>{head}{''.join(body)}</table>{hint}"


def _survival(s: dict, lang: str = "en"):
    fig = figure(t("cmp.survival.title", lang), t("axis.month", lang), t("cmp.survival.y", lang))
    months = list(range(s["months"] + 1))
    for i, r in enumerate(s["strategies"]):
        fig.add_scatter(
            x=months,
            y=[100 * p for p in r["survival"]],
            name=_name(r["name"], s, lang),
            line={"color": _color(i), "width": 3 if i else 2, "dash": "dot" if i == 0 else None},
        )
    fig.update_yaxes(range=[0, 102], ticksuffix="%")
    month_axis(fig, s, 0, lang=lang)
    return fig, t("cmp.survival.hint", lang)


def _cash(s: dict, lang: str = "en"):
    cur = s["currency"]
    fig = figure(
        t("cmp.cash.title", lang, cur=cur), t("axis.month", lang), t("cmp.cash.y", lang, cur=cur)
    )
    months = list(range(s["months"] + 1))
    for i, r in enumerate(s["strategies"]):
        fig.add_scatter(
            x=months,
            y=r["cash_p50"],
            name=_name(r["name"], s, lang),
            line={"color": _color(i), "width": 3 if i else 2, "dash": "dot" if i == 0 else None},
        )
    fig.add_hline(y=0, line={"color": "#c0392b", "dash": "dash", "width": 1})
    month_axis(fig, s, 0, lang=lang)
    return fig, t("cmp.cash.hint", lang)


def _bound(metric: str, x: float, currency: str) -> str:
    """A policy's threshold as people read it: money with its currency, else a number."""
    money_like = metric in ("cash", "monthly_revenue", "monthly_costs", "monthly_profit")
    return html.escape(money(x, currency) if money_like else number(x))


def _strategies(comparison: Comparison, lang: str = "en") -> str:
    items = []
    esc = html.escape
    for name, r in zip(comparison.names, comparison.results, strict=True):
        sc = r.scenario
        if name == "baseline":
            items.append(f"<li>{t('cmp.baseline_item', lang)}</li>")
            continue
        chosen = next((st for st in comparison.strategies if st.name == name), None)
        desc = esc(chosen.description) if chosen and chosen.description else ""
        cur = sc.company.currency

        def param(key: str, cur: str = cur, sc=sc) -> str:
            return param_html(key, cur, lang, sc)

        def value(key: str, v, cur: str = cur, sc=sc) -> str:
            return esc(labels.value(key, v, cur, sc))

        sets = (
            "; ".join(f"{param(k)} = {value(k, v)}" for k, v in chosen.set.items())
            if chosen
            else ""
        )
        rules = "; ".join(
            t(
                "rule",
                lang,
                name=esc(p.name),
                when=t("word.and", lang).join(
                    f'<span title="{esc(m)}">{esc(metric_name(m, lang))}</span>'
                    f"{' &lt; ' + _bound(m, b.below, cur) if b.below is not None else ''}"
                    f"{' &gt; ' + _bound(m, b.above, cur) if b.above is not None else ''}"
                    for m, b in p.when.items()
                ),
                acts=t("list.comma", lang).join(
                    [f"{param(k)} × {v:g}" for k, v in p.scale.items()]
                    + [f"{param(k)} = {value(k, v)}" for k, v in p.set.items()]
                ),
            )
            for p in sc.policies
        )
        details = " ".join(
            x
            for x in (
                desc,
                t("changes", lang, sets=sets) if sets else "",
                t("rules", lang, rules=rules) if rules else "",
            )
            if x
        )
        sep = "：" if lang == "zh" else ": "
        items.append(f"<li><b>{esc(name)}</b>{sep}{details}</li>")
    return f"<ul>{''.join(items)}</ul>"
