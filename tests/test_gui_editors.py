"""The editors as a person uses them: real key events into the real fields, then what reached
the data file (read through a second connection)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from aplan_desktop.core.model import ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import list_templates
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.resources import templates_dir
from aplan_desktop.storage import Store

SAVED = "Хадгалсан"


def from_disk(db_path: Path) -> Store:
    return Store.open(db_path)


def wait_saved(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.save_state.text() == SAVED and not window.autosaver.has_pending, timeout=5000)


def type_keys(widget, text: str) -> None:
    """One key press and release per letter, Mongolian letters too (QTest.keyClicks takes
    ASCII only), delivered as the keyboard delivers them."""
    for letter in text:
        key = Qt.Key(ord(letter.upper())) if letter.isascii() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, letter))


def retype(qtbot, field, text: str) -> None:
    """Select all and type over it, key by key, as a person does."""
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field, Qt.Key.Key_Delete)
    type_keys(field, text)


def close_leaving_it(qtbot, window, answer_dialogs) -> None:
    """Close the window, answering its question about the field that does not read: leave."""
    unanswered = answer_dialogs(leave)
    window.close()
    qtbot.waitUntil(lambda: not unanswered)
    assert not window.isVisible()


def new_plan_measure(window, index: int = 0):
    """A draft plan from the model template, with one of its measures chosen."""
    template = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")
    plan = window.create_plan(template, 2026)
    editor = window.plan_editor
    measure = plan.measures()[index]
    editor.select_object(measure.id)
    return editor, plan, measure


@pytest.mark.parametrize("typed, stored", [
    ("1 250,5", Decimal("1250.5")),  # finding 4: stored as 12,505
    ("12,5", Decimal("12.5")),  # finding 4: stored as 125
    ("1,250", Decimal("1250")),
    ("1250.5", Decimal("1250.5")),
])
def test_a_typed_budget_is_stored_as_it_reads_and_shown_back(qtbot, window, db_path, typed, stored):
    editor, plan, measure = new_plan_measure(window)
    retype(qtbot, editor.budget, typed)
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).measure(measure.id).budget.amount == stored
    assert editor.budget.text() == typed  # the text is not rewritten under the cursor
    assert "мянган төгрөг" in editor.budget_read.text()


@pytest.mark.parametrize("typed", ["12а", "1 250 төг", "1.2.5"])
def test_a_budget_that_does_not_read_is_not_saved_and_says_what_to_type(qtbot, window, db_path, typed):
    editor, plan, measure = new_plan_measure(window)
    before = from_disk(db_path).plan(plan.id).measure(measure.id).budget.amount
    retype(qtbot, editor.budget, typed)
    qtbot.wait(900)  # longer than the autosave's quiet time
    assert editor.budget.text() == typed  # kept in the field
    assert "1 250,5" in editor.budget_read.text()  # the sentence says what to type, in Mongolian
    assert window.save_state.text() != SAVED and "Хадгалсангүй" in window.save_state.text()
    assert from_disk(db_path).plan(plan.id).measure(measure.id).budget.amount == before
    retype(qtbot, editor.budget, "1 250,5")  # corrected: now it is saved
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).measure(measure.id).budget.amount == Decimal("1250.5")


def test_money_spent_that_does_not_read_is_not_saved(qtbot, window, db_path, answer_dialogs):
    plan = window.ops.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    measure = plan.measures()[1]
    editor.select_measure(measure.id)
    retype(qtbot, editor.spent, "5,5")
    wait_saved(qtbot, window)
    assert from_disk(db_path).report(report.id).entry(measure.id).spent.amount == Decimal("5.5")
    retype(qtbot, editor.spent, "5.000,5")
    qtbot.wait(900)
    assert window.save_state.text() != SAVED
    assert from_disk(db_path).report(report.id).entry(measure.id).spent.amount == Decimal("5.5")
    close_leaving_it(qtbot, window, answer_dialogs)


def test_a_percentage_outside_the_scale_is_refused_not_cut(qtbot, window, db_path, answer_dialogs):
    plan = window.ops.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    measure = plan.measures()[2]
    editor.select_measure(measure.id)
    retype(qtbot, editor.percent.lineEdit(), "90")
    wait_saved(qtbot, window)
    assert from_disk(db_path).report(report.id).entry(measure.id).percent == 90
    retype(qtbot, editor.percent.lineEdit(), "150")  # finding 4: it became 15 %
    qtbot.wait(900)
    assert editor.percent.currentText() == "150" and "150%" in editor.percent_read.text()
    assert window.save_state.text() != SAVED
    assert from_disk(db_path).report(report.id).entry(measure.id).percent == 90
    close_leaving_it(qtbot, window, answer_dialogs)


def test_a_quarter_written_in_roman_numerals_gets_its_dates(qtbot, window, db_path):
    editor, plan, measure = new_plan_measure(window)
    retype(qtbot, editor.timeframe.lineEdit(), "II улирал")
    wait_saved(qtbot, window)
    stored = from_disk(db_path).plan(plan.id).measure(measure.id).timeframe
    assert (stored.text, stored.start.month, stored.end.month) == ("II улирал", 4, 6)
    assert editor.timeframe_dates.text() == "2026.04.01 – 2026.06.30"


def test_typing_then_undo_from_the_menu_puts_back_what_was_on_disk(qtbot, window, db_path):
    editor, plan, measure = new_plan_measure(window)
    before = measure.text
    editor.measure_text.setFocus()
    editor.measure_text.moveCursor(editor.measure_text.textCursor().MoveOperation.End)
    type_keys(editor.measure_text, " нэмсэн үг")
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).measure(measure.id).text == before + " нэмсэн үг"
    assert window.undo_stack.count() == 1  # ten letters in one field: one step
    window.undo_action.trigger()  # Засах → Буцаах (Ctrl+Z)
    wait_saved(qtbot, window)
    assert editor.measure_text.toPlainText() == before
    assert from_disk(db_path).plan(plan.id).measure(measure.id).text == before
    window.redo_action.trigger()
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).measure(measure.id).text == before + " нэмсэн үг"


def test_the_banner_goes_when_everything_is_fixed(qtbot, window, db_path):
    editor, plan, measure = new_plan_measure(window)
    retype(qtbot, editor.measure_text, "")  # a measure without its text cannot be approved
    qtbot.mouseClick(editor.approve_button, Qt.MouseButton.LeftButton)
    assert editor.banner.isVisible()
    retype(qtbot, editor.measure_text, "Арга хэмжээний текст")
    qtbot.waitUntil(lambda: not editor.banner.isVisible(), timeout=3000)


def test_a_received_report_takes_no_files_and_looks_read_only(qtbot, window):
    window.open_document("s001-report")  # another office's report: this office reviews it
    editor = window.report_editor
    assert editor.reviewing and not editor.add_button.isEnabled() and not editor.remove_button.isEnabled()
    assert editor.result.isReadOnly() and "readOnly" in editor.styleSheet()


def test_the_plan_form_has_no_sideways_scrollbar_and_does_not_jump_when_a_date_reads(qtbot, window):
    window.resize(1366, 768)
    editor, plan, measure = new_plan_measure(window)
    retype(qtbot, editor.timeframe.lineEdit(), "тодорхойгүй")  # no dates: the long hint
    qtbot.wait(50)
    assert not editor.scroll.horizontalScrollBar().isVisible()
    below = editor.target.mapTo(editor, editor.target.rect().topLeft()).y()
    retype(qtbot, editor.timeframe.lineEdit(), "2026.01.01-2026.06.30")
    qtbot.wait(50)
    assert editor.target.mapTo(editor, editor.target.rect().topLeft()).y() == below


def test_the_layering_holds_for_the_editors():
    """No SQL, no database, no storage under the editors (tests/test_layering.py checks all of gui/)."""
    from pathlib import Path as P

    gui = P(__file__).resolve().parent.parent / "aplan_desktop" / "gui"
    for name in ("plan_editor.py", "report_editor.py", "editing.py", "panels.py", "autosave.py"):
        text = (gui / name).read_text(encoding="utf-8")
        assert "execute(" not in text and ".db" not in text and "aplan_desktop.storage" not in text


def test_at_14_points_the_measure_form_fits_its_pane(qtbot, demo_store, answer_dialogs):
    """Finding 6: a large text size squeezed the form; now its labels go above the fields."""
    from aplan_desktop.config import Config
    from aplan_desktop.gui.app import apply_appearance

    app = QApplication.instance()
    font = app.font()
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    apply_appearance(app, Config(language="mn", text_size=14.0))
    try:
        w = MainWindow(Operations(demo_store), Config(language="mn", text_size=14.0))
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        editor, plan, measure = new_plan_measure(w, 2)
        qtbot.wait(100)
        assert editor.forms.width() <= editor.scroll.viewport().width()  # nothing cut off at the right
        assert editor.measure_text.width() >= 15 * editor.measure_text.fontMetrics().averageCharWidth()
        retype(qtbot, editor.budget, "1.250,5")
        answer_dialogs(leave)
        w.open_document("s000-report")  # left, keeping the saved value: the refused text is not its problem
        assert "Хадгалсангүй" not in w.save_state.text()
    finally:
        app.setFont(font)


def test_a_problem_link_brings_its_field_into_view(qtbot, window):
    window.resize(1366, 600)  # a short window: the percentage is below the fold
    plan = window.ops.plan("s000-plan")
    window.create_report(plan, Period.H1)
    editor = window.report_editor
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)  # refused: the problems are listed
    problems = window.problems.list
    row = next(i for i in range(problems.count()) if problems.item(i).data(Qt.ItemDataRole.UserRole).field == "percent")
    editor.detail_scroll.verticalScrollBar().setValue(0)
    qtbot.mouseClick(problems.viewport(), Qt.MouseButton.LeftButton, pos=problems.visualItemRect(problems.item(row)).center())
    viewport = editor.detail_scroll.viewport()
    top = editor.percent.mapTo(viewport, editor.percent.rect().topLeft()).y()
    assert 0 <= top and top + editor.percent.height() <= viewport.height()


# ---------------------------------------------------------------- leaving a field that does not read

GO_BACK, LEAVE = "Буцаж засах", "Гарах, хадгалсан утга үлдэнэ"


def go_back(dialog) -> None:
    """Esc: the question's safe answer."""
    assert "уншигдахгүй тул хадгалсангүй" in dialog.text()  # in Mongolian, naming the field and its text
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def leave(dialog) -> None:
    """Tab to the other answer and Space, as with the keyboard alone."""
    for _ in dialog.buttons():
        if dialog.focusWidget().text() == LEAVE:
            break
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget().text() == LEAVE
    QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Space)


