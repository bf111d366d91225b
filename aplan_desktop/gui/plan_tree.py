"""The plan editor's tree: sections, the objectives under them (those under none first, at the
top level), and their measures; a measure is dragged to another place or objective, and the
order is read back from the tree after the drop."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from aplan_desktop.core.errors import N_
from aplan_desktop.core.model import Measure, Objective, Plan, Section
from aplan_desktop.i18n import translate

ID_ROLE = Qt.ItemDataRole.UserRole
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # True on a section's line


def section_label(s: Section) -> str:
    return f"{translate(N_('Section'))} {s.number}. {s.text[:80]}"


def objective_label(o: Objective) -> str:
    return f"{translate(N_('Objective'))} {o.number}. {o.text[:80]}"


def measure_label(m: Measure) -> str:
    return f"{m.number}  {m.text[:90] or '…'}"


class PlanTree(QTreeWidget):
    """Sections and objectives stay where they are; measures are dragged. A drop that would
    put a measure anywhere but under an objective is undone by the editing operation."""

    reordered = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.items: dict[str, QTreeWidgetItem] = {}

    def dropEvent(self, event) -> None:  # noqa: N802
        super().dropEvent(event)
        self.reordered.emit()

    def fill(self, plan: Plan) -> None:
        self.blockSignals(True)
        self.clear()
        self.items = {}
        known = {s.id for s in plan.sections}
        # the objectives under no section first, then each section with its objectives
        for objective in [o for o in plan.objectives if o.section_id not in known]:
            self._add_objective(self.invisibleRootItem(), objective)
        for section in plan.sections:
            line = self._add(self.invisibleRootItem(), section.id, section_label(section), section=True)
            for objective in [o for o in plan.objectives if o.section_id == section.id]:
                self._add_objective(line, objective)
        self.expandAll()
        self.blockSignals(False)

    def _add_objective(self, parent: QTreeWidgetItem, objective: Objective) -> None:
        line = self._add(parent, objective.id, objective_label(objective))
        for measure in objective.measures:
            self._add(line, measure.id, measure_label(measure), measure=True)

    def _add(self, parent: QTreeWidgetItem, object_id: str, text: str, section: bool = False,
             measure: bool = False) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text])
        item.setData(0, ID_ROLE, object_id)
        flags = item.flags() & ~Qt.ItemFlag.ItemIsDragEnabled & ~Qt.ItemFlag.ItemIsDropEnabled
        if measure:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        elif not section:
            flags |= Qt.ItemFlag.ItemIsDropEnabled  # an objective takes measures
        item.setFlags(flags)
        if section:
            item.setData(0, SECTION_ROLE, True)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
        parent.addChild(item)
        self.items[object_id] = item
        return item

    def order(self) -> list[tuple[str, list[str]]]:
        """Each objective's id with its measures' ids, in the tree's order after a drop."""
        objectives = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top.data(0, SECTION_ROLE):
                objectives += [top.child(j) for j in range(top.childCount())]
            else:
                objectives.append(top)
        return [(o.data(0, ID_ROLE), [o.child(j).data(0, ID_ROLE) for j in range(o.childCount())])
                for o in objectives]

    def selected_id(self) -> str | None:
        item = self.currentItem()
        return item.data(0, ID_ROLE) if item else None

    def select(self, object_id: str | None) -> None:
        item = self.items.get(object_id)
        if item is not None:
            self.setCurrentItem(item)
