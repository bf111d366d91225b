from datetime import date

import pytest

from aplan_desktop.core.periods import Deadline, DeadlineRules, Period
from aplan_desktop.core.timeframes import shift_years_in_text, timeframe_dates


@pytest.mark.parametrize("text, start, end", [
    ("Жилдээ", date(2024, 1, 1), date(2024, 12, 31)),
    ("Сар бүр", date(2024, 1, 1), date(2024, 12, 31)),
    ("Тухай бүр", date(2024, 1, 1), date(2024, 12, 31)),
    ("Жилдээ Тухай бүр", date(2024, 1, 1), date(2024, 12, 31)),
    ("Хагас жил", date(2024, 1, 1), date(2024, 6, 30)),
    ("Харас жил", date(2024, 1, 1), date(2024, 6, 30)),  # seed 002's spelling
    ("II хагас жил", date(2024, 7, 1), date(2024, 12, 31)),
    ("2-р улирал", date(2024, 4, 1), date(2024, 6, 30)),
    ("2-р луирал", date(2024, 4, 1), date(2024, 6, 30)),  # seed 002's spelling
    ("3-р улирал", date(2024, 7, 1), date(2024, 9, 30)),
    ("4-р улирал", date(2024, 10, 1), date(2024, 12, 31)),
    ("2, 3 дугаар улиралд", date(2024, 4, 1), date(2024, 9, 30)),
    ("II улирал", date(2024, 4, 1), date(2024, 6, 30)),  # finding 7: it read as no time at all
    ("I улирал", date(2024, 1, 1), date(2024, 3, 31)),
    ("III улиралд", date(2024, 7, 1), date(2024, 9, 30)),
    ("III-IV улирал", date(2024, 7, 1), date(2024, 12, 31)),
    ("Хоёрдугаар улирал", date(2024, 4, 1), date(2024, 6, 30)),
    ("дөрөв дүгээр улирал", date(2024, 10, 1), date(2024, 12, 31)),
    ("I хагас жил", date(2024, 1, 1), date(2024, 6, 30)),
    ("Хоёрдугаар хагас жил", date(2024, 7, 1), date(2024, 12, 31)),
    ("Улирал бүр", date(2024, 1, 1), date(2024, 12, 31)),
    ("2025.01.01-2025.11.10", date(2025, 1, 1), date(2025, 11, 10)),
    ("2025.01.01- 2025.11.10", date(2025, 1, 1), date(2025, 11, 10)),  # seed 003's spacing
    ("2024.03.23", date(2024, 3, 23), date(2024, 3, 23)),
    ("", None, None),
    ("тодорхойгүй", None, None),
    ("2025.13.45-2025.14.01", None, None),
])
def test_timeframe_words_read_as_dates(text, start, end):
    assert timeframe_dates(text, 2024) == (start, end)


def test_shift_years_moves_written_dates_only():
    assert shift_years_in_text("2025.01.01-2025.11.10", 2025, 2026) == "2026.01.01-2026.11.10"
    assert shift_years_in_text("Жилдээ", 2025, 2026) == "Жилдээ"


def test_default_deadlines_follow_seed_003():
    rules = DeadlineRules()
    assert rules.due(Period.H1, 2025) == date(2025, 5, 10)
    assert rules.due(Period.H2, 2025) == date(2025, 11, 10)
    assert rules.due(Period.Q4, 2025) == date(2026, 1, 10)


def test_a_day_the_month_lacks_means_its_last_day():
    """The settings allow days 1–31 in any month; 02-30 once stopped the program at every start."""
    assert Deadline(2, 30).on(2025) == date(2025, 2, 28)
    assert Deadline(2, 29).on(2024) == date(2024, 2, 29) and Deadline(2, 29).on(2025) == date(2025, 2, 28)
    assert Deadline(4, 31).on(2025) == date(2025, 4, 30)

