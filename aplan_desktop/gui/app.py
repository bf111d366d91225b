"""The main window: for now, the list of plans and reports with their status and score.

The editor itself comes later; this window already opens the real database, shows a
database problem as a message box instead of a traceback, and lists what is stored.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop import __version__
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import error_text, label, translate
from aplan_desktop.i18n.mongolian import format_percent
from aplan_desktop.storage import DocumentSummary, Store

RAW_ROLE = Qt.ItemDataRole.UserRole


class DocumentTableModel(QAbstractTableModel):
    """Plans and reports: formatted text for display, the summary itself in the user role."""

    HEADERS = (N_("organisation"), N_("year"), N_("document"), N_("period"), N_("status"), N_("score"))

    def __init__(self, documents: list[DocumentSummary]) -> None:
        super().__init__()
        self.documents = documents

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.documents)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate(self.HEADERS[section]).capitalize()
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        d = self.documents[index.row()]
        if role == RAW_ROLE:
            return d
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            d.organisation,
            str(d.year),
            label(d.kind) + ": " + label(d.plan_kind.value),
            label(d.period.value) if d.period else "",
            label(d.status),
            format_percent(d.score) if d.kind == "report" else "",
        )[index.column()]


class MainWindow(QMainWindow):
    def __init__(self, store: Store, db_path: Path) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"aplan {__version__} — {db_path}")
        self.model = DocumentTableModel(store.documents())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        heading = QLabel(translate(N_("Plans and reports")))
        heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        layout.addWidget(heading)
        layout.addWidget(self.table)
        if not self.model.documents:
            layout.addWidget(QLabel(translate(
                N_("The database is empty. Run “aplan demo” to load the demo documents."))))
        self.setCentralWidget(central)
        self.resize(1200, 600)


def run_gui(db_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    try:
        store = Store.open(db_path)
    except UserError as exc:
        QMessageBox.critical(None, "aplan", error_text(exc))
        return 1
    window = MainWindow(store, db_path)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
