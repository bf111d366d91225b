"""The real window on a real database, driven offscreen with pytest-qt. Each journey checks
what reached the database (read through a second connection), not only what is shown."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from aplan_desktop.core.model import ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.core.templates import list_templates
from aplan_desktop.core.validation import Severity
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.gui.setup import setup_dialog
from aplan_desktop.resources import templates_dir
from aplan_desktop.storage import Store

SAVED = "Хадгалсан"


def from_disk(db_path: Path) -> Store:
    """A second connection: what another program (or the next start) would see."""
    return Store.open(db_path)


def wait_saved(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.save_state.text() == SAVED and not window.autosaver.has_pending, timeout=5000)


def shown_text(label) -> str:
    """A rich-text label's text as the user reads it."""
    document = QTextDocument()
    document.setHtml(label.text())
    return document.toPlainText().replace("\u2028", "\n")


def ok_button(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_first_run_setup_starts_the_plan_from_the_model_template(qtbot, store, db_path):
    dialog = setup_dialog(Operations(store))
    qtbot.addWidget(dialog)
    dialog.name.setText("Бат-Өлзий сумын Засаг даргын Тамгын газар")
    dialog.aimag.setCurrentIndex(dialog.aimag.findText("Өвөрхангай аймаг"))
    dialog.unit.setCurrentIndex(dialog.unit.findText("Бат-Өлзий"))  # the soum, from the aimag's list
    dialog.head_title.setText("ЗАСАГ ДАРГА")
    dialog.head_name.setText("Н. ОРХОНТУУЛ")
    dialog.preparer_title.setText("ЗДТГ-ЫН ДАРГА")
    dialog.preparer_name.setText("Н. БАТ-ЭРДЭНЭ")
    atg = next(b for b, s in dialog.source_buttons if s.template.key == "atg-model")
    atg.setChecked(True)
    ok_button(dialog).click()
    assert dialog.result() == 1, dialog.message.text()
    check = from_disk(db_path)
    plan_id = check.setting("ui:last")["doc"]
    plan = check.plan(plan_id)
    assert plan.organisation.name == "Бат-Өлзий сумын Засаг даргын Тамгын газар"
    assert plan.organisation.id == "soum-6207"  # the roster's id, the one its aimag expects
    assert check.parent_of(plan.organisation).id == "aimag-ovorkhangai"
    assert plan.organisation.head.name == "Н. ОРХОНТУУЛ"
    assert [m.number for m in plan.measures()][:2] == ["1.1", "1.2"] and len(plan.measures()) == 13
    assert check.setting("preparer") == {"title": "ЗДТГ-ЫН ДАРГА", "name": "Н. БАТ-ЭРДЭНЭ"}
    assert [h["action"] for h in check.history(plan_id)] == ["created"]


def test_setup_refuses_an_empty_name(qtbot, store):
    dialog = setup_dialog(Operations(store))
    qtbot.addWidget(dialog)
    ok_button(dialog).click()
    assert dialog.result() == 0 and dialog.message.text() == "Байгууллагын нэрийг бичнэ үү."
    assert store.setting(HOME_ORGANISATION) is None


def test_new_plan_from_template_then_edit_a_measure_and_undo(qtbot, window, db_path, answer_dialogs):
    template = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")

    year = date.today().year + 1  # next year's plan, prepared in advance

    def choose_the_template_and_year(dialog) -> None:
        assert dialog.windowTitle() == "Шинэ төлөвлөгөө" and dialog.year.value() == date.today().year
        dialog.source.setCurrentIndex(next(i for i in range(dialog.source.count())
                                           if f"“{template.name}”" in dialog.source.itemText(i)))
        dialog.year.setValue(year)
        ok_button(dialog).click()

    plans_before = {d.id for d in from_disk(db_path).documents() if d.kind == "plan"}
    unanswered = answer_dialogs(choose_the_template_and_year)
    window.new_plan_action.trigger()  # File → New plan… (Ctrl+N)
    assert not unanswered
    editor = window.plan_editor
    assert window.stack.currentWidget() is editor
    plan = editor.document
    check = from_disk(db_path)
    assert {d.id for d in check.documents() if d.kind == "plan"} - plans_before == {plan.id}
    stored = check.plan(plan.id)
    assert (stored.year, stored.organisation.id, len(stored.measures())) == (year, "org-bat-olzii", 13)
    assert stored.title == plan.title and str(year) in stored.title
    assert [h["action"] for h in check.history(plan.id)] == ["created"]
    assert editor.title.text() == plan.title and editor.title.cursorPosition() == 0  # shown from its first word
    first = plan.measures()[0]
    editor.select_object(first.id)
    editor.measure_text.setPlainText("Өөрчилсөн арга хэмжээ: Үйлчилгээний төвд самбар байрлуулах")
    wait_saved(qtbot, window)
    assert from_disk(db_path).plan(plan.id).measures()[0].text.startswith("Өөрчилсөн арга хэмжээ: Үйлчилгээний")
    editor.add_measure()
    editor.measure_text.setPlainText("Шинэ арга хэмжээ")
    wait_saved(qtbot, window)
    assert len(from_disk(db_path).plan(plan.id).measures()) == 14
    window.undo_stack.undo()
    wait_saved(qtbot, window)
    window.undo_stack.undo()
    wait_saved(qtbot, window)
    assert len(from_disk(db_path).plan(plan.id).measures()) == 13


def test_plan_measures_move_delete_and_renumber_from_the_keyboard(qtbot, window, db_path):
    """Ctrl+↑/↓ and Del on the tree. (Dragging is the other way to move: offscreen Qt ends every
    drag at once, and the tree takes an internal move only from its own live drag, so it is not
    driven here.)"""
    template = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")
    plan = window.create_plan(template, 2026)
    editor = window.plan_editor
    first, second, third = plan.objectives[0].measures[:3]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # shortcuts reach only the focused widget of the active window
    editor.select_object(second.id)
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, window)
    assert [m.id for m in from_disk(db_path).plan(plan.id).objectives[0].measures][:3] == [
        second.id, first.id, third.id]
    assert editor.tree.currentItem().data(0, Qt.ItemDataRole.UserRole) == second.id  # it moved with the selection
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, window)
    assert [m.id for m in from_disk(db_path).plan(plan.id).objectives[0].measures][:3] == [
        first.id, third.id, second.id]
    qtbot.keyClick(editor.tree, Qt.Key.Key_Delete)
    renumber = next(b for b in editor.tree_actions if b.text() == "Дугаарлах")
    qtbot.mouseClick(renumber, Qt.MouseButton.LeftButton)
    wait_saved(qtbot, window)
    stored = from_disk(db_path).plan(plan.id)
    assert second.id not in {m.id for m in stored.measures()}
    assert [m.id for m in stored.objectives[0].measures] == [first.id, third.id, plan.objectives[0].measures[3].id]
    assert [m.number for m in stored.objectives[0].measures] == ["1.1", "1.2", "1.3"]


