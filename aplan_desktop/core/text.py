"""Text as people paste it from Word and e-mail, made safe to keep, print and export.

Word's manual line break (U+000B), page breaks and Unicode line separators become ordinary
line breaks; other invisible control characters, which no font draws and spreadsheets
refuse, are dropped. Tabs and line breaks stay. Text shown in markup (Qt's rich text, ReportLab's
paragraphs) is escaped here too.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029\x85]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def markup_escape(value: str) -> str:
    """Text to show in markup as typed: `&`, `<` and `>` written as entities (the window's rich
    text and the printed paragraphs put it between tags, never in an attribute). The standard
    library's `html.escape` does the same, but its package loads the table of 2,231 named
    entities for `unescape`, which the window's start paid for nothing (9 million instructions)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
