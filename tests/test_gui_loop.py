"""The circular through the window, as the people do it: the aimag officer opens the aimag's plan,
Аймаг → "Send to the bodies under this office…", answers the deadlines and who does which
measure, picks the folder; the soum officer registers the aimag's key, imports the file, sees
"Аймгаас ирсэн төлөвлөгөө" on the start page and starts the report there. Checked on disk."""

from __future__ import annotations

import sqlite3
from datetime import date

from PySide6.QtWidgets import QInputDialog

from aplan_desktop.core.circulars import Audience
from aplan_desktop.core.model import OrganisationKind
from aplan_desktop.core.periods import Period
from aplan_desktop.i18n.mongolian import official_date
from test_journeys import SOUM, _import_all, _new_office_window, later, ok, type_path

AIMAG = "Өвөрхангай аймгийн Засаг даргын Тамгын газар"


def _circular_on_disk(db_path, plan_id):
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT direction, deadlines, audience, revision FROM circulars WHERE plan_id = ?",
                            [plan_id]).fetchone()
    finally:
        conn.close()


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
    aimag.close()

    soum, soum_db = _new_office_window(qtbot, tmp_path / "soum", answer_dialogs, monkeypatch, SOUM,
                                       OrganisationKind.SOUM, template=False)
    assert not soum.start_page.circulars.isVisible()

    def type_fingerprint(dialog: QInputDialog) -> None:
        dialog.setTextValue(fingerprint)
        dialog.accept()

    unanswered = answer_dialogs(type_path(circular_file), type_fingerprint)
    soum.register_action.trigger()
    assert not unanswered
    unanswered = answer_dialogs(type_path(circular_file), _import_all(qtbot))
    soum.import_action.trigger()
    assert not unanswered

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
    soum.close()
