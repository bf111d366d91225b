import hashlib
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from aplan_desktop.core.errors import NotFoundError, UserError
from datetime import date

from aplan_desktop.core.model import Annex, Entry, Evidence, Heading, HeadingKind, Money, Review, Section
from aplan_desktop.core.scoring import ScoreScale
from aplan_desktop.documents import demo_files, read_document_file
from aplan_desktop.i18n import error_text
from aplan_desktop.storage import DatabaseError, Store
from aplan_desktop.storage.database import APPLICATION_ID
from aplan_desktop.storage.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_durability_settings_and_marks(store, db_path):
    pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") >= 1000
    assert pragma("application_id") == APPLICATION_ID
    assert pragma("user_version") == SCHEMA_VERSION


@pytest.mark.parametrize("path", demo_files(), ids=lambda p: p.stem)
def test_every_demo_document_comes_back_as_it_went_in(store, path):
    plan, parent, report = read_document_file(path)
    store.save_document(plan, parent, report)
    assert store.plan(plan.id) == plan
    assert store.parent_of(plan.organisation) == (parent and store.organisation(parent.id))
    if report:
        assert store.report(report.id) == report


def test_sections_groups_headings_and_the_reporting_body_are_kept(store):
    plan, parent, report = read_document_file(FIXTURES.parent.parent / "resources" / "demo" / "seed-001.json")
    plan.sections = [Section("sec-a", "1", "Үндсэн үйл ажиллагаа"), Section("sec-b", "2", "Дэмжих үйл ажиллагаа")]
    plan.objectives[0].section_id = "sec-a"
    plan.objectives[1].section_id = plan.objectives[2].section_id = "sec-b"
    plan.columns[3].group = plan.columns[4].group = "Шалгуур үзүүлэлт"
    plan.heading = Heading(HeadingKind.ANNEX, Annex("Сүхбаатар дүүргийн Засаг даргын", "захирамж", 2025, None, "А/12"),
                           "ЗГ-ын 2017 оны 89 дүгээр тогтоолын 3 дугаар хавсралт", "Хүснэгт-1", date(2025, 1, 20),
                           "Зуунмод", title_as_typed=True)
    report.heading = Heading(HeadingKind.NONE, place="Баруун-Урт")
    report.organisation_id = "another-body"
    store.save_document(plan, parent, report)
    assert store.plan(plan.id) == plan and store.report(report.id) == report
    plan.sections.pop()  # the second section goes; its objectives move under the first
    plan.objectives[1].section_id = plan.objectives[2].section_id = "sec-a"
    plan.heading = Heading()
    store.save_plan(plan)
    assert store.plan(plan.id) == plan
    assert store.db.execute("SELECT count(*) FROM sections").fetchone()[0] == 1
    assert store.db.execute("SELECT heading FROM plans WHERE id = ?", [plan.id]).fetchone()[0] is None


def test_demo_list_shows_the_seeds_with_their_scores(demo_store):
    docs = {d.id: d for d in demo_store.documents()}
    assert {"s000-report", "s001-report", "s002-plan", "s003-plan", "s004-plan"} <= set(docs)
    assert docs["s000-report"].score == Decimal("95.0")
    assert docs["s000-report"].year == 2024 and docs["s000-report"].status == "final"
    assert docs["s003-plan"].plan_kind.value == "integrity" and docs["s003-plan"].year == 2025
    assert [d.year for d in docs.values()] == sorted((d.year for d in docs.values()), reverse=True)


def test_loading_the_demo_twice_changes_nothing(demo_store):
    from aplan_desktop.documents import load_demo

    before = [(d.id, d.score) for d in demo_store.documents()]
    load_demo(demo_store)
    assert [(d.id, d.score) for d in demo_store.documents()] == before


