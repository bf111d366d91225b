"""Text as people paste it from Word and e-mail, made safe to keep, print and export.

Word's manual line break (U+000B), page breaks and Unicode line separators become ordinary
line breaks; other invisible control characters, which no font draws and spreadsheets
refuse, are dropped. Tabs and line breaks stay.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029\x85]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
