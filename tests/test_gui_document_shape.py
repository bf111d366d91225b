"""Sections, the heading block and the printed columns as a person edits them: real clicks and
keys in the editors and their dialogs, then what reached the data file (read through a
second connection), and undo."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from aplan_desktop.core.model import HeadingKind
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.columns_dialog import GROUP
from test_gui import ok_button
from test_gui_editors import from_disk, new_plan_measure, retype, type_keys, wait_saved


def _choose(combo, data) -> None:
    """Pick an entry of a closed combo box with the arrow keys, as a person does without the mouse."""
    combo.setFocus()
    target = combo.findData(data)
    key = Qt.Key.Key_Down if target > combo.currentIndex() else Qt.Key.Key_Up
    while combo.currentIndex() != target:
        QTest.keyClick(combo, key)


def test_a_section_is_added_named_and_objectives_put_under_it_and_undone(qtbot, window, db_path):
    editor, plan, _ = new_plan_measure(window)
    editor.tree_actions[0].click()  # + Section
    wait_saved(qtbot, window)
    (section,) = from_disk(db_path).plan(plan.id).sections
    assert editor.forms.currentIndex() == 3 and editor.section_number.text() == "1"
    editor.section_text.setFocus()
    type_keys(editor.section_text, "Үндсэн үйл ажиллагаа")
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).sections[0].text == "Үндсэн үйл ажиллагаа"
    second = plan.objectives[1]
    editor.select_object(second.id)
    _choose(editor.objective_section, section.id)
    wait_saved(qtbot, window)
    stored = from_disk(db_path).plan(plan.id)
    assert [(o.id, o.section_id) for o in stored.objectives] == [
        (o.id, None) for o in plan.objectives if o is not second] + [(second.id, section.id)]  # moved after them
    assert editor.tree.items[second.id].parent() is editor.tree.items[section.id]
    window.undo_action.trigger()
    wait_saved(qtbot, window)
    assert {o.section_id for o in from_disk(db_path).plan(plan.id).objectives} == {None}


def test_the_heading_block_is_chosen_in_its_dialog_and_a_wrong_date_is_refused_there(
        qtbot, window, db_path, answer_dialogs):
    editor, plan, _ = new_plan_measure(window)
    seen = []

    def annex_with_a_wrong_date(dialog) -> None:
        _choose(dialog.kind, HeadingKind.ANNEX.value)
        retype(qtbot, dialog.issuer, "Сүхбаатар дүүргийн Засаг даргын")
        dialog.has_year.click()
        dialog.year.setValue(2026)
        dialog.annex_date.given.click()
        dialog.annex_date.date.setDate(date(2025, 3, 1))
        retype(qtbot, dialog.table_label, "Хүснэгт-1")
        dialog.title_as_typed.click()
        ok_button(dialog).click()
        seen.append((dialog.isVisible(), dialog.refusal.text()))
        dialog.annex_date.given.click()  # the date not known yet: a blank to fill in by hand
        ok_button(dialog).click()

    unanswered = answer_dialogs(annex_with_a_wrong_date)
    editor.heading_button.click()
    assert not unanswered
    assert seen[0][0] and "2026" in seen[0][1]  # said in the dialog, which stayed open
    wait_saved(qtbot, window)
    heading = from_disk(db_path).plan(plan.id).heading
    assert (heading.kind, heading.annex.issuer, heading.annex.year, heading.annex.date) == (
        HeadingKind.ANNEX, "Сүхбаатар дүүргийн Засаг даргын", 2026, None)
    assert heading.table_label == "Хүснэгт-1" and heading.title_as_typed
    window.undo_action.trigger()
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).heading.kind == HeadingKind.APPROVAL


def test_columns_get_an_upper_header_in_the_columns_dialog(qtbot, window, db_path, answer_dialogs):
    editor, plan, _ = new_plan_measure(window)

    def group(dialog) -> None:
        for key in ("timeframe", "responsible"):
            item = dialog.item(key)
            dialog.list.setCurrentItem(item, GROUP)
            QTest.keyClick(dialog.list, Qt.Key.Key_F2)  # edit the upper header cell, as F2 or a double click does
            (typing,) = [w for w in dialog.list.viewport().findChildren(QLineEdit) if w.isVisible()]
            type_keys(typing, "Шалгуур")
            QTest.keyClick(typing, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda item=item: item.text(GROUP) == "Шалгуур")  # Enter commits once it is handled
        ok_button(dialog).click()

    unanswered = answer_dialogs(group)
    editor.columns_button.click()
    assert not unanswered
    wait_saved(qtbot, window)
    groups = {c.key: c.group for c in from_disk(db_path).plan(plan.id).columns}
    assert groups["timeframe"] == groups["responsible"] == "Шалгуур" and groups["measure"] == ""


def test_a_report_without_a_percentage_asks_for_none(qtbot, window, db_path, answer_dialogs):
    plan = window.ops.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    assert editor.percent.isVisible() and editor.score.isVisible()

    def no_percentage(dialog) -> None:
        dialog.item("percent").setCheckState(0, Qt.CheckState.Unchecked)
        ok_button(dialog).click()

    unanswered = answer_dialogs(no_percentage)
    editor.columns_button.click()
    assert not unanswered
    wait_saved(qtbot, window)
    stored = from_disk(db_path).report(report.id)
    assert stored.columns and "percent" not in [c.key for c in stored.columns]
    assert not editor.percent.isVisible() and not editor.score.isVisible()
    measure = plan.measures()[0]
    editor.select_measure(measure.id)
    editor.result.setFocus()
    type_keys(editor.result, "Сургалт зохион байгуулсан")
    wait_saved(qtbot, window)
    assert editor.measures.item(0).text().startswith("✓")  # done without a percentage
    assert not [p for p in editor.problems() if p.field == "percent"]
