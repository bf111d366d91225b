"""What the plan and report editors share: undo by snapshots, autosave, and the problem list.

Every change goes through `DocumentEditor.changed_by_user`: the document before and after
becomes one undo step (typing in one field merges into one step), and the document is saved
within a second. Undo and redo restore a snapshot and save it too.
"""

from __future__ import annotations

import copy

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.parsing import InputRefused, parse_money
from aplan_desktop.core.validation import Problem
from aplan_desktop.core.workflow import HistoryEvent, StepRefused
from aplan_desktop.gui.autosave import Autosaver
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.i18n.mongolian import format_amount
from aplan_desktop.storage import Store


class _Snapshot(QUndoCommand):
    def __init__(self, editor: "DocumentEditor", before, after, key: str, text: str) -> None:
        super().__init__(text)
        self.editor, self.before, self.after, self.key = editor, before, after, key
        self._first = True

    def id(self) -> int:  # noqa: A003 - Qt's name
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if not isinstance(other, _Snapshot) or other.key != self.key or not self.key:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        if self._first:  # the change is already in the editor
            self._first = False
            return
        self.editor.restore(self.after)

    def undo(self) -> None:
        self.editor.restore(self.before)


class DocumentEditor(QWidget):
    """Base of the plan and report editors."""

    doc_kind = ""  # "plan" or "report", as the history names it
    reopen_words: tuple[str, str]  # the reopen dialog's title and question
    reopen_step: Callable[[Plan | Report, str], HistoryEvent]  # the workflow's reopen for this kind

    document_changed = Signal()  # after every change: the problem list and the navigator refresh

    def __init__(self, store: Store, autosaver: Autosaver, undo: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.autosaver = autosaver
        self.undo_stack = undo
        self.banner = QLabel()  # why a step was refused, shown above the document (no pop-up)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #8a1c1c; padding: 6px; border-radius: 3px;")
        self.banner.hide()
        self.document: Plan | Report | None = None
        self._snapshot: Plan | Report | None = None
        self._loading = False
        self._saved_values: dict[str, object] = {}  # a strictly read field's value on disk, while it is edited

    def keep_saved_value(self, key: str, value: object) -> None:
        """Before a strictly read field's first unsaved change: the value on disk."""
        self._saved_values.setdefault(key, value)

    def last_saved(self, key: str, current: object) -> object:
        """What the field holds on disk: a text that stops reading does not keep what a part of it read as."""
        return self._saved_values.get(key, current)

    def show_beginnings(self) -> None:
        """Long text in one-line fields shown from its first word (setText leaves its end in view)."""
        for field in self.findChildren(QLineEdit):
            if not field.hasFocus():
                field.setCursorPosition(0)

    def show_refusal(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(bool(message))

    def open_document(self, document: Plan | Report) -> None:
        self.show_refusal("")
        self.document = document
        self._snapshot = copy.deepcopy(document)
        self._saved_values.clear()
        self.undo_stack.clear()
        self._loading = True
        try:
            self.show_document()
        finally:
            self._loading = False
        self.document_changed.emit()

    def changed_by_user(self, key: str, description: str, save_key: str = "", save=None) -> None:
        """Record the change already made to `self.document` and schedule its save."""
        if self._loading or self.document is None:
            return
        after = copy.deepcopy(self.document)
        self.undo_stack.push(_Snapshot(self, self._snapshot, after, key, description))
        self._snapshot = after
        self.autosaver.schedule(save_key or self.document.id, self._recorded(save or self.save_whole))
        self.document_changed.emit()

    def _recorded(self, save):
        """The save, with the day's "edited" line in the document's history, in one transaction."""
        kind, doc_id = self.doc_kind, self.document.id

        def save_and_note() -> None:
            with self.store.transaction():
                save()
                self.store.note_edit(kind, doc_id)
            self._saved_values.clear()
        return save_and_note

    def restore(self, snapshot: Plan | Report) -> None:
        self.document = copy.deepcopy(snapshot)
        self._snapshot = copy.deepcopy(snapshot)
        self._loading = True
        try:
            self.show_document()
        finally:
            self._loading = False
        self.autosaver.schedule(self.document.id, self._recorded(self.save_whole))
        self.document_changed.emit()

    def reopen(self) -> None:
        """Asks why: the reason goes into the history with the step."""
        title, question = self.reopen_words
        reason, ok = QInputDialog.getMultiLineText(self, translate(title), translate(question))
        if ok:
            self.reopen_with_reason(reason)

    def reopen_with_reason(self, reason: str) -> bool:
        return self.take_step(lambda: self.reopen_step(self.document, reason))

    def take_step(self, step: Callable[[], HistoryEvent], refused: Callable[[], None] | None = None) -> bool:
        """Approve, finalise, reopen…: saved with its line in the history, or refused with the
        reason shown above the document (the step changes nothing when it refuses)."""
        self.autosaver.flush()
        try:
            event = step()
        except StepRefused as refusal:
            if refused is not None:
                refused()
            self.document_changed.emit()
            self.show_refusal(error_text(refusal))
            return False
        with self.store.transaction():
            self.save_whole()
            self.store.add_history(self.doc_kind, self.document.id, event.action, event.reason)
        self.reload()
        return True

    # to be provided by each editor
    def reload(self) -> None:
        raise NotImplementedError

    def show_document(self) -> None:
        raise NotImplementedError

    def save_whole(self) -> None:
        raise NotImplementedError

    def problems(self) -> list[Problem]:
        raise NotImplementedError

    def focus_problem(self, problem: Problem) -> None:
        raise NotImplementedError


def amount_field() -> QLineEdit:
    """A money field in thousand tögrög, wide enough for its hint at any text size."""
    field = QLineEdit()
    field.setPlaceholderText(translate(N_("thousand tögrög")))
    metrics = field.fontMetrics()
    field.setMinimumWidth(metrics.horizontalAdvance(field.placeholderText()) + 3 * metrics.averageCharWidth())
    return field


class ReadBack(QLabel):
    """Under a field whose text is read strictly: what the text reads as, or the sentence
    saying why it does not and what to type. Two lines are kept for it whether it says
    something or not, so nothing below moves while the person types."""

    def __init__(self, read: Callable[[str], object], show: Callable[[object], str]) -> None:
        super().__init__()
        self._read, self._show = read, show
        self.setWordWrap(True)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.refusal = ""

    def check(self, text: str) -> tuple[bool, object]:
        """(True, value) when the text reads, else (False, None) with the sentence shown."""
        try:
            value = self._read(text)
        except InputRefused as refused:
            self.refusal = error_text(refused)
            self.setStyleSheet("color: #a8071a;")
            self.setText(self.refusal)
            return False, None
        self.refusal = ""
        self.setStyleSheet("color: palette(mid);")
        self.setText(self._show(value) if value is not None else "")
        return True, value

    def clear_reading(self) -> None:
        self.refusal = ""
        self.setText("")


def money_read_back() -> ReadBack:
    """The amount as the program reads it: "= 1,250.5 мянган төгрөг"."""
    return ReadBack(parse_money, lambda value: translate(N_("= {amount} thousand tögrög"),
                                                         amount=format_amount(value)))