def click_row(qtbot, view, index) -> None:
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def click_document(qtbot, window, doc_id: str) -> None:
    """A click on the document's line in the navigator."""
    navigator = window.navigator
    items = [navigator.topLevelItem(i) for i in range(navigator.topLevelItemCount())]
    while items:
        item = items.pop()
        if item.data(0, Qt.ItemDataRole.UserRole) == doc_id:
            return click_row(qtbot, navigator, navigator.indexFromItem(item))
        items += [item.child(i) for i in range(item.childCount())]
    raise AssertionError(f"{doc_id} is not in the navigator")


def test_another_measure_is_not_chosen_while_money_spent_does_not_read(qtbot, window, db_path, answer_dialogs):
    plan = window.ops.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    measure, other = plan.measures()[1], plan.measures()[2]
    editor.select_measure(measure.id)
    retype(qtbot, editor.spent, "5,5")
    wait_saved(qtbot, window)
    retype(qtbot, editor.spent, "5.000,5")  # does not read
    row = editor.measures.currentRow()
    unanswered = answer_dialogs(go_back)
    click_row(qtbot, editor.measures, editor.measures.model().index(row + 1, 0))
    qtbot.waitUntil(lambda: not unanswered)
    qtbot.wait(50)
    assert editor.measures.currentRow() == row and editor.measure.id == measure.id  # still here
    assert editor.measures.selectedItems() == [editor.measures.item(row)]
    assert window.focusWidget() is editor.spent and editor.spent.text() == "5.000,5"  # back at it, nothing lost
    assert "1 250,5" in editor.spent_read.text()
    assert from_disk(db_path).report(report.id).entry(measure.id).spent.amount == Decimal("5.5")
    unanswered = answer_dialogs(go_back)
    window.home_action.trigger()  # the start page (Ctrl+Home): not either
    qtbot.waitUntil(lambda: not unanswered)
    assert window.stack.currentWidget() is editor and editor.spent.text() == "5.000,5"

    unanswered = answer_dialogs(leave)
    click_row(qtbot, editor.measures, editor.measures.model().index(row + 1, 0))
    qtbot.waitUntil(lambda: not unanswered)
    assert editor.measure.id == other.id
    editor.measures.setCurrentRow(row)  # back: the saved value, and the status says saved
    assert editor.spent.text() == "5.5"  # the saved amount, as the program writes amounts
    wait_saved(qtbot, window)
    assert from_disk(db_path).report(report.id).entry(measure.id).spent.amount == Decimal("5.5")


