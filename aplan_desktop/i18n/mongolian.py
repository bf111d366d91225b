"""Mongolian dates, amounts and numbers in words, written the way the seed documents write them.

Dates: "2025 оны 01 дүгээр сарын 23" (seed 003), "01 дүгээр сарын 14-ний өдөр" (seed 001),
"2025.01.01" in tables. Money: "87,345,700,910 (Наян долоон тэрбум гурван зуун дөчин таван сая
долоон зуун мянга есөн зуун арав) төгрөг" (seed 001).

Suffixes after a number follow vowel harmony of the number's last word as spoken: "1 дүгээр"
(нэг), "2 дугаар" (хоёр), "14-ний" (арван дөрөв), "16-ны" (арван зургаа). The word decides,
never a list of digits, so 40 (дөч) and 90 (ер) take the front forms too.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from aplan_desktop.core.model import NameForms


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


# ---------------------------------------------------------------------------- declension
#
# An organisation's name in the genitive ("…Тамгын газрын дарга"), dative ("…газарт хүргүүлэв")
# and ablative ("…газраас ирүүлсэн"): Mongolian declines the last word of the name, the rest
# stays. The rules below cover the words public bodies' names end in; setup shows the forms
# and the user corrects any that read wrong, so a rare word is never a dead end.

_BACK = "аоуяёыю"
_HARMONY_OF = {**dict.fromkeys("ауяыю", "а"), **dict.fromkeys("оё", "о"), **dict.fromkeys("эүе", "э"), "ө": "ө"}
_VOWELS = "аэиоуөүяеёыю"
_FLEETING_BEFORE = "рлгсвдзм"  # a last short vowel before these may fall out: газар → газрын
_DATIVE_T = "грс"  # газарт, аймагт, хэлтэст (else -д)
_DATIVE_WITH_VOWEL = "джтчшхцзпфк"  # хотод, нэгжид, шүүхэд, станцад
# Words that hide an н, or decline otherwise than the rule says: (genitive, dative, ablative).
_OWN_FORMS = {
    "алба": ("албаны", "албанд", "албанаас"),
    "хороо": ("хорооны", "хороонд", "хорооноос"),
    "яам": ("яамны", "яаманд", "яамнаас"),
    "захиргаа": ("захиргааны", "захиргаанд", "захиргаанаас"),
    "үйлчилгээ": ("үйлчилгээний", "үйлчилгээнд", "үйлчилгээнээс"),
    "сан": ("сангийн", "санд", "сангаас"),
    "хүрээлэн": ("хүрээлэнгийн", "хүрээлэнд", "хүрээлэнгээс"),
    "ордон": ("ордны", "ордонд", "ордноос"),
    "банк": ("банкны", "банкинд", "банкнаас"),
    "цэцэрлэг": ("цэцэрлэгийн", "цэцэрлэгт", "цэцэрлэгээс"),
    "зөвлөл": ("зөвлөлийн", "зөвлөлд", "зөвлөлөөс"),
    "прокурор": ("прокурорын", "прокурорт", "прокуророос"),
}
# Abbreviations are declined as their last word is read, after a hyphen: "ИТХ-ын" (хурлын),
# "ХХК-ийн" (компанийн); other abbreviations as "ИТХ".
_ABBREVIATION_ENDINGS = {
    "ХХК": ("ийн", "д", "иас"), "ХК": ("ийн", "д", "иас"), "ТӨХХК": ("ийн", "д", "иас"),
    "ТӨК": ("ийн", "д", "иас"), "ЕБС": ("ийн", "д", "иас"),
    "ЗДТГ": ("ын", "т", "аас"), "ТГ": ("ын", "т", "аас"), "ОНӨААТҮГ": ("ын", "т", "аас"),
}
_DEFAULT_ABBREVIATION_ENDING = ("ын", "д", "аас")
_WORD_FINAL_CLUSTERS = {"нх", "нг", "нс", "рс", "лт", "нт", "ст", "нд", "рд", "лд", "нк", "нц", "сс", "рт", "лс", "вс"}


def declined_name(name: str) -> tuple[str, str, str]:
    """The genitive, dative and ablative of a name, by declining its last word.

    >>> declined_name("Засаг даргын Тамгын газар")
    ('Засаг даргын Тамгын газрын', 'Засаг даргын Тамгын газарт', 'Засаг даргын Тамгын газраас')
    """
    name = " ".join(name.split())
    head, _, last = name.rpartition(" ")
    if not last:
        return "", "", ""
    prefix = head + " " if head else ""
    if _is_abbreviation(last, name):
        endings = _ABBREVIATION_ENDINGS.get(last, _DEFAULT_ABBREVIATION_ENDING)
        genitive, dative, ablative = (f"{prefix}{last}-{ending}" for ending in endings)
        return genitive, dative, ablative
    forms = _OWN_FORMS.get(last.lower()) or _declined_word(last.lower())
    genitive, dative, ablative = (prefix + _in_case_of(last, form) for form in forms)
    return genitive, dative, ablative


def name_in_cases(name: str, stored: NameForms | None = None) -> NameForms:
    """The name's genitive, dative and ablative: each form the office stored (typed or corrected
    in its setup) where there is one, else the rule's."""
    stored = stored or NameForms()
    given = (stored.genitive, stored.dative, stored.ablative)
    return NameForms(*(form.strip() or rule for form, rule in zip(given, declined_name(name))))


