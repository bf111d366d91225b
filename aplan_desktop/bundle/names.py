"""ASCII file names for bundles, transliterated from Mongolian Cyrillic.

Mail programs, old Windows zip tools and phone apps mangle non-ASCII attachment names, so a
bundle is named in plain ASCII: `bat-olzii_2024_H2_report_r3.aplan`.
"""

from __future__ import annotations

import re

# Mongolian Cyrillic to Latin, after MNS 5217:2012, with ө → o and ү → u ("Бат-Өлзий" → "bat-olzii").
CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "ye", "ё": "yo", "ж": "j", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "ө": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sh", "ъ": "i", "ы": "y", "ь": "i", "э": "e", "ю": "yu", "я": "ya",
}

# Words every public body's name has; the place name alone identifies the sender to its aimag.
_GENERIC_PHRASES = ("засаг даргын тамгын газар",)
_GENERIC_WORDS = {"сум", "сумын", "аймаг", "аймгийн", "дүүрэг", "дүүргийн", "здтг", "здтг-ын"}

_KEPT = re.compile(r"[a-z0-9-]")
MAX_STEM = 40


def transliterate(text: str) -> str:
    """Lower-case Latin letters, digits and hyphens; spaces become hyphens, anything else is dropped."""
    out = []
    for ch in text.lower():
        if ch in CYRILLIC_TO_LATIN:
            out.append(CYRILLIC_TO_LATIN[ch])
        elif ch.isspace():
            out.append("-")
        elif ch.isascii() and _KEPT.match(ch):
            out.append(ch)
    return re.sub(r"-{2,}", "-", "".join(out)).strip("-")


def _place_name(name: str) -> str:
    text = " ".join(name.lower().split())
    for phrase in _GENERIC_PHRASES:
        text = text.replace(phrase, " ")
    words = [w for w in text.split() if w not in _GENERIC_WORDS]
    return " ".join(words) if words else name


def _ascii_word(value: object) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", str(value))


def bundle_file_name(organisation_name: str, year: int, period: str, kind: str, revision: int) -> str:
    """`<place>_<year>_<period>_<kind>_r<revision>.aplan`, ASCII only.

    The generic words of a body's name (сум, аймаг, дүүрэг, ЗДТГ, "Засаг даргын Тамгын газар")
    are left out, so "Бат-Өлзий сум ЗДТГ" and "Бат-Өлзий сумын Засаг даргын Тамгын газар" both
    give "bat-olzii".
    """
    stem = transliterate(_place_name(organisation_name))[:MAX_STEM].strip("-") or "aplan"
    period_text = getattr(period, "value", period)
    parts = [stem, _ascii_word(int(year)), _ascii_word(period_text), _ascii_word(kind).lower(), f"r{int(revision)}"]
    return "_".join(p for p in parts if p) + ".aplan"
