"""The plan editor: sections, objectives and measures as a tree, and the chosen one's form beside it.

Add, insert, move (Ctrl+↑/↓ or drag), delete (Del) and renumber; every step can be undone.
The heading block and the printed columns have dialogs of their own. An approved plan is
read-only until it is reopened with a reason.
"""

from __future__ import annotations


from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.columns import default_labels
from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Approval, Measure, Plan
from aplan_desktop.core.validation import Problem, validate_plan
from aplan_desktop.core.workflow import is_locked
from aplan_desktop.gui.columns_dialog import ColumnsDialog
from aplan_desktop.gui.editing import DocumentEditor, FormScroll, ReadBack, amount_field, money_words, stay_on
from aplan_desktop.gui.heading_dialog import HeadingDialog
from aplan_desktop.gui.plan_tree import PlanTree, measure_label, objective_label, section_label
from aplan_desktop.i18n import label, translate
from aplan_desktop.i18n.mongolian import format_amount
from aplan_desktop.operations.editing import Step

TIMEFRAME_WORDS = ["Жилдээ", "Хагас жил", "1-р улирал", "2-р улирал", "3-р улирал", "4-р улирал", "Сар бүр",
                   "Тухай бүр"]
# The columns a body can print, with the labels the seeds use.
COLUMN_CHOICES = default_labels("plan")


NO_DATES = N_("(no dates: write a period such as “Жилдээ” or 2025.01.01-2025.06.30)")


class SteadyLabel(QLabel):
    """A wrapped line under a field that keeps the room its longest message needs at its
    width, so the fields below do not move when the message changes as the person types."""

    def __init__(self, longest: str) -> None:
        super().__init__()
        self.setWordWrap(True)
        self._longest = QLabel(translate(longest))  # never shown: measures the room at this width
        self._longest.setWordWrap(True)

    def resizeEvent(self, event) -> None:  # noqa: N802
        self._longest.setFont(self.font())
        room = max(self._longest.heightForWidth(max(self.width(), 1)), self._longest.sizeHint().height())
        if room != self.height() or room != self.minimumHeight():
            self.setFixedHeight(room)
        super().resizeEvent(event)


