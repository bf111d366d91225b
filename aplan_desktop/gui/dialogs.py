"""Dialogs: the first-run setup, a new plan or report, and the settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.config import Config
from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Organisation, OrganisationKind, Person, Plan, new_id
from aplan_desktop.resources import aimags
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.core.scoring import STEPPED_SCALE, ScoreScale
from aplan_desktop.core.templates import Template
from aplan_desktop.i18n import label, translate

HOME_ORGANISATION = "home_organisation"  # settings: the id of the organisation this installation serves
PREPARER = "preparer"  # settings: {"title", "name"} of who prepares reports


def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(N_("OK")))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate(N_("Cancel")))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _shared_aimag_id(name: str) -> str:
    """An aimag's office takes the id its soums' reports name ("Өвөрхангай аймгийн Засаг даргын
    Тамгын газар" → the id of Өвөрхангай аймаг), so that it can consolidate them."""
    for aimag in aimags():
        if name.lower().startswith(aimag.name.split()[0].lower()):
            return aimag.id
    return new_id()


class SetupDialog(QDialog):
    """First run: who we are, and how to start this year's plan. Later, with `current`, the same
    form corrects the organisation's details (its id stays, so its documents stay its own)."""

    def __init__(self, templates: list[Template], has_last_year: bool, parent: QWidget | None = None,
                 current: Organisation | None = None, current_parent: Organisation | None = None,
                 current_preparer: Person | None = None) -> None:
        super().__init__(parent)
        self.current, self.current_parent = current, current_parent
        self.setWindowTitle(translate(N_("Welcome to aplan") if current is None else N_("Organisation")))
        self.name = QLineEdit()
        self.name.setPlaceholderText("Бат-Өлзий сумын Засаг даргын Тамгын газар")
        self.short_name = QLineEdit()
        self.kind = QComboBox()
        for kind in OrganisationKind:
            self.kind.addItem(label(kind.value), kind)
        self.kind.setCurrentIndex(list(OrganisationKind).index(OrganisationKind.SOUM))
        self.parent_name = QComboBox()  # the aimags' shared ids let the aimag consolidate its soums
        self.parent_name.setEditable(True)
        self.parent_name.addItem("", None)
        for aimag in aimags():
            self.parent_name.addItem(aimag.name, aimag.id)
        self.address, self.phone, self.email, self.web = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.web.setPlaceholderText("www.bat-ulzii.ov.gov.mn")  # the letterhead prints it (seed 003)
        self.head_title, self.head_name = QLineEdit(), QLineEdit()
        self.head_title.setPlaceholderText("ЗАСАГ ДАРГА")
        self.preparer_title, self.preparer_name = QLineEdit(), QLineEdit()
        self.preparer_title.setPlaceholderText("ЗДТГ-ЫН ДАРГА")
        form = QFormLayout()
        form.addRow(translate(N_("Organisation's name")), self.name)
        form.addRow(translate(N_("Short name")), self.short_name)
        form.addRow(translate(N_("Kind")), self.kind)
        form.addRow(translate(N_("Aimag (or capital) it reports to")), self.parent_name)
        form.addRow(translate(N_("Address")), self.address)
        form.addRow(translate(N_("Phone")), self.phone)
        form.addRow(translate(N_("E-mail")), self.email)
        form.addRow(translate(N_("Web site")), self.web)
        form.addRow(translate(N_("Head: title")), self.head_title)
        form.addRow(translate(N_("Head: name")), self.head_name)
        form.addRow(translate(N_("Who prepares reports: title")), self.preparer_title)
        form.addRow(translate(N_("Who prepares reports: name")), self.preparer_name)

        self.start = QButtonGroup(self)
        start_box = QGroupBox(translate(N_("Start the {year} plan"), year=date.today().year))
        start_layout = QVBoxLayout(start_box)
        self.template_buttons: list[tuple[QRadioButton, Template]] = []
        for template in templates:
            button = QRadioButton(translate(N_("from the template “{name}”"), name=template.name))
            self.start.addButton(button)
            start_layout.addWidget(button)
            self.template_buttons.append((button, template))
        self.copy_last_year = QRadioButton(translate(N_("from last year's plan")))
        self.copy_last_year.setEnabled(has_last_year)
        self.later = QRadioButton(translate(N_("later")))
        for button in (self.copy_last_year, self.later):
            self.start.addButton(button)
            start_layout.addWidget(button)
        (self.template_buttons[0][0] if self.template_buttons else self.later).setChecked(True)

        self.message = QLabel()
        self.message.setStyleSheet("color: #a00;")
        buttons = ok_cancel_buttons(self)
        buttons.accepted.disconnect()
        buttons.accepted.connect(self._accept_if_complete)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(start_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if current is not None:
            start_box.hide()
            self.later.setChecked(True)
            self._show(current, current_parent, current_preparer or Person())

    def _show(self, org: Organisation, parent: Organisation | None, preparer: Person) -> None:
        self.name.setText(org.name)
        self.short_name.setText(org.short_name)
        self.kind.setCurrentIndex(list(OrganisationKind).index(org.kind))
        self.parent_name.setCurrentText(parent.name if parent else "")
        for field, value in ((self.address, org.address), (self.phone, org.phone), (self.email, org.email),
                             (self.web, org.web), (self.head_title, org.head.title), (self.head_name, org.head.name),
                             (self.preparer_title, preparer.title), (self.preparer_name, preparer.name)):
            field.setText(value)
        for field in self.findChildren(QLineEdit):
            field.setCursorPosition(0)  # a long name shown from its first word

    def _accept_if_complete(self) -> None:
        if not self.name.text().strip():
            self.message.setText(translate(N_("Write the organisation's name.")))
            self.name.setFocus()
            return
        self.accept()

    def organisation(self) -> tuple[Organisation, Organisation | None]:
        parent = None
        name = self.parent_name.currentText().strip()
        if name:
            known = {a.name: a for a in aimags()}
            if self.current_parent is not None:
                known[self.current_parent.name] = self.current_parent
            parent = known.get(name) or Organisation(new_id(), name, OrganisationKind.AIMAG)
        kind = OrganisationKind(self.kind.currentData())
        name = self.name.text().strip()
        if self.current is not None:
            org_id = self.current.id
        else:
            org_id = _shared_aimag_id(name) if kind == OrganisationKind.AIMAG else new_id()
        org = Organisation(
            id=org_id, name=name, kind=kind,
            short_name=self.short_name.text().strip(), parent_id=parent.id if parent else None,
            address=self.address.text().strip(), phone=self.phone.text().strip(), email=self.email.text().strip(),
            web=self.web.text().strip(), head=Person(self.head_title.text().strip(), self.head_name.text().strip()))
        return org, parent

    def preparer(self) -> Person:
        return Person(self.preparer_title.text().strip(), self.preparer_name.text().strip())

    def chosen_start(self) -> Template | str:
        """A template, "copy" or "later"."""
        for button, template in self.template_buttons:
            if button.isChecked():
                return template
        return "copy" if self.copy_last_year.isChecked() else "later"


class NewReportDialog(QDialog):
    """Which plan and which period; the second half can start from the first half's text."""

    def __init__(self, plans: list[Plan], first_halves: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("New report")))
        self.plan = QComboBox()
        for plan in plans:
            self.plan.addItem(f"{plan.year} · {plan.title[:80]}", plan)
        self.period = QComboBox()
        for period in Period:
            self.period.addItem(label(period.value), period)
        self.carry = QCheckBox(translate(N_("Start from the first half's results")))
        self.first_halves = first_halves
        self.plan.currentIndexChanged.connect(self._update)
        self.period.currentIndexChanged.connect(self._update)
        form = QFormLayout()
        form.addRow(translate(N_("Plan")), self.plan)
        form.addRow(translate(N_("Period")), self.period)
        form.addRow("", self.carry)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))
        self._update()

    def _update(self) -> None:
        plan = self.plan.currentData()
        possible = self.period.currentData() == Period.H2.value and plan is not None and plan.id in self.first_halves
        self.carry.setEnabled(possible)
        self.carry.setChecked(possible)


