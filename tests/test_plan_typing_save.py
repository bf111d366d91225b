"""A plan's autosave after typing writes and reindexes only what was typed into (a measure, an
objective, a section, the plan's own lines); a change of the plan's shape writes the whole
plan. Through the real window with real keys, then the data file reopened; and the store's
part on real SQLite files."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit
from test_gui_editors import from_disk, new_plan_measure, type_keys, wait_saved

from aplan_desktop.core.errors import UserError
from aplan_desktop.core.model import Measure
from aplan_desktop.storage import Store


def index_rows(store: Store, plan_id: str) -> dict[tuple[str, str], int]:
    """The plan's rows in the search index: (object, field) → the row's id (a reindexed row gets a new one)."""
    return {(object_id, field): row_id for row_id, object_id, field in store.conn.execute(
        "SELECT id, measure_id, field FROM search_rows WHERE doc_kind = 'plan' AND doc_id = ?", [plan_id])}


def found(store: Store, words: str) -> set[tuple[str, str, str]]:
    return {(h.doc_id, h.measure_id, h.field) for h in store.search(words)}


def renewed(before: dict, after: dict) -> set[tuple[str, str]]:
    """The index rows written anew (or gone) between two readings."""
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def end_of(field) -> None:
    """The caret to the end of the field's text, as the person puts it there (Ctrl+End in a box of lines)."""
    field.setFocus()
    lines = isinstance(field, QPlainTextEdit)
    modifier = Qt.KeyboardModifier.ControlModifier if lines else Qt.KeyboardModifier.NoModifier
    QTest.keyClick(field, Qt.Key.Key_End, modifier)


