"""Faults of the program that reach Qt's event loop: logged with their traceback and told in a
sentence instead of passing unseen. The messages the window shows are logged, and given their
"Copy details" button, where every message box is made (`gui/messages.py`); this names the data
file in those details.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from aplan_desktop.core.errors import FAULT
from aplan_desktop.gui import messages
from aplan_desktop.i18n import translate
from aplan_desktop.log import log_fault


class ErrorLog:
    """While the window's program runs: its faults reported, its data file in the details."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._excepthook, sys.excepthook = sys.excepthook, report_fault

    @property
    def db_path(self) -> Path | None:
        return messages.data_file

    @db_path.setter
    def db_path(self, path: Path | None) -> None:
        messages.data_file = path

    def uninstall(self) -> None:
        """When the window's program ends (and between tests)."""
        sys.excepthook = self._excepthook
        self.db_path = None


def report_fault(kind, value, tb) -> None:
    """sys.excepthook for the window: logged with the traceback, told in a sentence (the one
    background work and the menu actions use for a fault), never in Python's words."""
    log_fault(value.with_traceback(tb))
    if QApplication.instance() is not None and not issubclass(kind, KeyboardInterrupt):
        messages.warn(None, translate(FAULT))


def install(db_path: Path) -> ErrorLog:
    return ErrorLog(db_path)
