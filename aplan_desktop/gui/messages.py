"""Every message box the program shows is made here.

A warning or an error is written to the log (`aplan_desktop/log.py`) as it is shown, and its box
gets a "Copy details" button that puts the message, the program's version, the system and the
paths of the data file and the log on the clipboard (clicking it also closes the box), so that a
person can send it on. `tests/test_window_start.py` keeps the rest of the program from making
message boxes of its own. QtWidgets' message box is loaded when the first box is made: a start
that shows none does without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_
from aplan_desktop.i18n import translate
from aplan_desktop.log import details, log

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# The data file named in the details; the window's start sets it (`gui/error_log.py`).
data_file: Path | None = None


def message_box(kind: str, text: str, parent: QWidget | None = None, title: str = "aplan") -> QMessageBox:
    """A box of `kind` ("warning", "critical", "information" or "question"), not shown yet and
    without buttons of its own (the caller adds them; the functions below give it OK)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    icon = {"warning": QMessageBox.Icon.Warning, "critical": QMessageBox.Icon.Critical,
            "information": QMessageBox.Icon.Information, "question": QMessageBox.Icon.Question}[kind]
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    if kind in ("warning", "critical"):
        log.warning("shown: %s", text)
        copy = box.addButton(translate(N_("Copy details")), QMessageBox.ButtonRole.ActionRole)
        copied = details(text, data_file)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(copied))
    return box


def _with_ok(kind: str, text: str, parent: QWidget | None) -> QMessageBox:
    from PySide6.QtWidgets import QMessageBox

    box = message_box(kind, text, parent)
    box.addButton(QMessageBox.StandardButton.Ok)
    return box


def warn(parent: QWidget | None, text: str) -> None:
    """Something the person asked for was not done: said, logged, with "Copy details"."""
    _with_ok("warning", text, parent).exec()


def critical(parent: QWidget | None, text: str) -> None:
    """The program cannot go on (the data file cannot be opened): said, logged, with "Copy details"."""
    _with_ok("critical", text, parent).exec()


def inform(parent: QWidget | None, text: str) -> None:
    _with_ok("information", text, parent).exec()


def tell(parent: QWidget | None, text: str) -> QMessageBox:
    """A message that does not stop the program: the window stays usable behind it."""
    box = _with_ok("information", text, parent)
    box.open()
    return box


def ask(parent: QWidget | None, text: str) -> bool:
    """A Yes or No question; True for Yes (Esc and closing the box answer No)."""
    from PySide6.QtWidgets import QMessageBox

    box = message_box("question", text, parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.exec()
    return box.standardButton(box.clickedButton()) == QMessageBox.StandardButton.Yes
