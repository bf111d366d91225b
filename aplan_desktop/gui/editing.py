"""What the plan and report editors share: one edit session, undo, autosave, refusals.

Every change a person makes is one call on the operations layer's edit session
(`DocumentEditor.edit`): the session checks it, changes the document and records a small undo
step; the editor puts an entry on the window's Undo menu (none when the keystroke merged into
the step already there) and asks the autosaver to save after a pause. The problem list is
refreshed after a short pause in typing too, so a keystroke costs only the change itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QWidget,
)

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.parsing import InputRefused
from aplan_desktop.core.validation import Problem, Severity
from aplan_desktop.core.workflow import StepRefused
from aplan_desktop.gui.autosave import Autosaver
from aplan_desktop.gui.messages import message_box
from aplan_desktop.i18n import error_text, translate
from aplan_desktop.operations.editing import UNDO_LIMIT, EditSession, Step

PROBLEMS_AFTER_MS = 300  # the problem list and the navigator follow typing after this pause


class _UndoEntry(QUndoCommand):
    """The Undo menu's line for one step; the step itself is kept by the session."""

    def __init__(self, editor: "DocumentEditor", text: str) -> None:
        super().__init__(text)
        self.editor = editor
        self._done = True  # pushed after the change was made

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.editor.replay(forward=True)

    def undo(self) -> None:
        self.editor.replay(forward=False)


