"""Returns for correction through the window, as people do it: the aimag's officer returns a
report with a reason typed beside a measure (Аймаг → Return for correction…), and the soum's
officer finds it first on the start page, opens it with the button and reads the reason beside
the measure. What reached each data file is checked."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.gui.return_dialog import ReturnDialog
from aplan_desktop.exchange import export_document
from test_gui_editors import type_keys
from test_returns import _import, three  # noqa: F401 - the three databases

REASON = "Нотлох баримт хавсаргаагүй"


def _window(qtbot, ops) -> MainWindow:
    w = MainWindow(ops)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def _click_ok(qtbot, dialog) -> None:
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_the_aimag_returns_a_report_and_the_soum_sees_it_first(qtbot, tmp_path, answer_dialogs, three):
    aimag, a, _ = three
    sent = export_document(a._store, "s000-report", tmp_path / "mail").path
    _, receipts = _import(aimag, [sent], tmp_path / "receipts")
    _import(a, receipts)
    received = f"Аймаг хүлээн авсан: {datetime.now().astimezone():%Y.%m.%d}"
    soum_window = _window(qtbot, a)
    soum_window.start_page.refresh(date(2024, 11, 20))  # the start page of the report's year
    assert received in soum_window.start_page.deadlines.text()
    soum_window.close()
    aimag_window = _window(qtbot, aimag)
    assert not aimag_window.return_action.isEnabled()  # nothing open to return yet
    aimag_window.open_document("s000-report")
    assert aimag_window.return_action.isEnabled() and aimag_window.accept_action.isEnabled()
    measure = aimag.report("s000-report").entries[1].measure_id

    def type_reason(dialog: ReturnDialog) -> None:
        field = dialog.reason_fields[measure]  # the field beside measure 1.2
        qtbot.mouseClick(field.viewport(), Qt.MouseButton.LeftButton)
        type_keys(field, REASON)
        type_keys(dialog.note, "Засаад дахин ирүүлнэ үү")
        _click_ok(qtbot, dialog)

    left = answer_dialogs(type_reason)
    aimag_window.return_action.trigger()
    assert left == []
    with sqlite3.connect(aimag.path) as conn:
        state, reasons, note = conn.execute("SELECT state, reasons, note FROM report_states").fetchone()
    assert (state, json.loads(reasons), note) == ("returned", [{"measure_id": measure, "text": REASON}],
                                                  "Засаад дахин ирүүлнэ үү")
    review = aimag.export("s000-report", tmp_path / "reviews")[0].path
    aimag_window.close()

    _import(a, [review])
    soum_window = _window(qtbot, a)
    soum_window.show_start()
    button = soum_window.start_page.returned.buttons["s000-report"]
    qtbot.waitUntil(button.isVisible)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    editor = soum_window.report_editor
    assert soum_window.stack.currentWidget() is editor
    assert "Аймгаас буцаасан" in editor.status.text()
    rect = editor.measures.visualItemRect(editor.measures.item(1))
    qtbot.mouseClick(editor.measures.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.return_reason.isVisible() and REASON in editor.return_reason.text()
    rect = editor.measures.visualItemRect(editor.measures.item(0))
    qtbot.mouseClick(editor.measures.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert not editor.return_reason.isVisible()  # no reason beside a measure that was not returned
    lines = []
    items = [soum_window.navigator.topLevelItem(i) for i in range(soum_window.navigator.topLevelItemCount())]
    while items:
        item = items.pop()
        lines.append(item.text(0))
        items += [item.child(i) for i in range(item.childCount())]
    assert any("Аймгаас буцаасан" in line for line in lines)


def test_the_soum_chooses_the_bundle_format_its_aimag_reads(qtbot, window, answer_dialogs, tmp_path):
    """Settings… → "Bundle format the aimag reads": version 1, and the next report sent is in it."""
    def choose_version_1(dialog) -> None:
        dialog.bundle_version.setCurrentIndex(dialog.bundle_version.findData(1))
        _click_ok(qtbot, dialog)

    left = answer_dialogs(choose_version_1)
    window.settings_action.trigger()
    assert left == []
    with sqlite3.connect(window.db_path) as conn:
        assert conn.execute("SELECT value FROM settings WHERE key = 'bundle_version'").fetchone() == ("1",)
    result, _ = window.ops.export("s000-report", tmp_path / "out")
    with zipfile.ZipFile(result.path) as z:
        assert json.loads(z.read("manifest.json"))["format_version"] == 1


def test_the_soums_report_on_the_aimags_circular_shows_when_the_aimag_received_it(qtbot, tmp_path):
    """The start page's "Plans from the aimag" line of a report sent says "Аймаг хүлээн авсан: …"
    once the aimag's receipt is imported."""
    from test_loop import _fill_and_send, _import as loop_import, _office, _template, _trust

    from aplan_desktop.core.model import OrganisationKind
    from aplan_desktop.core.periods import Period

    aimag = _office(tmp_path / "aimag.sqlite", "Баянхонгор аймгийн Засаг даргын Тамгын газар", OrganisationKind.AIMAG,
                    _template())
    soum = _office(tmp_path / "a.sqlite", "Баянбулаг сумын Засаг даргын Тамгын газар", OrganisationKind.SOUM)
    try:
        plan = aimag.plans()[0]
        aimag.mark_circular(plan.id)
        down, _ = aimag.export(plan.id, tmp_path / "down")
        _trust(soum, down.path, aimag)
        loop_import(soum, down.path)
        sent = _fill_and_send(soum, plan.id, 90, tmp_path / "up")
        _trust(aimag, sent, soum)
        receipts = aimag.write_receipts(loop_import(aimag, sent), tmp_path / "receipts")
        loop_import(soum, *receipts)
        w = _window(qtbot, soum)
        w.show_start()
        line = w.start_page.circulars.buttons[(plan.id, Period.H1)]
        qtbot.waitUntil(line.isVisible)
        texts = [item.widget().text() for i in range(w.start_page.circulars.grid.count())
                 if (item := w.start_page.circulars.grid.itemAt(i)).widget() and hasattr(item.widget(), "text")]
        assert any(f"Аймаг хүлээн авсан: {datetime.now().astimezone():%Y.%m.%d}" in t for t in texts)
        w.close()
    finally:
        aimag.close()
        soum.close()
