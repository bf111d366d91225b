"""A soum's report on the aimag's plan, after the aimag sent a newer revision of the plan: the
report editor says which measures changed since the report was made, and the soum's officer
clicks "Checked: the report follows revision 2" once they are done. Checked on disk."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QLabel

from aplan_desktop.core.periods import Period
from test_gui_editors import type_keys
from test_gui_returns import _window
from test_journeys import _import_all, type_path
from test_loop import _report_on_the_first_revision, _second_revision, offices  # noqa: F401 - the data files


def _on_disk(db_path, report_id: str) -> tuple:
    conn = sqlite3.connect(db_path)
    try:
        revision = conn.execute("SELECT revision FROM report_circulars WHERE report_id = ?", [report_id]).fetchone()
        history = conn.execute("SELECT action, reason FROM history WHERE doc_id = ? ORDER BY rowid DESC LIMIT 1",
                               [report_id]).fetchone()
        return revision[0], tuple(history)
    finally:
        conn.close()


def test_the_soum_checks_the_changed_measures_and_says_the_report_follows_the_revision(
        qtbot, tmp_path, answer_dialogs, offices):  # noqa: F811 - the fixture
    aimag, soum, _ = offices
    report_id, added = _second_revision(aimag, soum, tmp_path)
    plan_id = soum.report(report_id).plan_id
    window = _window(qtbot, soum)
    window.home_action.trigger()
    start_line = " ".join(label.text() for label in window.start_page.circulars.findChildren(QLabel)
                          if label.isVisible() and "хувилбар дээр хийсэн" in label.text())
    assert "Тайланг 1 дахь хувилбар дээр хийсэн; аймгийн төлөвлөгөө одоо 2 дахь хувилбар болсон — нэмэгдсэн:" in start_line
    qtbot.mouseClick(window.start_page.circulars.buttons[(plan_id, Period.H1)], Qt.MouseButton.LeftButton)
    editor = window.report_editor
    assert window.stack.currentWidget() is editor and editor.document.id == report_id
    bar = editor.circular_changes
    assert bar.isVisible() and bar.text.text().startswith("Тайланг 1 дахь хувилбар дээр хийсэн; аймгийн төлөвлөгөө "
                                                          "одоо 2 дахь хувилбар болсон — нэмэгдсэн:")
    assert bar.follow_button.isVisible() and bar.follow_button.text() == "Шалгасан: тайлан 2 дахь хувилбарт нийцсэн"

    # the added measure done in the editor, the report finalised: the bar stays, without its button
    editor.select_measure(added)
    qtbot.mouseClick(editor.result.viewport(), Qt.MouseButton.LeftButton)
    type_keys(editor.result, "шинэ ажил")
    editor.percent.setCurrentIndex(editor.percent.findData(80))
    qtbot.mouseClick(editor.finalise_button, Qt.MouseButton.LeftButton)
    assert editor.reopen_button.isVisible() and bar.isVisible() and not bar.follow_button.isVisible()
    assert bar.text.text().endswith("Тайланг шинэ хувилбарт нийцсэн гэж тэмдэглэхийн тулд эхлээд дахин нээнэ үү.")
    assert _on_disk(soum.path, report_id) == (1, ("finalised", ""))

    def give_reason(dialog: QInputDialog) -> None:
        dialog.setTextValue("Аймгийн шинэ хувилбар")
        dialog.accept()

    unanswered = answer_dialogs(give_reason)
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    assert not unanswered and bar.follow_button.isVisible()
    qtbot.mouseClick(bar.follow_button, Qt.MouseButton.LeftButton)
    assert _on_disk(soum.path, report_id) == (2, ("follows_revision", "1 → 2"))
    assert window.focusWidget() is editor.measures  # not the next field, with its text selected to be typed over
    QTest.keyClick(window.focusWidget(), Qt.Key.Key_Space)
    assert editor.prepared_title.text() == "ДАРГА"
    assert not bar.isVisible() and not editor.banner.isVisible()
    window.home_action.trigger()  # the start page no longer lists the changes

    def shown() -> list[str]:  # the lines replaced are deleted once the event loop runs
        return [label.text() for label in window.start_page.circulars.findChildren(QLabel) if label.isVisible()]

    qtbot.waitUntil(lambda: not any("хувилбар дээр хийсэн" in text for text in shown()))
    assert any(window.ops.plan(plan_id).title in text for text in shown())
    window.close()


def test_a_revision_that_changed_no_measure_says_so():
    """Only the deadlines (or the words around the measures) changed: the line says the measures
    are the same, not an empty list."""
    from aplan_desktop.core.circulars import MeasureChange
    from aplan_desktop.gui.start_page import changes_text

    assert changes_text(1, 2, []) == ("Тайланг 1 дахь хувилбар дээр хийсэн; аймгийн төлөвлөгөө одоо 2 дахь хувилбар "
                                      "болсон, арга хэмжээ нь өөрчлөгдөөгүй.")
    added = MeasureChange("added", "m9", "1.9", "Шинэ арга хэмжээ")
    assert changes_text(1, 3, [added]).endswith("3 дахь хувилбар болсон — нэмэгдсэн: 1.9.")


def test_the_soum_imports_the_aimags_notice_and_sees_the_plan_called_off(qtbot, tmp_path, answer_dialogs,
                                                                          offices):  # noqa: F811 - the fixture
    """The aimag called its plan off and e-mailed the notice: the soum's officer imports it
    (Аймаг → Import bundles…), the start page says so with no deadline to meet, and the report
    made on it stays, with the reason above it."""
    aimag, soum, _ = offices
    plan, report_id = _report_on_the_first_revision(aimag, soum, tmp_path)
    aimag.withdraw_circular(plan.id)
    notice, _ = aimag.export(plan.id, tmp_path / "notice")
    window = _window(qtbot, soum)
    unanswered = answer_dialogs(type_path(notice.path), _import_all(qtbot))
    window.import_action.trigger()
    assert not unanswered
    conn = sqlite3.connect(soum.path)
    assert conn.execute("SELECT direction, revision, called_off FROM circulars").fetchall() == [("received", 2, 1)]
    conn.close()

    window.home_action.trigger()
    shown = [label.text() for label in window.start_page.circulars.findChildren(QLabel) if label.isVisible()]
    assert any("2 дахь хувилбар · аймаг цуцалсан: цаашид тайлагнахгүй" in text for text in shown)
    assert window.start_page.circulars.buttons == {}  # nothing to start or to meet

    navigator = window.navigator  # the plan says so there; the report made on it opens with a click
    lines = [navigator.topLevelItem(i).child(0).child(c) for i in range(navigator.topLevelItemCount())
             for c in range(navigator.topLevelItem(i).child(0).childCount())]
    assert [item.text(0) for item in lines if item.data(0, 256) == plan.id] == ["Авлигын эсрэг төлөвлөгөө\nАймаг цуцалсан"]
    item = next(navigator.topLevelItem(i).child(0).child(c) for i in range(navigator.topLevelItemCount())
                for c in range(navigator.topLevelItem(i).child(0).childCount())
                if navigator.topLevelItem(i).child(0).child(c).data(0, 256) == report_id)
    qtbot.mouseClick(navigator.viewport(), Qt.MouseButton.LeftButton, pos=navigator.visualItemRect(item).center())
    editor = window.report_editor
    assert window.stack.currentWidget() is editor and editor.document.id == report_id
    assert editor.circular_changes.isVisible() and not editor.circular_changes.follow_button.isVisible()
    assert editor.circular_changes.text.text() == ("Аймаг энэ төлөвлөгөөг цуцалсан: үүгээр цаашид тайлагнахгүй. "
                                                   "Энэ тайлан хэвээр үлдэнэ.")
    assert editor.result.toPlainText().endswith("хийсэн")
    window.close()