def test_typing_a_mongolian_result_and_a_percentage_is_saved(qtbot, window, db_path):
    plan = window.ops._store.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    editor.select_measure(plan.measures()[2].id)
    text = "Өвөрхангай аймгийн Үйлчилгээний төвтэй хамтран 3 удаа сургалт хийж, 120 иргэн хамрагдсан.\n\nХоёр дахь догол мөр."
    editor.result.setPlainText(text)
    editor.percent.setCurrentIndex(editor.percent.findData(90))
    assert window.save_state.text() != SAVED
    wait_saved(qtbot, window)
    entry = from_disk(db_path).report(report.id).entry(plan.measures()[2].id)
    assert (entry.result, entry.percent) == (text, 90)
    assert "90%" in editor.score.text()
    assert editor.progress.value() == 1


def test_adding_evidence_by_drop_keeps_the_file_once(qtbot, window, db_path, tmp_path):
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7"))
    photo = tmp_path / "сургалт.png"
    image.save(str(photo))
    plan = window.ops._store.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    target = editor.evidence.viewport()  # a list view takes drags and drops on its viewport
    where = QPointF(target.rect().center())
    text_only = QMimeData()
    text_only.setText(str(photo))
    refused = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, text_only, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, refused)
    assert not refused.isAccepted()  # only files can be dropped
    for _ in range(2):  # the same photo dropped twice
        files = QMimeData()
        files.setUrls([QUrl.fromLocalFile(str(photo))])
        enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, enter)
        assert enter.isAccepted()
        drop = QDropEvent(where, Qt.DropAction.CopyAction, files, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, drop)
        assert drop.isAccepted()
    assert editor.evidence.count() == 2
    wait_saved(qtbot, window)
    check = from_disk(db_path)
    evidence = check.report(report.id).entry(plan.measures()[0].id).evidence
    assert [e.name for e in evidence] == ["сургалт.png", "сургалт.png"]
    assert evidence[0].sha256 == evidence[1].sha256 and evidence[0].media_type == "image/png"
    assert check.file_content(evidence[0].sha256) == photo.read_bytes()
    assert check.db.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    assert not editor.evidence.item(0).icon().isNull()
    editor.evidence.setCurrentRow(1)
    editor.remove_evidence()
    wait_saved(qtbot, window)
    assert len(from_disk(db_path).report(report.id).entry(plan.measures()[0].id).evidence) == 1


