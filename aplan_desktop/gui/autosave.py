"""Saving without a Save button: every change is written within a second of the last keystroke.

The editor hands over a save function; after `DELAY_MS` of quiet it runs, and only when it
has committed does the status say "Saved". If it fails (disk full, file locked) the text
stays in the editor, the status says so, and the next change tries again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import error_text, reason_text, translate

DELAY_MS = 600
RETRY_MS = 5000  # after a failed save, try again by itself


class Autosaver(QObject):
    state_changed = Signal(str, bool)  # message, ok
    saved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._pending: dict[str, Callable[[], None]] = {}
        self._refused: dict[str, str] = {}  # field → why its text is not saved

    def refuse(self, key: str, message: str) -> None:
        """A field's text does not read: it stays in the field, unsaved, and the status says so
        ("Saved" is not shown while it is there)."""
        self._refused[key] = message
        self.state_changed.emit(translate(N_("Not saved: {reason}"), reason=message), False)

    def accept(self, key: str) -> None:
        """The field reads again (or was reloaded): what the status says follows the saves."""
        if self._refused.pop(key, None) is not None and not self._refused and not self._pending:
            self.state_changed.emit(translate(N_("Saved")), True)

    def forget_refusals(self) -> None:
        """Another document is shown: its fields read anew from what is saved."""
        if self._refused:
            self._refused.clear()
            if not self._pending:
                self.state_changed.emit(translate(N_("Saved")), True)

    def schedule(self, key: str, save: Callable[[], None]) -> None:
        """Save later; a newer change with the same key replaces the older one."""
        self._pending[key] = save
        self.state_changed.emit(translate(N_("Not saved yet…")), True)
        self._timer.start(DELAY_MS)

    @property
    def has_pending(self) -> bool:
        return bool(self._pending)

    def flush(self) -> bool:
        """Save everything pending now (also on leaving a document or closing the window)."""
        self._timer.stop()
        if not self._pending:
            return True
        while self._pending:
            key, save = next(iter(self._pending.items()))
            try:
                save()
            except UserError as exc:
                return self._failed(translate(N_("Not saved: {reason}"), reason=error_text(exc)))
            except (sqlite3.Error, OSError) as exc:
                return self._failed(translate(
                    N_("Not saved: {reason}. Your text is kept here; it will be saved when the problem is fixed."),
                    reason=reason_text(exc)))
            del self._pending[key]
        if self._refused:
            self.state_changed.emit(translate(N_("Not saved: {reason}"), reason=next(iter(self._refused.values()))),
                                    False)
        else:
            self.state_changed.emit(translate(N_("Saved")), True)
        self.saved.emit()
        return True

    def discard(self) -> None:
        """Forget what is pending: the database it belonged to is about to be replaced."""
        self._timer.stop()
        self._pending.clear()
        self._refused.clear()

    def _failed(self, message: str) -> bool:
        self.state_changed.emit(message, False)
        self._timer.start(RETRY_MS)
        return False