class DocumentEditor(QWidget):
    """Base of the plan and report editors."""

    doc_kind = ""  # "plan" or "report"
    reopen_words: tuple[str, str]  # the reopen dialog's title and question

    document_changed = Signal()  # the problem list and the navigator refresh

    def __init__(self, ops, autosaver: Autosaver, undo: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.autosaver = autosaver
        self.undo_stack = undo
        if undo.count() == 0:
            undo.setUndoLimit(UNDO_LIMIT)  # as many as the session keeps
        self.banner = QLabel()  # why a step was refused, shown above the document (no pop-up)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fdecea; color: #8a1c1c; padding: 6px; border-radius: 3px;")
        self.banner.hide()
        self.session: EditSession | None = None
        self.read_backs: list[ReadBack] = []  # made by `read_back`
        self._loading = False
        self._problems_timer = QTimer(self)
        self._problems_timer.setSingleShot(True)
        self._problems_timer.setInterval(PROBLEMS_AFTER_MS)
        self._problems_timer.timeout.connect(lambda: self.isVisible() and self.document_changed.emit())
        self.document_changed.connect(self._banner_follows_problems)
        palette = self.palette()  # a hint in an empty field must not look like a value typed there
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8c8c8c"))
        self.setPalette(palette)

    @property
    def document(self) -> Plan | Report | None:
        return self.session.document if self.session else None

    def read_back(self, key: str, field: QLineEdit | QComboBox, label: str) -> ReadBack:
        """The read-back under a field, kept with the editor's others (asking Qt for them by their
        type made a Python object for every object in the editor: 8 ms at the first report opened)."""
        read_back = ReadBack(key, field, label)
        self.read_backs.append(read_back)
        return read_back

    def hideEvent(self, event) -> None:  # noqa: N802
        """Left (another page, or the window closes): opening the next document shows its problems."""
        self._problems_timer.stop()
        super().hideEvent(event)

    def show_beginnings(self) -> None:
        """Long text in one-line fields shown from its first word (setText leaves its end in view)."""
        for field in self.findChildren(QLineEdit):
            if not field.hasFocus():
                field.setCursorPosition(0)

    def show_refusal(self, message: str) -> None:
        self.banner.setText(message)
        self.banner.setVisible(bool(message))

    def _banner_follows_problems(self) -> None:
        """The refusal above the document goes once nothing it named is left to fix."""
        if self.banner.isVisible() and self.session is not None and not any(
                p.severity == Severity.ERROR for p in self.problems()):
            self.show_refusal("")

    def open_session(self, session: EditSession) -> None:
        self.show_refusal("")
        self.session = session
        for read_back in self.read_backs:  # the new document's fields read anew
            read_back.show_reading("")
        self.undo_stack.clear()
        self.autosaver.forget_refusals()
        self._loading = True
        try:
            self.show_document()
        finally:
            self._loading = False
        self.document_changed.emit()

    def edit(self, change: Callable[[EditSession], Step | None], read_back: "ReadBack | None" = None,
             refused: Callable[[str], None] | None = None) -> Step | None:
        """Make one change through the session. A text that does not read is kept in its field
        with the sentence beside it (nothing of it is saved); any other refusal shows above, or
        is handed to `refused` (a dialog that stays open with what was typed)."""
        if self._loading or self.session is None:
            return None
        session = self.session
        last = session.last_step
        try:
            step = change(session)
        except InputRefused as unread:
            read_back.refuse(error_text(unread))
            self.autosaver.refuse(read_back.key, translate(N_("a field's text does not read: see the note under it")))
            if session.has_unsaved:  # what an earlier keystroke read as goes back to what is on disk
                self.autosaver.schedule(session.document.id, session.save)
            return None
        except UserError as refusal:
            (refused or self.show_refusal)(error_text(refusal))
            return None
        if read_back is not None:
            self.autosaver.accept(read_back.key)
        if step is None:
            return None
        if step is not last:
            self.undo_stack.push(_UndoEntry(self, step.text))
        self.autosaver.schedule(session.document.id, session.save)
        if step.structure:
            self.document_changed.emit()
        else:
            self._problems_timer.start()
        return step

    def replay(self, forward: bool) -> None:
        """Undo or redo the session's step; the fields show the result and it is saved."""
        session = self.session
        step = session.redo() if forward else session.undo()
        if step is None:
            return
        self._loading = True
        try:
            self.show_step(step)
        finally:
            self._loading = False
        self.autosaver.schedule(session.document.id, session.save)
        self.document_changed.emit()

    def reopen(self) -> None:
        """Asks why: the reason goes into the history with the step."""
        title, question = self.reopen_words
        reason, ok = QInputDialog.getMultiLineText(self, translate(title), translate(question))
        if ok:
            self.reopen_with_reason(reason)

    def reopen_with_reason(self, reason: str) -> bool:
        return self.take_step(lambda: self.ops.reopen(self.document.id, reason, origin=self))

    def take_step(self, step: Callable[[], object], refused: Callable[[], None] | None = None) -> bool:
        """Approve, finalise, reopen: what is typed is saved first; the step is saved with its line
        in the history, or refused with the reason shown above the document. Not with a field
        whose text does not read, unless the person says to leave it."""
        if not self.may_leave():
            return False
        self.autosaver.flush()
        try:
            step()
        except (StepRefused, UserError) as refusal:
            if refused is not None:
                refused()
            self.document_changed.emit()
            self.show_refusal(error_text(refusal))
            return False
        self.reload()
        return True

    def refused_field(self) -> "ReadBack | None":
        return next((r for r in self.read_backs if r.refused), None)

    def may_leave(self) -> bool:
        """Before another measure, another document or closing: a field whose text does not read
        is not dropped without a word. One question, answered with Enter or Esc: go back to the
        field (the default) or leave, keeping the value saved before."""
        read_back = self.refused_field()
        if read_back is None:
            return True
        box = message_box("warning", translate(
            N_("“{field}”: the text “{text}” does not read, so it is not saved. {reason}\n\n"
               "Go back and correct it, or leave and keep the value saved before?"),
            field=translate(read_back.label), text=read_back.typed(), reason=read_back.text()), self,
            translate(N_("Not saved")))
        back = box.addButton(translate(N_("Go back and correct it")), QMessageBox.ButtonRole.RejectRole)
        leave = box.addButton(translate(N_("Leave, keep the saved value")), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        if box.clickedButton() is leave:
            read_back.show_reading("")
            self.autosaver.accept(read_back.key)
            return True
        read_back.field.setFocus()
        for scroll in self.findChildren(FormScroll):
            if scroll.isAncestorOf(read_back.field):
                scroll.ensureWidgetVisible(read_back.field)
        return False

    # to be provided by each editor
    def reload(self) -> None:
        raise NotImplementedError

    def show_document(self) -> None:
        raise NotImplementedError

    def show_step(self, step: Step) -> None:
        raise NotImplementedError

    def problems(self) -> list[Problem]:
        raise NotImplementedError

    def focus_problem(self, problem: Problem) -> None:
        raise NotImplementedError


class FormScroll(QScrollArea):
    """The form beside the list, scrolled up and down only: a long hint wraps rather than
    widening it, and when the pane is narrow (a large text size) the labels go above their
    fields, so every field keeps a usable width."""

    NARROW_CHARACTERS = 60

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setViewport(QWidget())  # made here: asking Qt for its own loaded every widget class (33 enum classes)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(content)

    def resizeEvent(self, event) -> None:  # noqa: N802
        narrow = self.viewport().width() < self.NARROW_CHARACTERS * self.fontMetrics().averageCharWidth()
        policy = QFormLayout.RowWrapPolicy.WrapAllRows if narrow else QFormLayout.RowWrapPolicy.WrapLongRows
        for form in self.widget().findChildren(QFormLayout):
            if form.rowWrapPolicy() != policy:
                form.setRowWrapPolicy(policy)
        super().resizeEvent(event)


def stay_on(view: QWidget, restore: Callable[[], None]) -> None:
    """Put a list's choice back without a signal; again once the click that chose the other
    line has been handled (the view selects the clicked line after telling of it)."""
    def put_back() -> None:
        view.blockSignals(True)
        restore()
        view.blockSignals(False)
    put_back()
    QTimer.singleShot(0, put_back)


def amount_field() -> QLineEdit:
    """A money field in thousand tögrög: room for its hint, but never more than ten characters'
    width (in a narrow pane it shares its line with the source)."""
    field = QLineEdit()
    field.setPlaceholderText(translate(N_("thousand tögrög")))
    metrics = field.fontMetrics()
    field.setMinimumWidth(min(metrics.horizontalAdvance(field.placeholderText()) + 3 * metrics.averageCharWidth(),
                              10 * metrics.averageCharWidth()))
    return field


class ReadBack(QLabel):
    """Under a field whose text is read strictly: what the text reads as, or the sentence
    saying why it does not and what to type. Two lines are kept for it whether it says
    something or not, so nothing below moves while the person types."""

    def __init__(self, key: str, field: QLineEdit | QComboBox, label: str) -> None:
        super().__init__()
        self.key = key  # the field, for the autosaver's "not saved" state
        self.field = field
        self.label = label  # the field's name (a message id), for the question on leaving it
        self.setWordWrap(True)
        self.setMinimumHeight(2 * self.fontMetrics().lineSpacing())
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def refuse(self, sentence: str) -> None:
        self.setStyleSheet("color: #a8071a;")
        self.setText(sentence)

    def show_reading(self, words: str) -> None:
        self.setStyleSheet("color: palette(placeholder-text);")
        self.setText(words)

    def typed(self) -> str:
        return self.field.currentText() if isinstance(self.field, QComboBox) else self.field.text()

    @property
    def refused(self) -> bool:
        return "a8071a" in self.styleSheet() and bool(self.text())


def money_words(amount) -> str:
    """The amount as the program read it: "= 1,250.5 мянган төгрөг"."""
    from aplan_desktop.i18n.mongolian import format_amount

    return "" if amount is None else translate(N_("= {amount} thousand tögrög"), amount=format_amount(amount))
