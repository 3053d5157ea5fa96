"""The sentences of :mod:`sim.story` (and ``sim story``), in English and Simplified Chinese.

The templates are in ``locales/en.yaml`` and ``locales/zh.yaml`` (:mod:`sim.catalogue`); every
template has an ``en`` and a ``zh`` entry with the same ``{placeholders}``; numbers and
money are filled in already formatted by :mod:`sim.formatting` (15k, 1.5M CNY) in both
languages, and names from the scenario (company, revenue streams, rounds, shocks, policies,
training runs, parameters) are kept as written.

>>> say("change.cut", "zh", p=0.25)
'下降 25%'
"""

from __future__ import annotations

import string

from sim.catalogue import LANGS as CATALOGUE_LANGS
from sim.catalogue import messages
from sim.formatting import calendar as _calendar_en

LANGS = tuple(CATALOGUE_LANGS)

TEXT: dict[str, dict[str, str]] = messages("sim.story")
"""Key -> language -> template, from ``sim/story/locales/{en,zh}.yaml``."""

MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else a :class:`ValueError` naming them."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of: {', '.join(LANGS)}")
    return lang


def say(key: str, lang: str = "en", /, **values) -> str:
    """The template ``key`` in ``lang``, filled with ``values``."""
    return TEXT[key][check_lang(lang)].format(**values)


def placeholders(template: str) -> set[str]:
    """The names of a template's ``{placeholders}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def calendar(start: str, month: int, lang: str = "en") -> str:
    """Calendar month of simulation month ``month``: 'Nov 2023', '2023年11月'."""
    if lang == "en":
        return _calendar_en(start, month)
    k = int(start[5:7]) - 1 + month - 1
    year, m = int(start[:4]) + k // 12, k % 12 + 1
    return say("calendar", lang, year=year, month=m)


def market(climate, lang: str = "en") -> str:
    """The financing climate as a place: 'a winter market', '资本寒冬'."""
    if not isinstance(climate, str):
        return say("market.other", lang)
    key = f"market.{climate}"
    return say(key, lang) if key in TEXT else say("market.named", lang, climate=climate)


def cause(label: str, lang: str = "en") -> str:
    """A cause-of-death label (``round failed: seed``) in ``lang``; the name is kept."""
    head, sep, name = label.partition(": ")
    key = f"cause.{head}"
    if lang == "en" or key not in TEXT:
        return label
    return say("cause.named", lang, cause=say(key, lang), name=name) if sep else say(key, lang)


def why(label: str, lang: str = "en", **values) -> str:
    """What a cause of death means, or '' if it is not a known cause."""
    head = next((k[4:] for k in TEXT if k.startswith("why.") and label.startswith(k[4:])), None)
    return "" if head is None else say(f"why.{head}", lang, **values)


def sentence(text: str, lang: str = "en") -> str:
    """``text`` as a sentence: capitalised and ended with a full stop (。 in Chinese)."""
    if lang == "en":
        return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
    return text + ("" if text.endswith("。") else "。")
