"""The plan editor: objectives and measures as a tree, and the chosen one's form beside it.

Add, insert, move (Ctrl+↑/↓ or drag), delete (Del) and renumber; every step can be undone.
An approved plan is read-only until it is reopened with a reason.
"""

from __future__ import annotations


from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Approval, Column, Measure, Objective, Plan
from aplan_desktop.core.periods import timeframe_dates
from aplan_desktop.core.text import clean_text
from aplan_desktop.core.validation import Problem, validate_plan
from aplan_desktop.core.workflow import add_measure, add_objective, approve_plan, is_locked, renumber
from aplan_desktop.core.workflow import reopen_plan
from aplan_desktop.gui.dialogs import ok_cancel_buttons
from aplan_desktop.gui.editing import DocumentEditor, amount_field, money_read_back
from aplan_desktop.i18n import label, translate
from aplan_desktop.i18n.mongolian import format_amount

ID_ROLE = Qt.ItemDataRole.UserRole
TIMEFRAME_WORDS = ["Жилдээ", "Хагас жил", "1-р улирал", "2-р улирал", "3-р улирал", "4-р улирал", "Сар бүр",
                   "Тухай бүр"]
# The columns a body can print, with the labels the seeds use.
COLUMN_CHOICES = [
    ("number", "Д/д"), ("objective", "Зорилт"), ("measure", "Хэрэгжүүлэх арга хэмжээ"),
    ("criteria", "Шалгуур үзүүлэлт"), ("timeframe", "Хугацаа"), ("target", "Хүрэх түвшин, үр дүн"),
    ("budget", "Зарцуулах хөрөнгө (мян.төг), эх үүсвэр"), ("responsible", "Хариуцах эзэн"),
]


class PlanTree(QTreeWidget):
    """Objectives at the top level, measures under them; a drop that would break that is undone."""

    reordered = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)

    def dropEvent(self, event) -> None:  # noqa: N802
        super().dropEvent(event)
        self.reordered.emit()