def test_a_very_big_evidence_file_is_added_only_when_the_user_says_so(qtbot, window, db_path, tmp_path,
                                                                       answer_dialogs):
    from aplan_desktop.gui.report_evidence import BIG_EVIDENCE_BYTES

    film = tmp_path / "бичлэг.mp4"
    with film.open("wb") as f:
        f.truncate(BIG_EVIDENCE_BYTES + 1)
    report = window.create_report(window.ops._store.plan("s000-plan"), Period.H1)
    editor = window.report_editor
    for answer, expected in ((QMessageBox.StandardButton.No, 0), (QMessageBox.StandardButton.Yes, 1)):
        unanswered = answer_dialogs(lambda box, answer=answer: box.button(answer).click())
        editor.add_evidence_files([film])
        assert unanswered == [] and len(getattr(editor.session.entry(editor.measure.id), "evidence", [])) == expected
    wait_saved(qtbot, window)
    measure = editor.measure.id
    assert [e.name for e in from_disk(db_path).report(report.id).entry(measure).evidence] == ["бичлэг.mp4"]


def test_evidence_that_could_harm_the_computer_is_not_opened(qtbot, window, answer_dialogs):
    from aplan_desktop.core.model import Evidence

    report = window.ops._store.report("s000-report")
    sha = window.ops._store.add_file(b"MZ\x90\x00 not a document")
    report.entries[0].evidence = [Evidence(name="Тайлан.pdf.exe", sha256=sha, size=17),
                                  Evidence(name="холбоос", url="file:///C:/Windows/System32/calc.exe")]
    window.ops._store.save_report(report)
    window.open_document("s000-report")
    editor = window.report_editor
    editor.select_measure(report.entries[0].measure_id)
    told: list[str] = []
    for row in (0, 1):
        editor.evidence.setCurrentRow(row)
        unanswered = answer_dialogs(lambda box: (told.append(box.text()), box.accept()))
        editor.open_evidence()
        assert unanswered == []
    assert "“Тайлан.pdf.exe”" in told[0] and "“file:///C:/Windows/System32/calc.exe”" in told[1]


