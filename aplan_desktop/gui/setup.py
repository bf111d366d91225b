"""First run: who this installation works for, and how this year's plan starts.

The aimag and then the soum (or the capital's district) are chosen from the roster, never
typed: a soum's Governor's Office takes its roster entry's id, the one its aimag expects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import OrganisationKind, Person
from aplan_desktop.core.roster import Aimag
from aplan_desktop.gui.dialogs import ok_cancel_buttons
from aplan_desktop.i18n import error_text, label, translate
from aplan_desktop.i18n.mongolian import declined_name
from aplan_desktop.operations import OfficeDetails, Operations, PlanSource, aimag_choices


class SetupDialog(QDialog):
    """First run: who we are, and how to start this year's plan. Later, with `current`, the same
    form corrects the organisation's details. `apply(details, start)` is the operation that
    saves them: its refusal is shown here and the dialog stays open with what was typed."""

    def __init__(self, aimag_list: tuple[Aimag, ...], apply: Callable[[OfficeDetails, object], object],
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
        self._units = {unit.id: unit for aimag in aimag_list for unit in aimag.units}
        self._aimags = {aimag.id: aimag for aimag in aimag_list}
        self.unit = QComboBox()  # the soum or district, chosen from the aimag's list: its id is the office's
        self._filled_name = ""  # the name last written from the list: choosing another soum replaces it
        self.aimag.currentIndexChanged.connect(self._list_units)
        self.kind.currentIndexChanged.connect(self._list_units)
        self.unit.currentIndexChanged.connect(self._name_from_unit)
        self._list_units()
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
        form.addRow(translate(N_("Kind")), self.kind)
        form.addRow(translate(N_("Aimag (or capital)")), self.aimag)
        form.addRow(translate(N_("Soum (or district)")), self.unit)
        form.addRow(translate(N_("Organisation's name")), self.name)
        form.addRow(translate(N_("Name, genitive (…газрын)")), self.genitive)
        form.addRow(translate(N_("Name, dative (…газарт)")), self.dative)
        form.addRow(translate(N_("Name, ablative (…газраас)")), self.ablative)
        form.addRow(translate(N_("Short name")), self.short_name)
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

    def _list_units(self) -> None:
        """The chosen aimag's soums (or the capital's districts) for a Governor's Office; other
        bodies take no place in the list."""
        kind, chosen = self.kind.currentData(), self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        aimag = self._aimags.get(self.aimag.currentData())
        if kind in (OrganisationKind.SOUM, OrganisationKind.DISTRICT):
            self.unit.addItem(translate(N_("— choose —")), None)
            for unit in aimag.units if aimag else ():
                if unit.kind == kind:
                    self.unit.addItem(unit.name, unit.id)
            self.unit.addItem(translate(N_("not in the list")), "")
        else:
            self.unit.addItem("—", "")
        self.unit.setEnabled(aimag is not None and self.unit.count() > 1)
        self.unit.setCurrentIndex(max(self.unit.findData(chosen), 0) if chosen is not None else 0)
        self.unit.blockSignals(False)

    def _name_from_unit(self) -> None:
        """A soum chosen from the list names its Governor's Office, unless the name was typed."""
        unit = self._units.get(self.unit.currentData())
        if unit is not None and self.name.text().strip() in ("", self._filled_name):
            self._filled_name = unit.office_name
            self.name.setText(unit.office_name)

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
        self.unit.setCurrentIndex(max(self.unit.findData(details.unit_id), 0))
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
            unit_id=self.unit.currentData(),
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


def setup_dialog(ops: Operations, parent=None) -> SetupDialog:
    """The form; its OK runs the setup job, which refuses what is missing and saves the rest."""
    return SetupDialog(aimag_choices(), lambda details, start: ops.setup_office(details, start), ops.plan_sources(),
                       parent)


def organisation_dialog(ops: Operations, parent=None) -> SetupDialog:
    """The same form later (Файл → Байгууллага…): it corrects this office's details in their one place."""
    current = OfficeDetails.of(ops.home_organisation(), ops.settings.preparer)
    return SetupDialog(aimag_choices(), lambda details, start: ops.change_organisation(details), parent=parent,
                       current=current)


def run_setup(ops: Operations, parent=None) -> bool:
    """Ask and apply; False when the user cancels."""
    return bool(setup_dialog(ops, parent).exec())
