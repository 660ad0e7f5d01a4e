"""Checks shared by the property tests: a refusal speaks both languages, fully rendered."""

from __future__ import annotations

import string

from shared.errors import DomainError, ValidationError
from shared.i18n import LANGUAGES, catalogue


def placeholders(key: str) -> set[str]:
    """The ``{name}`` fields the catalogue's texts of ``key`` use (both languages)."""
    out: set[str] = set()
    for lang in LANGUAGES:
        for _, name, _, _ in string.Formatter().parse(catalogue()[key][lang]):
            if name:
                out.add(name)
    return out


def assert_bilingual(err: DomainError, *, prefix: str | tuple[str, ...] | None = None) -> None:
    """``err`` has a catalogue key with an Indonesian and an English text, both filled in."""
    if prefix is not None:
        assert err.key.startswith(prefix), err.key
    assert err.key in catalogue(), err.key
    texts = {lang: err.message(lang) for lang in LANGUAGES}
    for lang, text in texts.items():
        assert text.strip(), (err.key, lang)
        for name in placeholders(err.key):
            assert "{" + name + "}" not in text, (err.key, lang, text)
    assert str(err) == texts["id"]  # Indonesian is the default language
    assert texts["id"] != texts["en"], texts  # really translated, not the same text twice
    if isinstance(err, ValidationError):
        assert f"field.{err.field}" in catalogue(), err.field
        for lang in LANGUAGES:
            assert catalogue()[f"field.{err.field}"][lang]
