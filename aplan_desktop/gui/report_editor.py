"""The report editor: every measure of the plan, and for each what was achieved.

Left, the measures with a mark for those done; right, the measure's plan text (read-only)
and the fields to fill: the result (a roomy field that keeps paragraphs), the percentage
from the organisation's scale, the money spent, the evidence, and the aimag's score when
there is one. Above, the live overall score and "done N of M".
"""

from __future__ import annotations

import mimetypes
import tempfile
from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.evidence import file_name_to_open, opens_safely
from aplan_desktop.core.model import Entry, Measure, Plan, Report
from aplan_desktop.core.scoring import overall_score, progress
from aplan_desktop.core.titles import report_title
from aplan_desktop.core.validation import Problem, validate_report
from aplan_desktop.core.workflow import is_locked
from aplan_desktop.gui.editing import DocumentEditor, FormScroll, ReadBack, amount_field, money_words, stay_on
from aplan_desktop.operations.editing import Step
from aplan_desktop.i18n import error_text, label, reason_text, translate
from aplan_desktop.i18n.mongolian import format_amount, format_percent

THUMBNAIL = QSize(96, 96)


def _entry_done(entry: Entry | None) -> bool:
    return bool(entry and entry.result.strip() and entry.percent is not None)


BIG_EVIDENCE_BYTES = 25_000_000  # phone photos are 2–8 MB; a film or a disk image is not evidence to e-mail


