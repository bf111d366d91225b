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
WORD = re.compile(r"(?<![\w/.:@\-])[^\W\d_]{%d,}(?![\w/:@\-]|\.\w)" % SHORTEST)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, tuple[int, tuple[int, ...]] | None]:
    """pyphen's patterns (its reading of the `.dic` file: letters → where their values start, and
    the values), and every shorter start of a pattern → None, so that the search in a word stops
    at the first letters no pattern starts with. (pyphen's own search tries every length up to
    its longest pattern, 10 letters here, at every place of the word: twice the time.)"""
    patterns = pyphen.Pyphen(lang=LANGUAGE).hd.patterns
    table: dict[str, tuple[int, tuple[int, ...]] | None] = dict.fromkeys(
        (key[:length] for key in patterns for length in range(1, len(key))), None)
    table.update(patterns)
    return table


@lru_cache(maxsize=100_000)
def syllables(word: str) -> tuple[str, ...]:
    """The word cut where it may break: ("Хэ", "рэг", "жил", "тийн"). Liang's method, as pyphen
    has it: every pattern found in ".word." sets values between its letters (the highest one
    wins), and an odd value is a break, kept LEFT letters from the start and RIGHT from the end."""
    table, dotted = _patterns(), f".{word.lower()}."
    values = [0] * (len(dotted) + 1)
    for start in range(len(dotted) - 1):
        for end in range(start + 1, len(dotted) + 1):
            found = table.get(dotted[start:end], False)
            if found is False:  # no pattern starts with these letters
                break
            if found:
                offset, pattern = found
                at = start + offset
                values[at:at + len(pattern)] = map(max, pattern, values[at:at + len(pattern)])
    cuts = [i - 1 for i, value in enumerate(values) if value % 2 and LEFT <= i - 1 <= len(word) - RIGHT]
    return tuple(word[a:b] for a, b in zip([0, *cuts], [*cuts, len(word)]))


def hyphenate(value: str) -> str:
    """The text with a soft hyphen at every place where a word of it may break."""
    return WORD.sub(lambda m: SOFT_HYPHEN.join(syllables(m.group())), value)
