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
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.evidence import file_name_to_open, opens_safely
from aplan_desktop.core.model import Entry, Evidence, Measure, Plan, Report
from aplan_desktop.core.scoring import overall_score, progress
from aplan_desktop.core.text import clean_text
from aplan_desktop.core.titles import report_title
from aplan_desktop.core.validation import Problem, validate_report
from aplan_desktop.core.workflow import finalise_report, is_locked, reopen_report
from aplan_desktop.gui.editing import DocumentEditor, amount_field, money_read_back
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
    reopen_step = staticmethod(reopen_report)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.plan: Plan | None = None
        self.measure: Measure | None = None
        self._finalising = False
        self.reviewing = False
        self._build()

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
        top = QHBoxLayout()
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.score)
        top.addWidget(self.progress)
        top.addWidget(self.finalise_button)
        top.addWidget(self.reopen_button)
        top.addWidget(self.print_button)
        top.addWidget(self.send_button)

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
        self.measures.currentRowChanged.connect(self._select_measure)
        self.measures.setMinimumWidth(220)
        self.measures.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.measures.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.plan_text = QLabel()
        self.plan_text.setWordWrap(True)
        self.plan_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result = QPlainTextEdit()
        self.result.setMinimumHeight(220)
        self.result.setPlaceholderText(translate(N_("What was done: facts, figures, dates.")))
        self.result.textChanged.connect(lambda: self._entry_edited("result"))
        self.percent = QComboBox()
        self.percent.currentIndexChanged.connect(lambda: self._entry_edited("percent"))
        self.spent = amount_field()
        self.spent_read = money_read_back()
        self.spent.textChanged.connect(lambda: self._entry_edited("spent"))
        self.spent_source = QLineEdit()
        self.spent_source.textChanged.connect(lambda: self._entry_edited("spent"))
        self.evidence = EvidenceList()
        self.evidence.files_dropped.connect(self.add_evidence_files)
        self.evidence.itemDoubleClicked.connect(lambda _: self.open_evidence())
        add = QPushButton(translate(N_("Add file…")))
        add.clicked.connect(self._choose_evidence)
        self.open_button = QPushButton(translate(N_("Open")))
        self.open_button.clicked.connect(self.open_evidence)
        self.remove_button = QPushButton(translate(N_("Remove")))
        self.remove_button.clicked.connect(self.remove_evidence)
        self.review_box = QGroupBox(translate(N_("The aimag's assessment")))
        self.review_score = QComboBox()
        self.review_score.currentIndexChanged.connect(self._review_edited)
        self.review_comment = QPlainTextEdit()
        self.review_comment.setMaximumHeight(90)
        self.review_comment.textChanged.connect(self._review_edited)
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
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(detail)
        splitter = QSplitter()
        splitter.addWidget(self.measures)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 800])

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(signatures)
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ showing

    def open_report(self, report: Report, plan: Plan) -> None:
        """The body edits its own report; the aimag (another organisation) adds its assessment."""
        self.plan = plan
        self._finalising = False
        home = self.store.setting("home_organisation")
        self.reviewing = bool(home) and home != plan.organisation.id
        self.open_document(report)

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
            for value in self.store.score_scale().choices():
                box.addItem(f"{value}%", value)
        row = max(self.measures.currentRow(), 0)
        self.measures.blockSignals(True)
        self.measures.clear()
        for _ in plan.measures():
            self.measures.addItem(QListWidgetItem(""))
        self.measures.blockSignals(False)
        self._refresh_list()
        self.measures.setCurrentRow(min(row, self.measures.count() - 1))
        self._select_measure(self.measures.currentRow())
        self._refresh_state()

    def _refresh_list(self) -> None:
        for index, measure in enumerate(self.plan.measures()):
            done = _entry_done(self.document.entry(measure.id))
            item = self.measures.item(index)
            text = measure.text if len(measure.text) < 70 else measure.text[:68] + "…"
            item.setText(f"{'✓' if done else '○'}  {measure.number}  {text}")
            item.setToolTip(measure.text)

    def _refresh_state(self) -> None:
        report = self.document
        locked = is_locked(report)
        self.status.setText(translate(N_("Status: {status}, revision {revision}"), status=label(report.status.value),
                                      revision=report.revision))
        self.score.setText(translate(N_("Overall score: {score}"), score=format_percent(overall_score(report))))
        done, total = progress(report, len(self.plan.measures()))
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(translate(N_("done {done} of {total}"), done=done, total=total))
        metrics = self.progress.fontMetrics()  # the words fit, at any text size
        self.progress.setMinimumWidth(metrics.horizontalAdvance(self.progress.format()) + 6 * metrics.averageCharWidth())
        self.finalise_button.setEnabled(not locked)
        self.reopen_button.setEnabled(locked)
        self.finalise_button.setVisible(not locked)  # one of the two at a time: room for the rest
        self.reopen_button.setVisible(locked)
        for widget in (self.result, self.prepared_title, self.prepared_name, self.reviewed_title,
                       self.reviewed_name, self.spent, self.spent_source):
            widget.setReadOnly(locked)
        for widget in (self.percent, self.has_date, self.report_date, self.open_button):
            widget.setEnabled(not locked or widget is self.open_button)
        self.remove_button.setEnabled(not locked)
        self.evidence.setAcceptDrops(not locked)
        self.send_button.setEnabled(locked or self.reviewing)
        self.send_button.setText(translate(N_("Send the review back…")) if self.reviewing
                                 else translate(N_("Send to the aimag…")))
        self.review_score.setEnabled(self.reviewing)
        self.review_comment.setReadOnly(not self.reviewing)

    def _entry(self) -> Entry:
        """The current measure's entry, created when the report has none yet."""
        entry = self.document.entry(self.measure.id)
        if entry is None:
            entry = Entry(self.measure.id)
            self.document.entries.append(entry)
        return entry

    def _select_measure(self, row: int) -> None:
        measures = self.plan.measures() if self.plan else []
        if not 0 <= row < len(measures):
            return
        self.measure = measures[row]
        m = self.measure
        entry = self.document.entry(m.id) or Entry(m.id)
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
            self.spent.setText("" if entry.spent.amount is None else format_amount(entry.spent.amount))
            self.spent_read.clear_reading()
            self.autosaver.accept("spent")
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
            self.store.set_setting("ui:last", {"doc": self.document.id, "measure": self.measure.id})

    def _show_evidence(self, entry: Entry) -> None:
        self.evidence.clear()
        for item in entry.evidence:
            widget_item = QListWidgetItem(item.name)
            widget_item.setToolTip(item.note or item.name)
            if item.media_type.startswith("image/") and item.sha256:
                pixmap = QPixmap()
                try:
                    pixmap.loadFromData(self.store.file_content(item.sha256))
                except UserError:
                    pass
                if not pixmap.isNull():
                    widget_item.setIcon(QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                                                            Qt.TransformationMode.SmoothTransformation)))
            self.evidence.addItem(widget_item)

    # ------------------------------------------------------------------ editing

    def _save_entry(self, measure_id: str) -> None:
        entry = self.document.entry(measure_id)
        if entry is not None:
            self.store.save_entry(self.document.id, entry)

    def _entry_edited(self, field: str) -> None:
        if self._loading or self.measure is None or is_locked(self.document):
            return
        entry = self._entry()
        if field == "result":
            entry.result = clean_text(self.result.toPlainText())
        elif field == "percent":
            entry.percent = self.percent.currentData()
        elif field == "spent":
            reads, amount = self.spent_read.check(self.spent.text())
            if not reads:  # the text stays in the field; what it read as on the way is not kept
                self.autosaver.refuse("spent", self.spent_read.refusal)
                amount = self.last_saved(f"spent:{entry.measure_id}", entry.spent.amount)
            else:
                self.autosaver.accept("spent")
                self.keep_saved_value(f"spent:{entry.measure_id}", entry.spent.amount)
            entry.spent.amount = amount
            entry.spent.source = self.spent_source.text()
        measure_id = self.measure.id
        self.changed_by_user(f"{field}:{measure_id}", translate(N_("Edit measure {number}"), number=self.measure.number),
                             save_key=f"entry:{measure_id}", save=lambda: self._save_entry(measure_id))
        self._refresh_list()
        self._refresh_state()

    def _review_edited(self) -> None:
        if self._loading or self.measure is None or not self.reviewing:
            return
        entry = self._entry()
        entry.review.score = self.review_score.currentData()
        entry.review.comment = clean_text(self.review_comment.toPlainText())
        measure_id = self.measure.id
        self.changed_by_user(f"review:{measure_id}", translate(N_("Assess measure {number}"),
                                                             number=self.measure.number),
                             save_key=f"entry:{measure_id}", save=lambda: self._save_entry(measure_id))

    def _header_edited(self) -> None:
        if self._loading or is_locked(self.document):
            return
        report = self.document
        report.prepared_by.title, report.prepared_by.name = self.prepared_title.text(), self.prepared_name.text()
        report.reviewed_by.title, report.reviewed_by.name = self.reviewed_title.text(), self.reviewed_name.text()
        report.report_date = self.report_date.date().toPython() if self.has_date.isChecked() else None
        self.changed_by_user("header", translate(N_("Edit signatures")))

    def save_whole(self) -> None:
        self.store.save_report(self.document)

    def _choose_evidence(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, translate(N_("Add evidence")))
        if paths:
            self.add_evidence_files([Path(p) for p in paths])

    def add_evidence_files(self, paths: list[Path]) -> None:
        if self.measure is None or is_locked(self.document):
            return
        entry = self._entry()
        for path in paths:
            if not self._small_enough(path):
                continue
            try:
                content = path.read_bytes()
            except OSError:
                QMessageBox.warning(self, "aplan", translate(N_("The file {path} cannot be read."), path=str(path)))
                continue
            sha = self.store.add_file(content)
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            entry.evidence.append(Evidence(name=path.name, sha256=sha, size=len(content), media_type=media_type))
        self._show_evidence(entry)
        measure_id = self.measure.id
        self.changed_by_user("", translate(N_("Add evidence")), save_key=f"entry:{measure_id}",
                             save=lambda: self._save_entry(measure_id))

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
        entry = self.document.entry(self.measure.id) if self.measure else None
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
            content = self.store.file_content(item.sha256)
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
        entry = self.document.entry(self.measure.id) if self.measure else None
        if entry is None or is_locked(self.document) or not 0 <= row < len(entry.evidence):
            return
        del entry.evidence[row]
        self._show_evidence(entry)
        measure_id = self.measure.id
        self.changed_by_user("", translate(N_("Remove evidence")), save_key=f"entry:{measure_id}",
                             save=lambda: self._save_entry(measure_id))

    # ------------------------------------------------------------------ steps

    def finalise(self) -> bool:
        def refused() -> None:
            self._finalising = True  # the problem list now shows what blocks finalising

        return self.take_step(lambda: finalise_report(self.document, self.plan, self.store.score_scale()), refused)

    def reload(self) -> None:
        self.open_report(self.document, self.plan)

    # ------------------------------------------------------------------ problems

    def problems(self) -> list[Problem]:
        """After a refused "Finalise", what blocks it shows as errors until the report is closed."""
        return validate_report(self.document, self.plan, self.store.score_scale(), finalising=self._finalising)

    def focus_problem(self, problem: Problem) -> None:
        ids = [m.id for m in self.plan.measures()]
        if problem.object_id in ids:
            self.measures.setCurrentRow(ids.index(problem.object_id))
            target = {"result": self.result, "percent": self.percent, "spent": self.spent}.get(problem.field)
        else:
            target = {"prepared_by": self.prepared_title, "report_date": self.report_date}.get(problem.field)
        if target is not None:
            target.setFocus()

    def select_measure(self, measure_id: str) -> None:
        ids = [m.id for m in self.plan.measures()]
        if measure_id in ids:
            self.measures.setCurrentRow(ids.index(measure_id))


def _html(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
