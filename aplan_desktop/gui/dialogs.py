"""Dialogs: the first-run setup, a new plan or report, the consolidation's period, and the settings."""

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

from collections.abc import Callable

from aplan_desktop.config import Config
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Organisation, OrganisationKind, Person, Plan
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.core.scoring import STEPPED_SCALE, ScoreScale
from aplan_desktop.i18n import error_text, label, translate
from aplan_desktop.i18n.mongolian import declined_name
from aplan_desktop.operations import OfficeDetails, PlanSource



def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(N_("OK")))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate(N_("Cancel")))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class SetupDialog(QDialog):
    """First run: who we are, and how to start this year's plan. Later, with `current`, the same
    form corrects the organisation's details. `apply(details, start)` is the operation that
    saves them: its refusal is shown here and the dialog stays open with what was typed."""

    def __init__(self, aimag_list: list[Organisation], apply: Callable[[OfficeDetails, object], object],
                 sources: list[PlanSource] | None = None, parent: QWidget | None = None,
                 current: OfficeDetails | None = None) -> None:
        super().__init__(parent)
        self.apply = apply
        self.setWindowTitle(translate(N_("Welcome to aplan") if current is None else N_("Organisation")))
        self.name = QLineEdit()
        self.name.setPlaceholderText("Бат-Өлзий сумын Засаг даргын Тамгын газар")
        self.short_name = QLineEdit()
        self.kind = QComboBox()
        for kind in OrganisationKind:
            self.kind.addItem(label(kind.value), kind)
        self.kind.setCurrentIndex(list(OrganisationKind).index(OrganisationKind.SOUM))
        self.aimag = QComboBox()  # chosen, never typed: the aimags' shared ids join a soum to its aimag
        self.aimag.addItem(translate(N_("— choose —")), None)
        for aimag in aimag_list:
            self.aimag.addItem(aimag.name, aimag.id)
        self.aimag.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.genitive, self.dative, self.ablative = QLineEdit(), QLineEdit(), QLineEdit()
        self._typed_forms: set[QLineEdit] = set()  # forms the user corrected: the rule leaves them alone
        for field in (self.genitive, self.dative, self.ablative):
            field.textEdited.connect(lambda _text, field=field: self._typed_forms.add(field))
        self.name.textChanged.connect(self._decline)
        self.address, self.phone, self.email, self.web = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.web.setPlaceholderText("www.bat-ulzii.ov.gov.mn")  # the letterhead prints it (seed 003)
        self.head_title, self.head_name = QLineEdit(), QLineEdit()
        self.preparer_title, self.preparer_name = QLineEdit(), QLineEdit()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(translate(N_("Organisation's name")), self.name)
        form.addRow(translate(N_("Name, genitive (…газрын)")), self.genitive)
        form.addRow(translate(N_("Name, dative (…газарт)")), self.dative)
        form.addRow(translate(N_("Name, ablative (…газраас)")), self.ablative)
        form.addRow(translate(N_("Short name")), self.short_name)
        form.addRow(translate(N_("Kind")), self.kind)
        form.addRow(translate(N_("Aimag (or capital)")), self.aimag)
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
        self.source_buttons: list[tuple[QRadioButton, PlanSource]] = []
        for source in sources or []:
            if source.label_key != "template":
                continue
            button = QRadioButton(translate(N_("from the template “{name}”"), name=source.name))
            self.start.addButton(button)
            start_layout.addWidget(button)
            self.source_buttons.append((button, source))
        self.later = QRadioButton(translate(N_("later")))
        self.start.addButton(self.later)
        start_layout.addWidget(self.later)
        (self.source_buttons[0][0] if self.source_buttons else self.later).setChecked(True)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00;")
        buttons = ok_cancel_buttons(self)
        buttons.accepted.disconnect()
        buttons.accepted.connect(self._apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(start_box)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if current is not None:
            start_box.hide()
            self._show(current)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.sizeHint().height())  # a long name fits

    def _decline(self, name: str) -> None:
        for field, form in zip((self.genitive, self.dative, self.ablative), declined_name(name)):
            if field not in self._typed_forms:
                field.setText(form)

    def _show(self, details: OfficeDetails) -> None:
        self.name.setText(details.name)
        for field, value in ((self.genitive, details.genitive), (self.dative, details.dative),
                             (self.ablative, details.ablative)):
            if value:
                field.setText(value)
                self._typed_forms.add(field)
        self.short_name.setText(details.short_name)
        self.kind.setCurrentIndex(list(OrganisationKind).index(details.kind))
        self.aimag.setCurrentIndex(max(self.aimag.findData(details.aimag_id), 0))
        for field, value in ((self.address, details.address), (self.phone, details.phone),
                             (self.email, details.email), (self.web, details.web),
                             (self.head_title, details.head.title), (self.head_name, details.head.name),
                             (self.preparer_title, details.preparer.title),
                             (self.preparer_name, details.preparer.name)):
            field.setText(value)
        for field in self.findChildren(QLineEdit):
            field.setCursorPosition(0)  # a long name shown from its first word

    def details(self) -> OfficeDetails:
        return OfficeDetails(
            name=self.name.text(), kind=OrganisationKind(self.kind.currentData()), aimag_id=self.aimag.currentData(),
            short_name=self.short_name.text(), address=self.address.text(), phone=self.phone.text(),
            email=self.email.text(), web=self.web.text(), head=Person(self.head_title.text(), self.head_name.text()),
            preparer=Person(self.preparer_title.text().strip(), self.preparer_name.text().strip()),
            genitive=self.genitive.text(), dative=self.dative.text(), ablative=self.ablative.text())

    def chosen_start(self) -> PlanSource | str:
        """A template's source, or "later"."""
        for button, source in self.source_buttons:
            if button.isChecked():
                return source
        return "later"

    def _apply(self) -> None:
        try:
            self.apply(self.details(), self.chosen_start())
        except UserError as exc:
            self.message.setText(error_text(exc))
            return
        self.accept()


class NewPlanDialog(QDialog):
    """Where the new plan starts (a template or one of this office's plans) and its year."""

    def __init__(self, sources: list[PlanSource], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("New plan")))
        self.source = QComboBox()
        for source in sources:
            text = translate(N_("from the template “{name}”"), name=source.name) if source.label_key == "template" \
                else translate(N_("copy of the {year} plan"), year=source.year) + f": {source.name[:60]}"
            self.source.addItem(text, source)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(date.today().year)
        form = QFormLayout()
        form.addRow(translate(N_("Start the plan")), self.source)
        form.addRow(translate(N_("Year")), self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))
        # wide enough for the title in the frame (a narrow dialog cuts it)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.windowTitle()) + 240)


class YearPeriodDialog(QDialog):
    """The year and half-year of the consolidated report."""

    def __init__(self, title: str, years: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(years[0] if years else date.today().year)
        self.period = QComboBox()
        for period in (Period.H1, Period.H2):
            self.period.addItem(label(period.value), period)
        form = QFormLayout()
        form.addRow(translate(N_("Year")), self.year)
        form.addRow(translate(N_("Period")), self.period)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel_buttons(self))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(title) + 240)


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
        self._deadlines = deadlines
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

    def deadline_setting(self) -> dict[Period, Deadline]:
        return {period: Deadline(month.value(), day.value(), self._deadlines[period].next_year)
                for period, (month, day) in self.deadlines.items()}
