"""The backups: when each was taken, why, and what it holds; restore one (after a backup of now)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.gui.messages import ask, warn
from aplan_desktop.i18n import error_text, translate

REASONS = {"auto": N_("automatic"), "manual": N_("by hand"), "migration": N_("before an update"),
           "import": N_("before an import"), "restore": N_("before a restore")}


class RestoreDialog(QDialog):
    def __init__(self, backups: list, parent=None, back_up_now: Callable[[], list] | None = None,
                 copy_away: Callable[[Path], Path] | None = None, last_copy_away: str = "",
                 copy_folder: str = "") -> None:
        """`backups`: newest first, each with what it holds (`Operations.backups`);
        `back_up_now`: takes a backup and returns the list anew; `copy_away`: writes a backup of
        now into a chosen folder (a USB drive) and returns its path (neither before the data file
        opens); `last_copy_away`: when that was last done, as shown."""
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Backups")))
        self.chosen: Path | None = None
        self.back_up_now = back_up_now
        note = QLabel(translate(N_("A copy is taken every 30 minutes when something changed, and before every "
                                   "update and import. Restoring one first keeps a copy of the data as it is now.")))
        note.setWordWrap(True)
        self.copy_away = copy_away
        self.copy_folder = copy_folder
        self.copy_note = QLabel(translate(N_("These backups are on this PC's disk and are lost with it: copy one to a "
                                             "USB drive at least once a month. Last copied: {when}."),
                                          when=last_copy_away or translate(N_("never"))))
        self.copy_note.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([translate(N_("Taken")), translate(N_("Why")),
                                              translate(N_("What it holds"))])
        for column in (0, 1):  # the date and the reason whole
            self.table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._show(backups)
        self.restore_button = QPushButton(translate(N_("Restore the chosen backup…")))
        self.restore_button.clicked.connect(self._restore)
        close = QPushButton(translate(N_("Close")))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        if back_up_now is not None:
            self.back_up_button = QPushButton(translate(N_("Back up now")))
            self.back_up_button.clicked.connect(self._back_up)
            buttons.addWidget(self.back_up_button)
        if copy_away is not None:
            self.copy_button = QPushButton(translate(N_("Copy to a USB drive…")))
            self.copy_button.clicked.connect(self._copy_away)
            buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        if copy_away is not None:
            layout.addWidget(self.copy_note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(820, 420)

    def _show(self, backups: list) -> None:
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, info in enumerate(backups):
            holds = translate(N_("{plans} plans, {reports} reports"), plans=info.plans, reports=info.reports) \
                if info.ok else error_text(info.problem)
            for column, value in enumerate((f"{info.taken_at:%Y.%m.%d %H:%M}",
                                            translate(REASONS.get(info.reason, info.reason)), holds)):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def _back_up(self) -> None:
        try:
            self._show(self.back_up_now())
        except UserError as exc:
            warn(self, error_text(exc))

    def _copy_away(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, translate(N_("The USB drive (or a folder on it) to copy to")),
                                                  self.copy_folder)
        if not folder:
            return
        try:
            path = self.copy_away(Path(folder))
        except UserError as exc:
            warn(self, error_text(exc))
            return
        self.copy_folder = folder
        self.copy_note.setText(translate(N_("A checked copy of the data is on the USB drive: {path}. Keep the drive "
                                            "away from this PC."), path=str(path)))

    def _restore(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.backups) or not self.backups[row].ok:
            return
        info = self.backups[row]
        if ask(self, translate(
                N_("Put the backup of {taken} in the place of the current data? The current data is kept as a "
                   "backup too."), taken=f"{info.taken_at:%Y.%m.%d %H:%M}")):
            self.chosen = info.path
            self.accept()