_LONGEST_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


class SettingsDialog(QDialog):
    """Language and text size (this computer), the percentage scale and deadlines (the organisation)."""

    def __init__(self, config: Config, scale: ScoreScale, deadlines: dict[Period, Deadline], db_path: Path,
                 parent: QWidget | None = None, layout: dict | None = None, fingerprint: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Settings")))
        self.language = QComboBox()
        self.language.addItem("Монгол", "mn")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(self.language.findData(config.language), 0))
        self.text_size = QSpinBox()
        self.text_size.setRange(8, 20)
        self.text_size.setSuffix(" " + translate(N_("pt")))
        self.text_size.setValue(round(config.text_size))
        self.free_scale = QRadioButton(translate(N_("any whole number 0–100")))
        self.stepped_scale = QRadioButton(" / ".join(map(str, STEPPED_SCALE)))
        (self.free_scale if scale.is_free else self.stepped_scale).setChecked(True)
        self.deadlines: dict[Period, tuple[QSpinBox, QSpinBox]] = {}
        deadline_rows = QFormLayout()
        for period in (Period.H1, Period.H2):
            month, day = QSpinBox(), QSpinBox()
            month.setRange(1, 12)
            day.setRange(1, 31)
            month.setValue(deadlines[period].month)
            day.setMaximum(_LONGEST_MONTH[month.value()])
            month.valueChanged.connect(lambda value, day=day: day.setMaximum(_LONGEST_MONTH[value]))
            day.setValue(deadlines[period].day)
            row = QHBoxLayout()
            row.addWidget(QLabel(translate(N_("month"))))
            row.addWidget(month)
            row.addWidget(QLabel(translate(N_("day"))))
            row.addWidget(day)
            row.addStretch(1)
            deadline_rows.addRow(label(period.value), row)
            self.deadlines[period] = (month, day)
        self.db_path = QLineEdit(str(db_path))
        self.db_path.setReadOnly(True)
        choose = QPushButton(translate(N_("Choose…")))
        choose.clicked.connect(self._choose_db)
        db_row = QHBoxLayout()
        db_row.addWidget(self.db_path, 1)
        db_row.addWidget(choose)
        self.db_note = QLabel(translate(N_("A new data file is used from the next start of the program.")))
        self.db_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(translate(N_("Language")), self.language)
        form.addRow(translate(N_("Text size")), self.text_size)
        form.addRow(translate(N_("Percentage scale")), self.free_scale)
        form.addRow("", self.stepped_scale)
        form.addRow(translate(N_("Report deadlines")), deadline_rows)
        form.addRow(translate(N_("Printed forms")), self._print_settings(layout or {}))
        form.addRow(translate(N_("Data file")), db_row)
        form.addRow("", self.db_note)
        if fingerprint:  # what the aimag checks when it registers this office (cover letter, phone)
            self.fingerprint = QLineEdit(fingerprint)
            self.fingerprint.setReadOnly(True)
            form.addRow(translate(N_("This office's key")), self.fingerprint)
            key_note = QLabel(translate(N_("The aimag checks this fingerprint when it registers your office; it is "
                                           "also printed on the cover letter made when a report is sent.")))
            key_note.setWordWrap(True)
            form.addRow("", key_note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))

    def _print_settings(self, layout: dict) -> QVBoxLayout:
        """Font and margins of the printed forms (the organisation's; mm, as offices set them in Word)."""
        self.print_font = QComboBox()
        self.print_font.addItem("Liberation Serif (Times New Roman)", "serif")
        self.print_font.addItem("Liberation Sans (Arial)", "sans")
        self.print_font.setCurrentIndex(max(self.print_font.findData(layout.get("family", "serif")), 0))
        self.print_size = QSpinBox()
        self.print_size.setRange(8, 14)
        self.print_size.setSuffix(" " + translate(N_("pt")))
        self.print_size.setValue(round(layout.get("font_size", 11)))
        self.margins: dict[str, QSpinBox] = {}
        font_row, row = QHBoxLayout(), QHBoxLayout()  # two rows: the dialog fits 1366 pixels at 125 %
        font_row.addWidget(self.print_font)
        font_row.addWidget(self.print_size)
        font_row.addStretch(1)
        row.addWidget(QLabel(translate(N_("margins:"))))
        for key, text, default in (("margin_left", N_("left"), 30), ("margin_right", N_("right"), 15),
                                   ("margin_top", N_("top"), 20), ("margin_bottom", N_("bottom"), 20)):
            box = QSpinBox()
            box.setRange(5, 50)
            box.setSuffix(" " + translate(N_("mm")))
            box.setValue(round(layout.get(key, default)))
            self.margins[key] = box
            row.addWidget(QLabel(translate(text)))
            row.addWidget(box)
        row.addStretch(1)
        rows = QVBoxLayout()
        rows.addLayout(font_row)
        rows.addLayout(row)
        return rows

    def layout_setting(self) -> dict:
        return {"family": self.print_font.currentData(), "font_size": float(self.print_size.value()),
                **{key: float(box.value()) for key, box in self.margins.items()}}

    def _choose_db(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, translate(N_("Data file")), self.db_path.text(),
                                              "aplan (*.sqlite)", options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.db_path.setText(path)

    def scale(self) -> ScoreScale:
        return ScoreScale.free() if self.free_scale.isChecked() else ScoreScale.from_steps(STEPPED_SCALE)

    def deadline_setting(self) -> dict[str, list[int]]:
        return {period.value: [month.value(), day.value()] for period, (month, day) in self.deadlines.items()}
