"""What people type into number fields, read strictly: the value, or a sentence saying what to type.

Money is written the way Mongolian offices write it and the way the forms print it:

- spaces and no-break spaces group digits: "1 250", "1 250 000";
- a comma followed by exactly three digits groups them: "1,250" is 1250 (the forms print so);
- a comma followed by one or two final digits is the decimal mark: "12,5" is 12.5,
  "1 250,5" is 1250.5;
- a point is the decimal mark: "1250.5", and with the forms' own grouping "1,250.5".

Anything else ("1.250,5", a letter, "12 50", "1,2345") is refused rather than guessed at: a
guess turned "1 250,5" into 12,505 once, and nobody saw it. A percentage is a whole number on
the organisation's scale; "150" is refused, never read as 15.
"""

from __future__ import annotations

import re
from decimal import Decimal

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.scoring import ScoreScale

MAX_WHOLE_DIGITS = 13  # a trillion thousand tögrög: more than any budget, little enough for SQLite and print
MAX_DECIMALS = 3  # thousand tögrög to the tögrög
_SPACES = re.compile(r"[ \u00a0\u202f\u2007\t]+")
_MINUS = "-\u2212\u2013"
# the integer part: plain, or grouped by spaces, or grouped by commas (groups of three after the first)
_WHOLE = re.compile(r"\d+|\d{1,3}(?: \d{3})+|\d{1,3}(?:,\d{3})+")


class InputRefused(UserError):
    """Typed text that does not read as the value the field holds; the message says what to type."""


def parse_money(text: str) -> Decimal | None:
    """The amount typed, in thousand tögrög; None when the field is empty.

    >>> parse_money("1 250,5"), parse_money("1,250"), parse_money("12,5"), parse_money("1,250.5")
    (Decimal('1250.5'), Decimal('1250'), Decimal('12.5'), Decimal('1250.5'))
    """
    typed = text.strip()
    if not typed:
        return None
    body = _SPACES.sub(" ", typed)
    sign = ""
    if body[0] in _MINUS:
        sign, body = "-", body[1:].lstrip()
    if not body or re.search(r"[^\d ,.]", body):
        raise InputRefused(N_("“{text}” is not an amount. Write it in figures, in thousand tögrög, "
                              "such as 1 250,5 or 1250.5."), text=typed)
    if "." in body and "," in body.rsplit(".", 1)[-1] or body.count(".") > 1:
        raise InputRefused(N_("“{text}” mixes its marks. Write one decimal mark, a comma or a point "
                              "(1250,5 or 1250.5), and group thousands with spaces (1 250,5)."), text=typed)
    whole, decimals, comma_twice = body, "", False
    if "." in body:
        whole, decimals = body.split(".")
    elif m := re.fullmatch(r"(.*?),(\d{1,2})", body):
        whole, decimals = m.groups()
        comma_twice = "," in whole  # "1,250,5": one comma cannot group and another mark decimals
    if comma_twice or not _WHOLE.fullmatch(whole) or not re.fullmatch(r"\d*", decimals) or (
            "." in body and not decimals):
        raise InputRefused(N_("“{text}” cannot be read as an amount: digits are grouped by three "
                              "(1 250 or 1,250) and a decimal mark is followed by its digits (1 250,5)."),
                           text=typed)
    digits = whole.replace(" ", "").replace(",", "")
    if len(decimals) > MAX_DECIMALS:
        raise InputRefused(N_("“{text}” has more than three digits after the decimal mark. Amounts are in "
                              "thousand tögrög: 1250,5 is 1 250 500 tögrög."), text=typed)
    if len(digits.lstrip("0")) > MAX_WHOLE_DIGITS:
        raise InputRefused(N_("“{text}” is too large for an amount in thousand tögrög."), text=typed)
    return Decimal(sign + digits + ("." + decimals if decimals else ""))


def parse_percent(text: str, scale: ScoreScale) -> int | None:
    """A percentage typed or chosen ("85", "85%", "85 %"): a whole number on the scale; None when empty."""
    typed = text.strip()
    if not typed or typed == "—":
        return None
    number = _SPACES.sub("", typed).removesuffix("%")
    if not re.fullmatch(r"\d{1,6}", number):
        raise InputRefused(N_("“{text}” is not a percentage. Write a whole number from 0 to 100, such as 85."),
                           text=typed)
    value = int(number)
    if not 0 <= value <= 100:
        raise InputRefused(N_("{percent} is outside the scale: write a whole number from 0 to 100."),
                           percent=f"{value}%")
    if not scale.allows(value):
        raise InputRefused(N_("{percent} is not on this organisation's scale. Choose one of: {steps}."),
                           percent=f"{value}%", steps=", ".join(f"{s}%" for s in scale.choices()))
    return value
