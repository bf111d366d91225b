"""The window's jobs for a plan carried out by the bodies under an office: "Send to the bodies
under this office…" (the deadlines and who carries out which measure, then the folder), and the
consolidated report of one plan. The rules are the operations layer's; this only asks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.circulars import Audience, Circular, default_deadlines, parse_deadline
from aplan_desktop.core.errors import N_, DocumentFormatError, UserError
from aplan_desktop.core.model import Plan
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.dialogs import ok_cancel_buttons
from aplan_desktop.gui.messages import ask
from aplan_desktop.i18n import label, translate

AUDIENCE_WORDS = ((Audience.BOTH, N_("soums and agencies")), (Audience.SOUMS, N_("soums only")),
                  (Audience.AGENCIES, N_("agencies only")))


class CircularDialog(QDialog):
    """The deadlines of the half years (seed 003's by default) and, per measure, who carries it out.
    For a plan already marked, one more button: "Do not send it" takes the mark back while the
    bodies cannot hold it yet (`withdraw`, after a question); once they may, "Call it off…" asks,
    and the plan is called off only when the folder for the notice is chosen next
    (`calling_off`); a plan called off offers to write its notice again (`notice`)."""

    def __init__(self, plan: Plan, circular: Circular | None, parent: QWidget | None = None,
                 withdraw: Callable[[], object] | None = None) -> None:
        super().__init__(parent)
        self.withdraw, self.withdrawn = withdraw, False
        self.calling_off = self.notice = False  # what the person chose instead of sending the plan
        self.written = circular is not None and circular.revision > 0  # the bodies may hold it
        self.called_off = circular is not None and circular.called_off
        self.setWindowTitle(translate(N_("Send to the bodies under this office")))
        deadlines = circular.deadlines if circular else default_deadlines()
        self.deadline_boxes: dict[Period, QLineEdit] = {}
        form = QFormLayout()
        for period in (Period.H1, Period.H2):
            d = deadlines.get(period) or default_deadlines()[period]
            box = QLineEdit(f"{d.month:02d}-{d.day:02d}")
            box.setInputMask("99-99")
            self.deadline_boxes[period] = box
            form.addRow(translate(N_("Reports of the {period} due (MM-DD)"), period=label(period.value)), box)
        self.measures = QTableWidget(len(plan.measures()), 2)
        self.measures.setHorizontalHeaderLabels([translate(N_("Measure")), translate(N_("Carried out by"))])
        self.audience: dict[str, QComboBox] = {}
        for row, measure in enumerate(plan.measures()):
            item = QTableWidgetItem(f"{measure.number}. {measure.text[:120]}")
            item.setToolTip(measure.text)
            self.measures.setItem(row, 0, item)
            choice = QComboBox()
            for value, words in AUDIENCE_WORDS:
                choice.addItem(translate(words), value)
            chosen = circular.audience.get(measure.id, Audience.BOTH) if circular else Audience.BOTH
            choice.setCurrentIndex(choice.findData(chosen))
            self.measures.setCellWidget(row, 1, choice)
            self.audience[measure.id] = choice
        self.measures.verticalHeader().hide()  # the measures carry their own numbers
        self.measures.horizontalHeader().setStretchLastSection(False)
        self.measures.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 70)
        self.measures.resizeColumnToContents(1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        intro = QLabel(translate(N_("The soums and agencies under this office carry out this plan and report on it. "
                                    "They receive it as a file to import, like a review."))
                       + (" " + translate(N_("It is called off now; sending it again takes it up again."))
                          if circular is not None and circular.called_off else ""))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.measures, 1)
        layout.addWidget(self.message)
        buttons = ok_cancel_buttons(self)
        words = (N_("Write the notice again…") if self.called_off else N_("Call it off…") if self.written
                 else N_("Do not send it (remove the mark)…"))
        self.withdraw_button = QPushButton(translate(words))
        self.withdraw_button.clicked.connect(self.ask_withdraw)
        buttons.addButton(self.withdraw_button, buttons.ButtonRole.ResetRole)  # shows it: hidden after
        self.withdraw_button.setVisible(circular is not None and withdraw is not None)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.fontMetrics().height() * 30)

    def deadlines(self):
        """The deadlines typed, or a `UserError` naming the one that is not a date."""
        found = {}
        for period, box in self.deadline_boxes.items():
            try:
                found[period] = parse_deadline(box.text())
            except DocumentFormatError:
                raise UserError(N_("Write a deadline as month-day, for instance 05-10; “{typed}” is not one."),
                                typed=box.text()) from None
        return found

    def chosen_audience(self) -> dict[str, Audience]:
        return {measure_id: box.currentData() for measure_id, box in self.audience.items()}

    def accept(self) -> None:
        try:
            self.deadlines()
        except UserError as exc:
            from aplan_desktop.i18n import error_text

            self.message.setText(error_text(exc))
            return
        super().accept()

    def ask_withdraw(self) -> None:
        """Asked first (a refusal is shown here); calling off and the notice close the dialog for
        the folder."""
        if self.called_off:
            self.notice = True
            self.reject()
            return
        if self.written:
            if ask(self, translate(N_("Call the plan off? The bodies under this office already have it: they are sent "
                                      "a notice, signed like the plan, that nothing more is reported on it. Choose the "
                                      "folder for the notice next. The reports they sent stay."))):
                self.calling_off = True
                self.reject()
            return
        if not ask(self, translate(N_("Remove the mark? The plan stays as it is; it is no longer sent to the bodies "
                                      "under this office."))):
            return
        try:
            self.withdraw()
        except UserError as exc:
            from aplan_desktop.i18n import error_text

            self.message.setText(error_text(exc))
            return
        self.withdrawn = True
        self.reject()


def send_circular(window) -> None:
    """Aimag → Send to the bodies under this office…: for the open plan of this office, the
    deadlines and who carries out which measure, then the folder for the file to e-mail."""
    from aplan_desktop.gui.window_jobs import start_folder

    editor = window.current_editor()  # the plan editor is made only once a plan is opened
    plan = editor.document if editor is not None and editor is not window.report_editor else None
    if plan is None:
        raise UserError(N_("Open this office's plan to send it to the bodies under this office."))
    window.autosaver.flush()
    marked = window.ops.circular(plan.id, "sent") is not None  # a plan only received has no mark to take back
    dialog = CircularDialog(plan, window.ops.circular(plan.id), window,
                            withdraw=(lambda: window.ops.withdraw_circular(plan.id)) if marked else None)
    if dialog.exec():
        window.ops.mark_circular(plan.id, dialog.deadlines(), dialog.chosen_audience())
    elif not (dialog.calling_off or dialog.notice):
        if dialog.withdrawn:
            window.statusBar().showMessage(translate(N_("The plan is no longer marked as carried out by the bodies "
                                                        "under this office.")), 15000)
        return
    chosen = QFileDialog.getExistingDirectory(window, translate(N_("Folder for the file to e-mail")),
                                              start_folder(window.ops, "export"))
    if not chosen:  # no folder, no notice: nothing is called off
        return
    if dialog.calling_off:
        window.ops.withdraw_circular(plan.id)
    window.send_document(plan.id, Path(chosen))  # the plan, or the notice that it is called off


class PlanPeriodDialog(QDialog):
    """Which plan (of those sent down, or received from above) and which half year."""

    def __init__(self, plans: list[Plan], parent: QWidget | None = None, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or translate(N_("Consolidated report of a plan")))
        self.plan = QComboBox()
        for plan in plans:
            self.plan.addItem(f"{plan.year} · {plan.title[:80]}", plan.id)
        self.period = QComboBox()
        for period in (Period.H1, Period.H2):
            self.period.addItem(label(period.value), period)
        form = QFormLayout()
        form.addRow(translate(N_("Plan")), self.plan)
        form.addRow(translate(N_("Period")), self.period)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))


def consolidate_plan(window) -> None:
    """Aimag → Consolidated report of a plan…: every body's report on one plan, to preview,
    print, or save as PDF, Excel or Word."""
    from aplan_desktop.gui.preview import PreviewDialog

    plans = window.ops.circular_plans()
    if not plans:
        raise UserError(N_("No plan of this office is carried out by the bodies under it yet. Open a plan and "
                           "send it to them first."))
    dialog = PlanPeriodDialog(plans, window)
    if not dialog.exec():
        return
    plan_id, period = dialog.plan.currentData(), dialog.period.currentData()
    name = window.ops.file_name(plan_id) + " " + translate(N_("Consolidated report"))
    PreviewDialog(window.ops, [(translate(N_("Consolidated report")), name,
                                lambda ops: ops.render_plan_consolidation(plan_id, period))], parent=window,
                  table=lambda ops, path: ops.write_plan_consolidation(plan_id, period, path),
                  table_suffixes=[".xlsx", ".docx"]).exec()


def register_superior(window) -> None:
    """Аймаг → Register the office above…: a bundle that office sent (its circular), and the
    fingerprint read on its letter; its circulars are accepted from then on."""
    from PySide6.QtWidgets import QInputDialog

    from aplan_desktop.gui.window_jobs import start_folder

    chosen, _ = QFileDialog.getOpenFileName(window, translate(N_("A bundle from the office above")),
                                            start_folder(window.ops, "import"),
                                            translate(N_("aplan bundles (*.aplan)")))
    if not chosen:
        return
    typed, ok = QInputDialog.getText(window, translate(N_("Register the office above")), translate(
        N_("Type the key fingerprint printed on the sender's cover letter:")))
    if not ok:
        return
    verified, _ = window.ops.register_superior(Path(chosen), typed)
    window.statusBar().showMessage(translate(N_("{organisation} is the office above this one; its key ({fingerprint}) "
                                                "is registered."), organisation=verified.sender_name,
                                             fingerprint=verified.sender_fingerprint), 15000)


def report_upward(window) -> None:
    """Аймаг → Report to the office above…: a plan the office above sent and the period; this
    office's report on it is made from its bodies' reports and opened, to check, finalise and send."""
    plans = [c.plan for c in window.ops.received_circulars()]
    if not plans:
        raise UserError(N_("No plan from the office above has arrived yet."))
    dialog = PlanPeriodDialog(plans, window, translate(N_("Report to the office above")))
    if dialog.exec():
        window.ops.upward_report(dialog.plan.currentData(), dialog.period.currentData())