def test_finalise_refused_then_accepted_then_reopened(qtbot, window, db_path, answer_dialogs):
    plan = window.ops._store.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    missing = [(m.id, field) for m in plan.measures() for field in ("result", "percent")] + [
        (report.id, "prepared_by")]

    def shown_problems():
        items = [window.problems.list.item(i) for i in range(window.problems.list.count())]
        return [item.data(Qt.ItemDataRole.UserRole) for item in items]

    assert [(p.object_id, p.field) for p in shown_problems()] == missing
    assert {p.severity for p in shown_problems()} == {Severity.WARNING}  # a draft may be incomplete
    editor.finalise_button.click()
    assert editor.banner.isVisible() and "эцэслэх боломжгүй" in editor.banner.text()
    assert from_disk(db_path).report(report.id).status == ReportStatus.DRAFT
    # what blocks it is now listed as errors, the missing signature among them, in words
    assert [(p.object_id, p.field) for p in shown_problems()] == missing
    assert {p.severity for p in shown_problems()} == {Severity.ERROR}
    assert window.problems.list.item(len(missing) - 1).text() == \
        "Тайланг гаргасан хүний албан тушаал, нэрийг бичнэ үү (БИЕЛЭЛТ ГАРГАСАН)."
    editor.prepared_title.setText("ЗДТГ-ЫН ДАРГА")
    editor.prepared_name.setText("Н. БАТ-ЭРДЭНЭ")
    for measure in plan.measures():
        editor.select_measure(measure.id)
        editor.result.setPlainText(f"{measure.number}: хийгдсэн")
        editor.percent.setCurrentIndex(editor.percent.findData(100))
    wait_saved(qtbot, window)
    editor.finalise_button.click()
    assert not editor.banner.isVisible()
    assert from_disk(db_path).report(report.id).status == ReportStatus.FINAL
    assert editor.result.isReadOnly() and not editor.finalise_button.isEnabled()

    def give_reason(reason: str):
        def answer(dialog: QInputDialog) -> None:
            assert dialog.labelText() == "Тайланг ямар шалтгаанаар дахин нээж байна вэ?"
            dialog.setTextValue(reason)
            dialog.accept()
        return answer

    unanswered = answer_dialogs(give_reason("   "))
    editor.reopen_button.click()
    assert not unanswered
    assert editor.banner.isVisible() and editor.banner.text() == \
        "Тайланг яагаад дахин нээж байгааг бичнэ үү; шалтгааныг түүхэнд хадгална."  # no reason, no reopening
    assert from_disk(db_path).report(report.id).status == ReportStatus.FINAL
    unanswered = answer_dialogs(give_reason("Аймгаас засвар хүссэн"))
    editor.reopen_button.click()
    assert not unanswered
    check = from_disk(db_path)
    assert check.report(report.id).status == ReportStatus.DRAFT
    assert [(h["action"], h["reason"]) for h in check.history(report.id)] == [
        ("created", ""), ("edited", ""), ("finalised", ""), ("reopened", "Аймгаас засвар хүссэн")]
    assert not editor.result.isReadOnly() and not editor.banner.isVisible()


def test_an_approved_plan_is_reopened_with_a_reason_then_approved_again(qtbot, window, db_path, answer_dialogs):
    from aplan_desktop.core.model import PlanStatus

    window.open_document("s000-plan")
    editor = window.plan_editor
    assert editor.title.isReadOnly() and editor.reopen_button.isVisible() and not editor.approve_button.isVisible()

    def give_reason(dialog: QInputDialog) -> None:
        assert dialog.labelText() == "Төлөвлөгөөг ямар шалтгаанаар дахин нээж байна вэ?"
        dialog.setTextValue("Аймгийн зөвлөмжөөр арга хэмжээ нэмэх")
        dialog.accept()

    unanswered = answer_dialogs(give_reason)
    editor.reopen_button.click()
    assert unanswered == []
    check = from_disk(db_path)
    assert check.plan("s000-plan").status == PlanStatus.DRAFT
    assert (check.history("s000-plan")[-1]["action"], check.history("s000-plan")[-1]["reason"]) == \
        ("reopened", "Аймгийн зөвлөмжөөр арга хэмжээ нэмэх")
    assert not editor.title.isReadOnly() and editor.approve_button.isVisible()
    editor.approve_button.click()  # seed 000 names no approver: refused, and the banner says why
    assert from_disk(db_path).plan("s000-plan").status == PlanStatus.DRAFT and editor.banner.isVisible()
    editor.approval_title.setText("ЗАСАГ ДАРГА")
    editor.approval_name.setText("Н. ОРХОНТУУЛ")
    editor.approve_button.click()
    approved = from_disk(db_path).plan("s000-plan")
    assert approved.status == PlanStatus.APPROVED and approved.approval.name == "Н. ОРХОНТУУЛ"
    assert editor.title.isReadOnly() and editor.reopen_button.isVisible()