def test_typing_in_a_measure_objective_section_or_title_saves_and_reindexes_only_that(qtbot, window, db_path):
    editor, _, _ = new_plan_measure(window, 1)
    plan = editor.document  # the editor's own: what the person types changes it
    measure = plan.measures()[1]
    wait_saved(qtbot, window)
    stored = from_disk(db_path)
    before = index_rows(stored, plan.id)
    stored.close()

    end_of(editor.measure_text)  # typed, then saved by the autosave's timer after the pause
    type_keys(editor.measure_text, " Өлзийбаяр")
    wait_saved(qtbot, window)
    stored = from_disk(db_path)
    assert stored.plan(plan.id).measure(measure.id).text == measure.text
    assert measure.text.endswith(" Өлзийбаяр")
    assert found(stored, "өлзийбаяр") == {(plan.id, measure.id, "measure")}
    after = index_rows(stored, plan.id)
    assert renewed(before, after) == {(measure.id, "measure")}  # the other measures' rows untouched
    assert [h["action"] for h in stored.history(plan.id)].count("edited") == 1
    stored.close()

    objective = plan.objectives[0]  # an objective, saved with Ctrl+S as the person presses it
    editor.select_object(objective.id)
    end_of(editor.objective_text)
    type_keys(editor.objective_text, " Цэнгэлдэх")
    QTest.keyClick(editor.objective_text, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not window.autosaver.has_pending
    stored = from_disk(db_path)
    assert stored.plan(plan.id).objectives[0].text.endswith(" Цэнгэлдэх")
    assert found(stored, "цэнгэлдэх") == {(plan.id, objective.id, "objective")}
    before, after = after, index_rows(stored, plan.id)
    assert renewed(before, after) == {(objective.id, "objective")}
    stored.close()

    QTest.mouseClick(editor.tree_actions[0], Qt.MouseButton.LeftButton)  # + Section: the plan's shape
    wait_saved(qtbot, window)
    section = plan.sections[-1]
    assert editor.tree.selected_id() == section.id
    end_of(editor.section_text)
    type_keys(editor.section_text, " Хүрэнбулаг")
    end_of(editor.title)
    type_keys(editor.title, " Дэлгэрхаан")
    wait_saved(qtbot, window)
    stored = from_disk(db_path)
    saved = stored.plan(plan.id)
    assert saved.sections[-1].text.endswith(" Хүрэнбулаг") and saved.title.endswith(" Дэлгэрхаан")
    assert found(stored, "хүрэнбулаг") == {(plan.id, section.id, "section")}
    assert found(stored, "дэлгэрхаан") == {(plan.id, "", "title")}
    before, after = index_rows(stored, plan.id), None
    stored.close()

    window.undo_action.trigger()  # the title's letters, then the section's, back as they were on disk
    window.undo_action.trigger()
    wait_saved(qtbot, window)
    stored = from_disk(db_path)
    assert not stored.plan(plan.id).title.endswith(" Дэлгэрхаан")
    assert not stored.plan(plan.id).sections[-1].text.endswith(" Хүрэнбулаг")
    assert found(stored, "дэлгэрхаан") == found(stored, "хүрэнбулаг") == set()
    after = index_rows(stored, plan.id)
    assert renewed(before, after) == {("", "title"), (section.id, "section")}
    stored.close()

    window.redo_action.trigger()
    wait_saved(qtbot, window)
    stored = from_disk(db_path)
    assert found(stored, "хүрэнбулаг") == {(plan.id, section.id, "section")}
    assert stored.plan(plan.id).title == plan.title and not plan.title.endswith(" Дэлгэрхаан")
    stored.close()


def test_a_deleted_measure_is_written_with_the_whole_plan(qtbot, window, db_path):
    editor, plan, measure = new_plan_measure(window, 2)
    wait_saved(qtbot, window)
    editor.tree.setFocus()
    QTest.keyClick(editor.tree, Qt.Key.Key_Delete)
    wait_saved(qtbot, window)
    stored = from_disk(db_path)
    assert measure.id not in [m.id for m in stored.plan(plan.id).measures()]
    assert (measure.id, "measure") not in index_rows(stored, plan.id)
    stored.close()


def test_the_store_writes_the_parts_given_and_reindexes_them_alone(demo_store):
    plan = demo_store.plan("s000-plan")
    measure = plan.objectives[1].measures[0]
    before = index_rows(demo_store, plan.id)
    measure.text += " Тэлмэннуурынх"
    plan.title += " Ширээтнуурынх"
    demo_store.save_plan_edits(plan, True, [], [], [measure])
    assert demo_store.plan(plan.id).measure(measure.id).text == measure.text
    assert demo_store.plan(plan.id).title == plan.title
    assert found(demo_store, "тэлмэннуурынх") == {(plan.id, measure.id, "measure")}
    assert found(demo_store, "ширээтнуурынх") == {(plan.id, "", "title")}
    assert renewed(before, index_rows(demo_store, plan.id)) - {("", "heading")} == {("", "title"),
                                                                                   (measure.id, "measure")}


def test_a_part_not_on_disk_writes_the_whole_plan_or_nothing(demo_store):
    plan = demo_store.plan("s000-plan")
    new = Measure("m-new-here", "9.9", "Шинэ арга хэмжээ Хөх-Ямааных")
    plan.objectives[0].measures.append(new)  # added under the editor without its shape saved
    demo_store.save_plan_edits(plan, False, [], [], [new])
    assert demo_store.plan(plan.id).measure(new.id).text == new.text
    assert found(demo_store, "хөх-ямааных") == {(plan.id, new.id, "measure")}

    other = demo_store.plan("s001-plan")
    taken = other.objectives[0].measures[0]  # an id that is another plan's: refused, nothing written
    plan.title += " Гурвантэсийнх"
    plan.objectives[0].measures.append(Measure(taken.id, "9.10", "Өөр"))
    with pytest.raises(UserError):
        demo_store.save_plan_edits(plan, True, [], [], [plan.objectives[0].measures[-1]])
    assert not demo_store.plan(plan.id).title.endswith(" Гурвантэсийнх")
    assert found(demo_store, "гурвантэсийнх") == set()
    assert demo_store.plan(other.id).measure(taken.id).text == taken.text