class EvidenceList(QListWidget):
    """Thumbnails of the evidence files; files dropped on it are added."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(THUMBNAIL)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setMinimumHeight(130)
        self.setWordWrap(True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    dragMoveEvent = dragEnterEvent  # noqa: N815

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.files_dropped.emit(paths)
            event.acceptProposedAction()


class ReportEditor(DocumentEditor):
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
        self.percent_read = ReadBack("percent", self.percent, N_("Implementation %"))
        self.percent.currentTextChanged.connect(lambda text: self._entry_edited("percent", text, self.percent_read))
        self.spent = amount_field()
        self.spent_read = ReadBack("spent", self.spent, N_("Money spent"))
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
        form = QFormLayout()
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
        detail_layout.addLayout(form)
        detail_layout.addWidget(self.review_box)
        detail_layout.addStretch(1)
        self.detail_scroll = scroll = FormScroll(detail)
        splitter = QSplitter()
        splitter.addWidget(self.measures)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 800])

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.banner)
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
        self.measures.blockSignals(True)
        self.measures.clear()
        for measure in self._measures:
            item = QListWidgetItem(self._row_label(measure))
            item.setToolTip(measure.text)
            self.measures.addItem(item)
        self.measures.blockSignals(False)
        self.measures.setCurrentRow(min(row, self.measures.count() - 1))
        self._select_measure(self.measures.currentRow())
        self._refresh_state()

    def _row_label(self, measure: Measure) -> str:
        done = _entry_done(self.session.entry(measure.id))
        text = measure.text if len(measure.text) < 70 else measure.text[:68] + "…"
        return f"{'✓' if done else '○'}  {measure.number}  {text}"

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
        self.status.setText(translate(N_("Status: {status}, revision {revision}"), status=label(report.status.value),
                                      revision=report.revision))
        self._show_score()
        self.finalise_button.setEnabled(not locked)
        self.reopen_button.setEnabled(locked)
        self.finalise_button.setVisible(not locked)  # one of the two at a time: room for the rest
        self.reopen_button.setVisible(locked)
        for widget in (self.result, self.prepared_title, self.prepared_name, self.reviewed_title,
                       self.reviewed_name, self.spent, self.spent_source):
            widget.setReadOnly(locked)
        for widget in (self.percent, self.has_date, self.report_date):
            widget.setEnabled(not locked)
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

    def _show_evidence(self, entry: Entry) -> None:
        self.evidence.clear()
        for item in entry.evidence:
            widget_item = QListWidgetItem(item.name)
            widget_item.setToolTip(item.note or item.name)
            if item.media_type.startswith("image/") and item.sha256:
                pixmap = QPixmap()
                try:
                    pixmap.loadFromData(self.ops.file_content(item.sha256))
                except UserError:
                    pass
                if not pixmap.isNull():
                    widget_item.setIcon(QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                                            Qt.TransformationMode.SmoothTransformation)))
            self.evidence.addItem(widget_item)

    # ------------------------------------------------------------------ editing

    def _entry_edited(self, name: str, value: str, read_back: ReadBack | None = None) -> None:
        if self.measure is None:
            return
        measure_id = self.measure.id
        entry = self.session.entry(measure_id) if self.session else None
        was_done = _entry_done(entry)
        if not self.edit(lambda s: s.set_entry_field(measure_id, name, value), read_back):
            return
        entry = self.session.entry(measure_id)
        if name == "spent":
            self.spent_read.show_reading(money_words(entry.spent.amount))
        if name == "percent" or _entry_done(entry) != was_done:  # the score and the count move
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
        self._show_score()

    def _choose_evidence(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, translate(N_("Add evidence")))
        if paths:
            self.add_evidence_files([Path(p) for p in paths])

    def add_evidence_files(self, paths: list[Path]) -> None:
        if self.measure is None or is_locked(self.document) or self.reviewing:
            return
        measure_id = self.measure.id
        for path in paths:
            if not self._small_enough(path):
                continue
            try:
                content = path.read_bytes()
            except OSError:
                QMessageBox.warning(self, "aplan", translate(N_("The file {path} cannot be read."), path=str(path)))
                continue
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            self.edit(lambda s: s.attach_evidence(measure_id, path.name, content, media_type))
        self._show_evidence(self.session.entry(measure_id) or Entry(measure_id))

    def _small_enough(self, path: Path) -> bool:
        """A very big file is kept in the data file, its backups and the bundle: asked first."""
        try:
            size = path.stat().st_size
        except OSError:
            return True  # reading it says what is wrong
        if size <= BIG_EVIDENCE_BYTES:
            return True
        answer = QMessageBox.question(self, "aplan", translate(N_(
            "{name} is {size} MB. It will be kept in the data file and its backups, and sent to the aimag "
            "(e-mail takes about 7 MB). Add it anyway?"), name=path.name, size=round(size / 1_000_000)))
        return answer == QMessageBox.StandardButton.Yes

    def open_evidence(self) -> None:
        row = self.evidence.currentRow()
        entry = self.session.entry(self.measure.id) if self.measure else None
        if entry is None or not 0 <= row < len(entry.evidence):
            return
        item = entry.evidence[row]
        if not opens_safely(item):
            QMessageBox.warning(self, "aplan", translate(N_(
                "“{name}” is not opened: for the computer's safety aplan opens documents, pictures and web "
                "links only. Ask the sender what it is."), name=item.url or item.name))
            return
        if item.url:
            QDesktopServices.openUrl(QUrl(item.url))
            return
        try:
            content = self.ops.file_content(item.sha256)
            target = Path(tempfile.mkdtemp(prefix="aplan-")) / file_name_to_open(item)
            target.write_bytes(content)
        except UserError as exc:
            QMessageBox.warning(self, "aplan", error_text(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self, "aplan", translate(N_("The evidence could not be copied out to open it: "
                                                            "{reason}."), reason=reason_text(exc)))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def remove_evidence(self) -> None:
        row = self.evidence.currentRow()
        if self.measure is None or row < 0:
            return
        measure_id = self.measure.id
        if self.edit(lambda s: s.remove_evidence(measure_id, row)):
            self._show_evidence(self.session.entry(measure_id))

    # ------------------------------------------------------------------ steps

    def finalise(self) -> bool:
        def refused() -> None:
            self._finalising = True  # the problem list now shows what blocks finalising

        return self.take_step(lambda: self.ops.finalise(self.document.id, origin=self), refused)

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