def _is_abbreviation(word: str, name: str) -> bool:
    """"ИТХ", "ТӨХХК": capitals in a name written in ordinary case, or capitals no word is spelt with."""
    if not re.fullmatch(r"[А-ЯЁӨҮ]{2,}", word):
        return not re.fullmatch(r"[а-яёөүА-ЯЁӨҮ]+", word)  # a quote or a digit at the end: decline after a hyphen
    if name != name.upper():
        return True
    lower = word.lower()
    return not any(v in lower for v in _VOWELS) or (
        lower[-1] not in _VOWELS and lower[-2] not in _VOWELS + "й" and lower[-2:] not in _WORD_FINAL_CLUSTERS)


def _in_case_of(model: str, word: str) -> str:
    if model.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _harmony(word: str) -> str:
    """The vowel a suffix takes (а, о, э or ө): the word's last vowel other than the neutral и."""
    for letter in reversed(word):
        if letter in _HARMONY_OF:
            return _HARMONY_OF[letter]
    return "э"


def _syllables(word: str) -> int:
    return len(re.findall(f"[{_VOWELS}]+", word))


def _without_fleeting_vowel(word: str) -> str:
    """газар → газр, хэлтэс → хэлтс, аймаг → аймг, эмнэлэг → эмнэлг: the last short vowel falls
    out before a vowel suffix when a single consonant (or л, р, н, в + one) stands before it."""
    if _syllables(word) < 2 or len(word) < 4 or word[-1] not in _FLEETING_BEFORE:
        return word
    vowel, before, earlier = word[-2], word[-3], word[-4]
    if vowel not in "аэоө" or before in _VOWELS + "йь":
        return word
    single = earlier in _VOWELS + "й"
    soft_cluster = earlier in "лрнв" and len(word) > 4 and word[-5] in _VOWELS
    return word[:-2] + word[-1] if single or soft_cluster else word


def _declined_word(word: str) -> tuple[str, str, str]:
    """The three forms of one lower-case word by the rules of its ending."""
    vowel = _harmony(word)
    from_ = vowel * 2 + "с"  # the ablative's ending: газраас, төвөөс, хэлтсээс, хотоос
    front = vowel in "эө"
    last = word[-1]
    if last in "иь":  # сургууль → сургуулийн, сургуульд, сургуулиас; компани → компанийн
        stem = word[:-1] + "и"
        return stem + "йн", word + "д", stem + {"а": "ас", "о": "ос"}.get(vowel, "эс")
    if last == "й" or word[-2:] in {"аа", "оо", "ээ", "өө", "уу", "үү", "иа", "ио", "иу"} or last in "оөуүеёю":
        return word + "гийн" if last != "й" else word + "н", word + "д", word + "г" + from_
    if last in "аэ":  # дарга → даргын, даргад, даргаас; байгууллага → байгууллагын
        stem = word[:-1]
        return stem + ("ийн" if front else "ын"), word + "д", stem + from_
    stem = _without_fleeting_vowel(word)
    if last == "н":
        genitive = stem + ("ий" if front else "ы")
    elif last in "гжчшк" or front:
        genitive = stem + "ийн"
    else:
        genitive = stem + "ын"
    if last in _DATIVE_T:
        dative = word + "т"
    elif last in _DATIVE_WITH_VOWEL:
        dative = word + ("ид" if last in "жчш" else vowel + "д")
    else:
        dative = word + "д"
    return genitive, dative, stem + from_
