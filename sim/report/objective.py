"""The objective a page was ranked on, in words and numbers, the same on every page.

An objective (:mod:`sim.analysis.objectives`) is named in a summary by ``objective`` (e.g.
``founder_value_mean`` or ``p_founder_value_above:1e+07``) and the scenario's ``currency``.
Its values are money (the founders' value), shares (``p_...``) or multiples (the investors'),
and each kind is written its own way: ``80.9M USD``, ``94.0%``, ``2.31x``; a difference of
shares in points.
"""

from __future__ import annotations

from sim.formatting import money
from sim.report.i18n import diff_interval, pct, t


def kind(name: str) -> str:
    """``money``, ``share`` or ``multiple``: how the objective's values read."""
    if name.startswith("founder_value"):
        return "money"
    return "share" if name.startswith("p_") else "multiple"


def label(name: str, currency: str, lang: str = "en") -> str:
    """The objective in words, in ``lang`` (plain text)."""
    base, _, x = name.partition(":")
    if base == "p_founder_value_above":
        return t("objective.p_founder_value_above", lang, x=money(float(x), currency))
    return t(f"objective.{base}", lang)


def means(name: str, currency: str, lang: str = "en") -> str:
    """What ranking on the objective rewards, in one or two plain sentences, in ``lang``."""
    base, _, x = name.partition(":")
    amount = money(float(x), currency) if x else ""
    return t(f"objective.means.{base}", lang, x=amount)


def value(v: float | None, name: str, currency: str, lang: str = "en") -> str:
    """One value of the objective: money, a share or a multiple."""
    if v is None or v != v:
        return t("na", lang)
    k = kind(name)
    if k == "money":
        return money(v, currency)
    return pct(v, lang) if k == "share" else f"{v:.2f}x"


def estimate(est: dict | None, name: str, currency: str, lang: str = "en") -> str:
    """``{value, se}`` as 'value ± 1.96 se' (the 95% half-width), or the value alone."""
    if not est or est["value"] is None or est["value"] != est["value"]:
        return t("na", lang)
    shown = value(est["value"], name, currency, lang)
    if not est.get("se"):
        return shown
    return f"{shown} ± {value(1.96 * est['se'], name, currency, lang)}"


def diff(d: dict | None, name: str, currency: str, lang: str = "en") -> str:
    """A paired difference ``{diff, lo, hi}`` with its 95% interval, in the objective's unit."""
    if d is None or d.get("diff") is None:
        return t("na", lang)
    k = kind(name)
    if k == "share":
        return diff_interval(d, lang)

    def signed(x: float) -> str:
        if k == "money":
            return ("+" if x >= 0 else "-") + money(abs(x), currency)
        return f"{x:+.2f}x"

    if d.get("lo") is None or d.get("hi") is None:
        return signed(d["diff"])
    return t("range.diff", lang, d=signed(d["diff"]), lo=signed(d["lo"]), hi=signed(d["hi"]))