def test_a_problem_is_one_click_from_its_field(qtbot, window):
    plan = window.ops._store.plan("s000-plan")
    window.create_report(plan, Period.H1)
    problem_items = [window.problems.list.item(i) for i in range(window.problems.list.count())]
    target = next(i for i in problem_items if i.data(Qt.ItemDataRole.UserRole).object_id == plan.measures()[4].id
                  and i.data(Qt.ItemDataRole.UserRole).field == "result")
    rect = window.problems.list.visualItemRect(target)
    window.problems.list.scrollToItem(target)
    rect = window.problems.list.visualItemRect(target)
    qtbot.mouseClick(window.problems.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.report_editor.measure.id == plan.measures()[4].id
    assert window.report_editor.result.hasFocus() or window.focusWidget() is window.report_editor.result


def test_search_finds_and_opens_the_measure(qtbot, window):
    window.search_box.setText("Хурдан цэг")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    results = window.search_results
    assert window.stack.currentWidget() is results and results.list.count() >= 1
    label = results.list.itemWidget(results.list.item(0))
    assert "<b>Хурдан</b>" in label.text()
    rect = results.list.visualItemRect(results.list.item(0))
    qtbot.mouseClick(results.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.stack.currentWidget() is window.report_editor
    assert window.report_editor.document.id == "s001-report"
    assert "Хурдан цэг" in window.report_editor.result.toPlainText()


def test_language_switch_keeps_unsaved_work(qtbot, demo_store, db_path, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QApplication

    from aplan_desktop.config import Config
    from aplan_desktop.gui.app import Session
    from aplan_desktop.gui.dialogs import SettingsDialog

    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    monkeypatch.setenv("APLAN_LANG", "mn")  # the switch below changes it; this puts it back afterwards
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    session = Session(QApplication.instance(), Operations(demo_store), db_path, Config(language="mn"))
    first = session.build()
    qtbot.addWidget(first)
    report = first.create_report(demo_store.plan("s000-plan"), Period.H1)
    first.report_editor.result.setPlainText("Хэл солихын өмнө бичсэн Ү, Ө")
    assert first.autosaver.has_pending
    dialog = SettingsDialog(first.config, demo_store.score_scale(), demo_store.deadline_rules().by_period, db_path)
    qtbot.addWidget(dialog)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    first.apply_settings(dialog)
    second = session.window
    qtbot.addWidget(second)
    assert second is not first
    assert second.report_editor.finalise_button.text() == "Finalise"
    assert second.report_editor.document.id == report.id
    assert from_disk(db_path).report(report.id).entries[0].result == "Хэл солихын өмнө бичсэн Ү, Ө"
    assert second.report_editor.result.toPlainText() == "Хэл солихын өмнө бичсэн Ү, Ө"
    assert Config.load().language == "en"


def test_reopens_where_the_user_was(qtbot, window, demo_store, db_path):
    window.open_document("s001-report")
    window.report_editor.select_measure(window.report_editor.plan.measures()[3].id)
    again = MainWindow(Operations(demo_store))
    qtbot.addWidget(again)
    again.reopen_last_place()
    assert again.report_editor.document.id == "s001-report"
    assert again.report_editor.measure.id == window.report_editor.plan.measures()[3].id


def test_start_page_shows_deadlines(qtbot, window, db_path):
    plan = window.ops._store.plan("s000-plan")  # Бат-Өлзий's 2024 plan; its second-half report is final

    def deadlines_of(plan_title: str) -> list[str]:
        """The start page's lines for one plan: "period: date — state", soonest first."""
        heading, *blocks = shown_text(window.start_page.deadlines).split("\n\n")
        assert heading == "2024 оны тайлан хүргүүлэх хугацаа"
        return [line for line, title in (block.split("\n") for block in blocks) if title == plan_title]

    today = date(2024, 4, 30)
    rules = from_disk(db_path).deadline_rules()
    first, second = rules.due(Period.H1, 2024), rules.due(Period.H2, 2024)
    assert (first, second) == (date(2024, 5, 10), date(2024, 11, 10))
    window.start_page.refresh(today=today)
    assert "Бат-Өлзий" in window.start_page.heading.text()
    blocks = shown_text(window.start_page.deadlines).split("\n\n")[1:]
    assert {block.split("\n")[1] for block in blocks} == {plan.title}  # this office's plans, not the others'
    assert deadlines_of(plan.title) == [
        f"I хагас жил: 2024 оны 05 дугаар сарын 10 — {(first - today).days} хоног үлдсэн · эхлээгүй",
        "II хагас жил / жилийн эцэс: 2024 оны 11 дүгээр сарын 10 — хийгдсэн (эцсийн)"]

    # the organisation moves the first deadline later; the first-half report is begun, not finished
    window.ops._store.set_setting("deadlines", {"H1": [6, 6], "H2": [11, 10]})
    window.create_report(plan, Period.H1)
    assert from_disk(db_path).deadline_rules().due(Period.H1, 2024) == date(2024, 6, 6)
    window.start_page.refresh(today=date(2024, 6, 1))
    assert deadlines_of(plan.title)[0] == "I хагас жил: 2024 оны 06 дугаар сарын 6 — 5 хоног үлдсэн"
    window.start_page.refresh(today=date(2024, 6, 10))
    assert deadlines_of(plan.title) == [
        "I хагас жил: 2024 оны 06 дугаар сарын 6 — 4 хоног хоцорсон",
        "II хагас жил / жилийн эцэс: 2024 оны 11 дүгээр сарын 10 — хийгдсэн (эцсийн)"]


def test_send_to_the_aimag_then_import_there_and_review(qtbot, window, tmp_path, answer_dialogs):
    from aplan_desktop.exchange import own_fingerprint
    from aplan_desktop.gui.inbox import InboxDialog

    window.open_document("s000-report")
    window.send_document("s000-report", tmp_path / "mail")
    qtbot.waitUntil(lambda: getattr(window, "last_sent", None) is not None, timeout=20000)
    bundle_path = window.last_sent.path
    assert bundle_path.name == "bat-olzii_2024_H2_report_r1.aplan" and window.last_sent.letter_path.exists()
    assert from_disk(window.db_path).report("s000-report").status == ReportStatus.SENT
    fingerprint = own_fingerprint(window.ops._store)

    aimag_db = tmp_path / "aimag.sqlite"
    aimag_store = Store.open(aimag_db)
    from aplan_desktop.core.model import Organisation, OrganisationKind
    aimag_store.save_organisation(Organisation("aimag-ovorkhangai", "Өвөрхангай аймаг", OrganisationKind.AIMAG))
    aimag_store.set_setting(HOME_ORGANISATION, "aimag-ovorkhangai")
    aimag_window = MainWindow(Operations(aimag_store))
    qtbot.addWidget(aimag_window)
    inbox = InboxDialog(aimag_window.ops, [bundle_path], aimag_window)
    qtbot.addWidget(inbox)
    qtbot.waitUntil(lambda: inbox.table.rowCount() == 1 and inbox.busy.isHidden(), timeout=20000)
    assert inbox.table.item(0, 1).text() == "илгээгч бүртгэлгүй" and not inbox.import_button.isEnabled()

    def tick(senders) -> None:  # the fingerprint compared with the cover letter, and the soum it is
        assert senders.table.item(0, 1).text() == fingerprint
        senders.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
        senders.bodies[0].setCurrentIndex(senders.bodies[0].findText("Бат-Өлзий сумын Засаг даргын Тамгын газар"))
        senders.ok_button.click()

    answer_dialogs(tick)
    inbox.register_button.click()  # registered, then its bundle imported
    qtbot.waitUntil(lambda: inbox.imported == 1 and inbox.busy.isHidden(), timeout=20000)
    assert from_disk(aimag_db).report("s000-report").entries[0].result == \
        window.ops._store.report("s000-report").entries[0].result

    aimag_window.open_document("s000-report")
    editor = aimag_window.report_editor
    assert editor.reviewing and editor.review_box.isVisibleTo(editor) and editor.result.isReadOnly()
    editor.select_measure(editor.plan.measures()[0].id)
    editor.review_score.setCurrentIndex(editor.review_score.findData(70))
    editor.review_comment.setPlainText("Нотломж дутуу.")
    qtbot.waitUntil(lambda: aimag_window.save_state.text() == SAVED and not aimag_window.autosaver.has_pending,
                    timeout=5000)
    reviewed = from_disk(aimag_db).report("s000-report").entries[0].review
    assert (reviewed.score, reviewed.comment) == (70, "Нотломж дутуу.")
    assert editor.send_button.text() == "Үнэлгээг буцааж илгээх…"


def test_a_new_report_is_offered_for_this_offices_plans_only(qtbot, window, answer_dialogs):
    offered: list[str] = []

    def look(dialog):
        offered.extend(dialog.plan.itemData(i).organisation.id for i in range(dialog.plan.count()))
        dialog.reject()

    unanswered = answer_dialogs(look)
    window.new_report_action.trigger()
    assert unanswered == [] and offered == ["org-bat-olzii"]  # not the other offices in the file


def test_the_user_guide_opens_inside_the_program_with_its_pictures(qtbot, window):
    dialog = window.show_guide()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "6. Хэвлэх ба гарын үсэг" in text and "## 6." not in text  # read as Markdown, not shown as source
    pictures = [f for f in dialog.browser.document().allFormats() if f.isImageFormat()]
    image = QTextDocument.ResourceType.ImageResource
    assert pictures and all(dialog.browser.document().resource(image, QUrl(f.toImageFormat().name())) is not None
                            for f in pictures)


def test_print_preview_shows_the_report(qtbot, window):
    from aplan_desktop.gui.preview import PreviewDialog
    dialog = PreviewDialog(window.ops, [("Тайлан", "2024 Бат-Өлзий тайлан",
                                         lambda ops: ops.render("s000-report", "report"))], window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.document.pageCount() > 0, timeout=20000)
    assert dialog.document.pageCount() == 4 and dialog.pdf.startswith(b"%PDF") and dialog.save_button.isEnabled()


def test_automatic_backup_then_restore_from_the_window(qtbot, demo_store, db_path, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QApplication

    from aplan_desktop.config import Config
    from aplan_desktop.gui.app import Session
    from aplan_desktop.gui.background import wait_for_background_work
    from aplan_desktop.gui.restore_dialog import RestoreDialog
    from aplan_desktop.storage.backups import backup_folder

    monkeypatch.setenv("APLAN_LANG", "mn")
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    session = Session(QApplication.instance(), Operations(demo_store), db_path, Config(language="mn"))
    window = session.build()
    qtbot.addWidget(window)
    window.auto_backup()
    wait_for_background_work()
    window.auto_backup()  # nothing changed since: no second copy
    wait_for_background_work()
    assert len(list(backup_folder(db_path).glob("aplan-*-auto.sqlite"))) == 1
    plan = demo_store.plan("s000-plan")
    plan.title = "АЛДААТАЙ ЗАСВАР"
    demo_store.save_plan(plan)
    dialog = RestoreDialog(window.ops.backups(), window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and "5" in dialog.table.item(0, 2).text()
    (backup,) = backup_folder(db_path).glob("aplan-*-auto.sqlite")
    report = window.create_report(plan, Period.H1)
    window.report_editor.result.setPlainText("Сэргээхийн өмнө бичсэн үг")
    assert window.autosaver.has_pending
    window.auto_backup()  # still running while the user restores
    session.restore(backup)
    qtbot.addWidget(session.window)
    assert session.ops.plan("s000-plan").title != "АЛДААТАЙ ЗАСВАР"
    (set_aside,) = backup_folder(db_path).glob("aplan-*restore*.sqlite")
    kept = Store.open(set_aside)  # the words typed just before are in the copy of what was replaced
    assert kept.plan("s000-plan").title == "АЛДААТАЙ ЗАСВАР"
    assert "Сэргээхийн өмнө бичсэн үг" in [e.result for e in kept.report(report.id).entries]
    kept.close()


def test_every_editing_day_leaves_one_line_in_the_history(qtbot, window, db_path):
    from aplan_desktop.gui.history_dialog import HistoryDialog

    plan = window.ops._store.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    editor = window.report_editor
    for text in ("Эхний хувилбар", "Хоёр дахь хувилбар"):
        editor.result.setPlainText(text)
        wait_saved(qtbot, window)
    assert [h["action"] for h in from_disk(db_path).history(report.id)] == ["created", "edited"]
    dialog = HistoryDialog(window.ops.history(report.id), window)
    qtbot.addWidget(dialog)
    assert [dialog.table.item(r, 1).text() for r in range(2)] == ["үүсгэсэн", "засварласан"]
    stored = from_disk(db_path).history(report.id)[0]["at"]  # kept in UTC
    assert dialog.table.item(0, 0).text() == f"{datetime.fromisoformat(stored).astimezone():%Y.%m.%d %H:%M}"


@pytest.mark.skipif(not hasattr(__import__("time"), "tzset"), reason="the time zone is set this way on Unix only")
def test_history_times_are_shown_on_this_computers_clock(monkeypatch):
    import time

    from aplan_desktop.gui.history_dialog import local_time

    monkeypatch.setenv("TZ", "<+08>-8")  # Ulaanbaatar's offset, without needing the zone files
    time.tzset()
    try:
        assert local_time("2026-11-22T09:13:05+00:00") == "2026.11.22 17:13"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_settings_keep_the_scale_deadlines_and_print_layout(qtbot, window, db_path, monkeypatch, tmp_path):
    from aplan_desktop.exchange import own_fingerprint
    from aplan_desktop.printing import layout_for

    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    assert dialog.fingerprint.text() == own_fingerprint(from_disk(db_path))  # what the aimag is told
    dialog.stepped_scale.setChecked(True)
    dialog.deadlines[Period.H1][0].setValue(6)
    dialog.print_font.setCurrentIndex(dialog.print_font.findData("sans"))
    dialog.margins["margin_left"].setValue(25)
    window.apply_settings(dialog)
    check = from_disk(db_path)
    assert check.score_scale().steps == (100, 90, 80, 70, 50, 30, 10, 0)
    assert check.deadline_rules().due(Period.H1, 2026).month == 6
    layout = layout_for(check, "org-bat-olzii")
    assert (layout.family, layout.margin_left, layout.margin_right) == ("sans", 25.0, 15.0)


def test_the_settings_open_on_a_data_file_that_cannot_be_written(qtbot, window):
    window.ops._store.db.conn.execute("PRAGMA query_only = 1")  # as a read-only or full file would refuse writes
    try:
        dialog = window.settings_dialog()  # the office's key does not exist yet: making it would write
        qtbot.addWidget(dialog)
        assert dialog.db_path.text() == str(window.db_path) and not hasattr(dialog, "fingerprint")
    finally:
        window.ops._store.db.conn.execute("PRAGMA query_only = 0")


def test_a_plan_keeps_at_least_one_printed_column(qtbot, window):
    from aplan_desktop.gui.columns_dialog import ColumnsDialog
    from aplan_desktop.gui.plan_editor import COLUMN_CHOICES

    dialog = ColumnsDialog(window.ops._store.plan("s000-plan").columns, COLUMN_CHOICES, window)
    qtbot.addWidget(dialog)
    for item in dialog.items():
        item.setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.columns() == [] and not dialog.ok_button.isEnabled()
    dialog.items()[0].setCheckState(0, Qt.CheckState.Checked)
    assert dialog.ok_button.isEnabled()


def test_the_organisations_details_can_be_corrected_later(qtbot, window, db_path, answer_dialogs):
    organisation = window.ops._store.organisation("org-bat-olzii")

    def correct(dialog) -> None:
        assert dialog.name.text() == organisation.name and dialog.aimag.currentText() == "Өвөрхангай аймаг"
        assert dialog.name.cursorPosition() == 0  # the long name shown from its first word
        dialog.head_title.setText("ЗАСАГ ДАРГА")
        dialog.head_name.setText("Н. ОРХОНТУУЛ")
        dialog.phone.setText("7032-2105")
        dialog.web.setText("www.bat-ulzii.ov.gov.mn")
        ok_button(dialog).click()

    unanswered = answer_dialogs(correct)
    window.organisation_action.trigger()  # Файл → Байгууллага…
    assert not unanswered
    check = from_disk(db_path)
    corrected = check.organisation("org-bat-olzii")
    assert (corrected.head.name, corrected.phone, corrected.parent_id) == ("Н. ОРХОНТУУЛ", "7032-2105",
                                                                           "aimag-ovorkhangai")
    assert corrected.web == "www.bat-ulzii.ov.gov.mn"  # for the letterhead
    assert check.report("s000-report").plan_id == "s000-plan"  # its documents stay its own
