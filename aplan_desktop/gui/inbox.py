"""The aimag's inbox: choose bundle files, see what importing them would do, then import.

The dry run lists every file with what would happen to it; after the import each file shows
what did happen (a file refused while being stored keeps its reason). The senders seen for the
first time are listed with their keys' fingerprints, and each one the user ticks (compared with
its cover letter) is registered, placed among the aimag's bodies, and its bundles imported; a
registered sender's new key replaces the old one only after the user types the new key's
fingerprint; a revision that does not follow the ones here is imported only when the user
says the sender confirmed it.
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

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.exchange import APPLIED, CONFLICT, REFUSED, UNKNOWN_SENDER, Incoming
from aplan_desktop.gui.background import run_in_background
from aplan_desktop.i18n import error_text, label, named, translate
from aplan_desktop.operations import Operations, SenderChoice


class InboxDialog(QDialog):
    def __init__(self, ops: Operations, paths: list[Path], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Import bundles")))
        self.ops, self.paths = ops, list(paths)
        self._waiting: list[Path] = []  # files handed over while a job ran, checked once it is done
        self._busy = False
        self.items: list[Incoming] = []
        self.imported_files: set[Path] = set()  # the files imported while the dialog is open
        self.imported = 0
        self.receipts: list[Path] | str = []  # written after the last import (or why they were not)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([translate(N_("File")), translate(N_("What happens")),
                                              translate(N_("Details"))])
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.setWordWrap(True)
        self.register_button = QPushButton(translate(N_("Register the senders…")))
        self.register_button.clicked.connect(self.register_selected)
        self.replace_button = QPushButton(translate(N_("Replace the key…")))
        self.replace_button.clicked.connect(self.replace_selected)
        self.confirmed_button = QPushButton(translate(N_("Import, as the sender confirmed it")))
        self.confirmed_button.clicked.connect(self.import_confirmed)
        self.import_button = QPushButton(translate(N_("Import")))
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton(translate(N_("Close")))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.register_button, self.replace_button, self.confirmed_button):
            buttons.addWidget(button)
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

    # ------------------------------------------------------------ which file a button acts on

    def _unknown(self, item: Incoming) -> bool:
        return item.status == UNKNOWN_SENDER

    def _new_key(self, item: Incoming) -> bool:
        return item.status == REFUSED and bool(item.registered_fingerprint)

    def _confirmable(self, item: Incoming) -> bool:
        return item.status == CONFLICT and item.chain_break

    def _to_import(self, item: Incoming) -> bool:
        return item.status in APPLIED and item.path not in self.imported_files

    def _chosen(self, fits) -> Incoming | None:
        """The selected file when the button is for it, else the first file it is for."""
        row = self.table.currentRow()
        if 0 <= row < len(self.items) and fits(self.items[row]):
            return self.items[row]
        return next((i for i in self.items if fits(i)), None)

    def _working(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for button, fits in ((self.import_button, self._to_import), (self.register_button, self._unknown),
                             (self.replace_button, self._new_key), (self.confirmed_button, self._confirmable)):
            button.setEnabled(not busy and any(fits(i) for i in self.items))
        if not busy and self._waiting:
            self._check_waiting()

    # ------------------------------------------------------------ the list

    def check(self) -> None:
        """The dry run, in the background: nothing is changed."""
        self._waiting = list(self.paths)
        self._check_waiting()

    def add_paths(self, paths: list[Path]) -> None:
        """More files for the list (the ones already in it are not taken twice), checked as soon
        as the dialog is not busy."""
        new = [p for p in dict.fromkeys(paths) if p not in self.paths]
        self.paths += new
        self._waiting += new
        if new and not self._busy:
            self._check_waiting()

    def _check_waiting(self) -> None:
        paths, self._waiting = self._waiting, []
        self._working(True)
        run_in_background(self.ops.path, lambda ops: ops.check_import(paths), self._show, self._failed)

    def _show(self, items: list[Incoming]) -> None:
        """The files checked, below the ones listed before; the count is of the whole list."""
        self._merge(items)
        waiting = [i for i in self.items if i.status in APPLIED and i.path not in self.imported_files]
        counted = translate(N_("{files} files: {new} to import; the others are listed with the reason."),
                            files=len(self.items), new=len(waiting))
        self.summary.setText(f"{self.summary.text()}\n{counted}" if self.imported else counted)
        self._working(False)

    def _merge(self, items: list[Incoming]) -> None:
        """These files' new outcome in the place of their rows; the other rows stay as they are."""
        newer = {i.path: i for i in items}
        self.items = [newer.pop(i.path, i) for i in self.items] + list(newer.values())
        self._draw()

    def _draw(self) -> None:
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            status = translate(N_("imported")) if item.path in self.imported_files and item.status in APPLIED else label(
                item.status)
            for column, value in enumerate((item.path.name, status, item.message)):
                self.table.setItem(row, column, QTableWidgetItem(value))
        for column in (0, 1):  # the whole name and outcome, up to a third of the width each
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), self.table.width() // 3))
        self.table.resizeRowsToContents()

    def _failed(self, message: str) -> None:
        self._working(False)
        self.summary.setText(message)

    # ------------------------------------------------------------ the jobs

    def register_selected(self) -> None:
        """Every unknown sender with its fingerprint; the ones ticked are registered, placed, and
        their bundles imported."""
        from aplan_desktop.gui.bodies_dialog import SendersDialog, unknown_senders

        dialog = SendersDialog(unknown_senders(self.items), self.ops.body_choices(), self.ops.listed, self)
        if dialog.exec():
            self.register(dialog.choices())

    def register(self, choices: list[SenderChoice]) -> None:
        ticked = {(c.bundle, c.fingerprint) for c in choices}
        senders = {(i.verified.sender_id, i.verified.sender_fingerprint) for i in self.items
                   if (i.path, i.verified.sender_fingerprint if i.verified else "") in ticked}
        paths = [i.path for i in self.items if i.verified is not None
                 and (i.verified.sender_id, i.verified.sender_fingerprint) in senders]
        self._working(True)

        def register_and_import(ops):
            refused, changes = ops.register_senders(choices)
            return refused, changes, _acknowledged(ops, ops.import_checked(ops.check_import(paths)))

        def done(outcome) -> None:
            refused, changes, imported = outcome
            self.ops.announce(changes)
            self._imported(imported)
            sentences = [text for _choice, text in refused if text]
            if sentences:
                self.summary.setText("\n".join([self.summary.text(), *sentences]))

        run_in_background(self.ops.path, register_and_import, done, self._failed)

    def replace_selected(self) -> None:
        """A registered sender's bundle signed with another key: both keys shown, the new one typed
        from the sender's new cover letter."""
        item = self._chosen(self._new_key)
        if item is None:
            return
        typed, ok = QInputDialog.getText(self, translate(N_("Replace the sender's key")), translate(
            N_("The key registered for {sender}: {old}\nThe key that signed this bundle: {new}\n\nIf the office "
               "really has a new key (a new computer, a lost key), type the fingerprint printed on its new cover "
               "letter:"), **self._sender(item), old=item.registered_fingerprint, new=item.verified.sender_fingerprint))
        if not ok:
            return
        self._working(True)

        def done(outcome) -> None:
            change, changes = outcome
            self.ops.announce(changes)
            self.summary.setText(translate(
                N_("The key of {sender} was replaced: the old key {old} is no longer accepted, the new key {new} is."),
                **named("sender", *self.ops.naming(change.organisation_id, change.organisation_name)),
                old=change.old_fingerprint, new=change.new_fingerprint))
            run_in_background(self.ops.path, lambda ops: ops.check_import([item.path]), self._rechecked, self._failed)

        run_in_background(self.ops.path, lambda ops: ops.replace_sender_key(item.path, typed), done, self._failed)

    def _rechecked(self, items: list[Incoming]) -> None:
        self._merge(items)
        self._working(False)

    def _sender(self, item: Incoming) -> dict[str, str]:
        return named("sender", *self.ops.naming(item.verified.sender_id, item.verified.sender_name))

    def run_import(self) -> None:
        items = [i for i in self.items if i.path not in self.imported_files]
        self._working(True)
        run_in_background(self.ops.path, lambda ops: _acknowledged(ops, ops.import_checked(items)), self._imported,
                          self._failed)

    def import_confirmed(self) -> None:
        """A revision that does not follow the ones here, imported because the sender confirmed it:
        judged again with the gap accepted (two contents for one revision stay a conflict)."""
        item = self._chosen(self._confirmable)
        if item is None:
            return
        self._working(True)
        run_in_background(self.ops.path, lambda ops: _acknowledged(ops, ops.import_checked(
            ops.check_import([item.path], accept_gaps=True), accept_gaps=True)), self._imported, self._failed)

    def _imported(self, result) -> None:
        """What the import did, file by file, as it did it (not checked again)."""
        outcome, changes, receipts = result
        applied = [i for i in outcome if i.status in APPLIED]
        self.imported_files |= {i.path for i in applied}
        self.imported += len(applied)
        self.ops.announce(changes)
        self._merge(outcome)
        self.receipts = receipts
        lines = [translate(N_("Imported {count} documents."), count=len(applied))]
        if isinstance(receipts, str):
            lines.append(receipts)
        elif receipts:
            lines.append(translate(N_("Receipts for {count} senders were saved in {folder}: e-mail each to its "
                                      "sender."), count=len(receipts), folder=str(receipts[0].parent)))
        self.summary.setText("\n".join(lines))
        self._working(False)


def _acknowledged(ops: Operations, result):
    """The import's outcome and changes, and the receipts written for the senders whose reports
    arrived (or, when they could not be written, the sentence saying why: the import stands)."""
    outcome, changes = result
    try:
        return outcome, changes, ops.write_receipts(outcome)
    except UserError as exc:
        return outcome, changes, error_text(exc)
