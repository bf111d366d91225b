"""Dialogs: a new plan or report, the consolidation's period, and the settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
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
from aplan_desktop.core.model import Plan
from aplan_desktop.core.periods import Deadline, Period
from aplan_desktop.core.scoring import STEPPED_SCALE, ScoreScale
from aplan_desktop.i18n import label, translate
from aplan_desktop.operations import PlanSource



def ok_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(translate(N_("OK")))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(translate(N_("Cancel")))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


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


def bundle_version_choice(current: int | None) -> QComboBox:
    """The bundle format version the aimag's program reads: any (each bundle then goes in the oldest
    version that holds all of it), or one the aimag's older program reads (docs/bundle-format.md#versions)."""
    from aplan_desktop.bundle.manifest import FORMAT_VERSION, OLDEST_VERSION

    choice = QComboBox()
    choice.addItem(translate(N_("as old as the content allows (up to {version})"), version=FORMAT_VERSION), None)
    for version in range(FORMAT_VERSION - 1, OLDEST_VERSION - 1, -1):
        choice.addItem(translate(N_("version {version} (an older aplan)"), version=version), version)
    choice.setCurrentIndex(max(choice.findData(current), 0))
    return choice


class SettingsDialog(QDialog):
    """Language and text size (this computer), the percentage scale and deadlines (the organisation)."""

    def __init__(self, config: Config, scale: ScoreScale, deadlines: dict[Period, Deadline], db_path: Path,
                 parent: QWidget | None = None, layout: dict | None = None, fingerprint: str = "",
                 bundle_version: int | None = None) -> None:
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
        self.bundle_version = bundle_version_choice(bundle_version)
        form.addRow(translate(N_("Bundle format the aimag reads")), self.bundle_version)
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
