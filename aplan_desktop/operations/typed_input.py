"""What a person types, read for the editing operations: cleaned, bounded, or refused with a
sentence that says what to do (and nothing changed)."""

from __future__ import annotations

from datetime import date

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.text import clean_text

MAX_TEXT = 100_000  # letters in one field: a long result is 2–3 thousand; a pasted file may be more
MAX_LINE = 500  # a number, a title, a name
MAX_NUMBER = 20


def words(text: str, params: dict) -> str:
    from aplan_desktop.i18n import translate  # the Undo menu's words, in the user's language

    return translate(text, **params)


def unknown(name: str) -> UserError:
    return UserError(N_("“{name}” is not something this document has."), name=name)


def text(value: str) -> str:
    typed = clean_text(str(value))
    if len(typed) > MAX_TEXT:
        raise UserError(N_("This text is longer than {limit} letters: shorten it or attach it as a file."),
                        limit=MAX_TEXT)
    return typed


def line(value: str) -> str:
    typed = clean_text(str(value)).replace("\n", " ")
    if len(typed) > MAX_LINE:
        raise UserError(N_("This line is longer than {limit} letters: shorten it."), limit=MAX_LINE)
    return typed


def number(value: str) -> str:
    typed = line(value).strip()
    if len(typed) > MAX_NUMBER:
        raise UserError(N_("A number is at most {limit} characters, such as 1.5."), limit=MAX_NUMBER)
    return typed


def valid_date(value: date | None) -> date | None:
    if value is not None and not isinstance(value, date) or value is not None and not 2000 <= value.year <= 2100:
        raise UserError(N_("The date must be between 2000 and 2100."))
    return value
