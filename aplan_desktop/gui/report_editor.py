"""The report editor: every measure of the plan, and for each what was achieved.

Left, the measures with a mark for those done and for those the aimag returned
(gui/report_returns.py); right, the measure's plan text (read-only)
and the fields to fill: the result (a roomy field that keeps paragraphs), the percentage
from the organisation's scale, the money spent, the evidence, and the aimag's score when
there is one. Above, the live overall score and "done N of M". The report's own columns and
heading block have dialogs of their own; a report without a percentage column (a narrative
report) asks for none and has no overall score.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.columns import default_labels, has_percent, report_columns
from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Entry, Measure, Plan, Report
from aplan_desktop.core.scoring import overall_score, progress
from aplan_desktop.core.titles import report_title
from aplan_desktop.core.validation import Problem, validate_report
from aplan_desktop.core.workflow import is_locked
from aplan_desktop.gui.circular_changes import CircularChangesBar
from aplan_desktop.gui.columns_dialog import ColumnsDialog
from aplan_desktop.gui.editing import DocumentEditor, FormScroll, ReadBack, amount_field, money_words, stay_on
from aplan_desktop.gui.heading_dialog import HeadingDialog
from aplan_desktop.gui.report_evidence import EvidenceEditing, EvidenceList
from aplan_desktop.gui.report_returns import ReturnedMeasuresEditing
from aplan_desktop.gui.returns_panel import ReturnReason
from aplan_desktop.operations.editing import Step
from aplan_desktop.i18n import label, translate
from aplan_desktop.i18n.mongolian import format_amount, format_percent


def _entry_done(entry: Entry | None, percent: bool) -> bool:
    """A result, and a percentage where the report gives one."""
    return bool(entry and entry.result.strip() and (entry.percent is not None or not percent))


class ReportEditor(EvidenceEditing, ReturnedMeasuresEditing, DocumentEditor):
    print_requested = Signal(str)
    send_requested = Signal(str)
    doc_kind = "report"
    reopen_words = (N_("Reopen the report"), N_("Why is the report reopened?"))

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.measure: Measure | None = None
        self._measures: list[Measure] = []
        self._rows: dict[str, int] = {}
        self._finalising = False
        self._changed_since: tuple | None = None  # `Operations.circular_changes` of the open report
        self._called_off = False  # the open report is on a plan the aimag called off
        self._build()

    @property
    def plan(self) -> Plan | None:
        return self.session.plan if self.session else None

    @property
    def reviewing(self) -> bool:
        return bool(self.session and self.session.reviewing)

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 13pt;")
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long state (the aimag's word, the plan's revision) takes two lines
        self.score = QLabel()
        self.score.setStyleSheet("font-weight: bold;")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 30)
        self.finalise_button = QPushButton(translate(N_("Finalise")))
        self.finalise_button.clicked.connect(self.finalise)
        self.reopen_button = QPushButton(translate(N_("Reopen…")))
        self.reopen_button.clicked.connect(self.reopen)
        self.print_button = QPushButton(translate(N_("Print / PDF…")))
        self.print_button.clicked.connect(lambda: self.print_requested.emit(self.document.id))
        self.send_button = QPushButton(translate(N_("Send to the aimag…")))
        self.send_button.clicked.connect(lambda: self.send_requested.emit(self.document.id))
        heading = QHBoxLayout()  # the title with the document's steps beside it; the state below
        heading.addWidget(self.title, 1)
        for button in (self.finalise_button, self.reopen_button, self.print_button, self.send_button):
            heading.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.columns_button = QPushButton(translate(N_("Columns…")))
        self.columns_button.clicked.connect(self.choose_columns)
        self.heading_button = QPushButton(translate(N_("Heading…")))
        self.heading_button.clicked.connect(self.edit_heading)
        self.circular_changes = CircularChangesBar()  # the aimag's plan changed since the report was made
        self.circular_changes.follow_button.clicked.connect(self.follow_circular_revision)
        state = QHBoxLayout()
        state.addWidget(self.status, 1)  # the free room is the status's: one line when it fits
        state.addWidget(self.score)
        state.addWidget(self.progress)

        self.prepared_title, self.prepared_name = QLineEdit(), QLineEdit()
        self.reviewed_title, self.reviewed_name = QLineEdit(), QLineEdit()
        self.has_date = QCheckBox(translate(N_("Report date")))
        self.report_date = QDateEdit()
        self.report_date.setCalendarPopup(True)
        self.report_date.setDisplayFormat("yyyy.MM.dd")
        signatures = QGridLayout()
        signatures.addWidget(QLabel(translate(N_("Prepared by (title, name)"))), 0, 0)
        signatures.addWidget(self.prepared_title, 0, 1)
        signatures.addWidget(self.prepared_name, 0, 2)
        signatures.addWidget(QLabel(translate(N_("Checked by (title, name)"))), 1, 0)
        signatures.addWidget(self.reviewed_title, 1, 1)
        signatures.addWidget(self.reviewed_name, 1, 2)
        signatures.addWidget(self.has_date, 0, 3)
        signatures.addWidget(self.report_date, 1, 3)
        signatures.addWidget(self.heading_button, 0, 4)  # what the form prints around the table
        signatures.addWidget(self.columns_button, 1, 4)
        for widget in (self.prepared_title, self.prepared_name, self.reviewed_title, self.reviewed_name):
            widget.textChanged.connect(self._header_edited)
        self.has_date.toggled.connect(self._header_edited)
        self.report_date.dateChanged.connect(self._header_edited)

        self.measures = QListWidget()
        self.measures.currentRowChanged.connect(self._row_chosen)
        self.measures.setMinimumWidth(220)
        self.measures.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.measures.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.plan_text = QLabel()
        self.plan_text.setWordWrap(True)
        self.plan_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = QPlainTextEdit()
        self.result.setMinimumHeight(220)
        self.result.setPlaceholderText(translate(N_("What was done: facts, figures, dates.")))
        self.result.textChanged.connect(lambda: self._entry_edited("result", self.result.toPlainText()))
        self.percent = QComboBox()
        self.percent.setEditable(True)  # chosen or typed; what is typed is read on the scale, never cut
        self.percent.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.percent_read = self.read_back("percent", self.percent, N_("Implementation %"))
        self.percent.currentTextChanged.connect(lambda text: self._entry_edited("percent", text, self.percent_read))
        self.spent = amount_field()
        self.spent_read = self.read_back("spent", self.spent, N_("Money spent"))
        self.spent.textChanged.connect(lambda text: self._entry_edited("spent", text, self.spent_read))
        self.spent_source = QLineEdit()
        self.spent_source.textChanged.connect(lambda text: self._entry_edited("spent_source", text))
        self.evidence = EvidenceList()
        self.evidence.files_dropped.connect(self.add_evidence_files)
        self.evidence.itemDoubleClicked.connect(lambda _: self.open_evidence())
        self.add_button = add = QPushButton(translate(N_("Add file…")))
        add.clicked.connect(self._choose_evidence)
        self.open_button = QPushButton(translate(N_("Open")))
        self.open_button.clicked.connect(self.open_evidence)
        self.remove_button = QPushButton(translate(N_("Remove")))
        self.remove_button.clicked.connect(self.remove_evidence)
        self.review_box = QGroupBox(translate(N_("The aimag's assessment")))
        self.review_score = QComboBox()
        self.review_score.currentIndexChanged.connect(
            lambda: self._review_edited("score", self.review_score.currentData()))
        self.review_comment = QPlainTextEdit()
        self.review_comment.setMaximumHeight(90)
        self.review_comment.textChanged.connect(lambda: self._review_edited("comment", self.review_comment.toPlainText()))
        review = QFormLayout(self.review_box)
        review.addRow(translate(N_("Score")), self.review_score)
        review.addRow(translate(N_("Comment")), self.review_comment)

        spent_row = QHBoxLayout()
        spent_row.addWidget(self.spent, 1)
        spent_row.addWidget(QLabel(translate(N_("source"))))
        spent_row.addWidget(self.spent_source, 2)
        evidence_buttons = QHBoxLayout()
        for button in (add, self.open_button, self.remove_button):
            evidence_buttons.addWidget(button)
        evidence_buttons.addStretch(1)
        self.form = form = QFormLayout()
        form.addRow(translate(N_("Achieved result")), self.result)
        form.addRow(translate(N_("Implementation %")), self.percent)
        form.addRow("", self.percent_read)
        form.addRow(translate(N_("Money spent")), spent_row)
        form.addRow("", self.spent_read)
        form.addRow(translate(N_("Evidence")), self.evidence)
        form.addRow("", evidence_buttons)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.addWidget(self.plan_text)
        self.return_reason = ReturnReason()  # why the aimag returned this measure, if it did
        detail_layout.addWidget(self.return_reason)
        detail_layout.addLayout(form)
        detail_layout.addWidget(self.review_box)
        detail_layout.addStretch(1)
        self.detail_scroll = scroll = FormScroll(detail)
        splitter = QSplitter()
        splitter.addWidget(self._build_returned())  # the list, with the returned measures' bar above
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 800])

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.banner)
        layout.addWidget(self.circular_changes)
        layout.addLayout(state)
        layout.addLayout(signatures)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ showing

    def open_report(self, report: Report, plan: Plan) -> None:
        """The body edits its own report; the aimag (another organisation) adds its assessment."""
        self._finalising = False
        self.open_session(self.ops.editing.open_report(report, plan, origin=self))

    def show_document(self) -> None:
        report, plan = self.document, self.plan
        self.title.setText(report_title(report, plan))
        self.prepared_title.setText(report.prepared_by.title)
        self.prepared_name.setText(report.prepared_by.name)
        self.reviewed_title.setText(report.reviewed_by.title)
        self.reviewed_name.setText(report.reviewed_by.name)
        self.has_date.setChecked(report.report_date is not None)
        self.report_date.setDate(QDate(report.report_date) if report.report_date else QDate.currentDate())
        for box in (self.percent, self.review_score):
            box.clear()
            box.addItem("—", None)
            for value in self.ops.settings.score_scale.choices():
                box.addItem(f"{value}%", value)
        row = max(self.measures.currentRow(), 0)
        self._measures = plan.measures()
        self._rows = {m.id: i for i, m in enumerate(self._measures)}
        self._load_returned()
        self.measures.blockSignals(True)
        self.measures.clear()
        for measure in self._measures:
            item = QListWidgetItem(self._row_label(measure))
            item.setToolTip(measure.text)
            self.measures.addItem(item)
        self.measures.blockSignals(False)
        self.measures.setCurrentRow(min(row, self.measures.count() - 1))
        self._mark_returned_rows()
        self._select_measure(self.measures.currentRow())
        self._changed_since = None if self.reviewing else self.ops.circular_changes(report)  # read once
        self._called_off = not self.reviewing and self.ops.called_off(report)
        self._refresh_state()

    @property
    def gives_percent(self) -> bool:
        return has_percent(self.document, self.plan)

    def _row_label(self, measure: Measure) -> str:
        done = _entry_done(self.session.entry(measure.id), self.gives_percent)
        text = measure.text if len(measure.text) < 70 else measure.text[:68] + "…"
        return f"{'✓' if done else '○'}  {measure.number}  {self._returned_words(measure.id)}{text}"

    def _relabel_row(self, measure_id: str) -> None:
        """One line of the list, found by its measure's id (not by a scan of the list)."""
        row = self._rows.get(measure_id)
        if row is not None:
            item = self.measures.item(row)
            label = self._row_label(self._measures[row])
            if item.text() != label:
                item.setText(label)

    def _refresh_state(self) -> None:
        report = self.document
        locked = is_locked(report)
        standing = self.ops.standing(report)  # where it stands with the aimag
        made_on = self.ops.made_on_text(report)  # a body's report on a plan sent down: the plan's revision
        self.status.setText(translate(N_("Status: {status}, revision {revision}"), status=label(report.status.value),
                                      revision=report.revision)
                            + (" · " + self.ops.standing_text(standing) if standing else "")
                            + (" · " + made_on if made_on else ""))
        self.return_reason.load(standing)
        self.return_reason.show_for(self.measure.id if self.measure else None)
        self._show_score()
        self.circular_changes.show_changes(self._changed_since, editable=not locked, called_off=self._called_off)
        self.finalise_button.setEnabled(not locked)
        self.reopen_button.setEnabled(locked)
        self.finalise_button.setVisible(not locked)  # one of the two at a time: room for the rest
        self.reopen_button.setVisible(locked)
        for widget in (self.result, self.prepared_title, self.prepared_name, self.reviewed_title,
                       self.reviewed_name, self.spent, self.spent_source):
            widget.setReadOnly(locked)
        for widget in (self.percent, self.has_date, self.report_date, self.columns_button, self.heading_button):
            widget.setEnabled(not locked and not self.reviewing)
        for widget in (self.percent, self.percent_read):  # a narrative report has no percentage
            self.form.setRowVisible(widget, self.gives_percent)
        self.score.setVisible(self.gives_percent)
        for button in (self.add_button, self.remove_button):  # a received or final report takes no files
            button.setEnabled(not locked and not self.reviewing)
        self.evidence.setAcceptDrops(not locked and not self.reviewing)
        self.setStyleSheet("QLineEdit[readOnly=\"true\"], QPlainTextEdit[readOnly=\"true\"] "
                           "{ background: palette(window); color: #505050; }" if locked else "")
        self.send_button.setEnabled(locked or self.reviewing)
        self.send_button.setText(translate(N_("Send the review back…")) if self.reviewing
                                 else translate(N_("Send to the aimag…")))
        self.review_score.setEnabled(self.reviewing)
        self.review_comment.setReadOnly(not self.reviewing)

    def _show_score(self) -> None:
        report = self.document
        self.score.setText(translate(N_("Overall score: {score}"), score=format_percent(overall_score(report))))
        done, total = progress(report, len(self._measures))
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(translate(N_("done {done} of {total}"), done=done, total=total))
        metrics = self.progress.fontMetrics()  # the words fit, at any text size
        self.progress.setMinimumWidth(metrics.horizontalAdvance(self.progress.format()) + 6 * metrics.averageCharWidth())

    def _row_chosen(self, row: int) -> None:
        """Another measure chosen: not while a field's text does not read, unless the person
        says to leave it (the list keeps the measure being edited)."""
        shown = self._rows.get(self.measure.id, -1) if self.measure is not None else -1
        if self._loading or shown in (-1, row) or self.may_leave():
            self._select_measure(row)
            return
        stay_on(self.measures, lambda: self.measures.setCurrentRow(shown))

    def _select_measure(self, row: int) -> None:
        if not 0 <= row < len(self._measures):
            return
        self.measure = m = self._measures[row]
        entry = self.session.entry(m.id) or Entry(m.id)
        lines = [f"<b>{m.number}. {_html(m.text)}</b>"]
        if m.criteria:
            lines.append(translate(N_("Criteria")) + ": " + "<br/>".join("- " + _html(c) for c in m.criteria))
        details = [t for t in (m.timeframe.text, m.target, m.responsible) if t.strip()]
        if details:
            lines.append(" · ".join(_html(t) for t in details))
        self.plan_text.setText("<br/>".join(lines))
        self.return_reason.show_for(m.id)
        was_loading, self._loading = self._loading, True
        try:
            self.result.setPlainText(entry.result)
            self.percent.setCurrentIndex(max(self.percent.findData(entry.percent), 0))
            self.percent_read.show_reading("")
            self.spent.setText("" if entry.spent.amount is None else format_amount(entry.spent.amount))
            self.spent_read.show_reading(money_words(entry.spent.amount))
            for key in ("percent", "spent"):
                self.autosaver.accept(key)
            self.spent_source.setText(entry.spent.source)
            self._show_evidence(entry)
            has_review = entry.review.score is not None or bool(entry.review.comment.strip())
            self.review_box.setVisible(has_review or self.reviewing)
            self.review_score.setCurrentIndex(max(self.review_score.findData(entry.review.score), 0))
            self.review_comment.setPlainText(entry.review.comment)
        finally:
            self._loading = was_loading
        self.show_beginnings()
        self._remember_place()

    def _remember_place(self) -> None:
        if self.document is not None and self.measure is not None and not self._loading:
            self.ops.remember_place(self.document.id, self.measure.id)

    # ------------------------------------------------------------------ editing

    def _entry_edited(self, name: str, value: str, read_back: ReadBack | None = None) -> None:
        if self.measure is None:
            return
        measure_id = self.measure.id
        entry = self.session.entry(measure_id) if self.session else None
        was_done = _entry_done(entry, self.gives_percent)
        if not self.edit(lambda s: s.set_entry_field(measure_id, name, value), read_back):
            return
        entry = self.session.entry(measure_id)
        if name == "spent":
            self.spent_read.show_reading(money_words(entry.spent.amount))
        if name == "percent" or _entry_done(entry, self.gives_percent) != was_done:  # the score and the count move
            self._relabel_row(measure_id)
            self._show_score()

    def _review_edited(self, name: str, value) -> None:
        if self.measure is not None and self.reviewing:
            measure_id = self.measure.id
            self.edit(lambda s: s.set_review_field(measure_id, name, value))

    def _header_edited(self) -> None:
        for name, widget in (("prepared_title", self.prepared_title), ("prepared_name", self.prepared_name),
                             ("reviewed_title", self.reviewed_title), ("reviewed_name", self.reviewed_name)):
            if widget.text() != _person_part(self.document, name):
                self.edit(lambda s, name=name, text=widget.text(): s.set_report_field(name, text))
        day = self.report_date.date().toPython() if self.has_date.isChecked() else None
        if day != self.document.report_date:
            self.edit(lambda s: s.set_report_field("report_date", day))

    def show_step(self, step: Step) -> None:
        """After undo or redo: that measure's fields and line, or the signatures."""
        for measure_id in step.objects:
            self._relabel_row(measure_id)
        if step.objects and (self.measure is None or self.measure.id not in step.objects):
            self.measures.setCurrentRow(self._rows.get(next(iter(step.objects)), 0))
        self._select_measure(self.measures.currentRow())
        report = self.document
        self.prepared_title.setText(report.prepared_by.title)
        self.prepared_name.setText(report.prepared_by.name)
        self.reviewed_title.setText(report.reviewed_by.title)
        self.reviewed_name.setText(report.reviewed_by.name)
        self._refresh_state()
        for measure in self._measures:  # a step on the columns may change what "done" means
            self._relabel_row(measure.id)

    def choose_columns(self) -> None:
        """The report's own columns: the plan's, the result, the money spent, the percentage…"""
        if not self.may_leave():
            return
        report, plan = self.document, self.plan
        choices = [(c.key, c.label) for c in plan.columns] + default_labels("report")
        dialog = ColumnsDialog(report_columns(report, plan), choices, self)
        if dialog.exec() and self.edit(lambda s: s.set_report_columns(dialog.columns())):
            self._refresh_state()
            for measure in self._measures:
                self._relabel_row(measure.id)

    def edit_heading(self) -> None:
        if not self.may_leave():
            return
        dialog = HeadingDialog(self.document.heading, self.plan.year, self)
        dialog.apply = lambda heading: self.edit(lambda s: s.set_heading(heading), refused=dialog.refuse)
        if dialog.exec():
            self.title.setText(report_title(self.document, self.plan))

    # ------------------------------------------------------------------ steps

    def finalise(self) -> bool:
        def refused() -> None:
            self._finalising = True  # the problem list now shows what blocks finalising

        return self.take_step(lambda: self.ops.finalise(self.document.id, origin=self), refused)

    def follow_circular_revision(self) -> bool:
        """The button goes with its bar: the focus goes to the list of measures, not on to the next
        field with its text selected, where a second key press would type over it."""
        self.measures.setFocus()
        return self.take_step(lambda: self.ops.follow_circular_revision(self.document.id, origin=self))

    def reload(self) -> None:
        report = self.ops.report(self.document.id)
        self.open_report(report, self.ops.plan(report.plan_id))

    # ------------------------------------------------------------------ problems

    def problems(self) -> list[Problem]:
        """After a refused "Finalise", what blocks it shows as errors until the report is closed."""
        return validate_report(self.document, self.plan, self.ops.settings.score_scale, finalising=self._finalising)

    def focus_problem(self, problem: Problem) -> None:
        if problem.object_id in self._rows and self.may_leave():
            self.measures.setCurrentRow(self._rows[problem.object_id])
            target = {"result": self.result, "percent": self.percent, "spent": self.spent}.get(problem.field)
        else:
            target = {"prepared_by": self.prepared_title, "report_date": self.report_date}.get(problem.field)
        if target is not None:
            target.setFocus()
            if self.detail_scroll.isAncestorOf(target):
                self.detail_scroll.ensureWidgetVisible(target)  # the field in view, not below the fold

    def select_measure(self, measure_id: str) -> None:
        if measure_id in self._rows:
            self.measures.setCurrentRow(self._rows[measure_id])


def _person_part(report: Report, name: str) -> str:
    person, _, part = name.partition("_")
    return getattr(getattr(report, f"{person}_by"), part)


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