def test_save_one_entry_is_kept_and_searchable(demo_store):
    entry = Entry("s000-m1.1", "Өөрчлөгдсөн үр дүн: Үүрэг даалгаврыг хүлээн авсан", 80, Money(Decimal("1500.5"), "Төсөв"),
                  [Evidence(name="зураг.jpg", sha256="a" * 64, size=10, media_type="image/jpeg")], Review(70, "Сайн"))
    demo_store.save_entry("s000-report", entry)
    report = demo_store.report("s000-report")
    assert report.entry("s000-m1.1") == entry
    assert report.entries[0].measure_id == "s000-m1.1"  # keeps its place
    assert [h.measure_id for h in demo_store.search("үүрэг даалгаврыг")] == ["s000-m1.1"]


def test_search_is_case_blind_for_mongolian_letters_and_takes_prefixes(demo_store):
    hits = demo_store.search("ӨРГӨДӨЛ")
    assert any(h.doc_id == "s001-report" for h in hits)
    assert demo_store.search("ХУРДАН ЦЭГ")[0].highlighted("[", "]").count("[") >= 2
    assert demo_store.search("шударга байдлын үнэл")  # prefix of үнэлгээ
    assert demo_store.search("   ") == []
    assert demo_store.search('"; DROP TABLE plans; --') == []


def test_search_follows_edits_and_removals(demo_store):
    plan = demo_store.plan("s004-plan")
    plan.objectives[0].measures[0].text = "Шинэ үгтэй арга хэмжээ ЗЭЭРЭНЦЭГ"
    demo_store.save_plan(plan)
    assert [h.measure_id for h in demo_store.search("зээрэнцэг")] == [plan.objectives[0].measures[0].id]
    del plan.objectives[0].measures[0]
    demo_store.save_plan(plan)
    assert demo_store.search("зээрэнцэг") == []
    assert demo_store.plan("s004-plan") == plan


def test_a_measure_with_results_cannot_be_dropped_and_nothing_changes(demo_store):
    plan = demo_store.plan("s000-plan")
    plan.objectives[0].measures.pop(0)
    plan.title = "Өөр гарчиг"
    with pytest.raises(UserError) as info:
        demo_store.save_plan(plan)
    assert error_text(info.value, "en").startswith("Measure 1.1 cannot be removed")
    assert demo_store.plan("s000-plan").title != "Өөр гарчиг"
    assert len(demo_store.plan("s000-plan").measures()) == 10


def test_ids_of_another_plan_are_not_taken_over(demo_store):
    plan = demo_store.plan("s004-plan")
    plan.objectives[0].measures[0].id = "s002-m1.1"
    with pytest.raises(UserError):
        demo_store.save_plan(plan)
    assert demo_store.plan("s002-plan").measures()[0].id == "s002-m1.1"


def test_a_report_must_belong_to_a_stored_plan_and_its_measures(demo_store):
    report = demo_store.report("s000-report")
    report.entries.append(Entry("s002-m1.1", "x"))
    with pytest.raises(UserError):
        demo_store.save_report(report)
    report.plan_id = "nowhere"
    with pytest.raises(NotFoundError):
        demo_store.save_report(report)
    assert len(demo_store.report("s000-report").entries) == 10


def test_ids_can_be_shortened_while_unambiguous(demo_store):
    assert demo_store.resolve_id("s003") == ("plan", "s003-plan")
    assert demo_store.resolve_id("s000-r") == ("report", "s000-report")
    with pytest.raises(NotFoundError, match="more than one"):
        demo_store.resolve_id("s000")
    with pytest.raises(NotFoundError):
        demo_store.resolve_id("s9")
    with pytest.raises(NotFoundError):
        demo_store.resolve_id("s0%")


def test_evidence_files_are_kept_once(store):
    photo = b"\xff\xd8\xff" + bytes(range(256)) * 40
    sha = store.add_file(photo)
    assert store.add_file(photo) == sha == hashlib.sha256(photo).hexdigest()
    assert store.db.execute("SELECT count(*) FROM files").fetchone()[0] == 1
    assert store.file_content(sha) == photo


