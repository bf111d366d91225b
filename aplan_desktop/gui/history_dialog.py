"""A document's history: who did what and when (created, edited, approved, finalised, sent,
reopened and why)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDialog, QHeaderView, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout

from aplan_desktop.core.errors import N_
from aplan_desktop.i18n import label, translate


def local_time(stored: str) -> str:
    """A stored UTC time as this computer's clock shows it, written as dates are here: "2026.11.22 17:13"."""
    return f"{datetime.fromisoformat(stored).astimezone():%Y.%m.%d %H:%M}"


class HistoryDialog(QDialog):
    def __init__(self, events: list[dict], parent=None) -> None:
        """`events`: the document's history, oldest first (`Operations.history`)."""
        super().__init__(parent)
        self.setWindowTitle(translate(N_("History")))
        self.table = QTableWidget(len(events), 5)
        self.table.setHorizontalHeaderLabels([translate(N_("When")), translate(N_("What")), translate(N_("Why")),
                                              translate(N_("Computer user")), translate(N_("Signatory"))])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # headers and values whole
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, event in enumerate(events):
            when = local_time(event["at"])
            for column, value in enumerate((when, label(event["action"]), event["reason"], event["computer_user"],
                                            event["signatory"])):
                self.table.setItem(row, column, QTableWidgetItem(value))
        close = QPushButton(translate(N_("Close")))
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(close)
        self.resize(max(760, self.table.horizontalHeader().length() + 60), 360)
