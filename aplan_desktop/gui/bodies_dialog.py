"""The aimag's bodies (Аймаг → Харьяа байгууллагууд…), and registering many senders at once.

The bodies window lists every soum the aimag expects from the roster, the agencies it added
and who reports for each; an agency is added by its name, and removed while nothing is bound to
it. The senders dialog lists every
unknown sender an import found, with its key's fingerprint: the person ticks each one whose
fingerprint they compared with its cover letter, and says which body it is here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation
from aplan_desktop.exchange import UNKNOWN_SENDER, Incoming
from aplan_desktop.gui.dialogs import ok_cancel_buttons
from aplan_desktop.gui.messages import ask
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.key_register import BODIES_SEND
from aplan_desktop.operations import Operations, SenderChoice


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    return table


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a00;")
    return label


class BodiesDialog(QDialog):
    """Everyone the aimag expects reports from, from the first day; agencies are added here."""

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.setWindowTitle(translate(N_("Bodies under this aimag")))
        self.table = _table([translate(N_("Body")), translate(N_("From")), translate(N_("Reports with the key of")),
                             translate(N_("Key fingerprint"))])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.message = _message_label()
        self.add_button = QPushButton(translate(N_("Add an agency…")))
        self.add_button.clicked.connect(self.ask_agency)
        self.place_button = QPushButton(translate(N_("Place its sender elsewhere…")))
        self.place_button.clicked.connect(self.ask_place)
        self.remove_button = QPushButton(translate(N_("Remove the agency…")))
        self.remove_button.clicked.connect(self.ask_remove)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        close = QPushButton(translate(N_("Close")))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.place_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        note = QLabel(translate(N_("The consolidated report lists every body here, received or not. A soum's office "
                                   "set up from the list reports under its own entry; another sender is placed when "
                                   "its key is registered.")))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 140, self.fontMetrics().height() * 32)
        self.refresh()

    def refresh(self) -> None:
        self.bodies = bodies = self.ops.expected_bodies()
        self.table.setRowCount(len(bodies))
        for row, body in enumerate(bodies):
            source = translate(N_("the national list")) if body.listed else translate(N_("added here"))
            for column, text in enumerate((body.organisation.name, source, body.sender or "—", body.fingerprint)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        for column in (0, 1, 3):  # the body's whole name; the sender's name takes what is left
            self.table.resizeColumnToContents(column)
        self._enable()

    def _chosen(self):
        row = self.table.currentRow()
        return self.bodies[row] if 0 <= row < len(self.bodies) else None

    def _enable(self) -> None:
        chosen = self._chosen()
        self.place_button.setEnabled(chosen is not None and bool(chosen.sender_id))
        self.remove_button.setEnabled(chosen is not None and not chosen.listed)

    def ask_place(self) -> None:
        """The chosen body's sender, bound to the wrong body: placed at another, or as itself."""
        chosen = self._chosen()
        if chosen is None or not chosen.sender_id:
            return
        places = [(translate(N_("a body of its own ({name})"), name=chosen.sender), "")]
        places += [(o.name, o.id) for o in self.ops.body_choices()]
        texts = [text for text, _ in places]
        name, ok = QInputDialog.getItem(self, translate(N_("Place the sender")), translate(
            N_("{sender} reports for {body}. Who is it here?"), sender=chosen.sender,
            body=chosen.organisation.name), texts, 0, False)
        if ok:
            self._act(lambda: self.ops.place_sender(chosen.sender_id, places[texts.index(name)][1]))

    def ask_remove(self) -> None:
        """The chosen agency, added by mistake, removed once the person says so; a refusal says why."""
        chosen = self._chosen()
        if chosen is None:
            return
        if ask(self, translate(N_("Remove {name} from this aimag's bodies?"), name=chosen.organisation.name)):
            self._act(lambda: self.ops.remove_agency(chosen.organisation.id))

    def ask_agency(self) -> None:
        name, ok = QInputDialog.getText(self, translate(N_("Add an agency")), translate(
            N_("The agency's name as its letters write it (a school, a hospital, the police…):")))
        if ok:
            self.add_agency(name)

    def add_agency(self, name: str) -> None:
        self._act(lambda: self.ops.add_agency(name))

    def _act(self, job: Callable[[], object]) -> None:
        """Run a job of the operations layer; its refusal is shown here and nothing changes."""
        try:
            job()
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.message.clear()
        self.refresh()


def unknown_senders(items: list[Incoming]) -> list[Incoming]:
    """One file per unknown sender and key, in the order the import lists them."""
    seen: dict[tuple[str, str], Incoming] = {}
    for item in items:
        if item.verified is not None and item.status == UNKNOWN_SENDER:
            seen.setdefault((item.verified.sender_id, item.verified.sender_fingerprint), item)
    return list(seen.values())


class SendersDialog(QDialog):
    """Every unknown sender with its fingerprint: ticked once compared with its cover letter, and
    placed among the aimag's bodies (`choices`; empty at an office that is not an aimag's)."""

    def __init__(self, senders: list[Incoming], choices: list[Organisation], listed: Callable[[str], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.senders = senders
        self.setWindowTitle(translate(N_("Register senders")))
        self.table = _table([translate(N_("Sender, as it names itself")), translate(N_("Key fingerprint")),
                             translate(N_("Who it is here"))])
        self.table.setRowCount(len(senders))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.bodies: list[QComboBox] = []
        for row, item in enumerate(senders):
            v = item.verified
            name = QTableWidgetItem(v.sender_name)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Unchecked)  # ticked by the person, never by the program
            key = QTableWidgetItem(v.sender_fingerprint)
            key.setFont(fixed)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, key)
            from_above = v.kind not in BODIES_SEND  # a review or circular: the office above, not a body
            self.table.setCellWidget(row, 2, self._body_box(v.sender_id, v.sender_name,
                                                            [] if from_above else choices, listed))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self._enable())
        note = QLabel(translate(N_("Tick each sender whose fingerprint you compared with the one printed on its cover "
                                   "letter (or heard from it on the phone). Only the ticked senders are registered, "
                                   "and their bundles imported.")))
        note.setWordWrap(True)
        self.buttons = ok_cancel_buttons(self)
        self.ok_button = self.buttons.button(self.buttons.StandardButton.Ok)
        self.ok_button.setText(translate(N_("Register the ticked senders")))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 150, self.fontMetrics().height() * (10 + 2 * len(senders)))
        self._enable()

    def _body_box(self, sender_id: str, sender_name: str, choices: list[Organisation],
                  listed: Callable[[str], bool]) -> QComboBox:
        box = QComboBox()
        if listed(sender_id) or not choices:  # set up from the list (or not an aimag): it is itself
            box.addItem(translate(N_("itself ({name})"), name=sender_name), "")
            box.setEnabled(bool(choices))
        else:
            box.addItem(translate(N_("— choose —")), None)
            for body in choices:
                box.addItem(body.name, body.id)
            box.addItem(translate(N_("a body of its own ({name})"), name=sender_name), "")
        self.bodies.append(box)
        return box

    def _enable(self) -> None:
        self.ok_button.setEnabled(bool(self.choices()))

    def choices(self) -> list[SenderChoice]:
        return [SenderChoice(item.path, item.verified.sender_fingerprint, self.bodies[row].currentData())
                for row, item in enumerate(self.senders)
                if self.table.item(row, 0).checkState() == Qt.CheckState.Checked]
