"""Mongolian hyphenation for table cells, with pyphen's `mn_MN` patterns (from LibreOffice).

The syllable breaks are written into the text as soft hyphens, which ReportLab's line breaking
uses: a word that does not fit at the end of a line is broken at a syllable with a "-", and
a soft hyphen where no line breaks prints nothing. (ReportLab can also call a hyphenator
itself, but it only tries words whose letters are in its own list, where Ө ө Ү ү are not, so
"хэрэгжүүлэх" would be cut anywhere instead.) Only words of letters are hyphenated: numbers,
dates, codes, addresses and words with a hyphen of their own stay as typed.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\xad"
LANGUAGE = "mn_MN"
SHORTEST = 5  # letters: a shorter word is never broken
LEFT, RIGHT = 2, 3  # letters at least before a break and after it ("байгуулла-га" is not made)

# a word of letters standing alone: not part of a number, an address or a hyphenated name
_WORD = re.compile(r"(?<![\w/.:@\-])[^\W\d_]{%d,}(?![\w/:@\-]|\.\w)" % SHORTEST)


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=LANGUAGE, left=LEFT, right=RIGHT)


@lru_cache(maxsize=100_000)
def syllables(word: str) -> tuple[str, ...]:
    """The word cut where it may break: ("Хэ", "рэг", "жил", "тийн")."""
    return tuple(_dictionary().inserted(word, hyphen=SOFT_HYPHEN).split(SOFT_HYPHEN))


def hyphenate(value: str) -> str:
    """The text with a soft hyphen at every place where a word of it may break."""
    return _WORD.sub(lambda m: SOFT_HYPHEN.join(syllables(m.group())), value)
