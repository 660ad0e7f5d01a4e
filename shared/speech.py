"""What the display says aloud when it calls a number: the words, never digits.

A text-to-speech engine reads "A-012" badly ("A minus zero one two", or "A
dua belas" only with luck), so the announcement is written out in words:
:func:`announcement` turns ``("A-012", 2)`` into "Nomor antrian A dua belas,
silakan ke loket dua" (or "Queue number A twelve, please go to counter two").

- :func:`number_words` / :func:`english_number_words`: 0 to 999 999 in words
  (the brief asked for 0-9999; thousands are a natural extension of the same
  rule). A ``ValueError`` outside that range.
- :func:`letter_words`: a queue letter is read as itself. Indonesian names
  letters as they are spelt (A "a", B "be", ...), which is what a speech engine
  says for a lone capital, so no letter needs special care in either language.

The sentence templates come from the message catalogue
(``shared/messages/speech.toml``).
"""

from __future__ import annotations

import re

from shared.i18n import t

MAX_NUMBER = 999_999

_ID_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_EN_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
    "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_DISPLAY = re.compile(r"^\s*([A-Za-z]+)\s*-?\s*(\d+)\s*$")


def _check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= MAX_NUMBER:
        raise ValueError(f"number_words: expected a whole number 0-{MAX_NUMBER}, got {n!r}")


def _id_below_1000(n: int) -> list[str]:
    """Words of 1-999 (nothing for 0)."""
    out: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        out.append("seratus")
    elif hundreds:
        out += [_ID_UNITS[hundreds], "ratus"]
    if rest == 10:
        out.append("sepuluh")
    elif rest == 11:
        out.append("sebelas")
    elif 12 <= rest <= 19:
        out += [_ID_UNITS[rest - 10], "belas"]
    elif rest >= 20:
        tens, unit = divmod(rest, 10)
        out += [_ID_UNITS[tens], "puluh"] + ([_ID_UNITS[unit]] if unit else [])
    elif rest:
        out.append(_ID_UNITS[rest])
    return out


def number_words(n: int) -> str:
    """``n`` (0-999 999) in Indonesian words: 12 "dua belas", 1001 "seribu satu"."""
    _check(n)
    if n == 0:
        return _ID_UNITS[0]
    thousands, rest = divmod(n, 1000)
    out: list[str] = []
    if thousands == 1:
        out.append("seribu")
    elif thousands:
        out += [*_id_below_1000(thousands), "ribu"]
    return " ".join(out + _id_below_1000(rest))


def _en_below_1000(n: int) -> list[str]:
    out: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        out += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        out.append(_EN_TENS[tens] + (f"-{_EN_UNITS[unit]}" if unit else ""))
    elif rest:
        out.append(_EN_UNITS[rest])
    return out


def english_number_words(n: int) -> str:
    """``n`` (0-999 999) in English words, without "and": 121 "one hundred twenty-one"."""
    _check(n)
    if n == 0:
        return _EN_UNITS[0]
    thousands, rest = divmod(n, 1000)
    out = [*_en_below_1000(thousands), "thousand"] if thousands else []
    return " ".join(out + _en_below_1000(rest))


def words(n: int, lang: str = "id") -> str:
    """``n`` in words in ``lang`` ("id" or "en"; anything else: Indonesian)."""
    return english_number_words(n) if lang == "en" else number_words(n)


def letter_words(ch: str) -> str:
    """How a queue letter is read: as itself, upper case ("a" -> "A").

    ``ValueError`` unless ``ch`` is one letter A-Z.
    """
    if len(ch) != 1 or not ("A" <= ch.upper() <= "Z"):
        raise ValueError(f"letter_words: expected one letter A-Z, got {ch!r}")
    return ch.upper()


def spoken_digits(text: str, lang: str = "id") -> str:
    """``text`` with each run of digits written in words and brackets dropped:
    "Loket 3 (Pengambilan)" -> "Loket tiga Pengambilan"."""
    spoken = re.sub(r"\d+", lambda m: words(int(m.group()), lang), text)
    return " ".join(re.sub(r"[()\[\]]", " ", spoken).split())


def announcement(
    display: str, counter: int, *, counter_name: str | None = None, lang: str = "id"
) -> str:
    """The call of ticket ``display`` to ``counter``, in words, ready for speech.

    ``announcement("A-012", 2)`` -> "Nomor antrian A dua belas, silakan ke loket dua".
    ``counter_name`` (e.g. "Loket 3 (Pengambilan)") replaces "loket dua"; any digits
    in it are spoken as words. ``ValueError`` if ``display`` is not letters then a number.
    """
    match = _DISPLAY.match(display)
    if match is None:
        raise ValueError(f"announcement: not a ticket number: {display!r}")
    letters = " ".join(letter_words(ch) for ch in match.group(1))
    number = words(int(match.group(2)), lang)
    if counter_name:
        where = spoken_digits(counter_name, lang)
    else:
        where = t("speech.counter", lang, number=words(counter, lang))
    return t("speech.call", lang, letters=letters, number=number, counter=where)
