"""A soum corrects the report its aimag returned, in the real window: it opens the report from
the start page, finds the returned measures marked in the list, goes from one to the next with
F8, types a correction, sees "1 of 2 returned measures corrected", undoes and redoes it, and
leaves only the returned measures in the list. What reached the data file is checked."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QLabel

from aplan_desktop.gui.report_returns import CORRECTED_COLOUR
from aplan_desktop.gui.returns_panel import RETURNED_COLOUR
from test_gui_editors import type_keys
from test_gui_returns import _window
from test_returned_measures import REASONS, returned  # noqa: F401 - the report returned at soum A
from test_returns import three  # noqa: F401 - the three databases

CORRECTION = " Нотлох баримтыг хавсаргав."


def _result_on_disk(db_path, measure_id: str) -> str:
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT result FROM entries WHERE report_id = 's000-report' AND measure_id = ?",
                            [measure_id]).fetchone()[0]


def _returned_lines(qtbot, window, words: str) -> None:
    """The start page's line for the returned report says `words` (the lines it replaced are
    deleted once the event loop runs)."""
    def shown() -> list[str]:
        return [label.text() for label in window.start_page.returned.findChildren(QLabel) if label.isVisible()]

    qtbot.waitUntil(lambda: any(words in text for text in shown()))


def _colour(editor, row: int) -> str:
    return editor.measures.item(row).foreground().color().name()


def test_the_soum_goes_through_the_returned_measures_and_sees_them_corrected(qtbot, returned, answer_dialogs):
    a, (second, fourth) = returned
    window = _window(qtbot, a)
    window.show_start()
    button = window.start_page.returned.buttons["s000-report"]
    qtbot.waitUntil(button.isVisible)
    _returned_lines(qtbot, window, "Буцаасан 2 арга хэмжээнээс 0 нь засагдсан")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # "Засах…"
    editor = window.report_editor
    assert window.stack.currentWidget() is editor
    assert editor.measure.id == second  # opened at the first returned measure, its reason above it
    assert editor.return_reason.isVisible() and REASONS[0] in editor.return_reason.text()
    bar = editor.returned_bar
    assert bar.isVisible() and bar.count.text() == "Буцаасан 2 арга хэмжээнээс 0 нь засагдсан"
    rows = [editor.measures.item(i).text() for i in range(editor.measures.count())]
    assert "⚑ засах · " in rows[1] and "⚑ засах · " in rows[3]
    assert not any("⚑" in rows[i] for i in (0, 2, 4))
    assert _colour(editor, 1) == QColor(RETURNED_COLOUR).name()
    assert editor.measures.item(3).toolTip() == f"Аймгаас буцаасан шалтгаан: {REASONS[1]}"

    # the report was sent, so it is reopened first (revision 2), with a reason
    def give_reason(dialog: QInputDialog) -> None:
        dialog.setTextValue("Аймгаас засварт буцаасан")
        dialog.accept()

    unanswered = answer_dialogs(give_reason)
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert unanswered == [] and editor.document.revision == 2
    assert bar.isVisible() and editor.measures.item(1).text().count("⚑ засах") == 1

    # F8 goes from one returned measure to the next, round the list; Shift+F8 back
    window.activateWindow()  # back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    editor.measures.setFocus()
    editor.measures.setCurrentRow(0)
    QTest.keyClick(editor.measures, Qt.Key.Key_F8)
    assert editor.measure.id == second and editor.return_reason.isVisible()
    QTest.keyClick(editor.measures, Qt.Key.Key_F8)
    assert editor.measure.id == fourth
    QTest.keyClick(editor.measures, Qt.Key.Key_F8)
    assert editor.measure.id == second
    QTest.keyClick(editor.measures, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert editor.measure.id == fourth
    qtbot.mouseClick(bar.next_button, Qt.MouseButton.LeftButton)
    assert editor.measure.id == second
    window.navigator.setFocus()  # F8 works wherever the focus is in the window, while the report is open
    QTest.keyClick(window.navigator, Qt.Key.Key_F8)
    assert editor.measure.id == fourth and window.navigator.hasFocus()
    QTest.keyClick(window.navigator, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert editor.measure.id == second

    # the correction typed at the end of the result: the line and the count follow, and it is saved
    before = _result_on_disk(a.path, second)
    editor.result.setFocus()
    editor.result.moveCursor(editor.result.textCursor().MoveOperation.End)
    type_keys(editor.result, CORRECTION)
    assert "⚑ зассан · " in editor.measures.item(1).text() and _colour(editor, 1) == QColor(CORRECTED_COLOUR).name()
    assert bar.count.text() == "Буцаасан 2 арга хэмжээнээс 1 нь засагдсан"
    window.save_action.trigger()  # Ctrl+S
    assert _result_on_disk(a.path, second) == before + CORRECTION
    assert a.returned_measures(a.report("s000-report")).corrected(a.report("s000-report")) == {second}

    # undone, the measure is as the aimag saw it: not corrected; redone, corrected again
    window.undo_action.trigger()
    assert editor.result.toPlainText() == before
    assert "⚑ засах · " in editor.measures.item(1).text()
    assert bar.count.text() == "Буцаасан 2 арга хэмжээнээс 0 нь засагдсан"
    window.redo_action.trigger()
    assert bar.count.text() == "Буцаасан 2 арга хэмжээнээс 1 нь засагдсан"
    window.save_action.trigger()
    assert _result_on_disk(a.path, second) == before + CORRECTION

    # only the returned measures in the list
    qtbot.mouseClick(bar.only_returned, Qt.MouseButton.LeftButton)
    hidden = [editor.measures.isRowHidden(i) for i in range(editor.measures.count())]
    assert hidden == [i not in (1, 3) for i in range(editor.measures.count())]
    qtbot.mouseClick(bar.only_returned, Qt.MouseButton.LeftButton)
    assert not any(editor.measures.isRowHidden(i) for i in range(editor.measures.count()))

    window.home_action.trigger()  # the start page counts the correction too
    _returned_lines(qtbot, window, "Буцаасан 2 арга хэмжээнээс 1 нь засагдсан")
    window.close()


def test_a_report_not_returned_shows_no_returned_measures(qtbot, window):
    window.open_document("s000-report")
    editor = window.report_editor
    assert not editor.returned_bar.isVisible()
    assert not any("⚑" in editor.measures.item(i).text() for i in range(editor.measures.count()))
    editor.measures.setFocus()
    editor.measures.setCurrentRow(2)
    QTest.keyClick(editor.measures, Qt.Key.Key_F8)  # nothing to go to
    assert editor.measures.currentRow() == 2
