"""The measures the aimag returned, in the report editor's list: each marked in words and in
colour ("⚑ засах" until corrected, "⚑ зассан" after), "N of M returned measures corrected"
above the list, the next returned measure with F8 (the one before with Shift+F8), and a filter
that leaves the returned measures alone in the list. What counts as corrected is decided in
`operations.reviews.ReturnedMeasures`; this shows it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import QCheckBox, QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.gui.returns_panel import RETURNED_COLOUR, corrected_text
from aplan_desktop.i18n import translate

CORRECTED_COLOUR = "#2a7a2a"
NEXT_KEY, PREVIOUS_KEY = "F8", "Shift+F8"


class ReturnedMeasuresBar(QWidget):
    """Above the measure list while the report stands returned: how many returned measures are
    corrected, the button to the next one, and the filter."""

    def __init__(self) -> None:
        super().__init__()
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.count.setStyleSheet(f"color: {RETURNED_COLOUR}; font-weight: bold;")
        self.next_button = QPushButton(translate(N_("Next returned measure ({key})"), key=NEXT_KEY))
        self.only_returned = QCheckBox(translate(N_("Only the returned measures")))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        for widget in (self.count, self.next_button, self.only_returned):
            layout.addWidget(widget)
        self.hide()

    def show_count(self, returned: int, corrected: int | None) -> None:
        words = corrected_text(returned, corrected)
        colour = CORRECTED_COLOUR if corrected == returned else RETURNED_COLOUR
        self.count.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.count.setText(words)


class ReturnedMeasuresEditing:
    """Mixed into the report editor before `DocumentEditor` (every edit, undo and redo passes
    here), which has `measures` (the list), `_measures` and `_rows` (its measures and their
    rows), `document`, `ops` and `_relabel_row`."""

    measures: QListWidget

    def _build_returned(self) -> QWidget:
        """The list with the bar above it: the left side of the editor."""
        self.returned = None  # `ReturnedMeasures` of the open report, or None
        self._corrected: set[str] | None = None
        self._returned_opened: str | None = None  # the report last shown (a reload keeps its place)
        self.returned_bar = bar = ReturnedMeasuresBar()
        bar.next_button.clicked.connect(lambda: self.next_returned())
        bar.only_returned.toggled.connect(self._show_only_returned)
        for key, forward in ((NEXT_KEY, True), (PREVIOUS_KEY, False)):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # from the navigator too, while shown
            action.triggered.connect(lambda _checked=False, forward=forward: self.next_returned(forward))
            self.addAction(action)
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.measures, 1)
        return side

    def _load_returned(self) -> None:
        """The open report's returned measures, before its list is filled."""
        self.returned = self.ops.returned_measures(self.document)
        self._corrected = self.returned.corrected(self.document) if self.returned else None
        self.returned_bar.setVisible(bool(self.returned and self.returned.reasons))

    def _returned_words(self, measure_id: str) -> str:
        """"⚑ засах · " before a returned measure's text, "⚑ зассан · " once corrected."""
        if not self.returned or measure_id not in self.returned.reasons:
            return ""
        done = self._corrected is not None and measure_id in self._corrected
        return "⚑ " + (translate(N_("corrected")) if done else translate(N_("to correct"))) + " · "

    def _mark_returned_rows(self) -> None:
        """After the list is filled: each returned line in its colour, bold, with the reason as
        its tip; the count above; the filter as it was. A returned report just opened shows its
        first returned measure."""
        for measure_id, reason in (self.returned.reasons.items() if self.returned else ()):
            self._colour_row(measure_id, reason)
        self._show_returned_count()
        if self.returned and self.returned.reasons and self.document.id != self._returned_opened:
            self.measures.setCurrentRow(-1)
            self.next_returned()
        self._returned_opened = self.document.id
        self._show_only_returned(self.returned_bar.only_returned.isChecked())

    def _colour_row(self, measure_id: str, reason: str = "") -> None:
        row = self._rows.get(measure_id)
        if row is None:
            return
        item = self.measures.item(row)
        done = self._corrected is not None and measure_id in self._corrected
        item.setForeground(QBrush(QColor(CORRECTED_COLOUR if done else RETURNED_COLOUR)))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        if reason:
            item.setToolTip(translate(N_("Returned by the aimag: {reason}"), reason=reason))

    def _show_returned_count(self) -> None:
        if self.returned and self.returned.reasons:
            self.returned_bar.show_count(len(self.returned.reasons),
                                         None if self._corrected is None else len(self._corrected))

    def edit(self, *args, **kwargs):
        step = super().edit(*args, **kwargs)
        if step is not None:
            self._returned_may_have_changed()
        return step

    def replay(self, forward: bool) -> None:
        super().replay(forward)
        self._returned_may_have_changed()

    def _returned_may_have_changed(self) -> None:
        """After an edit, an undo or a redo: the lines whose corrected state changed, and the count."""
        if not self.returned or self._corrected is None:
            return
        now = self.returned.corrected(self.document)
        if now == self._corrected:
            return
        changed, self._corrected = now ^ self._corrected, now
        for measure_id in changed:
            self._relabel_row(measure_id)
            self._colour_row(measure_id)
        self._show_returned_count()

    def next_returned(self, forward: bool = True) -> None:
        """The next returned measure after the one shown (or the one before), round the list."""
        if not self.returned or not self.returned.reasons:
            return
        rows = sorted(self._rows[m] for m in self.returned.reasons if m in self._rows)
        current = self.measures.currentRow()
        later = [r for r in rows if r > current] if forward else [r for r in reversed(rows) if r < current]
        target = (later or (rows if forward else rows[::-1]))[0]
        self.measures.setCurrentRow(target)
        self.measures.scrollToItem(self.measures.item(target))

    def _show_only_returned(self, only: bool) -> None:
        returned = self.returned.reasons if self.returned else {}
        for measure in self._measures:
            self.measures.setRowHidden(self._rows[measure.id], only and bool(returned) and measure.id not in returned)
        if only and returned and self.measures.isRowHidden(self.measures.currentRow()):
            self.next_returned()