def test_score_scale_is_a_setting(store):
    assert store.score_scale().is_free
    store.set_score_scale(ScoreScale.from_steps([100, 90, 80, 70, 50, 30, 10, 0]))
    assert store.score_scale().steps == (100, 90, 80, 70, 50, 30, 10, 0)


# ---------------------------------------------------------------- opening old, new and foreign files

@pytest.mark.parametrize("version", range(1, SCHEMA_VERSION))  # a new migration needs its file
def test_older_schema_files_are_migrated_with_a_copy_taken_first(tmp_path, version):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"schema-v{version}.sqlite", path)
    store = Store.open(path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.documents()[0].year == 2025
        assert [d.score for d in store.documents() if d.id == "s000-report"] == [Decimal("95.0")]
        assert store.search("өргөдөл")  # the new index was filled from the old data
        store.add_history("plan", "s003-plan", "approved")
        assert [h["action"] for h in store.history("s003-plan")] == ["approved"]
        for doc_id in ("s000-report", "s001-report", "s002-plan", "s003-plan", "s004-plan"):
            plan, _, report = store.load_document(doc_id)  # what the older versions held
            assert plan.sections == [] and {o.section_id for o in plan.objectives} == {None}
            assert plan.heading == Heading() and {c.group for c in plan.columns} == {""}
            assert report is None or (report.heading, report.organisation_id) == (Heading(), None)
    finally:
        store.close()
    (copy,) = (tmp_path / "backups").glob("aplan-*-migration.sqlite")
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM measures").fetchone()[0] == 63
    conn.close()


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path, store, db_path):
    store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    before = _digest(db_path)
    with pytest.raises(DatabaseError) as info:
        Store.open(db_path)
    assert "newer version of aplan" in error_text(info.value, "en")
    assert "шинэ хувилбар" in error_text(info.value, "mn")
    assert _digest(db_path) == before


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        Store.open(path)
    assert "another program" in error_text(info.value, "en")
    assert _digest(path) == before


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "letter.sqlite"
    path.write_bytes("Энэ бол захидал, өгөгдлийн сан биш.".encode() * 200)
    before = _digest(path)
    with pytest.raises(DatabaseError) as info:
        Store.open(path)
    assert "not a database at all" in error_text(info.value, "en")
    assert _digest(path) == before


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(DatabaseError):
        Store.open(tmp_path)


def test_a_writer_waits_for_another_programs_lock_instead_of_failing(demo_store, db_path):
    import threading

    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.5, lambda: holder.execute("COMMIT"))
    timer.start()
    try:
        plan = demo_store.plan("s004-plan")
        plan.title = "Хүлээгээд хадгалсан"
        demo_store.save_plan(plan)
    finally:
        timer.join()
        holder.close()
    assert demo_store.plan("s004-plan").title == "Хүлээгээд хадгалсан"


def test_history_keeps_who_did_what_and_why(demo_store):
    demo_store.set_setting("preparer", {"title": "ЗДТГ-ЫН ДАРГА", "name": "Н. БАТ-ЭРДЭНЭ"})
    demo_store.add_history("report", "s000-report", "reopened", "Аймгаас буцаасан")
    (event,) = demo_store.history("s000-report")
    assert (event["action"], event["reason"], event["signatory"]) == ("reopened", "Аймгаас буцаасан", "Н. БАТ-ЭРДЭНЭ")
    assert event["at"] and isinstance(event["computer_user"], str)


def test_a_damaged_file_is_not_used(demo_store, db_path):
    demo_store.close()
    page = 4096
    data = bytearray(db_path.read_bytes())
    data[page * 6: page * 6 + 200] = b"\xff" * 200  # a page in the middle, as a failing disk leaves it
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    with pytest.raises(DatabaseError) as info:
        Store.open(db_path)
    assert "aplan restore" in error_text(info.value, "en") and "гэмтсэн" in error_text(info.value, "mn")
    assert _digest(db_path) == before
