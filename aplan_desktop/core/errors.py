"""Errors a user can cause, carrying a translatable sentence that says what to do.

The message is an English gettext msgid with `{name}` placeholders; the CLI and the GUI show
it through `aplan_desktop.i18n.error_text` in the user's language, never as a traceback.
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for translation; it is translated where it is shown."""
    return message


# What the person reads when the program itself failed (the window and the command line alike):
# a sentence, never Python's words; the traceback goes to aplan.log (`log.log_fault`).
FAULT = N_("This could not be done because of a fault in the program. Your data was not changed by it; please tell "
           "whoever looks after aplan.")


class UserError(Exception):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


class DocumentFormatError(UserError):
    """A file that is not a readable aplan document (broken JSON, wrong shape, wrong version)."""


class NotFoundError(UserError):
    """An id that names no document."""
