"""The fonts the forms print with: Liberation Serif and Sans 2.x, shipped in resources/fonts.

They are metric twins of Times New Roman and Arial, so lines break where they break in the
Word documents offices print today, and version 2 has the Mongolian letters Ө ө Ү ү (1.x
does not). The regular and bold faces are registered as a family, so <b> picks the right face;
the forms print no italics, and each face read costs some 8 ms of every print's start.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.text import clean_text
from aplan_desktop.resources import resources_dir

FAMILIES = {"serif": "LiberationSerif", "sans": "LiberationSans"}
_FACES = {"": "Regular", "-Bold": "Bold"}


class MissingGlyphsError(UserError):
    """Text holds characters that no shipped font can draw; printing them would show boxes."""


@lru_cache(maxsize=None)
def register(family: str) -> str:
    """Register the family's faces once a process; return the ReportLab name of its regular face."""
    base = FAMILIES[family]
    for suffix, face in _FACES.items():
        name = base + suffix
        pdfmetrics.registerFont(TTFont(name, str(resources_dir() / "fonts" / f"{base}-{face}.ttf")))
    addMapping(base, 0, 0, base)
    addMapping(base, 1, 0, base + "-Bold")
    return base


@lru_cache(maxsize=None)
def _covered(family: str) -> frozenset[int]:
    font = pdfmetrics.getFont(register(family))
    return frozenset(font.face.charToGlyph)


def missing_characters(texts: list[str], family: str) -> list[str]:
    """Characters of the texts that the family cannot draw (line breaks and tabs are fine)."""
    covered, printed = _covered(family), clean_text("".join(texts))
    missing = {ch for ch in set(printed) if ord(ch) not in covered and ch not in "\n\r\t"}
    return [ch for ch in dict.fromkeys(printed) if ch in missing] if missing else []  # as they first appear


def check_coverage(texts: list[str], family: str) -> None:
    missing = missing_characters(texts, family)
    if missing:
        shown = " ".join(f"“{c}” (U+{ord(c):04X})" for c in missing[:10])
        raise MissingGlyphsError(
            N_("These characters cannot be printed with the form's font: {characters}. "
               "Replace them in the text and print again."), characters=shown)
