"""What the window shows of returns for correction and receipts: the returned reports first on
the start page, the aimag's reason beside each measure in the report editor, and the aimag's
accepting or returning the open report (its dialog, with a reason per measure, is in
`gui/return_dialog.py`, loaded when first asked for). The rules are in `operations.reviews`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Report
from aplan_desktop.core.text import markup_escape
from aplan_desktop.core.titles import report_title
from aplan_desktop.gui.messages import inform
from aplan_desktop.i18n import label, translate

RETURNED_COLOUR = "#b00020"


class ReturnedReports(QWidget):
    """On the start page, above the deadlines: each report the aimag returned for correction,
    with its reasons counted and a button that opens it."""

    open_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}

    def refresh(self, ops) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.buttons = {}
        returned = ops.returned_reports()
        self.setVisible(bool(returned))
        if not returned:
            return
        words = translate(N_("Returned by the aimag for correction"))
        heading = QLabel(f"<b style='color:{RETURNED_COLOUR}'>{markup_escape(words)}</b>")
        self._layout.addWidget(heading)
        for report in returned:
            state = ops.standing(report)
            measures = ops.returned_measures(report)
            corrected = measures.corrected(report) if measures else None
            words = ops.standing_text(state) + " · " + corrected_text(
                len(state.reasons), None if corrected is None else len(corrected))
            if state.note:
                words += " · " + state.note
            what = report_title(report, ops.plan(report.plan_id)) + " · " + label(report.period.value)
            line = QLabel(f"{markup_escape(what)}<br/>"
                          f"<small>{markup_escape(words)}</small>")
            line.setWordWrap(True)
            button = QPushButton(translate(N_("Correct…")))
            button.clicked.connect(lambda _checked=False, doc=report.id: self.open_requested.emit(doc))
            self.buttons[report.id] = button
            row = QHBoxLayout()
            row.addWidget(line, 1)
            row.addWidget(button)
            holder = QWidget()
            holder.setLayout(row)
            self._layout.addWidget(holder)


def corrected_text(returned: int, corrected: int | None) -> str:
    """"2 of 3 returned measures corrected"; the count alone when what was sent is not in this data file."""
    if corrected is None:
        return translate(N_("{returned} measures returned for correction"), returned=returned)
    return translate(N_("{corrected} of {returned} returned measures corrected"), corrected=corrected,
                     returned=returned)


class ReturnReason(QLabel):
    """In the report editor, above a measure's fields: why the aimag returned it, if it did."""

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {RETURNED_COLOUR}; font-weight: bold;")
        self._reasons: dict[str, str] = {}
        self._note = ""
        self.hide()

    def load(self, state) -> None:
        """The report's standing (`Operations.standing`): reasons are shown only for a return."""
        returned = state is not None and state.state == "returned"
        self._reasons = dict(state.reasons) if returned else {}
        self._note = state.note if returned else ""

    def show_for(self, measure_id: str | None) -> None:
        reason = self._reasons.get(measure_id or "")
        if reason:
            self.setText(translate(N_("Returned by the aimag: {reason}"), reason=reason))
        self.setVisible(bool(reason))


class ReviewWindowJobs:
    """Mixed into `MainWindow`: the aimag accepts the open report, or returns it for correction."""

    def _reviewed_report(self) -> Report | None:
        editor = self.current_editor()
        if editor is None or editor is not self._report_editor or not editor.reviewing:
            inform(self, translate(N_("Open a report a body sent to accept it or return it.")))
            return None
        self.autosaver.flush()
        return self.report_editor.document

    def accept_report(self) -> None:
        report = self._reviewed_report()
        if report is not None:
            self.ops.accept_report(report.id)
            self.statusBar().showMessage(translate(N_("The report was accepted. Send the review back to the body.")),
                                         15000)

    def return_report(self) -> None:
        report = self._reviewed_report()
        if report is None:
            return
        from aplan_desktop.gui.return_dialog import ReturnDialog

        dialog = ReturnDialog(report, self.report_editor.plan, self)
        if dialog.exec():
            self.ops.return_report(report.id, dialog.reasons(), dialog.note.toPlainText())
            self.statusBar().showMessage(translate(N_("The report was returned for correction. Send the review back "
                                                      "to the body.")), 15000)
