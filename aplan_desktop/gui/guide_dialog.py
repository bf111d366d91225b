"""The user guide inside the program: Qt reads its Markdown and pictures, so nothing else is
needed to view it (Windows has no program for .md files)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.i18n import translate


class GuideDialog(QDialog):
    def __init__(self, guide: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("User guide")))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setSource(QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        self.resize(900, 700)
