"""Which columns a plan or a report prints, in which order, with which labels, and which
neighbouring columns share an upper header cell ("Суурь түвшин" over "он | түвшин")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Column
from aplan_desktop.gui.dialogs import ok_cancel_buttons
from aplan_desktop.i18n import translate

KEY_ROLE = Qt.ItemDataRole.UserRole
LABEL, GROUP = 0, 1


class ColumnsDialog(QDialog):
    """`columns`: those printed now; `choices`: (key, label) of every column that may be."""

    def __init__(self, columns: list[Column], choices: list[tuple[str, str]], parent: QWidget | None = None,
                 hint: str = N_("Tick the columns to print; drag to reorder; double-click a label or an upper "
                                "header to change it. Neighbouring columns with the same upper header share it.")
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate(N_("Printed columns")))
        self.list = QTreeWidget()
        self.list.setColumnCount(2)
        self.list.setHeaderLabels([translate(N_("Column")), translate(N_("Upper header"))])
        self.list.setRootIsDecorated(False)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.list.header().setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        chosen = {c.key: c for c in columns}
        defaults = dict(choices)
        for key in [c.key for c in columns] + [k for k, _ in choices if k not in chosen]:
            column = chosen.get(key) or Column(key, defaults.get(key, key))
            item = QTreeWidgetItem([column.label, column.group])
            item.setData(LABEL, KEY_ROLE, key)
            item.setFlags((item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable)
                          & ~Qt.ItemFlag.ItemIsDropEnabled)  # dropped between columns, never into one
            item.setCheckState(LABEL, Qt.CheckState.Checked if key in chosen else Qt.CheckState.Unchecked)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(GROUP)
        hint_label = QLabel(translate(hint))
        hint_label.setWordWrap(True)
        buttons = ok_cancel_buttons(self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.list.itemChanged.connect(lambda *_: self.ok_button.setEnabled(bool(self.columns())))  # a form needs one
        layout = QVBoxLayout(self)
        layout.addWidget(hint_label)
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 70, metrics.lineSpacing() * (len(chosen) + len(choices) + 8))

    def items(self) -> list[QTreeWidgetItem]:
        return [self.list.topLevelItem(i) for i in range(self.list.topLevelItemCount())]

    def item(self, key: str) -> QTreeWidgetItem:
        return next(i for i in self.items() if i.data(LABEL, KEY_ROLE) == key)

    def columns(self) -> list[Column]:
        return [Column(i.data(LABEL, KEY_ROLE), i.text(LABEL), i.text(GROUP)) for i in self.items()
                if i.checkState(LABEL) == Qt.CheckState.Checked]
