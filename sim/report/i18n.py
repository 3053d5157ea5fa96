"""The report's fixed text in English and Simplified Chinese: one catalogue, one helper.

The messages are in ``locales/en.yaml`` and ``locales/zh.yaml`` (:mod:`sim.catalogue`); every
message has an ``en`` and a ``zh`` entry. Placeholders are ``{name}`` (or
``{name:spec}``) and are filled by :func:`t`; plotly's own ``%{...}`` hover placeholders are
left alone. Messages are HTML where the page inserts them as such: values are escaped by the
caller, never here. Numbers keep the formatting of :mod:`sim.formatting` (``15k``, ``1.5M``,
``92.7%``) and units such as ``USD`` in both languages.

Scenario text (name, story, reasons, fact texts) is shown as written, in whatever language the
author used; so is the month-by-month story of one company, which :mod:`sim.story` tells in
English only.
"""

from __future__ import annotations

import html
import json
import re

from sim.catalogue import LANGS, messages
from sim.formatting import MONTHS, signed_points
from sim.formatting import pct as _pct
from sim.story.texts import TEXT as STORY_TEXT
from sim.story.texts import cause as story_cause
from sim.story.texts import say as story_say

HTML_LANG = {"en": "en", "zh": "zh-CN"}

MESSAGES: dict[str, dict[str, str]] = messages("sim.report")
"""Key -> language -> text, from ``sim/report/locales/{en,zh}.yaml``."""

_PLACEHOLDER = re.compile(r"(?<!%)\{(\w+)(?::([^{}]*))?\}")

PLOTLY_LOCALE = {
    "moduleType": "locale",
    "name": "zh-CN",
    "dictionary": {
        "Autoscale": "自动缩放",
        "Box Select": "矩形选择",
        "Compare data on hover": "悬停时比较数据",
        "Double-click on legend to isolate one trace": "双击图例可只显示这一条曲线",
        "Double-click to zoom back out": "双击可恢复缩放",
        "Download plot": "下载图表",
        "Download plot as a PNG": "下载图表为 PNG 图片",
        "Download plot as JSON": "下载图表为 JSON",
        "Image download succeeded": "图片下载成功",
        "Lasso Select": "套索选择",
        "Pan": "平移",
        "Preparing image - this may take a few seconds": "正在生成图片，可能需要几秒钟",
        "Reset": "重置",
        "Reset axes": "重置坐标轴",
        "Reset view": "重置视图",
        "Reset views": "重置视图",
        "Show closest data on hover": "悬停时显示最近的数据",
        "Sorry, there was a problem downloading your image!": "抱歉，下载图片时出了问题！",
        "Toggle Spike Lines": "显示/隐藏辅助线",
        "Toggle show closest data on hover": "切换悬停时显示最近的数据",
        "Zoom": "缩放",
        "Zoom in": "放大",
        "Zoom out": "缩小",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": [f"{k}月" for k in range(1, 13)],
        "shortMonths": [f"{k}月" for k in range(1, 13)],
        "date": "%Y-%m-%d",
    },
}
"""plotly.js's own words (the toolbar above each chart) in Chinese, registered on the page."""


def check_lang(lang: str) -> str:
    """``lang`` if the report speaks it, else ValueError naming the choices."""
    if lang not in LANGS:
        choices = ", ".join(f"{k} ({v})" for k, v in LANGS.items())
        raise ValueError(f"unknown language {lang!r}; expected one of: {choices}")
    return lang


def t(key: str, lang: str = "en", /, **values) -> str:
    """Message ``key`` in ``lang`` with its ``{name}`` placeholders filled from ``values``."""
    text = MESSAGES[key][check_lang(lang)]

    def fill(m: re.Match) -> str:
        name, spec = m.group(1), m.group(2)
        if name not in values:
            raise KeyError(f"message {key!r} needs a value for {{{name}}}")
        return format(values[name], spec or "")

    return _PLACEHOLDER.sub(fill, text)


def placeholders(text: str) -> set[str]:
    """The names of the ``{name}`` placeholders in a message."""
    return {m.group(1) for m in _PLACEHOLDER.finditer(text)}


