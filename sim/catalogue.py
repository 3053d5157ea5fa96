"""Message catalogues: a stage's fixed text, one YAML file per language.

A package that speaks to people (:mod:`sim.story`, :mod:`sim.report`) keeps its sentences in
``locales/en.yaml`` and ``locales/zh.yaml`` beside its code: a flat mapping from message keys to
text, the same keys in every language, so a translator edits one file and never Python.
:func:`messages` reads them (safe YAML, once per process) into ``{key: {lang: text}}``.
"""

from __future__ import annotations

import functools
from importlib import resources

LANGS = {"en": "English", "zh": "Simplified Chinese"}
"""Languages of the catalogues, by code."""


@functools.cache
def messages(package: str) -> dict[str, dict[str, str]]:
    """The catalogue of ``package`` (e.g. ``"sim.report"``): key -> language -> text.

    Raises ValueError if a language lacks a key the English catalogue has, or has one more:
    a page must never fall back silently to another language.
    """
    folder = resources.files(package) / "locales"
    texts = {lang: _read(folder / f"{lang}.yaml") for lang in LANGS}
    keys = list(texts["en"])
    for lang, text in texts.items():
        missing, extra = set(keys) - set(text), set(text) - set(keys)
        if missing or extra:
            raise ValueError(
                f"{package} locales/{lang}.yaml: missing {sorted(missing)}, extra {sorted(extra)}"
            )
    return {key: {lang: texts[lang][key] for lang in LANGS} for key in keys}


def _read(file) -> dict[str, str]:
    from ruamel.yaml import YAML  # when a text is first needed, not for `sim --help`

    doc = YAML(typ="safe").load(file.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in doc.items()
    ):
        raise ValueError(f"{file}: expected a mapping of message keys to text")
    return doc