class PlanEditor(DocumentEditor):
    print_requested = Signal(str)
    doc_kind = "plan"
    reopen_words = (N_("Reopen the plan"), N_("Why is the plan reopened?"))

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.textChanged.connect(lambda text: self.edit(lambda s: s.set_plan_field("title", text)))
        self.status = QLabel()
        self.status.setWordWrap(True)  # a long kind of plan takes two lines at a large text size
        self.approval_title, self.approval_name = QLineEdit(), QLineEdit()
        self.has_approval_date = QCheckBox(translate(N_("Approval date")))
        self.approval_date = QDateEdit()
        self.approval_date.setCalendarPopup(True)
        self.approval_date.setDisplayFormat("yyyy.MM.dd")
        for widget, name in ((self.approval_title, "approval_title"), (self.approval_name, "approval_name")):
            widget.textChanged.connect(lambda text, name=name: self.edit(lambda s: s.set_plan_field(name, text)))
        self.has_approval_date.toggled.connect(self._approval_date_edited)
        self.approval_date.dateChanged.connect(self._approval_date_edited)
        self.approve_button = QPushButton(translate(N_("Approve")))
        self.approve_button.clicked.connect(self.approve)
        self.reopen_button = QPushButton(translate(N_("Reopen…")))
        self.reopen_button.clicked.connect(self.reopen)
        self.columns_button = QPushButton(translate(N_("Columns…")))
        self.columns_button.clicked.connect(self.choose_columns)
        self.heading_button = QPushButton(translate(N_("Heading…")))
        self.heading_button.clicked.connect(self.edit_heading)
        print_button = QPushButton(translate(N_("Print / PDF…")))
        print_button.clicked.connect(lambda: self.print_requested.emit(self.document.id))
        header = QGridLayout()
        header.addWidget(QLabel(translate(N_("Title"))), 0, 0)
        header.addWidget(self.title, 0, 1, 1, 4)
        header.addWidget(QLabel(translate(N_("Approved by (title, name)"))), 1, 0)
        header.addWidget(self.approval_title, 1, 1)
        header.addWidget(self.approval_name, 1, 2)
        header.addWidget(self.has_approval_date, 1, 3)
        header.addWidget(self.approval_date, 1, 4)
        steps = QHBoxLayout()
        steps.addWidget(self.status, 1)  # the free room is the status's: one line when it fits
        for button in (self.heading_button, self.columns_button, self.approve_button, self.reopen_button,
                       print_button):
            steps.addWidget(button)

        self.tree = PlanTree()
        self.tree.currentItemChanged.connect(self._selection_moved)
        self.tree.reordered.connect(self._tree_reordered)
        tree_buttons = QGridLayout()
        self.tree_actions = []
        for index, (text, slot) in enumerate((
                (N_("+ Section"), self.add_section), (N_("+ Objective"), self.add_objective),
                (N_("+ Measure"), self.add_measure), (N_("Renumber"), self.renumber),
                (N_("Delete"), self.delete_selected), (N_("Move up"), lambda: self.move_selected(-1)),
                (N_("Insert measure"), self.insert_measure),  # under "+ Measure": the long ones share a column
                (N_("Move down"), lambda: self.move_selected(1)))):
            button = QPushButton(translate(text))
            button.clicked.connect(slot)
            tree_buttons.addWidget(button, index // 4, index % 4)
            self.tree_actions.append(button)
        for keys, slot in ((QKeySequence.StandardKey.Delete, self.delete_selected),
                           ("Ctrl+Up", lambda: self.move_selected(-1)), ("Ctrl+Down", lambda: self.move_selected(1)),
                           ("Insert", self.insert_measure)):
            shortcut = QShortcut(QKeySequence(keys), self.tree)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(tree_buttons)

        self.forms = QStackedWidget()
        choose = QLabel(translate(N_("Choose a section, an objective or a measure on the left.")))
        choose.setWordWrap(True)  # the stack is as wide as its widest page
        self.forms.addWidget(choose)
        self.forms.addWidget(self._objective_form())
        self.forms.addWidget(self._measure_form())
        self.forms.addWidget(self._section_form())
        self.scroll = FormScroll(self.forms)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.scroll)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([360, 700])

        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(header)
        layout.addLayout(steps)
        layout.addWidget(splitter, 1)

    def _objective_form(self) -> QWidget:
        self.objective_number = QLineEdit()
        self.objective_text = QPlainTextEdit()
        self.objective_section = QComboBox()  # which section it is under
        self.objective_number.textChanged.connect(lambda text: self._objective_edited("number", text))
        self.objective_text.textChanged.connect(
            lambda: self._objective_edited("text", self.objective_text.toPlainText()))
        self.objective_section.activated.connect(self._section_chosen)
        widget = QWidget()
        form = QFormLayout(widget)
        form.addRow(translate(N_("Objective number")), self.objective_number)
        form.addRow(translate(N_("Objective")), self.objective_text)
        form.addRow(translate(N_("Under the section")), self.objective_section)
        return widget

    def _section_form(self) -> QWidget:
        self.section_number = QLineEdit()
        self.section_text = QPlainTextEdit()
        self.section_number.textChanged.connect(lambda text: self._section_edited("number", text))
        self.section_text.textChanged.connect(lambda: self._section_edited("text", self.section_text.toPlainText()))
        hint = QLabel(translate(N_("A section prints as a row across the table above its objectives. Put an "
                                   "objective under it with the objective's “Under the section”.")))
        hint.setWordWrap(True)
        widget = QWidget()
        form = QFormLayout(widget)
        form.addRow(translate(N_("Section number")), self.section_number)
        form.addRow(translate(N_("Section")), self.section_text)
        form.addRow(hint)
        return widget

    def _measure_form(self) -> QWidget:
        self.measure_number = QLineEdit()
        self.measure_text = QPlainTextEdit()
        self.measure_text.setMinimumHeight(90)
        self.criteria = QPlainTextEdit()
        self.criteria.setPlaceholderText(translate(N_("One criterion per line")))
        self.timeframe = QComboBox()
        self.timeframe.setEditable(True)
        self.timeframe.addItems(TIMEFRAME_WORDS)
        self.timeframe_dates = SteadyLabel(NO_DATES)  # the long hint wraps: no horizontal scrollbar
        self.target = QLineEdit()
        self.budget = amount_field()
        self.budget_read = self.read_back("budget", self.budget, N_("Budget"))
        self.budget_source = QLineEdit()
        self.responsible = QComboBox()
        self.responsible.setEditable(True)
        for box in (self.timeframe, self.responsible):  # as wide as the form, not as the longest unit's name
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.extra_form = QFormLayout()
        self.extra_fields: dict[str, QLineEdit] = {}
        for widget, name in ((self.measure_number, "number"), (self.target, "target"),
                             (self.budget_source, "budget_source")):
            widget.textChanged.connect(lambda text, name=name: self._measure_edited(name, text))
        for widget, name in ((self.measure_text, "text"), (self.criteria, "criteria")):
            widget.textChanged.connect(lambda widget=widget, name=name: self._measure_edited(name, widget.toPlainText()))
        self.timeframe.currentTextChanged.connect(lambda text: self._measure_edited("timeframe", text))
        self.responsible.currentTextChanged.connect(lambda text: self._measure_edited("responsible", text))
        self.budget.textChanged.connect(lambda text: self._measure_edited("budget", text, self.budget_read))
        budget = QHBoxLayout()
        budget.addWidget(self.budget, 1)
        budget.addWidget(QLabel(translate(N_("source"))))
        budget.addWidget(self.budget_source, 2)
        widget = QWidget()
        form = QFormLayout(widget)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow pane: a field below its label
        form.addRow(translate(N_("Measure number")), self.measure_number)
        form.addRow(translate(N_("Measure")), self.measure_text)
        form.addRow(translate(N_("Criteria")), self.criteria)
        form.addRow(translate(N_("Timeframe")), self.timeframe)
        form.addRow("", self.timeframe_dates)
        form.addRow(translate(N_("Target level")), self.target)
        form.addRow(translate(N_("Budget")), budget)
        form.addRow("", self.budget_read)
        form.addRow(translate(N_("Responsible")), self.responsible)
        form.addRow(self.extra_form)
        return widget

    # ------------------------------------------------------------------ showing

    def open_document(self, plan: Plan) -> None:
        self.open_session(self.ops.editing.open_plan(plan, origin=self))

    def show_document(self) -> None:
        plan: Plan = self.document
        self.title.setText(plan.title)
        self.status.setText(translate(N_("{kind}, {year}: {status}"), kind=label(plan.kind.value), year=plan.year,
                                      status=label(plan.status.value)))
        self._show_approval(plan.approval or Approval())
        self.responsible.clear()
        self.responsible.addItems(self._units_in_use())
        self._build_extra_fields()
        selected = self._selected_id()
        self._fill_tree()
        self.select_object(selected)
        self._show_selected()
        locked = is_locked(plan)
        for widget in (self.title, self.approval_title, self.approval_name, self.objective_number, self.objective_text,
                       self.measure_number, self.measure_text, self.criteria, self.target, self.budget,
                       self.budget_source, self.section_number, self.section_text, *self.extra_fields.values()):
            widget.setReadOnly(locked)  # read-only, and looks it: grey, no caret
        for box in (self.timeframe, self.responsible):
            box.lineEdit().setReadOnly(locked)
            box.setEnabled(not locked)
        for widget in (self.has_approval_date, self.approval_date, self.columns_button, self.heading_button,
                       self.approve_button, self.objective_section, *self.tree_actions):
            widget.setEnabled(not locked)
        self.setProperty("locked", locked)
        self.setStyleSheet("QLineEdit[readOnly=\"true\"], QPlainTextEdit[readOnly=\"true\"] "
                           "{ background: palette(window); color: #505050; }" if locked else "")
        self.reopen_button.setEnabled(locked)
        self.approve_button.setVisible(not locked)  # one of the two at a time: room for the rest
        self.reopen_button.setVisible(locked)
        self.tree.setDragEnabled(not locked)

    def _show_approval(self, approval: Approval) -> None:
        self.approval_title.setText(approval.title)
        self.approval_name.setText(approval.name)
        self.has_approval_date.setChecked(approval.date is not None)
        self.approval_date.setDate(QDate(approval.date) if approval.date else QDate.currentDate())

    def _units_in_use(self) -> list[str]:
        units = {m.responsible for m in self.document.measures() if m.responsible.strip()}
        units.update(self.ops.editing.responsible_units())
        return [""] + sorted(units)

    def _build_extra_fields(self) -> None:
        while self.extra_form.rowCount():
            self.extra_form.removeRow(0)
        self.extra_fields = {}
        for column in self.document.columns:
            if column.extra_key:
                field = QLineEdit()
                name = f"extra:{column.extra_key}"
                field.textChanged.connect(lambda text, name=name: self._measure_edited(name, text))
                self.extra_fields[column.extra_key] = field
                self.extra_form.addRow(column.label, field)

    def _fill_tree(self) -> None:
        self.tree.fill(self.document)

    def _relabel(self, object_id: str) -> None:
        objective, measure = self.session.find(object_id)
        section = self.session.section(object_id)
        item = self.tree.items.get(object_id)
        if item is not None and (measure or objective or section):
            item.setText(0, measure_label(measure) if measure else objective_label(objective) if objective
                         else section_label(section))

    def _selected_id(self) -> str | None:
        return self.tree.selected_id()

    def select_object(self, object_id: str | None) -> None:
        self.tree.select(object_id)

    def _selection_moved(self, current: QTreeWidgetItem | None, previous: QTreeWidgetItem | None) -> None:
        """Another objective or measure chosen: not while a field's text does not read, unless
        the person says to leave it (the tree keeps the one being edited)."""
        if self._loading or previous is None or self.may_leave():
            self._show_selected()
            return
        stay_on(self.tree, lambda: self.tree.setCurrentItem(previous))

    def _show_selected(self) -> None:
        objective, measure = self.session.find(self._selected_id()) if self.session else (None, None)
        section = self.session.section(self._selected_id()) if self.session else None
        was_loading, self._loading = self._loading, True
        try:
            if section is not None:
                self.forms.setCurrentIndex(3)
                self.section_number.setText(section.number)
                self.section_text.setPlainText(section.text)
            elif measure is not None:
                self.forms.setCurrentIndex(2)
                self.measure_number.setText(measure.number)
                self.measure_text.setPlainText(measure.text)
                self.criteria.setPlainText("\n".join(measure.criteria))
                self.timeframe.setCurrentText(measure.timeframe.text)
                self._show_dates(measure)
                self.target.setText(measure.target)
                self.budget.setText("" if measure.budget.amount is None else format_amount(measure.budget.amount))
                self.budget_read.show_reading(money_words(measure.budget.amount))
                self.autosaver.accept("budget")
                self.budget_source.setText(measure.budget.source)
                self.responsible.setCurrentText(measure.responsible)
                for key, field in self.extra_fields.items():
                    field.setText(measure.extra.get(key, ""))
            elif objective is not None:
                self.forms.setCurrentIndex(1)
                self.objective_number.setText(objective.number)
                self.objective_text.setPlainText(objective.text)
                self._show_sections(objective.section_id)
            else:
                self.forms.setCurrentIndex(0)
        finally:
            self._loading = was_loading
        self.show_beginnings()

    def _show_sections(self, chosen: str | None) -> None:
        self.objective_section.clear()
        self.objective_section.addItem(translate(N_("(no section)")), None)
        for section in self.document.sections:
            self.objective_section.addItem(section_label(section), section.id)
        self.objective_section.setCurrentIndex(max(self.objective_section.findData(chosen), 0))

    def _show_dates(self, measure: Measure) -> None:
        start, end = measure.timeframe.start, measure.timeframe.end
        self.timeframe_dates.setText(f"{start:%Y.%m.%d} – {end:%Y.%m.%d}" if start and end else translate(NO_DATES))

    def show_step(self, step: Step) -> None:
        """After undo or redo: the tree anew when its shape changed, else the lines and the form."""
        if step.structure:
            self._fill_tree()
            self.select_object(next(iter(step.objects), None) or self._selected_id())
        else:
            for object_id in step.objects:
                self._relabel(object_id)
            if step.objects and self._selected_id() not in step.objects:
                self.select_object(next(iter(step.objects)))
            plan = self.document
            self.title.setText(plan.title)
            self._show_approval(plan.approval or Approval())
        self._show_selected()

    # ------------------------------------------------------------------ editing

    def _approval_date_edited(self) -> None:
        day = self.approval_date.date().toPython() if self.has_approval_date.isChecked() else None
        self.edit(lambda s: s.set_plan_field("approval_date", day))

    def _section_edited(self, name: str, value: str) -> None:
        section_id = self._selected_id()
        if self.edit(lambda s: s.set_section_field(section_id, name, value)):
            self._relabel(section_id)

    def _section_chosen(self) -> None:
        objective_id, section_id = self._selected_id(), self.objective_section.currentData()
        self._run(lambda s: s.put_under_section(objective_id, section_id))

    def _objective_edited(self, name: str, value: str) -> None:
        object_id = self._selected_id()
        if self.edit(lambda s: s.set_objective_field(object_id, name, value)):
            self._relabel(object_id)

    def _measure_edited(self, name: str, value: str, read_back: ReadBack | None = None) -> None:
        measure_id = self._selected_id()
        if not self.edit(lambda s: s.set_measure_field(measure_id, name, value), read_back):
            return
        _, measure = self.session.find(measure_id)
        if name in ("number", "text"):
            self._relabel(measure_id)
        elif name == "timeframe":
            self._show_dates(measure)
        elif name == "budget":
            self.budget_read.show_reading(money_words(measure.budget.amount))

    def _structure_changed(self, step: Step | None) -> None:
        if step is None:
            return
        self._fill_tree()
        self.select_object(next(iter(step.objects), None))
        self._show_selected()

    def _run(self, change) -> None:
        if not self.may_leave():
            return
        self._structure_changed(self.edit(change))

    def add_section(self) -> None:
        self._run(lambda s: s.add_section())

    def add_objective(self) -> None:
        self._run(lambda s: s.add_objective())

    def add_measure(self) -> None:
        objective, _ = self.session.find(self._selected_id()) if self.session else (None, None)
        self._run(lambda s: s.add_measure(objective.id if objective else None))

    def insert_measure(self) -> None:
        objective, current = self.session.find(self._selected_id()) if self.session else (None, None)
        if objective is None:
            return self.add_measure()
        index = objective.measures.index(current) if current else 0
        self._run(lambda s: s.add_measure(objective.id, index))

    def delete_selected(self) -> None:
        selected = self._selected_id()
        objective, measure = self.session.find(selected) if self.session else (None, None)
        if (objective is None and self.session.section(selected) is None) or not self.may_leave():
            return
        step = self.edit(lambda s: s.delete(selected))
        if step is not None:
            self._fill_tree()
            self.select_object(objective.id if measure else next(iter(step.objects), None))
            self._show_selected()

    def move_selected(self, step: int) -> None:
        selected = self._selected_id()
        if selected is not None:
            self._run(lambda s: s.move(selected, step))

    def renumber(self) -> None:
        selected = self._selected_id()
        if self.may_leave() and self.edit(lambda s: s.renumber()) is not None:
            self._fill_tree()
            self.select_object(selected)
            self._show_selected()

    def _tree_reordered(self) -> None:
        """Read the new order back from the tree after a drag; a shape that is not a plan is put back."""
        order = self.tree.order()
        selected = self._selected_id()
        step = self.edit(lambda s: s.reorder(order))
        self._fill_tree()  # the session's order, whether it took the drag or refused it
        self.select_object(selected)
        if step is not None:
            self.show_refusal("")

    def choose_columns(self) -> None:
        if not self.may_leave():
            return
        dialog = ColumnsDialog(self.document.columns, COLUMN_CHOICES, self)
        if dialog.exec() and self.edit(lambda s: s.set_columns(dialog.columns())):
            self._build_extra_fields()
            self._show_selected()

    def edit_heading(self) -> None:
        if not self.may_leave():
            return
        plan = self.document
        dialog = HeadingDialog(plan.heading, plan.year, self)
        dialog.apply = lambda heading: self.edit(lambda s: s.set_heading(heading), refused=dialog.refuse)
        dialog.exec()

    def approve(self) -> bool:
        return self.take_step(lambda: self.ops.approve(self.document.id, origin=self))

    def reload(self) -> None:
        self.open_document(self.ops.plan(self.document.id))

    # ------------------------------------------------------------------ problems

    def problems(self) -> list[Problem]:
        return validate_plan(self.document)

    def focus_problem(self, problem: Problem) -> None:
        if not self.may_leave():
            return
        self.select_object(problem.object_id)
        self._show_selected()
        fields = {"number": self.measure_number, "text": self.measure_text, "timeframe": self.timeframe,
                  "budget": self.budget, "title": self.title, "approval": self.approval_title}
        if self.forms.currentIndex() == 1:  # an objective's problem
            fields.update(number=self.objective_number, text=self.objective_text, section=self.objective_section)
        elif self.forms.currentIndex() == 3:  # a section's
            fields.update(number=self.section_number, text=self.section_text)
        target = fields.get(problem.field)
        if target is not None:
            target.setFocus()
            if self.scroll.isAncestorOf(target):
                self.scroll.ensureWidgetVisible(target)  # the field in view, not below the fold
