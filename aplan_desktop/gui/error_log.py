"""Errors the window shows, kept in the log, with a "Copy details" button to send them on.

An application-wide event filter sees every warning and critical message box as it opens,
whichever part of the window opened it: its text goes to the log (`aplan_desktop/log.py`) and
the box gets a "Copy details" button that puts the message, the program's version, the system
and the paths of the data file and the log on the clipboard (clicking it also closes the box).
A fault of the program that reaches Qt's event loop is logged with its traceback and told in
a sentence instead of passing unseen.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMessageBox

from aplan_desktop.core.errors import N_
from aplan_desktop.gui.background import FAULT
from aplan_desktop.i18n import translate
from aplan_desktop.log import details, log

_SERIOUS = (QMessageBox.Icon.Warning, QMessageBox.Icon.Critical)


class ErrorLog(QObject):
    def __init__(self, app: QApplication, db_path: Path) -> None:
        super().__init__(app)
        self.app, self.db_path = app, db_path
        app.installEventFilter(self)
        self._excepthook, sys.excepthook = sys.excepthook, report_fault

    def uninstall(self) -> None:
        """When the window's program ends (and between tests)."""
        self.app.removeEventFilter(self)
        sys.excepthook = self._excepthook

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # it sees every event of the program: the cheap test first (a Qt enum made for each event
        # cost about 3 µs, thousands of times during the start alone)
        if (isinstance(watched, QMessageBox) and event.type() == QEvent.Type.Show and watched.icon() in _SERIOUS
                and not watched.property("aplan_logged")):
            watched.setProperty("aplan_logged", True)
            log.warning("shown: %s", watched.text())
            self.add_copy_button(watched)
        return False

    def add_copy_button(self, box: QMessageBox) -> None:
        button = box.addButton(translate(N_("Copy details")), QMessageBox.ButtonRole.ActionRole)
        text = details(box.text(), self.db_path)
        button.clicked.connect(lambda: QApplication.clipboard().setText(text))


def report_fault(kind, value, tb) -> None:
    """sys.excepthook for the window: logged with the traceback, told in a sentence (the one
    background work and the menu actions use for a fault), never in Python's words."""
    log.error("fault: %s", "".join(traceback.format_exception(kind, value, tb)).rstrip())
    if QApplication.instance() is not None and not issubclass(kind, KeyboardInterrupt):
        QMessageBox.warning(None, "aplan", translate(FAULT))


def install(app: QApplication, db_path: Path) -> ErrorLog:
    return ErrorLog(app, db_path)
