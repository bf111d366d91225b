"""The aimag's dialog that returns a body's report for correction: a reason beside each measure
to correct, and a note on the whole report. Loaded when the aimag first asks for it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Plan, Report
from aplan_desktop.core.text import markup_escape
from aplan_desktop.core.titles import report_title
from aplan_desktop.i18n import translate


class ReturnDialog(QDialog):
    """The aimag returns a body's report: a reason beside each measure to correct, and a note."""

    def __init__(self, report: Report, plan: Plan, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Return the report for correction")))
        intro = QLabel(translate(N_("Write a reason beside each measure the body must correct; leave the others "
                                    "empty. The review you send back carries them.")))
        intro.setWordWrap(True)
        title = QLabel(f"<b>{markup_escape(report_title(report, plan))}</b>")
        title.setWordWrap(True)
        self.reason_fields: dict[str, QPlainTextEdit] = {}
        rows = QWidget()
        grid = QGridLayout(rows)
        for column, heading in enumerate((translate(N_("Measure")), translate(N_("Reason to correct")))):
            grid.addWidget(QLabel(f"<b>{markup_escape(heading)}</b>"), 0, column)
        lines = self.fontMetrics().lineSpacing()
        for row, measure in enumerate(plan.measures(), start=1):
            text = QLabel(f"{markup_escape(measure.number)}. {markup_escape(measure.text)}")
            text.setWordWrap(True)
            field = QPlainTextEdit()
            field.setTabChangesFocus(True)
            field.setFixedHeight(lines * 3 + 12)
            self.reason_fields[measure.id] = field
            grid.addWidget(text, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(field, row, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(translate(N_("A note on the whole report (optional)")))
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(lines * 3 + 12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(N_("Return for correction")))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (title, intro):
            layout.addWidget(widget)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(900, 560)

    def reasons(self) -> dict[str, str]:
        """Measure id → the reason typed beside it (empty ones left out)."""
        return {measure_id: field.toPlainText().strip() for measure_id, field in self.reason_fields.items()
                if field.toPlainText().strip()}
