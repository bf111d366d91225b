"""The side panels: the navigator (organisation → year → documents), the problem list, search."""

from __future__ import annotations

from collections import defaultdict

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileIconProvider,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aplan_desktop.core.errors import N_
from aplan_desktop.core.text import markup_escape
from aplan_desktop.i18n import found_text, label, problem_text, translate
from aplan_desktop.i18n.mongolian import format_percent
from aplan_desktop.operations import DocumentSummary, Operations

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent

    from aplan_desktop.core.validation import Problem

# The Qt namespace's enumerations (93 classes, 1,195 members) are made into Python enumerations the
# first time any of them is handed to PySide or named, some 20 ms at every start: the start page
# names none (docs/performance.md, "The Qt namespace"). Qt takes an item's data role as a number.
DATA = 256  # Qt.ItemDataRole.UserRole
FEW_ORGANISATIONS = 6  # up to this many in the navigator, all open; with more (an aimag's bodies), only some


def titled_pane(title: str, content: QWidget) -> QWidget:
    """A side panel with its name above it ("Төлөвлөгөө, тайлан")."""
    pane = QWidget()
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    heading = QLabel(title)
    heading.setContentsMargins(4, 2, 4, 0)
    layout.addWidget(heading)
    layout.addWidget(content)
    return pane


def splitter(*panes: QWidget, stretching: int, vertical: bool = False) -> QSplitter:
    """Panes side by side, or one above the other, their borders dragged to share the room; the
    pane `stretching` takes what the window gains. A vertical one's orientation is set by its name,
    as Qt's property: `Qt.Orientation` would make the Qt namespace's enumerations."""
    split = QSplitter()
    if vertical:
        split.setProperty("orientation", "Vertical")
    for pane in panes:
        split.addWidget(pane)
    split.setStretchFactor(stretching, 1)
    split.setChildrenCollapsible(False)
    return split


def document_name(d: DocumentSummary) -> str:
    """What a document is: "Тайлан · II хагас жил", "Авлигын эсрэг төлөвлөгөө" (the kind says it is a plan)."""
    if d.period:
        return label(d.kind).capitalize() + " · " + label(d.period.value)
    return label(d.plan_kind.value).capitalize()


def document_state(d: DocumentSummary) -> str:
    """Its status (or where a report stands with the aimag), and a report's overall score:
    "эцсийн · 95%", "Аймаг хүлээн авсан: 2025.05.09 · 95%"."""
    return (d.standing or label(d.status)) + (" · " + format_percent(d.score) if d.kind == "report" else "")


def document_label(d: DocumentSummary) -> str:
    return f"{document_name(d)} — {document_state(d)}"


class Navigator(QTreeWidget):
    """Organisation → year → its plans and reports, newest year first; this office first.

    With more than `FEW_ORGANISATIONS` (an aimag holds every body's reports), an organisation
    opens at first only when it is this office or holds the open document; the others stay as
    the person left them each time the list is filled again."""

    document_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderHidden(True)
        self.setIndentation(self.fontMetrics().averageCharWidth() * 2)
        self.itemActivated.connect(self._chosen)
        self.itemClicked.connect(self._chosen)

    def fill(self, documents: list[DocumentSummary], current: str | None = None, home: str | None = None) -> None:
        """`home`: this office's id."""
        left_open = {item.text(0): item.isExpanded()
                     for item in map(self.topLevelItem, range(self.topLevelItemCount()))}
        self.clear()
        tree: dict[str, dict[int, list[DocumentSummary]]] = defaultdict(lambda: defaultdict(list))
        own = set()
        for d in documents:
            tree[d.organisation][d.year].append(d)
            if d.organisation_id == home:
                own.add(d.organisation)
        few = len(tree) <= FEW_ORGANISATIONS
        # the style's folder and file icons, through the icon provider: asking the style itself
        # would make PySide's 566 enumeration members of QStyle at every start (about 10 ms)
        icons = QFileIconProvider()
        folder, page = icons.icon(QFileIconProvider.IconType.Folder), icons.icon(QFileIconProvider.IconType.File)
        for organisation in sorted(tree, key=lambda name: (name not in own, name)):
            org_item = QTreeWidgetItem([organisation])
            org_item.setIcon(0, folder)
            org_item.setToolTip(0, organisation)  # cut short when the navigator is narrow
            self.addTopLevelItem(org_item)
            org_item.setExpanded(left_open.get(organisation, few or organisation in own))
            for year in sorted(tree[organisation], reverse=True):
                year_item = QTreeWidgetItem([str(year)])
                org_item.addChild(year_item)
                year_item.setExpanded(True)
                for d in sorted(tree[organisation][year], key=lambda d: (d.kind, d.period.value if d.period else "")):
                    # two lines: what it is may be cut short in a narrow panel, its status and score not
                    item = QTreeWidgetItem([f"{document_name(d)}\n{document_state(d)}"])
                    item.setIcon(0, page)
                    item.setData(0, DATA, d.id)
                    item.setToolTip(0, d.title)
                    year_item.addChild(item)
                    if d.id == current:
                        org_item.setExpanded(True)
                        self.setCurrentItem(item)

    def _chosen(self, item: QTreeWidgetItem) -> None:
        doc_id = item.data(0, DATA)
        if doc_id:
            self.document_chosen.emit(doc_id)


