"""One message catalogue for everything a citizen or clerk reads.

Messages live in ``shared/messages/*.toml``, one file per area, each key a
table with the Indonesian (``id``, the default) and English (``en``) text::

    [nik.length]
    id = "NIK harus 16 digit, bukan {length}."
    en = "The NIK must be 16 digits, not {length}."

Keys are unique across all files; a duplicate or a message missing one of the
languages is a programming error caught when the catalogue loads (and by the
test suite).
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"


class CatalogueError(Exception):
    """The message catalogue itself is broken (a developer's mistake)."""


def _flatten(prefix: str, node: Mapping[str, Any], out: dict[str, dict[str, str]], src: str):
    if set(node) & set(LANGUAGES) and all(isinstance(v, str) for v in node.values()):
        missing = [lang for lang in LANGUAGES if lang not in node]
        if missing:
            raise CatalogueError(f"{src}: message {prefix!r} lacks {missing}")
        if prefix in out:
            raise CatalogueError(f"{src}: message {prefix!r} defined twice")
        out[prefix] = dict(node)
        return
    for key, value in node.items():
        if not isinstance(value, Mapping):
            raise CatalogueError(f"{src}: {prefix}.{key} is not a message table")
        _flatten(f"{prefix}.{key}" if prefix else key, value, out, src)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All messages, keyed by dotted name, loaded once per process."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("shared") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with entry.open("rb") as fh:
                _flatten("", tomllib.load(fh), out, entry.name)
    return out


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def t(key: str, lang: str | None = None, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (Indonesian by default), filled with ``params``.

    An unknown key returns the key itself, so a missing message shows up on
    screen as an obvious placeholder instead of crashing the kiosk.
    """
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    entry = catalogue().get(key)
    if entry is None:
        return key
    return string.Formatter().vformat(entry[lang], (), _Lenient(params))
