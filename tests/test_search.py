"""Search finds what a person typed and sees: sections, the lines above a table, a body's own
columns, evidence, the aimag's reasons for a return; in files saved now and in files an older
version saved, on real data files; and the window opens a found text where it is."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from test_gui_editors import type_keys

from aplan_desktop.core.model import Annex, Approval, Column, Entry, Evidence, Heading, HeadingKind, Money, Person, \
    Section
from aplan_desktop.storage import Store
from aplan_desktop.storage.reviews import RETURNED, ReportState, ReviewRecords
from aplan_desktop.storage.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"
AT = datetime(2025, 7, 12, 4, 0, tzinfo=timezone.utc)


def found(store: Store, words: str) -> set[tuple[str, str, str]]:
    return {(h.doc_id, h.measure_id, h.field) for h in store.search(words)}


def indexed_v9(path: Path, words: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM search WHERE search MATCH ?", [words]).fetchone()[0]
    finally:
        conn.close()


def test_a_file_of_the_version_before_is_indexed_again_when_opened(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema-v9-real.sqlite", path)
    # what version 9 did not index: a section, a heading line, the annex line, a return's reason and note
    for words in ("удирдлага зохион чиглэлээр", "тогтоолын", "оюуны даргын", "хавсаргана", "харьцуулсан", "Сүмбэр"):
        assert indexed_v9(path, words) == 0, words
    store = Store.open(path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert found(store, "Удирдлага, зохион байгуулалтын чиглэлээр") == {  # typed in capitals in one
            ("chingeltei-nd2021-plan", "chingeltei-nd2021-s1", "section"),
            ("uyanga2020-plan", "uyanga2020-s1", "section")}
        assert ("uyanga2020-report", "", "heading") in found(store, "89 дүгээр тогтоолын")
        assert ("burtgel2016-report", "", "heading") in found(store, "ОЮУНЫ ӨМЧ ДАРГЫН")  # the annex line's issuer
        assert found(store, "Сүмбэр сум") >= {("govisumber-police2023-h1", "", "heading")}
        assert found(store, "хавсаргана") == {("uyanga2020-report", "uyanga2020-m1.1.1", "return")}
        assert found(store, "ХАРЬЦУУЛСАН ҮНЭЛГЭЭ") == {("uyanga2020-report", "", "return")}
        # what it indexed is found as before, an objective now at the objective itself
        objective = store.plan("chingeltei-nd2021-plan").objectives[0]
        assert ("chingeltei-nd2021-plan", objective.id, "objective") in found(store, objective.text[:40])
    finally:
        store.close()
    (copy,) = (tmp_path / "backups").glob("aplan-*-migration.sqlite")
    assert indexed_v9(copy, "хавсаргана") == 0  # the copy taken first is the file as it was


def test_texts_typed_now_are_found_and_follow_each_save(demo_store):
    plan = demo_store.plan("s001-plan")
    plan.sections = [Section("sec-1", "1.", "Өвөлжөөний ил тод байдлыг хангах")]
    plan.objectives[0].section_id = "sec-1"
    measure = plan.objectives[0].measures[0]
    measure.budget = Money(Decimal("500"), "Орон нутгийн төсөв ӨРГӨТГӨЛ")
    plan.columns.append(Column("extra:suuri", "Суурь түвшин"))
    measure.extra = {"suuri": "Үүрэгжсэн зөвлөл"}
    plan.approval = Approval("Сумын Засаг дарга", "Б.Өлзийбат")
    plan.heading = Heading(HeadingKind.ANNEX, Annex("Баян-Өлгий аймгийн Засаг даргын", "захирамж", 2025, None, "А/77"),
                           place="Өлгий")
    demo_store.save_plan(plan)
    assert found(demo_store, "ӨВӨЛЖӨӨНИЙ ил тод") == {("s001-plan", "sec-1", "section")}
    assert found(demo_store, "өргөтгөл") == {("s001-plan", measure.id, "measure")}
    assert found(demo_store, "ҮҮРЭГЖСЭН") == {("s001-plan", measure.id, "measure")}
    assert found(demo_store, "Баян-Өлгий А/77") == {("s001-plan", "", "heading")}
    assert found(demo_store, "ӨЛЗИЙБАТ") == set()  # an annex heading prints no approver
    plan.heading = Heading()
    plan.sections[0].text = "Өөр нэртэй хэсэг"
    demo_store.save_plan(plan)
    assert found(demo_store, "Өлзийбат") == {("s001-plan", "", "heading")}
    assert found(demo_store, "өвөлжөөний") == found(demo_store, "Баян-Өлгий") == set()

    report = demo_store.report("s001-report")
    report.heading = Heading(HeadingKind.NONE, form_reference="ЗГ-ын 89 дүгээр тогтоолын хавсралт")
    report.prepared_by = Person("Хуулийн зөвлөх", "Г.Үүрийнтуяа")
    demo_store.save_report(report)
    assert found(demo_store, "үүрийнтуяа") == found(demo_store, "89 ДҮГЭЭР") == {("s001-report", "", "heading")}

    entry = Entry(measure.id, "Хийсэн ажил", 90,
                  evidence=[Evidence(name="тушаал-Ө12.pdf", sha256="b" * 64, size=3, note="Засаг даргын тушаал")])
    ReviewRecords(demo_store).add(ReportState("s001-report", 1, RETURNED, AT, AT,
                                              ((measure.id, "Нотлох баримт дутуу"),), "Дахин илгээнэ үү"))
    demo_store.save_entry("s001-report", entry)  # one entry reindexed: the return's reason stays
    assert found(demo_store, "тушаал ө12") == {("s001-report", measure.id, "result")}
    assert found(demo_store, "нотлох баримт дутуу") == {("s001-report", measure.id, "return")}
    assert found(demo_store, "ДАХИН илгээнэ") == {("s001-report", "", "return")}
    entry.evidence = []
    demo_store.save_entry("s001-report", entry)
    assert found(demo_store, "ө12") == set()
    demo_store.save_report(demo_store.report("s001-report"))  # the whole report reindexed: the same
    assert found(demo_store, "нотлох баримт дутуу") == {("s001-report", measure.id, "return")}


def _search_with_keys(qtbot, window, words: str):
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # typed over
    type_keys(window.search_box, words)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    results = window.search_results
    assert window.stack.currentWidget() is results
    return results


def _click(qtbot, results, row: int) -> None:
    item = results.list.item(row)
    results.list.scrollToItem(item)
    qtbot.mouseClick(results.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=results.list.visualItemRect(item).center())


def test_a_section_found_opens_the_plan_at_the_section(qtbot, demo_store, window):
    plan = demo_store.plan("s000-plan")
    plan.sections = [Section("sec-1", "1.", "Өвөлжөөний ил тод байдлыг хангах")]
    plan.objectives[0].section_id = "sec-1"
    demo_store.save_plan(plan)
    results = _search_with_keys(qtbot, window, "ӨВӨЛЖӨӨНИЙ ил тод")
    assert results.list.count() == 1
    assert "Бүлэг: 1. <b>Өвөлжөөний</b> <b>ил</b> <b>тод</b>" in results.list.itemWidget(results.list.item(0)).text()
    _click(qtbot, results, 0)
    editor = window.plan_editor
    assert window.stack.currentWidget() is editor and editor.document.id == "s000-plan"
    assert editor.tree.selected_id() == "sec-1"
    assert editor.section_text.toPlainText() == "Өвөлжөөний ил тод байдлыг хангах"
    objective = plan.objectives[2]  # an objective found opens at the objective, not at the plan's top
    results = _search_with_keys(qtbot, window, objective.text)
    row = next(row for row in range(results.list.count())
               if results.list.item(row).data(Qt.ItemDataRole.UserRole) == (plan.id, objective.id))
    _click(qtbot, results, row)
    assert editor.tree.selected_id() == objective.id and editor.objective_text.toPlainText() == objective.text


def test_a_return_reason_found_opens_the_report_at_the_measure_returned(qtbot, demo_store, window):
    report = demo_store.report("s001-report")
    measure_id = report.entries[2].measure_id
    ReviewRecords(demo_store).add(ReportState(report.id, report.revision, RETURNED, AT, AT,
                                              ((measure_id, "Үр дүнгийн тоон үзүүлэлт дутуу"),)))
    results = _search_with_keys(qtbot, window, "үзүүлэлт дутуу")
    rows = [row for row in range(results.list.count())
            if results.list.item(row).data(Qt.ItemDataRole.UserRole) == (report.id, measure_id)]
    assert len(rows) == 1
    assert "Аймгаас буцаасан шалтгаан: " in results.list.itemWidget(results.list.item(rows[0])).text()
    results.list.setCurrentRow(rows[0])
    qtbot.keyClick(results.list, Qt.Key.Key_Return)  # activated from the keyboard
    editor = window.report_editor
    assert window.stack.currentWidget() is editor and editor.document.id == report.id
    assert editor.measure.id == measure_id
    assert "Үр дүнгийн тоон үзүүлэлт дутуу" in editor.return_reason.text()


def test_a_damaged_json_cell_leaves_its_text_out_and_stops_nothing(demo_store):
    text = demo_store.plan("s000-plan").measures()[0].text
    demo_store.db.execute("UPDATE measures SET extra = '{\"a\": ' WHERE id = 's000-m1.1'")
    demo_store.db.execute("UPDATE plans SET heading = 'not json' WHERE id = 's000-plan'")
    demo_store.conn.commit()
    from aplan_desktop.storage.search import reindex_all

    with demo_store.transaction():
        reindex_all(demo_store.conn)  # as the migration does
    assert ("s000-plan", "s000-m1.1", "measure") in found(demo_store, text)  # the rest of its row
    assert ("s000-plan", "", "heading") not in found(demo_store, "json")