class ProblemList(QWidget):
    """All problems of the open document; a click goes to the field concerned."""

    problem_chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(lambda item: self.problem_chosen.emit(item.data(DATA)))
        self.list.itemActivated.connect(lambda item: self.problem_chosen.emit(item.data(DATA)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list)

    def wanted_height(self) -> int:
        """The summary line, and up to six problems under it."""
        lines = 1 + min(self.list.count(), 6)
        return lines * (self.fontMetrics().height() + 6) + 12

    def show_problems(self, problems: list[Problem]) -> None:
        self.list.clear()
        errors = 0
        if problems:  # the style's icons and the kinds of problem, loaded with the first problems shown
            from PySide6.QtWidgets import QStyle

            from aplan_desktop.core.validation import Severity

            error_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
            warning_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            for problem in problems:
                item = QListWidgetItem(problem_text(problem))
                item.setIcon(error_icon if problem.severity == Severity.ERROR else warning_icon)
                item.setData(DATA, problem)
                self.list.addItem(item)
            errors = sum(1 for p in problems if p.severity == Severity.ERROR)
        # "No problems." alone, one line high: the editor gets the room
        self.list.setVisible(bool(problems))
        margins = self.layout().contentsMargins()
        self.setMaximumHeight(16777215 if problems else
                              self.summary.sizeHint().height() + margins.top() + margins.bottom())
        if not problems:
            self.summary.setText(translate(N_("No problems.")))
        else:
            self.summary.setText(translate(N_("{errors} to fix, {warnings} to look at."), errors=errors,
                                           warnings=len(problems) - errors))


class SearchResults(QWidget):
    """Search hits with the matching words in bold; a click opens the document at the measure."""

    hit_chosen = Signal(str, str)  # document id, measure id

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self.heading = QLabel()
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.itemClicked.connect(self._chosen)
        self.list.itemActivated.connect(self._chosen)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)

    def search(self, words: str) -> int:
        from PySide6.QtCore import Qt  # its enumerations are made at the first search, not at start

        self.list.clear()
        hits = self.ops.search(words)
        titles = {d.id: f"{d.organisation} {d.year} · {document_label(d)}" for d in self.ops.documents()}
        for hit in hits:
            found = found_text(hit.field, hit.highlighted("<b>", "</b>", markup_escape), markup_escape)
            label_widget = QLabel(f"<span style='color:#555'>{markup_escape(titles.get(hit.doc_id, hit.doc_id))}"
                                  "</span><br/>" + found)
            label_widget.setWordWrap(True)
            label_widget.setTextFormat(Qt.TextFormat.RichText)
            label_widget.setContentsMargins(4, 4, 4, 4)
            item = QListWidgetItem()
            item.setData(DATA, (hit.doc_id, hit.measure_id))
            self.list.addItem(item)
            self.list.setItemWidget(item, label_widget)
        self._fit_rows()
        self.heading.setText(translate(N_("{count} found for “{words}”."), count=len(hits), words=words))
        return len(hits)

    def _fit_rows(self) -> None:
        """Each hit as tall as its wrapped text at the list's present width (a label's own size
        hint guesses a width, which leaves rows too tall or cuts them)."""
        width = self.list.viewport().width()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setSizeHint(QSize(width, self.list.itemWidget(item).heightForWidth(width)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.list.viewport() and event.type() == event.Type.Resize:
            self._fit_rows()
        return False

    def _chosen(self, item: QListWidgetItem) -> None:
        self.hit_chosen.emit(*item.data(DATA))
