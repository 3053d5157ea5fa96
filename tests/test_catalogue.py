"""Message catalogues: every language has every key, read from the package's locales/."""

from __future__ import annotations

import pytest

from sim import catalogue
from sim.catalogue import LANGS, messages


@pytest.mark.parametrize("package", ["sim.report", "sim.story"])
def test_catalogues_have_every_language_for_every_key(package):
    table = messages(package)
    assert len(table) > 50
    for key, texts in table.items():
        assert set(texts) == set(LANGS), key
        assert all(isinstance(t, str) for t in texts.values()), key


def test_a_missing_key_is_an_error_not_a_fallback(tmp_path, monkeypatch):
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "en.yaml").write_text("a: one\nb: two\n")
    (tmp_path / "locales" / "zh.yaml").write_text("a: 一\n")
    monkeypatch.setattr(catalogue.resources, "files", lambda package: tmp_path)
    messages.cache_clear()
    try:
        with pytest.raises(ValueError, match=r"zh.yaml: missing \['b'\]"):
            messages("probe")
    finally:
        messages.cache_clear()


def test_a_catalogue_must_map_keys_to_text(tmp_path, monkeypatch):
    (tmp_path / "locales").mkdir()
    for lang in LANGS:
        (tmp_path / "locales" / f"{lang}.yaml").write_text("a: [not, text]\n")
    monkeypatch.setattr(catalogue.resources, "files", lambda package: tmp_path)
    messages.cache_clear()
    try:
        with pytest.raises(ValueError, match="mapping of message keys to text"):
            messages("probe")
    finally:
        messages.cache_clear()
