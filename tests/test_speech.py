"""Spoken announcements: Indonesian and English number words, never digits."""

from __future__ import annotations

import re

import pytest

from shared.speech import (
    announcement,
    english_number_words,
    letter_words,
    number_words,
    spoken_digits,
)

INDONESIAN = {
    0: "nol",
    1: "satu",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    19: "sembilan belas",
    20: "dua puluh",
    21: "dua puluh satu",
    99: "sembilan puluh sembilan",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    199: "seratus sembilan puluh sembilan",
    200: "dua ratus",
    999: "sembilan ratus sembilan puluh sembilan",
    1000: "seribu",
    1001: "seribu satu",
    1010: "seribu sepuluh",
    1100: "seribu seratus",
    1999: "seribu sembilan ratus sembilan puluh sembilan",
    2000: "dua ribu",
    9999: "sembilan ribu sembilan ratus sembilan puluh sembilan",
    11000: "sebelas ribu",
    100000: "seratus ribu",
    101001: "seratus satu ribu satu",
}

ENGLISH = {
    0: "zero",
    1: "one",
    11: "eleven",
    12: "twelve",
    19: "nineteen",
    20: "twenty",
    21: "twenty-one",
    100: "one hundred",
    101: "one hundred one",
    110: "one hundred ten",
    999: "nine hundred ninety-nine",
    1000: "one thousand",
    1001: "one thousand one",
    1100: "one thousand one hundred",
    2000: "two thousand",
    9999: "nine thousand nine hundred ninety-nine",
}


@pytest.mark.parametrize(("n", "text"), INDONESIAN.items())
def test_indonesian_number_words(n, text):
    assert number_words(n) == text


@pytest.mark.parametrize(("n", "text"), ENGLISH.items())
def test_english_number_words(n, text):
    assert english_number_words(n) == text


@pytest.mark.parametrize("bad", [-1, 1_000_000, 2.5, True, "12"])
def test_numbers_outside_the_range_are_refused(bad):
    for fn in (number_words, english_number_words):
        with pytest.raises(ValueError):
            fn(bad)


def test_every_number_has_words_without_digits_and_no_double_spaces():
    for n in range(10_000):
        for text in (number_words(n), english_number_words(n)):
            assert not re.search(r"\d", text) and "  " not in text and text == text.strip()


def test_a_letter_is_read_as_itself():
    assert letter_words("A") == "A" and letter_words("b") == "B"
    for bad in ("", "AB", "1", "-"):
        with pytest.raises(ValueError):
            letter_words(bad)


def test_announcement_in_indonesian_and_english():
    assert announcement("A-012", 2) == "Nomor antrian A dua belas, silakan ke loket dua"
    assert announcement("A-012", 2, lang="en") == "Queue number A twelve, please go to counter two"
    assert announcement("B-100", 3) == "Nomor antrian B seratus, silakan ke loket tiga"
    assert announcement("C001", 1, lang="en").startswith("Queue number C one,")


def test_announcement_with_a_counter_name_speaks_its_digits():
    said = announcement("B-003", 3, counter_name="Loket 3 (Pengambilan)")
    assert said == "Nomor antrian B tiga, silakan ke Loket tiga Pengambilan"
    assert spoken_digits("Counter 12", "en") == "Counter twelve"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_digits_in_any_announcement(lang):
    for n in range(1, 1000):
        for counter in (1, 2, 3, 10):
            said = announcement(f"A-{n:03d}", counter, lang=lang)
            assert not re.search(r"\d", said), said


def test_a_display_that_is_not_a_ticket_number_is_refused():
    for bad in ("", "012", "A-", "A-12x"):
        with pytest.raises(ValueError):
            announcement(bad, 1)
