"""Mongolian dates, amounts and numbers in words, written the way the seed documents write them.

Dates: "2025 оны 01 дүгээр сарын 23" (seed 003), "01 дүгээр сарын 14-ний өдөр" (seed 001),
"2025.01.01" in tables. Money: "87,345,700,910 (Наян долоон тэрбум гурван зуун дөчин таван сая
долоон зуун мянга есөн зуун арав) төгрөг" (seed 001).

Suffixes after a number follow vowel harmony of the number's last word as spoken: "1 дүгээр"
(нэг), "2 дугаар" (хоёр), "14-ний" (арван дөрөв), "16-ны" (арван зургаа). The word decides,
never a list of digits, so 40 (дөч) and 90 (ер) take the front forms too.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


# Front (feminine) and back (masculine) vowels; и is neutral and sides with the front class.
# Е is "йэ/йө" and so front: ес → есөн, ер → ерэн.
_FRONT_VOWELS = "эөүе"
_BACK_VOWELS = "аоуяё"

# Each number word in its plain form (last word of a number) and its attributive form (before
# another number word): "тав" but "таван сая"; нэг and хоёр have one form.
_UNITS = {
    1: ("нэг", "нэг"),
    2: ("хоёр", "хоёр"),
    3: ("гурав", "гурван"),
    4: ("дөрөв", "дөрвөн"),
    5: ("тав", "таван"),
    6: ("зургаа", "зургаан"),
    7: ("долоо", "долоон"),
    8: ("найм", "найман"),
    9: ("ес", "есөн"),
}
_TENS = {
    1: ("арав", "арван"),
    2: ("хорь", "хорин"),
    3: ("гуч", "гучин"),
    4: ("дөч", "дөчин"),
    5: ("тавь", "тавин"),
    6: ("жар", "жаран"),
    7: ("дал", "далан"),
    8: ("ная", "наян"),
    9: ("ер", "ерэн"),
}
_HUNDRED = ("зуу", "зуун")
# Scale words keep their plain form inside a number: "долоон зуун мянга есөн зуун арав"
# (seed 001), "таван сая долоон зуун мянга". Мянган is only for a noun: "мянган төгрөг".
_SCALES = ((10**12, "их наяд"), (10**9, "тэрбум"), (10**6, "сая"), (10**3, "мянга"))
_ZERO = "тэг"
WORDS_LIMIT = 10**15

# The seeds' own separators: "87,345,700,910", "384.0". Locale "mn" has exactly these symbols;
# the pattern is explicit because mn's default drops a Decimal's trailing zeros.
_NUMBER_LOCALE = "mn"
_GROUPED_PATTERN = "#,##0"


def _takes_front_suffix(word: str) -> bool:
    """The last vowel that is not the neutral и decides (тэрбум → у, back); only и → front."""
    for letter in reversed(word):
        if letter in _BACK_VOWELS:
            return False
        if letter in _FRONT_VOWELS:
            return True
    return True


def _last_word(n: int) -> str:
    return amount_in_words(n).split()[-1]


def ordinal_suffix(n: int) -> str:
    """The ordinal suffix: дүгээр after a number whose last word has front vowels, else дугаар.

    Seed 003: "01 дүгээр сарын", "05 дугаар сарын", "11 дүгээр сарын". Front: нэг 1, дөрөв 4,
    ес 9, дөч 40, ер 90 (so 1, 4, 9, 11, 40, 90, 101 дүгээр); back: every other unit, арав,
    хорь, гуч, тавь, жар, дал, ная, зуу, мянга, сая, тэрбум (2, 10, 20, 100, 1000 дугаар).
    """
    return "дүгээр" if _takes_front_suffix(_last_word(n)) else "дугаар"


def genitive_suffix(n: int) -> str:
    """The genitive written after a number in digits: ний or ны, by the harmony of ordinal_suffix.

    Seed 001: "01 дүгээр сарын 14-ний өдөр", "01-р сарын 16-ны өдрөөс"; seed 003: "10-ны дотор".
    """
    return "ний" if _takes_front_suffix(_last_word(n)) else "ны"


def official_date(d: date) -> str:
    """Year, zero-padded month with its ordinal suffix, then the day: "2025 оны 01 дүгээр сарын 23".

    As in seed 003's approval block; the day is not padded ("2025 оны 05 дугаар сарын 10-нд").
    """
    return f"{d.year} оны {d.month:02d} {ordinal_suffix(d.month)} сарын {d.day}"


def official_date_of_day(d: date) -> str:
    """The official date with the day's genitive and "өдөр": "2025 оны 01 дүгээр сарын 14-ний өдөр".

    Seed 001: "01 дүгээр сарын 14-ний өдөр".
    """
    return f"{official_date(d)}-{genitive_suffix(d.day)} өдөр"


def table_date(d: date) -> str:
    """Year, month, day with dots, all zero-padded: "2025.01.01" (seed 003's timeframe column)."""
    return f"{d.year:04d}.{d.month:02d}.{d.day:02d}"


def format_amount(value: int | Decimal, places: int | None = None) -> str:
    """Comma thousands, point decimals, leading "-" for negatives: "87,345,700,910" (seed 001).

    A Decimal keeps the decimals it has ("384.0", seed 001); `places` rounds half up to that many.
    A float is refused: money must not carry binary rounding errors.
    """
    if isinstance(value, float):
        raise TypeError("amounts are int or Decimal, not float")
    amount = Decimal(value)
    if places is None:
        places = max(0, -amount.as_tuple().exponent)
    else:
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    pattern = _GROUPED_PATTERN + ("." + "0" * places if places else "")
    from babel.numbers import format_decimal  # imported on first use: it is not needed to start the window

    return format_decimal(amount, format=pattern, locale=_NUMBER_LOCALE)


def parse_amount(text: str) -> Decimal | None:
    """An amount as typed ("1,500.5", "1 500", ""): the Decimal, or None when empty or not a number."""
    cleaned = text.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def format_tugrug(value: int | Decimal) -> str:
    """The amount followed by the currency: "87,345,700,910 төгрөг" (seed 001)."""
    return f"{format_amount(value)} төгрөг"


def _group_words(group: int) -> list[tuple[str, str]]:
    """The (plain, attributive) words of 0…999; hundreds always say their count: "нэг зуу"."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[tuple[str, str]] = []
    if hundreds:
        words += [_UNITS[hundreds], _HUNDRED]
    if tens:
        words.append(_TENS[tens])
    if units:
        words.append(_UNITS[units])
    return words


def amount_in_words(value: int) -> str:
    """A whole number 0 … 10**15 − 1 in lower-case words, as official money text spells it.

    Every word takes its attributive (-н) form except the last and the scale words: 87345700910 →
    "наян долоон тэрбум гурван зуун дөчин таван сая долоон зуун мянга есөн зуун арав" (seed 001).
    A lone hundred, thousand … says its count: 100 → "нэг зуу", 1100 → "нэг мянга нэг зуу".
    0 → "тэг". Negative or larger values raise ValueError.
    """
    if not 0 <= value < WORDS_LIMIT:
        raise ValueError(f"amount in words needs 0 … {WORDS_LIMIT - 1}, got {value}")
    if value == 0:
        return _ZERO
    words: list[tuple[str, str]] = []
    for scale, scale_word in _SCALES:
        group, value = divmod(value, scale)
        if group:
            words += _group_words(group) + [(scale_word, scale_word)]
    words += _group_words(value)
    *leading, (last_plain, _) = words
    return " ".join([attributive for _, attributive in leading] + [last_plain])


def amount_in_words_sentence(value: int) -> str:
    """The words with a capital first letter, as printed in brackets: "(Наян долоон тэрбум …)"."""
    words = amount_in_words(value)
    return words[:1].upper() + words[1:]


def format_percent(value: int | Decimal | None) -> str:
    """A percentage with one decimal only when it has one (rounded half up); None → "—".

    Seed 000's overall score: "95%"; "92.5%".
    """
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    places = 0 if rounded == rounded.to_integral_value() else 1
    # 0–100 needs no grouping and Mongolian writes a decimal point: no need to load Babel's
    # number formatting for the scores the navigator shows at start
    return f"{rounded:.{places}f}%"