class ColumnsDialog(QDialog):
    """Which columns this body prints, in which order, with which labels."""

    def __init__(self, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Printed columns")))
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        chosen = {c.key: c.label for c in columns}
        keys = [c.key for c in columns] + [k for k, _ in COLUMN_CHOICES if k not in chosen]
        defaults = dict(COLUMN_CHOICES)
        for key in keys:
            item = QListWidgetItem(chosen.get(key, defaults.get(key, key)))
            item.setData(ID_ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
            item.setCheckState(Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        hint = QLabel(translate(N_("Tick the columns to print; drag to reorder; double-click a label to change it.")))
        hint.setWordWrap(True)
        buttons = ok_cancel_buttons(self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.list.itemChanged.connect(lambda _: self.ok_button.setEnabled(bool(self.columns())))  # a form needs one
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def columns(self) -> list[Column]:
        items = [self.list.item(i) for i in range(self.list.count())]
        return [Column(i.data(ID_ROLE), i.text()) for i in items if i.checkState() == Qt.CheckState.Checked]


class PlanEditor(DocumentEditor):
    print_requested = Signal(str)
    doc_kind = "plan"
    reopen_words = (N_("Reopen the plan"), N_("Why is the plan reopened?"))
    reopen_step = staticmethod(reopen_plan)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self._build()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        self.title = QLineEdit()
        self.title.textChanged.connect(self._header_edited)
        self.status = QLabel()
        self.approval_title, self.approval_name = QLineEdit(), QLineEdit()
        self.has_approval_date = QCheckBox(translate(N_("Approval date")))
        self.approval_date = QDateEdit()
        self.approval_date.setCalendarPopup(True)
        self.approval_date.setDisplayFormat("yyyy.MM.dd")
        for widget in (self.approval_title, self.approval_name):
            widget.textChanged.connect(self._header_edited)
        self.has_approval_date.toggled.connect(self._header_edited)
        self.approval_date.dateChanged.connect(self._header_edited)
        self.approve_button = QPushButton(translate(N_("Approve")))
        self.approve_button.clicked.connect(self.approve)
        self.reopen_button = QPushButton(translate(N_("Reopen…")))
        self.reopen_button.clicked.connect(self.reopen)
        self.columns_button = QPushButton(translate(N_("Columns…")))
        self.columns_button.clicked.connect(self.choose_columns)
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
        steps.addWidget(self.status)
        steps.addStretch(1)
        for button in (self.columns_button, self.approve_button, self.reopen_button, print_button):
            steps.addWidget(button)

        self.tree = PlanTree()
        self.tree.currentItemChanged.connect(lambda *_: self._show_selected())
        self.tree.reordered.connect(self._tree_reordered)
        tree_buttons = QGridLayout()
        self.tree_actions = []
        for index, (text, slot) in enumerate((
                (N_("+ Objective"), self.add_objective), (N_("+ Measure"), self.add_measure),
                (N_("Insert measure"), self.insert_measure), (N_("Delete"), self.delete_selected),
                (N_("Move up"), lambda: self.move_selected(-1)), (N_("Move down"), lambda: self.move_selected(1)),
                (N_("Renumber"), self.renumber))):
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
        self.forms.addWidget(QLabel(translate(N_("Choose an objective or a measure on the left."))))
        self.forms.addWidget(self._objective_form())
        self.forms.addWidget(self._measure_form())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.forms)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scroll)
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
        self.objective_number.textChanged.connect(self._objective_edited)
        self.objective_text.textChanged.connect(self._objective_edited)
        widget = QWidget()
        form = QFormLayout(widget)
        form.addRow(translate(N_("Objective number")), self.objective_number)
        form.addRow(translate(N_("Objective")), self.objective_text)
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
        self.timeframe_dates = QLabel()
        self.target = QLineEdit()
        self.budget = amount_field()
        self.budget_read = money_read_back()
        self.budget_source = QLineEdit()
        self.responsible = QComboBox()
        self.responsible.setEditable(True)
        for box in (self.timeframe, self.responsible):  # as wide as the form, not as the longest unit's name
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
        self.extra_form = QFormLayout()
        self.extra_fields: dict[str, QLineEdit] = {}
        self.measure_number.textChanged.connect(self._measure_edited)
        self.measure_text.textChanged.connect(self._measure_edited)
        self.criteria.textChanged.connect(self._measure_edited)
        self.timeframe.currentTextChanged.connect(self._measure_edited)
        self.target.textChanged.connect(self._measure_edited)
        self.budget.textChanged.connect(self._measure_edited)
        self.budget_source.textChanged.connect(self._measure_edited)
        self.responsible.currentTextChanged.connect(self._measure_edited)
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

    def show_document(self) -> None:
        plan: Plan = self.document
        self.title.setText(plan.title)
        self.status.setText(translate(N_("{kind}, {year}: {status}"), kind=label(plan.kind.value), year=plan.year,
                                      status=label(plan.status.value)))
        approval = plan.approval or Approval()
        self.approval_title.setText(approval.title)
        self.approval_name.setText(approval.name)
        self.has_approval_date.setChecked(approval.date is not None)
        self.approval_date.setDate(QDate(approval.date) if approval.date else QDate.currentDate())
        self.responsible.clear()
        self.responsible.addItems(self._units_in_use())
        self._build_extra_fields()
        selected = self._selected_id()
        self._fill_tree()
        self.select_object(selected)
        self._show_selected()
        locked = is_locked(plan)
        for widget in (self.title, self.approval_title, self.approval_name):
            widget.setReadOnly(locked)
        for widget in (self.has_approval_date, self.approval_date, self.columns_button, self.approve_button,
                       *self.tree_actions):
            widget.setEnabled(not locked)
        self.reopen_button.setEnabled(locked)
        self.approve_button.setVisible(not locked)  # one of the two at a time: room for the rest
        self.reopen_button.setVisible(locked)
        self.forms.setEnabled(not locked)
        self.tree.setDragEnabled(not locked)

    def _units_in_use(self) -> list[str]:
        units = {m.responsible for m in self.document.measures() if m.responsible.strip()}
        rows = self.store.db.execute("SELECT DISTINCT responsible FROM measures WHERE responsible != ''")
        units.update(r[0] for r in rows)
        return [""] + sorted(units)

    def _build_extra_fields(self) -> None:
        while self.extra_form.rowCount():
            self.extra_form.removeRow(0)
        self.extra_fields = {}
        for column in self.document.columns:
            if column.extra_key:
                field = QLineEdit()
                field.textChanged.connect(self._measure_edited)
                self.extra_fields[column.extra_key] = field
                self.extra_form.addRow(column.label, field)

    def _fill_tree(self) -> None:
        self.tree.blockSignals(True)
        self.tree.clear()
        for objective in self.document.objectives:
            top = QTreeWidgetItem([self._objective_label(objective)])
            top.setData(0, ID_ROLE, objective.id)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled)
            self.tree.addTopLevelItem(top)
            for measure in objective.measures:
                child = QTreeWidgetItem([self._measure_label(measure)])
                child.setData(0, ID_ROLE, measure.id)
                child.setFlags((child.flags() | Qt.ItemFlag.ItemIsDragEnabled) & ~Qt.ItemFlag.ItemIsDropEnabled)
                top.addChild(child)
        self.tree.expandAll()
        self.tree.blockSignals(False)

    @staticmethod
    def _objective_label(o: Objective) -> str:
        return f"{translate(N_('Objective'))} {o.number}. {o.text[:80]}"

    @staticmethod
    def _measure_label(m: Measure) -> str:
        return f"{m.number}  {m.text[:90] or '…'}"

    def _selected_id(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def select_object(self, object_id: str | None) -> None:
        if object_id is None:
            return
        iterator = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        for top in iterator:
            for item in [top] + [top.child(j) for j in range(top.childCount())]:
                if item.data(0, ID_ROLE) == object_id:
                    self.tree.setCurrentItem(item)
                    return

    def _find(self, object_id: str | None) -> tuple[Objective | None, Measure | None]:
        for objective in self.document.objectives:
            if objective.id == object_id:
                return objective, None
            for measure in objective.measures:
                if measure.id == object_id:
                    return objective, measure
        return None, None

    def _show_selected(self) -> None:
        objective, measure = self._find(self._selected_id())
        was_loading, self._loading = self._loading, True
        try:
            if measure is not None:
                self.forms.setCurrentIndex(2)
                self.measure_number.setText(measure.number)
                self.measure_text.setPlainText(measure.text)
                self.criteria.setPlainText("\n".join(measure.criteria))
                self.timeframe.setCurrentText(measure.timeframe.text)
                self._show_dates(measure)
                self.target.setText(measure.target)
                self.budget.setText("" if measure.budget.amount is None else format_amount(measure.budget.amount))
                self.budget_read.clear_reading()
                self.autosaver.accept("budget")
                self.budget_source.setText(measure.budget.source)
                self.responsible.setCurrentText(measure.responsible)
                for key, field in self.extra_fields.items():
                    field.setText(measure.extra.get(key, ""))
            elif objective is not None:
                self.forms.setCurrentIndex(1)
                self.objective_number.setText(objective.number)
                self.objective_text.setPlainText(objective.text)
            else:
                self.forms.setCurrentIndex(0)
        finally:
            self._loading = was_loading
        self.show_beginnings()

    def _show_dates(self, measure: Measure) -> None:
        start, end = measure.timeframe.start, measure.timeframe.end
        self.timeframe_dates.setText(f"{start:%Y.%m.%d} – {end:%Y.%m.%d}" if start and end else
                                     translate(N_("(no dates: write a period such as “Жилдээ” or 2025.01.01-2025.06.30)")))

    # ------------------------------------------------------------------ editing

    def _editable(self) -> bool:
        return not self._loading and self.document is not None and not is_locked(self.document)

    def _header_edited(self) -> None:
        if not self._editable():
            return
        plan: Plan = self.document
        plan.title = clean_text(self.title.text())
        title, name = self.approval_title.text(), self.approval_name.text()
        day = self.approval_date.date().toPython() if self.has_approval_date.isChecked() else None
        plan.approval = Approval(title, name, day) if (title or name or day) else None
        self.changed_by_user("header", translate(N_("Edit the plan's title or approval")))

    def _objective_edited(self) -> None:
        objective, _ = self._find(self._selected_id())
        if not self._editable() or objective is None:
            return
        objective.number = self.objective_number.text().strip()
        objective.text = clean_text(self.objective_text.toPlainText())
        self.tree.currentItem().setText(0, self._objective_label(objective))
        self.changed_by_user(f"objective:{objective.id}", translate(N_("Edit objective {number}"),
                                                                  number=objective.number))

    def _measure_edited(self) -> None:
        _, measure = self._find(self._selected_id())
        if not self._editable() or measure is None:
            return
        reads, amount = self.budget_read.check(self.budget.text())
        if not reads:  # the text stays in the field; what it read as on the way is not kept
            self.autosaver.refuse("budget", self.budget_read.refusal)
            amount = self.last_saved(f"budget:{measure.id}", measure.budget.amount)
        else:
            self.autosaver.accept("budget")
            self.keep_saved_value(f"budget:{measure.id}", measure.budget.amount)
        measure.number = self.measure_number.text().strip()
        measure.text = clean_text(self.measure_text.toPlainText())
        measure.criteria = [line.strip() for line in clean_text(self.criteria.toPlainText()).split("\n")
                            if line.strip()]
        measure.timeframe.text = self.timeframe.currentText().strip()
        measure.timeframe.start, measure.timeframe.end = timeframe_dates(measure.timeframe.text, self.document.year)
        measure.target = self.target.text()
        measure.budget.amount = amount
        measure.budget.source = self.budget_source.text()
        measure.responsible = self.responsible.currentText().strip()
        measure.extra = {key: field.text() for key, field in self.extra_fields.items() if field.text().strip()}
        self._show_dates(measure)
        self.tree.currentItem().setText(0, self._measure_label(measure))
        self.changed_by_user(f"measure:{measure.id}", translate(N_("Edit measure {number}"), number=measure.number))

    def _structure_changed(self, description: str, select: str | None) -> None:
        self._fill_tree()
        self.select_object(select)
        self._show_selected()
        self.changed_by_user("", description)

    def add_objective(self) -> None:
        if self._editable():
            objective = add_objective(self.document)
            self._structure_changed(translate(N_("Add an objective")), objective.id)

    def _current_objective(self) -> Objective | None:
        objective, _ = self._find(self._selected_id())
        return objective or (self.document.objectives[-1] if self.document.objectives else None)

    def add_measure(self) -> None:
        if not self._editable():
            return
        objective = self._current_objective() or add_objective(self.document)
        measure = add_measure(self.document, objective)
        self._structure_changed(translate(N_("Add a measure")), measure.id)

    def insert_measure(self) -> None:
        if not self._editable():
            return
        objective, current = self._find(self._selected_id())
        if objective is None:
            return self.add_measure()
        index = objective.measures.index(current) if current else 0
        measure = add_measure(self.document, objective, index)
        self._structure_changed(translate(N_("Insert a measure")), measure.id)

    def delete_selected(self) -> None:
        if not self._editable():
            return
        objective, measure = self._find(self._selected_id())
        if measure is not None:
            objective.measures.remove(measure)
        elif objective is not None:
            self.document.objectives.remove(objective)
        else:
            return
        self._structure_changed(translate(N_("Delete")), objective.id if measure else None)

    def move_selected(self, step: int) -> None:
        if not self._editable():
            return
        objective, measure = self._find(self._selected_id())
        siblings = objective.measures if measure else self.document.objectives
        item = measure or objective
        if item is None:
            return
        index = siblings.index(item)
        if not 0 <= index + step < len(siblings):
            return
        siblings[index], siblings[index + step] = siblings[index + step], siblings[index]
        self._structure_changed(translate(N_("Move")), item.id)

    def renumber(self) -> None:
        if self._editable():
            renumber(self.document)
            self._structure_changed(translate(N_("Renumber")), self._selected_id())

    def _tree_reordered(self) -> None:
        """Read the new order back from the tree after a drag; refuse a shape that is not a plan."""
        by_id = {o.id: o for o in self.document.objectives}
        measures = {m.id: m for m in self.document.measures()}
        order = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            objective = by_id.get(top.data(0, ID_ROLE))
            children = [measures.get(top.child(j).data(0, ID_ROLE)) for j in range(top.childCount())]
            if objective is None or None in children:
                self._fill_tree()  # a measure dropped outside an objective: put things back
                return
            order.append((objective, children))
        for objective, children in order:
            objective.measures = children
        self.document.objectives = [o for o, _ in order]
        self._structure_changed(translate(N_("Move")), self._selected_id())

    def choose_columns(self) -> None:
        dialog = ColumnsDialog(self.document.columns, self)
        if dialog.exec() and self._editable():
            self.document.columns = dialog.columns()
            self._build_extra_fields()
            self.changed_by_user("", translate(N_("Choose columns")))

    def save_whole(self) -> None:
        self.store.save_plan(self.document)

    def approve(self) -> bool:
        return self.take_step(lambda: approve_plan(self.document))

    def reload(self) -> None:
        self.open_document(self.document)

    # ------------------------------------------------------------------ problems

    def problems(self) -> list[Problem]:
        return validate_plan(self.document)

    def focus_problem(self, problem: Problem) -> None:
        self.select_object(problem.object_id)
        self._show_selected()
        target = {"number": self.measure_number, "text": self.measure_text, "timeframe": self.timeframe,
                  "budget": self.budget, "title": self.title, "approval": self.approval_title}.get(problem.field)
        if target is not None:
            target.setFocus()