def plotly_locale_script(lang: str) -> str:
    """A script registering plotly's toolbar words for ``lang`` ('' for English)."""
    if lang != "zh":
        return ""
    return f"Plotly.register({json.dumps(PLOTLY_LOCALE, ensure_ascii=False)});"


def plotly_locale(lang: str) -> str | None:
    return PLOTLY_LOCALE["name"] if lang == "zh" else None


# --------------------------------------------------------------------------- formatting


def calendar(start: str, month: int, lang: str = "en") -> str:
    """Calendar name of simulation month ``month`` (month 1 is ``start``): 'Dec 2023',
    '2023年12月'."""
    k = int(start[5:7]) - 1 + month - 1
    year, m = int(start[:4]) + k // 12, k % 12 + 1
    return t("cal.month", lang, name=MONTHS[m - 1], year=year, month=m)


def pct(p: float | None, lang: str = "en") -> str:
    """:func:`sim.formatting.pct` in ``lang``."""
    if p is None:
        return t("na", lang)
    text = _pct(p)
    return t("pct.under", lang) if text == "under 0.01%" else text


def points(d: float | None, lang: str = "en") -> str:
    """A difference of two shares in percentage points: '+37.6 points', '+37.6 个百分点'."""
    return t("na", lang) if d is None else t("points", lang, x=signed_points(d))


def diff_interval(d: dict, lang: str = "en") -> str:
    """A paired difference ``{diff, lo, hi}`` of shares: '+37.6 points (+35.1 to +40.0)'."""
    return t(
        "range.diff", lang, d=points(d["diff"], lang), lo=signed_points(d["lo"]),
        hi=signed_points(d["hi"]),
    )  # fmt: skip


def share_interval(share: dict, lang: str = "en") -> str:
    """'95% interval 92.2% to 93.2%' for a ``{p, se, lo, hi}`` share."""
    return t("interval.share", lang, lo=pct(share["lo"], lang), hi=pct(share["hi"], lang))


def quantile_interval(q: dict, fmt, lang: str = "en") -> str:
    """The 95% interval of a ``{value, lo, hi}`` quantile, in words; ``fmt`` shows a value."""
    lo, hi = q["lo"], q["hi"]
    if lo is None and hi is None:
        return t("interval.unbounded", lang)
    if lo is None:
        return t("interval.at_most", lang, hi=fmt(hi))
    if hi is None:
        return t("interval.at_least", lang, lo=fmt(lo))
    if lo == hi:
        return t("interval.exact", lang, lo=fmt(lo))
    return t("interval.range", lang, lo=fmt(lo), hi=fmt(hi))


def cause_label(label: str, lang: str = "en") -> str:
    """A cause of death (``round failed: seed``) in ``lang``; the round or shock name is kept.
    The labels are translated once, with the story's sentences (:mod:`sim.story.texts`)."""
    return story_cause(label, lang)


def metric_name(metric: str, lang: str = "en") -> str:
    """A policy metric (``runway_months``) in words, as the story says it; unknown ones as
    written."""
    key = f"metric.{metric}"
    return story_say(key, lang) if key in STORY_TEXT else metric


def cause_note(label: str, lang: str = "en") -> str | None:
    """What a cause of death means, in one plain-text sentence (None if unknown)."""
    key = f"note.{label.partition(': ')[0]}"
    return t(key, lang) if key in MESSAGES else None


def note_item(label: str, note: str, lang: str = "en") -> str:
    """A cause of death and what it means, as one list item (HTML, both escaped)."""
    sep = "——" if lang == "zh" else ": "
    return f"<li><b>{html.escape(label)}</b>{sep}{html.escape(note)}</li>"


def join(items: list[str], lang: str = "en") -> str:
    return t("list.sep", lang).join(items)


def lang_option_error(lang: str) -> str | None:
    """The message for a bad ``--lang`` of a command (None if ``lang`` is known)."""
    if lang in LANGS:
        return None
    choices = " or ".join(f"{k} ({v})" for k, v in LANGS.items())
    return f"--lang {lang}: the report can be written in {choices}"