def test_another_document_or_closing_asks_while_the_budget_does_not_read(qtbot, window, db_path, answer_dialogs):
    editor, plan, measure = new_plan_measure(window)
    retype(qtbot, editor.budget, "12,5")
    wait_saved(qtbot, window)
    retype(qtbot, editor.budget, "12а")  # a Cyrillic letter: does not read
    unanswered = answer_dialogs(go_back)
    click_document(qtbot, window, "s000-report")
    qtbot.waitUntil(lambda: not unanswered)
    qtbot.wait(50)
    assert window.current_id == plan.id and window.stack.currentWidget() is editor
    assert window.navigator.currentItem().data(0, Qt.ItemDataRole.UserRole) == plan.id
    assert editor._selected_id() == measure.id
    assert window.focusWidget() is editor.budget and editor.budget.text() == "12а"

    unanswered = answer_dialogs(go_back)
    window.close()  # the window's close button
    qtbot.waitUntil(lambda: not unanswered)
    assert window.isVisible() and editor.budget.text() == "12а"

    other = plan.measures()[1]  # the tree: another measure is not chosen either
    unanswered = answer_dialogs(go_back)
    click_row(qtbot, editor.tree, editor.tree.indexFromItem(editor.tree.items[other.id]))
    qtbot.waitUntil(lambda: not unanswered)
    qtbot.wait(50)
    assert editor._selected_id() == measure.id and editor.tree.selectedItems() == [editor.tree.items[measure.id]]
    assert editor.budget.text() == "12а"
    unanswered = answer_dialogs(go_back)
    qtbot.mouseClick(editor.approve_button, Qt.MouseButton.LeftButton)  # nor approved without it
    qtbot.waitUntil(lambda: not unanswered)
    assert from_disk(db_path).plan(plan.id).status == plan.status and editor.budget.text() == "12а"

    unanswered = answer_dialogs(leave)
    window.quit_action.trigger()  # Файл → Гарах
    qtbot.waitUntil(lambda: not unanswered)
    assert not window.isVisible()
    assert from_disk(db_path).plan(plan.id).measure(measure.id).budget.amount == Decimal("12.5")


def test_at_14_points_no_editor_scrolls_sideways_on_a_1366_screen(qtbot, demo_store):
    """Finding 6: a final report's top row needed 1449 pixels at 14 pt and the page scrolled
    sideways; its steps now sit beside the title and a plan's long status wraps."""
    from aplan_desktop.config import Config
    from aplan_desktop.gui.app import apply_appearance

    app = QApplication.instance()
    font = app.font()
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    config = Config(language="mn", text_size=14.0)
    apply_appearance(app, config)
    try:
        w = MainWindow(Operations(demo_store), config)
        qtbot.addWidget(w)
        w.resize(1366, 768 - 40 - 30)
        w.show()
        kinds = set()
        for summary in w.ops.documents():  # final and received reports, approved plans, long kinds of plan
            w.open_document(summary.id)
            qtbot.wait(20)
            editor = w.current_editor()
            kinds.add((summary.kind, editor.document.status))
            assert editor.minimumSizeHint().width() < 900, (summary.id, editor.minimumSizeHint())
            assert not w.page_area.horizontalScrollBar().isVisible(), summary.id
        assert ("report", ReportStatus.FINAL) in kinds
    finally:
        app.setFont(font)
