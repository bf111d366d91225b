"""Help → About: the program's version and data file, its licence, and the notices of the
libraries and fonts it ships (THIRD-PARTY-NOTICES.md and LICENSE, both in the build)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTabWidget, QTextBrowser, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.i18n import translate
from aplan_desktop.resources import base_dir


class AboutDialog(QDialog):
    def __init__(self, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("About aplan")))
        self.summary = QLabel(summary + "\n\n" + translate(
            N_("aplan is free software under the MIT licence. It uses Qt under the GNU LGPL 3.0 and the other "
               "libraries and fonts listed below, each under its own licence.")))
        self.summary.setWordWrap(True)
        self.notices = _text_view(base_dir() / "THIRD-PARTY-NOTICES.md", markdown=True)
        self.licence = _text_view(base_dir() / "LICENSE", markdown=False)
        tabs = QTabWidget()
        tabs.addTab(self.notices, translate(N_("Libraries and fonts")))
        tabs.addTab(self.licence, translate(N_("Licence")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)


def _text_view(path, markdown: bool) -> QTextBrowser:
    view = QTextBrowser()
    view.setOpenExternalLinks(True)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        text = translate(N_("The file {path} is missing from the program's folder."), path=str(path))
        markdown = False
    if markdown:
        view.setMarkdown(text)
    else:
        view.setPlainText(text)
    return view


def show_about(parent: QWidget, summary: str) -> None:
    AboutDialog(summary, parent).exec()
