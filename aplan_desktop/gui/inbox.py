"""The aimag's inbox: choose bundle files, see what importing them would do, then import.

The dry run lists every file with what would happen to it; a sender seen for the first time
is registered only after the user types the key's fingerprint read on the cover letter.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from aplan_desktop.core.errors import N_
from aplan_desktop.exchange import APPLIED, UNKNOWN_SENDER, Incoming
from aplan_desktop.gui.background import run_in_background
from aplan_desktop.i18n import label, named, translate
from aplan_desktop.operations import Operations


class InboxDialog(QDialog):
    def __init__(self, ops: Operations, paths: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Import bundles")))
        self.ops, self.paths = ops, paths
        self.items: list[Incoming] = []
        self.imported = 0
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([translate(N_("File")), translate(N_("What happens")),
                                              translate(N_("Details"))])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.register_button = QPushButton(translate(N_("Register the sender's key…")))
        self.register_button.clicked.connect(self.register_selected)
        self.import_button = QPushButton(translate(N_("Import")))
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton(translate(N_("Close")))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(1000, 520)
        self.check()

    def _working(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.import_button.setEnabled(not busy and any(i.status in APPLIED for i in self.items))
        self.register_button.setEnabled(not busy and any(i.status == UNKNOWN_SENDER for i in self.items))

    def check(self) -> None:
        """The dry run, in the background: nothing is changed."""
        self._working(True)
        run_in_background(self.ops.path, lambda ops: ops.check_import(self.paths), self._show, self._failed)

    def _show(self, items: list[Incoming]) -> None:
        self.items = items
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            for column, value in enumerate((item.path.name, label(item.status), item.message)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeRowsToContents()
        new = sum(1 for i in items if i.status in APPLIED)
        self.summary.setText(translate(N_("{files} files: {new} to import; the others are listed with the reason."),
                                       files=len(items), new=new))
        self._working(False)

    def _failed(self, message: str) -> None:
        self._working(False)
        self.summary.setText(message)

    def register_selected(self) -> None:
        row = self.table.currentRow()
        candidates = [i for i in self.items if i.status == UNKNOWN_SENDER]
        item = self.items[row] if 0 <= row < len(self.items) and self.items[row].status == UNKNOWN_SENDER else (
            candidates[0] if candidates else None)
        if item is None:
            return
        typed, ok = QInputDialog.getText(self, translate(N_("Register the sender's key")), translate(
            N_("Type the key fingerprint printed on the cover letter of {sender}:"),
            **named("sender", *self.ops.naming(item.verified.sender_id, item.verified.sender_name))))
        if ok:
            self.register(item, typed)

    def register(self, item: Incoming, typed: str) -> None:
        self._working(True)
        def done(outcome) -> None:
            self.ops.announce(outcome[1])
            self.check()

        run_in_background(self.ops.path, lambda ops: ops.register_sender(item.path, typed), done, self._failed)

    def run_import(self) -> None:
        items = self.items
        self._working(True)

        def done(result) -> None:
            outcome, changes = result
            count = sum(1 for i in outcome if i.status in APPLIED)
            self.imported += count
            self.ops.announce(changes)
            self.summary.setText(translate(N_("Imported {count} documents."), count=count))
            self.check()

        run_in_background(self.ops.path, lambda ops: ops.import_checked(items), done, self._failed)
