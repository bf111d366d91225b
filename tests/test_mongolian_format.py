"""Mongolian dates, amounts and numbers in words, checked against the seeds' own text."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from aplan_desktop.i18n.mongolian import (
    amount_in_words,
    amount_in_words_sentence,
    format_amount,
    format_percent,
    format_tugrug,
    genitive_suffix,
    official_date,
    official_date_of_day,
    ordinal_suffix,
    table_date,
)

SEED_001_AMOUNT = 87_345_700_910
SEED_001_WORDS = (
    "Наян долоон тэрбум гурван зуун дөчин таван сая долоон зуун мянга есөн зуун арав"
)


# --- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("month, expected", [
    (1, "2025 оны 01 дүгээр сарын 23"),
    (2, "2025 оны 02 дугаар сарын 23"),
    (3, "2025 оны 03 дугаар сарын 23"),
    (4, "2025 оны 04 дүгээр сарын 23"),
    (5, "2025 оны 05 дугаар сарын 23"),
    (6, "2025 оны 06 дугаар сарын 23"),
    (7, "2025 оны 07 дугаар сарын 23"),
    (8, "2025 оны 08 дугаар сарын 23"),
    (9, "2025 оны 09 дүгээр сарын 23"),
    (10, "2025 оны 10 дугаар сарын 23"),
    (11, "2025 оны 11 дүгээр сарын 23"),
    (12, "2025 оны 12 дугаар сарын 23"),
])
def test_official_date_names_every_month_with_its_suffix(month, expected):
    assert official_date(date(2025, month, 23)) == expected


def test_official_dates_as_the_seeds_print_them():
    assert official_date(date(2025, 1, 23)) == "2025 оны 01 дүгээр сарын 23"  # seed 003, БАТЛАВ
    assert official_date(date(2025, 5, 10)) + "-нд" == "2025 оны 05 дугаар сарын 10-нд"  # 003
    assert official_date_of_day(date(2025, 1, 14)).endswith("01 дүгээр сарын 14-ний өдөр")  # 001
    assert official_date_of_day(date(2025, 11, 10)) == "2025 оны 11 дүгээр сарын 10-ны өдөр"
    assert official_date(date(2025, 1, 5)) == "2025 оны 01 дүгээр сарын 5"  # day not padded


DAYS_WITH_FRONT_VOWEL_LAST_WORD = {1, 4, 9, 11, 14, 19, 21, 24, 29, 31}  # нэг, дөрөв, ес


@pytest.mark.parametrize("day", range(1, 32))
def test_genitive_suffix_for_every_day_of_a_month(day):
    expected = "ний" if day in DAYS_WITH_FRONT_VOWEL_LAST_WORD else "ны"
    assert genitive_suffix(day) == expected


def test_genitive_suffixes_seen_in_the_seeds():
    seen = {"10-ны", "14-ний", "15-ны", "16-ны", "23-ны", "1-ний", "4-ний", "9-ний"}
    assert {f"{n}-{genitive_suffix(n)}" for n in (10, 14, 15, 16, 23, 1, 4, 9)} == seen


@pytest.mark.parametrize("n", [1, 4, 9, 11, 14, 19, 21, 24, 40, 90, 101, 140, 190, 1001])
def test_ordinal_takes_dugeer_after_front_vowel_words(n):
    assert ordinal_suffix(n) == "дүгээр"


@pytest.mark.parametrize("n", [2, 3, 5, 6, 7, 8, 10, 12, 20, 30, 50, 60, 70, 80, 100, 110,
                               657, 1000, 10**6, 10**9, 10**12])
def test_ordinal_takes_dugaar_after_back_vowel_words(n):
    assert ordinal_suffix(n) == "дугаар"


def test_table_date_pads_month_and_day():
    assert table_date(date(2025, 1, 1)) == "2025.01.01"  # seed 003's timeframe
    assert table_date(date(2024, 3, 23)) == "2024.03.23"


# --- amounts in digits -------------------------------------------------------------------

def test_seed_amount_in_digits():
    assert format_amount(SEED_001_AMOUNT) == "87,345,700,910"
    assert format_tugrug(SEED_001_AMOUNT) == "87,345,700,910 төгрөг"


@pytest.mark.parametrize("value, places, expected", [
    (0, None, "0"),
    (999, None, "999"),
    (1000, None, "1,000"),
    (-1234567, None, "-1,234,567"),
    (Decimal("384.0"), None, "384.0"),  # seed 001: "384.0 сая төгрөг"
    (Decimal("1234.5678"), None, "1,234.5678"),
    (Decimal("1E+3"), None, "1,000"),
    (Decimal("-0.5"), None, "-0.5"),
    (Decimal("1234.5"), 2, "1,234.50"),
    (Decimal("0.125"), 2, "0.13"),
    (Decimal("2.5"), 0, "3"),
    (1500, 1, "1,500.0"),
])
def test_format_amount(value, places, expected):
    assert format_amount(value, places) == expected


def test_format_amount_refuses_floats():
    with pytest.raises(TypeError):
        format_amount(0.1)


@pytest.mark.parametrize("value, expected", [
    (95, "95%"),  # seed 000's overall score
    (Decimal("95.0"), "95%"),
    (Decimal("92.5"), "92.5%"),
    (Decimal("92.25"), "92.3%"),
    (Decimal("99.96"), "100%"),
    (0, "0%"),
    (None, "—"),
])
def test_format_percent(value, expected):
    assert format_percent(value) == expected


# --- amounts in words --------------------------------------------------------------------

def test_seed_amount_in_words():
    assert amount_in_words_sentence(SEED_001_AMOUNT) == SEED_001_WORDS
    assert amount_in_words(SEED_001_AMOUNT) == SEED_001_WORDS.lower()


@pytest.mark.parametrize("value, words", [
    (0, "тэг"),
    (1, "нэг"),
    (5, "тав"),
    (10, "арав"),
    (11, "арван нэг"),
    (15, "арван тав"),
    (20, "хорь"),
    (21, "хорин нэг"),
    (99, "ерэн ес"),
    (100, "нэг зуу"),
    (101, "нэг зуун нэг"),
    (110, "нэг зуун арав"),
    (1000, "нэг мянга"),
    (1001, "нэг мянга нэг"),
    (1100, "нэг мянга нэг зуу"),
    (2000, "хоёр мянга"),
    (10000, "арван мянга"),
    (15000, "арван таван мянга"),
    (100000, "нэг зуун мянга"),
    (1000000, "нэг сая"),
    (1500000, "нэг сая таван зуун мянга"),
    (1000000000, "нэг тэрбум"),
    (2_000_000_000_000, "хоёр их наяд"),
])
def test_amount_in_words(value, words):
    assert amount_in_words(value) == words


def test_sentence_form_capitalises_only_the_first_letter():
    assert amount_in_words_sentence(4) == "Дөрөв"
    assert amount_in_words_sentence(40_000) == "Дөчин мянга"


@pytest.mark.parametrize("value", [-1, 10**15])
def test_amount_in_words_refuses_values_out_of_range(value):
    with pytest.raises(ValueError):
        amount_in_words(value)


# An independent reader of number words: it knows which form may stand where, so a round trip
# checks the grammar (attributive inside, plain at the end, scale words plain) as well as the value.
_PLAIN = {"нэг": 1, "хоёр": 2, "гурав": 3, "дөрөв": 4, "тав": 5, "зургаа": 6, "долоо": 7,
          "найм": 8, "ес": 9, "арав": 10, "хорь": 20, "гуч": 30, "дөч": 40, "тавь": 50,
          "жар": 60, "дал": 70, "ная": 80, "ер": 90}
_ATTRIBUTIVE = {"нэг": 1, "хоёр": 2, "гурван": 3, "дөрвөн": 4, "таван": 5, "зургаан": 6,
                "долоон": 7, "найман": 8, "есөн": 9, "арван": 10, "хорин": 20, "гучин": 30,
                "дөчин": 40, "тавин": 50, "жаран": 60, "далан": 70, "наян": 80, "ерэн": 90}
_SCALE_WORDS = {"мянга": 10**3, "сая": 10**6, "тэрбум": 10**9, "наяд": 10**12}


def _read_number_words(text: str) -> int:
    words = text.replace("их наяд", "наяд").split()
    total = group = 0
    for position, word in enumerate(words):
        is_last = position == len(words) - 1
        if word in _SCALE_WORDS:
            assert group, f"{word!r} without a count in {text!r}"
            total += group * _SCALE_WORDS[word]
            group = 0
        elif word in ("зуу", "зуун"):
            assert word == ("зуу" if is_last else "зуун"), text
            assert 1 <= group <= 9, f"{word!r} needs its count in {text!r}"
            group *= 100
        else:
            forms = _PLAIN if is_last else _ATTRIBUTIVE
            assert word in forms, f"{word!r} in the wrong form in {text!r}"
            group += forms[word]
    return total + group


def test_reader_reads_the_seed_sentence():
    assert _read_number_words(SEED_001_WORDS.lower()) == SEED_001_AMOUNT


def _sample_values() -> list[int]:
    pick = random.Random(2025)
    small = list(range(1, 2100))
    wide = [pick.randrange(10**digits, 10**(digits + 1)) for digits in range(3, 15)
            for _ in range(150)]
    round_ones = [unit * 10**power for unit in range(1, 10) for power in range(15)]
    return small + wide + round_ones


def test_words_read_back_to_the_same_number():
    for value in _sample_values():
        assert _read_number_words(amount_in_words(value)) == value
