"""The circular through the window, as the people do it: the aimag officer opens the aimag's plan,
Аймаг → "Send to the bodies under this office…", answers the deadlines and who does which
measure, picks the folder; the soum officer registers the aimag's key, imports the file, sees
"Аймгаас ирсэн төлөвлөгөө" on the start page and starts the report there. Checked on disk."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import date

from PySide6.QtWidgets import QInputDialog

from aplan_desktop.core.circulars import Audience
from aplan_desktop.core.model import OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.i18n.mongolian import official_date
from test_journeys import SOUM, _import_all, _new_office_window, ok, save_the_table, send_into, type_path

AIMAG = "Өвөрхангай аймгийн Засаг даргын Тамгын газар"


def _circular_on_disk(db_path, plan_id):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT direction, deadlines, audience, revision FROM circulars WHERE plan_id = ?",
                            [plan_id]).fetchone()
    finally:
        conn.close()


def _register_and_import(window, bundle, fingerprint: str, qtbot, answer_dialogs) -> None:
    """Аймаг → Register a sender's key… (the bundle, the fingerprint read on the letter), then
    Import bundles… on the same file."""
    def type_fingerprint(dialog: QInputDialog) -> None:
        dialog.setTextValue(fingerprint)
        dialog.accept()

    unanswered = answer_dialogs(type_path(bundle), type_fingerprint)
    window.register_action.trigger()
    assert not unanswered
    unanswered = answer_dialogs(type_path(bundle), _import_all(qtbot))
    window.import_action.trigger()
    assert not unanswered


def test_the_aimag_sends_its_plan_down_and_the_soum_reports_on_it(qtbot, tmp_path, answer_dialogs, monkeypatch):
    (tmp_path / "aimag").mkdir()
    (tmp_path / "soum").mkdir()
    aimag, aimag_db = _new_office_window(qtbot, tmp_path / "aimag", answer_dialogs, monkeypatch, AIMAG,
                                         OrganisationKind.AIMAG, template=True)
    plan = aimag.plan_editor.document
    assert aimag.stack.currentWidget() is aimag.plan_editor and aimag.circular_action.isEnabled()
    second = plan.measures()[1]

    def deadlines_and_measures(dialog) -> None:
        dialog.deadline_boxes[Period.H1].setText("06-01")
        box = dialog.audience[second.id]
        box.setCurrentIndex(box.findData(Audience.AGENCIES))
        ok(dialog)

    mail = tmp_path / "mail"
    mail.mkdir()
    unanswered = answer_dialogs(deadlines_and_measures, type_path(mail))
    aimag.circular_action.trigger()  # Аймаг → Харьяа байгууллагуудад хүргүүлэх…
    assert not unanswered
    qtbot.waitUntil(lambda: getattr(aimag, "last_sent", None) is not None, timeout=30000)
    circular_file = aimag.last_sent.path
    assert circular_file.parent == mail and circular_file.name.endswith("_circular_r1.aplan")
    direction, deadlines, audience, revision = _circular_on_disk(aimag_db, plan.id)
    assert (direction, revision) == ("sent", 1) and '"H1": [6, 1]' in deadlines
    assert audience == f'{{"{second.id}": "agencies"}}'
    fingerprint = aimag.ops.own_fingerprint()

    soum, soum_db = _new_office_window(qtbot, tmp_path / "soum", answer_dialogs, monkeypatch, SOUM,
                                       OrganisationKind.SOUM, template=False)
    assert not soum.start_page.circulars.isVisible()

    _register_and_import(soum, circular_file, fingerprint, qtbot, answer_dialogs)

    soum.home_action.trigger()
    section = soum.start_page.circulars
    qtbot.waitUntil(section.isVisible)
    texts = " ".join(w.text() for w in section.findChildren(type(section.grid.itemAt(0).widget())))
    assert "Аймгаас ирсэн төлөвлөгөө" in texts and plan.title in texts
    year = plan.year
    assert official_date(date(year, 6, 1)) in texts and official_date(date(year, 11, 10)) in texts
    button = section.buttons[(plan.id, Period.H1)]
    button.click()
    assert soum.stack.currentWidget() is soum.report_editor
    report = soum.report_editor.document
    assert report.plan_id == plan.id and report.period == Period.H1
    assert second.id not in [e.measure_id for e in report.entries]  # the agencies' measure is not the soum's
    conn = sqlite3.connect(soum_db)
    assert conn.execute("SELECT revision FROM report_circulars WHERE report_id = ?", [report.id]).fetchone() == (1,)
    conn.close()
    soum.home_action.trigger()
    assert section.buttons[(plan.id, Period.H1)].text() == "Тайланг нээх"
    section.buttons[(plan.id, Period.H1)].click()

    # the soum's report typed in the editor, finalised and sent up
    editor = soum.report_editor
    assert not editor.reviewing  # the soum's own report, though on the aimag's plan
    for measure in editor.plan.measures():
        editor.select_measure(measure.id)
        editor.result.setPlainText(f"{measure.number}: сумын хийсэн ажил")
        editor.percent.setCurrentIndex(editor.percent.findData(80))
    soum.save_action.trigger()
    editor.finalise_button.click()
    report_file = send_into(soum, tmp_path / "up", qtbot, answer_dialogs).path
    assert report_file.name.startswith("bat-olzii_") and "_H1_report_r1" in report_file.name
    soum_fingerprint = soum.ops.own_fingerprint()
    soum.close()

    # the aimag imports it as the soum's report, and consolidates its plan into a Word table
    _register_and_import(aimag, report_file, soum_fingerprint, qtbot, answer_dialogs)
    aimag.open_document(report.id)  # the soum's report, as the aimag reviews it: the plan's revision it was made on
    assert aimag.report_editor.status.text().endswith(" · Төлөвлөгөөний хамгийн сүүлийн, 1-р засвараар хийсэн")
    aimag.home_action.trigger()
    listed = len(aimag.ops.plan_consolidation(plan.id, Period.H1).bodies)  # the aimag's soums of the roster
    assert listed > 10 and f"{listed} байгууллагаас 1 нь тайлангаа ирүүлсэн" in aimag.start_page.sent_circulars.text()
    docx = tmp_path / "нэгтгэл.docx"

    def plan_and_period(dialog) -> None:
        assert dialog.plan.currentData() == plan.id
        dialog.period.setCurrentIndex(dialog.period.findData(Period.H1))
        ok(dialog)

    unanswered = answer_dialogs(plan_and_period, *save_the_table(qtbot, docx))
    aimag.consolidate_plan_action.trigger()  # Аймаг → Төлөвлөгөөний биелэлтийн нэгтгэл…
    assert not unanswered
    from docx import Document

    tables = Document(str(docx)).tables
    status = {row.cells[1].text: [c.text for c in row.cells] for row in tables[0].rows}
    arrival = "Хоцорсон" if date.today() > date(plan.year, 6, 1) else "Хугацаандаа"  # sent today; due on June 1
    assert status[SOUM][3].startswith(arrival) and status[SOUM][4] == "80%"
    assert status[SOUM][3].endswith("; төлөвлөгөөний 1-р засвараар")
    assert sum(1 for line in status.values() if line[3] == "Ирүүлээгүй") == listed - 1  # every other soum
    lines = [[c.text for c in row.cells] for row in tables[1].rows]
    assert [SOUM, f"{plan.measures()[0].number}: сумын хийсэн ажил", "80", ""] in lines
    aimag.close()


def test_the_aimag_registers_the_office_above_and_reports_up_to_it(qtbot, tmp_path, answer_dialogs, monkeypatch):
    from aplan_desktop.core.model import Person
    from aplan_desktop.operations import OfficeDetails, Operations
    from test_loop import _fill_and_send, _template

    national = Operations.open(tmp_path / "national.sqlite")
    national.setup_office(OfficeDetails("Авлигатай тэмцэх газар", OrganisationKind.AGENCY, None,
                                        preparer=Person("ДАРГА", "Б. БОЛД")), _template(), date.today().year)
    plan = national.plans()[0]
    national.mark_circular(plan.id)
    down, _ = national.export(plan.id, tmp_path / "down")
    (tmp_path / "aimag").mkdir()
    aimag, aimag_db = _new_office_window(qtbot, tmp_path / "aimag", answer_dialogs, monkeypatch, AIMAG,
                                         OrganisationKind.AIMAG, template=False)

    def type_fingerprint(dialog: QInputDialog) -> None:
        dialog.setTextValue(national.own_fingerprint())
        dialog.accept()

    unanswered = answer_dialogs(type_path(down.path), type_fingerprint)
    aimag.superior_action.trigger()  # Аймаг → Дээд байгууллагыг бүртгэх…
    assert not unanswered
    assert aimag.ops.home_organisation().parent_id == national.home_organisation().id
    unanswered = answer_dialogs(type_path(down.path), _import_all(qtbot))
    aimag.import_action.trigger()
    assert not unanswered
    aimag.open_document(plan.id)  # received, not marked here yet: the send dialog has no mark to take back
    shown = {}

    def look_then_cancel(dialog) -> None:
        shown["withdraw"] = dialog.withdraw_button.isVisible()
        dialog.reject()

    unanswered = answer_dialogs(look_then_cancel)
    aimag.circular_action.trigger()
    assert not unanswered and shown["withdraw"] is False

    # a soum's report on the plan the aimag passed on, already imported
    aimag.ops.mark_circular(plan.id)
    passed_on, _ = aimag.ops.export(plan.id, tmp_path / "passed")
    soum = Operations.open(tmp_path / "soum.sqlite")
    soum.setup_office(OfficeDetails(SOUM, OrganisationKind.SOUM, aimag.ops.home_organisation().id,
                                    preparer=Person("ДАРГА", "Б. БОЛД")))
    soum.register_sender(passed_on.path, aimag.ops.own_fingerprint())
    soum.import_checked(soum.check_import([passed_on.path]))
    sent = _fill_and_send(soum, plan.id, 90, tmp_path / "up")
    aimag.ops.register_sender(sent, soum.own_fingerprint())
    aimag.ops.import_checked(aimag.ops.check_import([sent]))

    def plan_and_period(dialog) -> None:
        assert dialog.plan.currentData() == plan.id
        dialog.period.setCurrentIndex(dialog.period.findData(Period.H1))
        ok(dialog)

    unanswered = answer_dialogs(plan_and_period)
    aimag.upward_action.trigger()  # Аймаг → Дээд байгууллагад тайлагнах…
    assert not unanswered
    assert aimag.stack.currentWidget() is aimag.report_editor
    report = aimag.report_editor.document
    conn = sqlite3.connect(aimag_db)
    stored = conn.execute("SELECT organisation_id, plan_id FROM reports WHERE id = ?", [report.id]).fetchone()
    results = [r[0] for r in conn.execute("SELECT result FROM entries WHERE report_id = ? ORDER BY position",
                                          [report.id])]
    conn.close()
    assert stored == (aimag.ops.home_organisation().id, plan.id)
    assert results[0].startswith(f"{SOUM} (90%): ")
    for ops in (national, soum):
        ops.close()
    aimag.close()


def test_the_aimag_takes_back_a_mark_until_the_circular_was_written_then_calls_it_off(
        qtbot, tmp_path, answer_dialogs, monkeypatch):
    """Аймаг → "Send to the bodies…" on the wrong plan, the folder dialog cancelled: the same menu
    takes the mark back ("Do not send it", answered Yes). Once the circular was written the same
    button calls it off ("Call it off…", answered Yes) and the notice is written in the folder
    chosen, as the plan was."""
    from PySide6.QtWidgets import QMessageBox

    from test_journeys import later

    (tmp_path / "aimag").mkdir()
    aimag, aimag_db = _new_office_window(qtbot, tmp_path / "aimag", answer_dialogs, monkeypatch, AIMAG,
                                         OrganisationKind.AIMAG, template=True)
    plan = aimag.plan_editor.document
    seen = {}

    def cancel(dialog) -> None:
        dialog.reject()

    def yes(box: QMessageBox) -> None:
        seen.setdefault("questions", []).append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    unanswered = answer_dialogs(ok, cancel)  # marked, then no folder chosen: nothing written
    aimag.circular_action.trigger()
    assert not unanswered and _circular_on_disk(aimag_db, plan.id)[3] == 0

    def withdraw(dialog) -> None:
        seen["button"] = dialog.withdraw_button.isVisible() and dialog.withdraw_button.text()
        answer_dialogs(yes)
        later(dialog.withdraw_button.click)

    unanswered = answer_dialogs(withdraw)
    aimag.circular_action.trigger()
    assert not unanswered and seen["button"] == "Хүргүүлэхгүй (тэмдгийг арилгах)…"
    assert seen["questions"] == ["Тэмдгийг арилгах уу? Төлөвлөгөө хэвээр үлдэнэ; харьяа байгууллагуудад хүргүүлэхээ "
                                 "болино."]
    assert _circular_on_disk(aimag_db, plan.id) is None
    assert "тэмдгийг арилгалаа" in aimag.statusBar().currentMessage()

    def fresh_dialog(dialog) -> None:
        seen["fresh button"] = dialog.withdraw_button.isVisible()
        ok(dialog)

    mail = tmp_path / "mail"
    mail.mkdir()
    unanswered = answer_dialogs(fresh_dialog, type_path(mail))
    aimag.circular_action.trigger()
    assert not unanswered and seen["fresh button"] is False  # an unmarked plan has nothing to take back
    qtbot.waitUntil(lambda: getattr(aimag, "last_sent", None) is not None, timeout=30000)
    aimag.last_message.button(QMessageBox.StandardButton.Ok).click()  # "… written", read

    first = aimag.last_sent
    notice_folder = tmp_path / "notice"
    notice_folder.mkdir()

    def call_off(*then):
        def answer(dialog) -> None:
            seen["call off"] = dialog.withdraw_button.text()
            answer_dialogs(yes, *then)
            later(dialog.withdraw_button.click)
        return answer

    unanswered = answer_dialogs(call_off(cancel))  # Yes, then no folder: no notice, so nothing called off
    aimag.circular_action.trigger()
    assert not unanswered and seen["call off"] == "Цуцлах…"
    assert seen["questions"][-1].startswith("Төлөвлөгөөг цуцлах уу? Харьяа байгууллагууд үүнийг аль хэдийн")

    def on_disk() -> tuple:
        conn = sqlite3.connect(aimag_db)
        try:
            return conn.execute("SELECT revision, called_off FROM circulars WHERE plan_id = ?", [plan.id]).fetchone()
        finally:
            conn.close()

    assert on_disk() == (1, 0) and aimag.last_sent is first
    unanswered = answer_dialogs(call_off(type_path(notice_folder)))
    aimag.circular_action.trigger()
    qtbot.waitUntil(lambda: aimag.last_sent is not first, timeout=30000)
    assert not unanswered
    notice = aimag.last_sent.path
    assert notice.parent == notice_folder and notice.name.endswith("_circular_r2.aplan") and on_disk() == (2, 1)
    assert aimag.last_message.text().startswith(str(notice))  # "… written", read
    aimag.last_message.button(QMessageBox.StandardButton.Ok).click()
    with zipfile.ZipFile(notice) as z:
        assert json.loads(z.read("circular.json"))["called_off"] is True

    def write_again(dialog) -> None:  # called off: the button writes the notice again
        seen["button again"] = dialog.withdraw_button.text()
        answer_dialogs(type_path(notice_folder))
        later(dialog.withdraw_button.click)

    second = aimag.last_sent
    unanswered = answer_dialogs(write_again)
    aimag.circular_action.trigger()
    qtbot.waitUntil(lambda: aimag.last_sent is not second, timeout=30000)
    assert not unanswered and seen["button again"] == "Цуцалсан мэдэгдлийг дахин бичих…"
    assert aimag.last_sent.path.name.endswith("_circular_r3.aplan") and on_disk() == (3, 1)
    aimag.home_action.trigger()  # the start page says it is called off, with no bodies counted
    assert aimag.start_page.sent_circulars.text().endswith(f"{plan.title} — цуцалсан")
    aimag.close()
