"""Typed money and percentages are read strictly: the value, or a sentence saying what to type."""

from decimal import Decimal

import pytest

from aplan_desktop.core.parsing import InputRefused, parse_money, parse_percent
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.i18n import error_text


@pytest.mark.parametrize("typed, value", [
    ("1 250,5", Decimal("1250.5")),  # finding 4: it became 12,505
    ("12,5", Decimal("12.5")),  # finding 4: it became 125
    ("1,250", Decimal("1250")),  # as the forms print it
    ("1,250,000", Decimal("1250000")),
    ("1250.5", Decimal("1250.5")),
    ("1,250.5", Decimal("1250.5")),  # the field shows what it stored this way
    ("1\u00a0250", Decimal("1250")),  # a no-break space from Word
    ("1 250 000,75", Decimal("1250000.75")),
    ("  384.0 ", Decimal("384.0")),
    ("0,5", Decimal("0.5")),
    ("1,25", Decimal("1.25")),
    ("-12,5", Decimal("-12.5")),
    ("", None),
    ("   ", None),
])
def test_amounts_read_as_people_write_them(typed, value):
    assert parse_money(typed) == value


@pytest.mark.parametrize("typed", [
    "1.250,5", "12a", "1 250 төг", "12 50", "1,2345", "1,250,5", "1250,500", "12,", "1..5", ".5", "5 %",
    "1.2.3", "1,250.5,5", "1,5000", "12345678901234", "1.2345",
])
def test_anything_else_is_refused_with_a_sentence(typed):
    with pytest.raises(InputRefused) as refused:
        parse_money(typed)
    sentence = error_text(refused.value, "mn")
    assert typed.strip() in sentence or "мянган төгрөг" in sentence
    assert "Error" not in sentence and "Decimal" not in sentence
    assert sentence != refused.value.message  # said in Mongolian, not the English msgid


def test_a_letter_is_refused_in_mongolian_saying_what_to_type():
    with pytest.raises(InputRefused) as refused:
        parse_money("1 250,5 мян")
    assert error_text(refused.value, "mn").startswith("“1 250,5 мян” нь дүн биш")
    assert "1 250,5" in error_text(refused.value, "mn")


@pytest.mark.parametrize("typed, value", [("85", 85), ("85%", 85), ("85 %", 85), ("0", 0), ("100", 100), ("", None)])
def test_percentages_on_the_free_scale(typed, value):
    assert parse_percent(typed, ScoreScale.free()) == value


@pytest.mark.parametrize("typed", ["150", "101", "-5", "85.5", "abc", "1 50"])
def test_percentages_outside_the_scale_are_refused_not_cut(typed):
    with pytest.raises(InputRefused) as refused:
        parse_percent(typed, ScoreScale.free())
    assert "%" in error_text(refused.value, "mn") or typed in error_text(refused.value, "mn")


def test_a_stepped_scale_names_its_steps():
    scale = ScoreScale.from_steps([100, 70, 30, 0])
    assert parse_percent("70", scale) == 70
    with pytest.raises(InputRefused) as refused:
        parse_percent("75", scale)
    assert "100%, 70%, 30%, 0%" in error_text(refused.value, "mn")
