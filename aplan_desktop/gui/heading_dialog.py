"""The heading block of a plan or report: what stands above the title (the БАТЛАВ block, the
line saying it is an annex to an order, or nothing), the form's reference, the table's label,
the date-and-place line, and whether the title prints as typed.

The dialog only gathers what is typed; its `apply` is the editing operation that checks and
sets it, and calls `refuse` with the sentence when it refuses: the dialog then stays open with
everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Annex, Heading, HeadingKind
from aplan_desktop.gui.dialogs import ok_cancel_buttons
from aplan_desktop.i18n import translate

KINDS = ((HeadingKind.APPROVAL, N_("The approval block (БАТЛАВ)")),
         (HeadingKind.ANNEX, N_("An annex to an order (…захирамжийн хавсралт)")),
         (HeadingKind.NONE, N_("Nothing")))
ACTS = ["захирамж", "тушаал", "тогтоол", "шийдвэр"]


class OptionalDate(QWidget):
    """A date that may be left out: unticked, the form prints a blank to fill in by hand."""

    def __init__(self, given: str, value: date | None, default: date) -> None:
        super().__init__()
        self.given = QCheckBox(translate(given))
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy.MM.dd")
        self.date.setDate(QDate(value or default))
        self.given.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.given.toggled.connect(self.date.setEnabled)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.given)
        row.addWidget(self.date, 1)

    def value(self) -> date | None:
        return self.date.date().toPython() if self.given.isChecked() else None


class HeadingDialog(QDialog):
    def __init__(self, heading: Heading, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Heading")))
        self.apply: Callable[[Heading], object] = lambda heading: None
        self._refused = False
        self.kind = QComboBox()
        for kind, text in KINDS:
            self.kind.addItem(translate(text), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(heading.kind.value))
        annex = heading.annex
        self.annex_box = QGroupBox(translate(N_("The annex line")))
        self.issuer = QLineEdit(annex.issuer)
        self.issuer.setPlaceholderText("Сүхбаатар дүүргийн Засаг даргын")
        self.act = QComboBox()
        self.act.setEditable(True)
        self.act.addItems(ACTS)
        self.act.setCurrentText(annex.act)
        self.has_year = QCheckBox(translate(N_("known")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(annex.year or year)
        self.has_year.setChecked(annex.year is not None)
        self.year.setEnabled(annex.year is not None)
        self.has_year.toggled.connect(self.year.setEnabled)
        self.annex_date = OptionalDate(N_("known"), annex.date, date(annex.year or year, 1, 1))
        self.number = QLineEdit(annex.number)
        year_row = QHBoxLayout()
        year_row.addWidget(self.has_year)
        year_row.addWidget(self.year, 1)
        annex_form = QFormLayout(self.annex_box)
        annex_form.addRow(translate(N_("Issued by")), self.issuer)
        annex_form.addRow(translate(N_("Act")), self.act)
        annex_form.addRow(translate(N_("Year")), year_row)
        annex_form.addRow(translate(N_("Date")), self.annex_date)
        annex_form.addRow(translate(N_("Number")), self.number)
        hint = QLabel(translate(N_("What is not known yet is left empty: it prints as a blank to fill in by hand.")))
        hint.setWordWrap(True)
        annex_form.addRow(hint)
        self.form_reference = QLineEdit(heading.form_reference)
        self.form_reference.setPlaceholderText("ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт")
        self.table_label = QLineEdit(heading.table_label)
        self.table_label.setPlaceholderText("Хүснэгт-1")
        self.date = OptionalDate(N_("printed"), heading.date, date(year, 1, 1))
        self.place = QLineEdit(heading.place)
        self.title_as_typed = QCheckBox(translate(N_("Print the title as typed (not in capitals)")))
        self.title_as_typed.setChecked(heading.title_as_typed)
        self.refusal = QLabel()
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #a8071a;")
        self.refusal.hide()
        self.kind.currentIndexChanged.connect(self._show_kind)
        self._show_kind()

        form = QFormLayout()
        form.addRow(translate(N_("Above the title")), self.kind)
        form.addRow(self.annex_box)
        form.addRow(translate(N_("Form reference")), self.form_reference)
        form.addRow(translate(N_("Table label")), self.table_label)
        form.addRow(translate(N_("Date line")), self.date)
        form.addRow(translate(N_("Place")), self.place)
        form.addRow(self.title_as_typed)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.refusal)
        layout.addWidget(ok_cancel_buttons(self))
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())

    def _show_kind(self) -> None:
        self.annex_box.setEnabled(self.kind.currentData() == HeadingKind.ANNEX.value)

    def heading(self) -> Heading:
        return Heading(
            kind=HeadingKind(self.kind.currentData()),
            annex=Annex(self.issuer.text(), self.act.currentText(), self.year.value() if self.has_year.isChecked()
                        else None, self.annex_date.value(), self.number.text()),
            form_reference=self.form_reference.text(), table_label=self.table_label.text(), date=self.date.value(),
            place=self.place.text(), title_as_typed=self.title_as_typed.isChecked())

    def refuse(self, sentence: str) -> None:
        """The operation's refusal: said here, and the dialog stays open."""
        self._refused = True
        self.refusal.setText(sentence)
        self.refusal.show()

    def accept(self) -> None:
        self._refused = False
        self.apply(self.heading())
        if not self._refused:
            super().accept()
