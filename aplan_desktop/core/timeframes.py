"""The timeframe words of a plan ("2-р улирал", "Жилдээ", "2025.01.01-2025.11.10") read as dates.

Apart from `core/periods.py`, so that the modules which only name a period or a deadline (the
window's start among them) do not compile these expressions.
"""

from __future__ import annotations

import re
from datetime import date

from aplan_desktop.core.periods import month_end

_DATE = r"(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})"
_DATE_RANGE = re.compile(_DATE + r"\s*[-–—]\s*" + _DATE)
_SINGLE_DATE = re.compile(_DATE)
# "2-р улирал", "2, 3 дугаар улиралд", "4-р улирал"; seed 002 also has the typo "луирал"
_QUARTER_WORD = re.compile(r"улир|луир", re.IGNORECASE)
_QUARTER_NUMBER = re.compile(r"(?<!\d)([1-4])(?!\d)")
# "II улирал", "III-IV улирал", "хоёрдугаар улирал": Roman numerals and number words count too
_QUARTER_NAMES = re.compile(r"(?<![^\W\d_])(IV|III|II|I|нэг|хоёр|гурав|дөрөв)(?![^\W\d_])|"
                            r"(нэг|хоёр|гурав|дөрөв)\s*-?\s*(?:дугаар|дүгээр|р)", re.IGNORECASE)
_QUARTER_VALUES = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "нэг": 1, "хоёр": 2, "гурав": 3, "дөрөв": 4}
_HALF_YEAR = re.compile(r"ха[гр]ас\s+жил", re.IGNORECASE)  # seed 002 writes "Харас жил"
_SECOND_HALF = re.compile(r"\bII\b|2\s*-?\s*р\s+ха[гр]ас|(?:сүүлийн|хоёрдугаар|хоёр\s*дугаар)\s+ха[гр]ас",
                          re.IGNORECASE)
_WHOLE_YEAR = re.compile(r"жил|сар\s+бүр|тухай\s+бүр|тогтмол|байнга|улирал\s+бүр", re.IGNORECASE)


def timeframe_dates(text: str, year: int) -> tuple[date | None, date | None]:
    """The date range that the timeframe words of a plan mean in the plan's year.

    >>> timeframe_dates("2-р улирал", 2024)
    (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))

    Words that name no time at all give (None, None).
    """
    text = text.strip()
    if not text:
        return None, None
    if m := _DATE_RANGE.search(text):
        try:
            y1, m1, d1, y2, m2, d2 = map(int, m.groups())
            return date(y1, m1, d1), date(y2, m2, d2)
        except ValueError:
            return None, None
    if m := _SINGLE_DATE.search(text):
        try:
            day = date(*map(int, m.groups()))
            return day, day
        except ValueError:
            return None, None
    if _QUARTER_WORD.search(text):
        quarters = sorted({int(q) for q in _QUARTER_NUMBER.findall(text)} |
                          {_QUARTER_VALUES[(a or b).lower()] for a, b in _QUARTER_NAMES.findall(text)})
        if quarters:
            return date(year, quarters[0] * 3 - 2, 1), month_end(year, quarters[-1] * 3)
    if _HALF_YEAR.search(text):
        if _SECOND_HALF.search(text):
            return date(year, 7, 1), date(year, 12, 31)
        return date(year, 1, 1), date(year, 6, 30)
    if _WHOLE_YEAR.search(text):
        return date(year, 1, 1), date(year, 12, 31)
    return None, None


def shift_years_in_text(text: str, old_year: int, new_year: int) -> str:
    """Move the dates written in a timeframe ("2025.01.01-2025.11.10") to another year."""

    def move(m: re.Match[str]) -> str:
        y = int(m.group(1))
        return m.group(0).replace(m.group(1), str(y + new_year - old_year), 1)

    return _SINGLE_DATE.sub(move, text)
