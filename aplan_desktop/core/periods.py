"""Reporting periods and their deadlines (a plan's timeframe words are read in `core/timeframes.py`).

Seed 003 fixes the usual deadlines: the first half year is reported by 05-10 and the second
half by 11-10 of the same year. Quarter deadlines are not in the seeds; by default a quarter
is due on the 10th of the month after it ends. Every deadline is a setting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Period(str, Enum):
    H1 = "H1"  # I хагас жил
    H2 = "H2"  # II хагас жил / жилийн эцэс (the year report)
    Q1 = "Q1"
    Q2 = "Q2"
    Q3 = "Q3"
    Q4 = "Q4"


@dataclass(frozen=True, repr=False)
class Deadline:
    """Month and day a period's report is due, and whether that falls in the next year."""

    month: int
    day: int
    next_year: bool = False

    def on(self, year: int) -> date:
        """The date in that year; a day the month does not have (02-30, or 02-29 in a common
        year) means the month's last day."""
        due_year = year + 1 if self.next_year else year
        last_day = month_end(due_year, self.month)
        return last_day if self.day > last_day.day else date(due_year, self.month, self.day)


def _default_deadlines() -> dict[Period, Deadline]:
    return {
        Period.H1: Deadline(5, 10),
        Period.H2: Deadline(11, 10),
        Period.Q1: Deadline(4, 10),
        Period.Q2: Deadline(7, 10),
        Period.Q3: Deadline(10, 10),
        Period.Q4: Deadline(1, 10, next_year=True),
    }


@dataclass(repr=False)
class DeadlineRules:
    """When each period's report is due: the seeds' usual deadlines, or the office's own."""

    by_period: dict[Period, Deadline] = field(default_factory=_default_deadlines)

    def due(self, period: Period, year: int) -> date:
        return self.by_period[period].on(year)


def month_end(year: int, month: int) -> date:
    """The month's last day."""
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)
