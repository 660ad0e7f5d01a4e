"""The message catalogue: every entry in both languages, and each one can be shown."""

from __future__ import annotations

import string

import pytest

from shared.i18n import LANGUAGES, catalogue, t

ENTRIES = sorted(catalogue().items())


class _Any(dict):
    def __missing__(self, key: str) -> str:
        return "x"


@pytest.mark.parametrize(("key", "entry"), ENTRIES, ids=[key for key, _ in ENTRIES])
def test_each_entry_has_both_languages_and_formats(key, entry):
    for lang in LANGUAGES:
        text = entry[lang]
        assert text.strip(), f"{key}: empty in {lang}"
        # A literal brace must be doubled: "{ ... }" raised inside t(), where the
        # office's messages are made (a config typo's message crashed this way).
        string.Formatter().vformat(text, (), _Any())
        assert t(key, lang, **{name: "x" for name in _fields(text)})


def _fields(text: str) -> set[str]:
    return {f.split(".")[0].split("[")[0] for _, f, _, _ in string.Formatter().parse(text) if f}
