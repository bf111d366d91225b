"""Backups on real SQLite files: taken while others write, checked, rotated, listed, restored."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import shutil
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from aplan_desktop.core.errors import UserError
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import (
    BackupError,
    changed_since_last_backup,
    list_backups,
    prune_backups,
    restore_backup,
    take_backup,
)
from aplan_desktop.storage.schema import SCHEMA_VERSION

SONGINO = "Сонгинохайрхан дүүргийн Засаг даргын Тамгын газар"
BAT_OLZII = "Бат-Өлзий сумын Засаг даргын Тамгын газар"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def _damage(path: Path, table: str = "plans") -> None:
    """Overwrite the root page of a table with rubbish, as a failing disk would."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(bytes(range(7, 256)) * (page_size // 249 + 1))


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _edit(store: Store, text: str) -> None:
    entry = store.report("s000-report").entries[0]
    store.save_entry("s000-report", dataclasses.replace(entry, result=text))


# ------------------------------------------------------------------ taking

def test_backups_taken_while_another_connection_writes_are_whole(demo_store, db_path):
    stop, errors, written = threading.Event(), [], []

    def writer():
        other = Store.open(db_path)
        try:
            entry = other.report("s000-report").entries[0]
            while not stop.is_set():
                other.save_entry("s000-report", dataclasses.replace(entry, result=f"бичлэг {len(written)}"))
                written.append(1)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            other.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while not written and thread.is_alive():
            stop.wait(0.01)
        copies = [take_backup(demo_store) for _ in range(50)]
    finally:
        stop.set()
        thread.join()
    assert errors == [] and len(written) > 1

    assert len(set(copies)) == 50
    assert {p.parent for p in copies} == {db_path.parent / "backups"}
    assert all(re.fullmatch(r"aplan-\d{8}-\d{6}-auto(-\d+)?\.sqlite", p.name) for p in copies)
    assert sorted(p.name for p in (db_path.parent / "backups").iterdir()) == sorted(p.name for p in copies)
    results = set()
    for path in copies:
        assert _integrity(path) == "ok"
        assert path.read_bytes()[18:20] == b"\x01\x01"  # not WAL: one self-contained file
        opened = Store.open(path)
        try:
            assert len(opened.documents()) == 7
            results.add(opened.report("s000-report").entries[0].result)
        finally:
            opened.close()
    assert len(results) > 1  # the copies saw the writer's progress, each one a whole state


def test_a_copy_that_fails_its_check_is_deleted_and_refused(demo_store, db_path, tmp_path):
    demo_store.close()
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(db_path, damaged)
    _damage(damaged, "measures")
    broken = Store(sqlite3.connect(damaged))  # opened without the checks Store.open does
    folder = tmp_path / "copies"
    try:
        with pytest.raises(BackupError) as info:
            take_backup(broken, folder, "manual")
    finally:
        broken.close()
    assert "failed the database check" in str(info.value)
    assert list(folder.iterdir()) == []


def test_no_backup_is_taken_in_the_middle_of_a_change(demo_store, tmp_path):
    with demo_store.transaction():
        _edit(demo_store, "хагас")
        with pytest.raises(BackupError):
            take_backup(demo_store, tmp_path / "copies")
    assert not (tmp_path / "copies").exists()


# ------------------------------------------------------------------ restoring

def test_restore_gives_back_the_chosen_backup_and_keeps_the_old_state(demo_store, db_path):
    chosen = take_backup(demo_store, reason="manual")
    _edit(demo_store, "сэргээхээс өмнөх өөрчлөлт")
    demo_store.add_history("report", "s000-report", "finalised")
    demo_store.set_setting("preparer", {"name": "Д. Бат"})
    demo_store.close()
    before = _rows(db_path)
    assert before != _rows(chosen)

    safety = restore_backup(chosen, db_path)

    assert _rows(db_path) == _rows(chosen)
    assert safety is not None and re.fullmatch(r"aplan-\d{8}-\d{6}-restore(-\d+)?\.sqlite", safety.name)
    assert _rows(safety) == before
    assert _integrity(safety) == "ok"
    assert not db_path.with_name(db_path.name + "-wal").exists()
    reopened = Store.open(db_path)
    try:
        assert reopened.report("s000-report").entries[0].result != "сэргээхээс өмнөх өөрчлөлт"
        assert reopened.history("s000-report") == []
    finally:
        reopened.close()


def _newer_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()


def _not_aplan(path: Path) -> None:
    path.unlink()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()


BAD_BACKUPS = {
    "damaged page": (_damage, "is damaged"),
    "damaged header": (lambda p: p.write_bytes(b"\0" * 100 + p.read_bytes()[100:]), "is not a database"),
    "not aplan": (_not_aplan, "not an aplan backup"),
    "text file": (lambda p: p.write_text("Төлөвлөгөө\n" * 500, encoding="utf-8"), "is not a database"),
    "newer version": (_newer_version, "newer version of aplan"),
    "missing": (lambda p: p.unlink(), "does not exist"),
}


@pytest.mark.parametrize("spoil", BAD_BACKUPS)
def test_a_bad_backup_is_refused_and_the_database_is_untouched(demo_store, db_path, spoil):
    chosen = take_backup(demo_store, reason="manual")
    _edit(demo_store, "одоогийн өгөгдөл")
    demo_store.close()
    damage, words = BAD_BACKUPS[spoil]
    damage(chosen)
    before = _digest(db_path)
    backups_before = sorted((db_path.parent / "backups").iterdir())

    with pytest.raises(BackupError) as info:
        restore_backup(chosen, db_path)

    assert isinstance(info.value, UserError) and words in str(info.value)
    assert _digest(db_path) == before
    assert sorted((db_path.parent / "backups").iterdir()) == backups_before  # no safety copy either
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["aplan.sqlite", "aplan.sqlite-checked",
                                                                "backups"]  # no leftovers


def test_restore_is_refused_while_the_database_is_open(demo_store, db_path):
    chosen = take_backup(demo_store, reason="manual")
    _edit(demo_store, "нээлттэй")
    wal = db_path.with_name(db_path.name + "-wal")
    before = (_digest(db_path), _digest(wal))
    with pytest.raises(BackupError) as info:
        restore_backup(chosen, db_path)
    assert "open in another aplan window" in str(info.value)
    assert (_digest(db_path), _digest(wal)) == before
    assert demo_store.report("s000-report").entries[0].result == "нээлттэй"


def test_the_database_file_itself_is_not_a_backup(demo_store, db_path):
    demo_store.close()
    with pytest.raises(BackupError):
        restore_backup(db_path, db_path)


def test_restore_over_a_damaged_database_keeps_its_bytes(demo_store, db_path):
    chosen = take_backup(demo_store, reason="manual")
    demo_store.close()
    _damage(db_path)
    damaged = db_path.read_bytes()

    safety = restore_backup(chosen, db_path)

    kept = safety.read_bytes()
    # the same file, byte for byte, after the 100-byte header (switched out of WAL mode, so the
    # journal mode and the change counter there differ)
    assert len(kept) == len(damaged) and kept[100:] == damaged[100:]
    assert _rows(db_path) == _rows(chosen)
    assert not [i for i in list_backups(safety.parent) if i.path == safety][0].ok


def test_restore_where_there_is_no_database_yet(demo_store, db_path, tmp_path):
    chosen = take_backup(demo_store, reason="manual")
    demo_store.close()
    target = tmp_path / "new" / "aplan.sqlite"
    assert restore_backup(chosen, target) is None
    assert _rows(target) == _rows(chosen)


# ------------------------------------------------------------------ rotation

def _name(at: datetime, reason: str = "auto", counter: int = 1) -> str:
    return f"aplan-{at:%Y%m%d-%H%M%S}-{reason}" + (f"-{counter}" if counter > 1 else "") + ".sqlite"


def test_rotation_keeps_the_newest_ten_and_one_a_day_week_and_month(tmp_path):
    now = datetime(2024, 6, 15, 12, 0)  # a Saturday
    names = []
    for days_ago in range(400):
        day = datetime.combine(now.date() - timedelta(days=days_ago), datetime.min.time())
        names += [_name(day + timedelta(hours=h)) for h in (9, 18) if day + timedelta(hours=h) <= now]
    names += [_name(datetime(2024, 5, 31, 20), "migration"), _name(datetime(2024, 6, 14, 20), "import"),
              _name(datetime(2023, 12, 31, 23, 59), "restore"), _name(datetime(2024, 3, 31, 18), counter=2)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "aplan-20240101-090000-auto.sqlite-wal").write_bytes(b"")
    strangers = ["notes.txt", "aplan-before-v4-20240101-120000.sqlite", "aplan-20230101-120000-Auto.sqlite",
                 "aplan-20231301-120000-auto.sqlite", ".aplan-x1y2.tmp", "aplan-20230101-120000-auto.sqlite.bak",
                 "aplan.sqlite"]
    for name in strangers:
        (tmp_path / name).write_bytes(b"")

    deleted = prune_backups(tmp_path, now=now)

    kept = [
        # the newest ten
        "aplan-20240615-090000-auto", "aplan-20240614-200000-import", "aplan-20240614-180000-auto",
        "aplan-20240614-090000-auto", "aplan-20240613-180000-auto", "aplan-20240613-090000-auto",
        "aplan-20240612-180000-auto", "aplan-20240612-090000-auto", "aplan-20240611-180000-auto",
        "aplan-20240611-090000-auto",
        # the newest of each of the last 7 days (June 9–15) not already kept
        "aplan-20240610-180000-auto", "aplan-20240609-180000-auto",
        # of each of the last 5 weeks (from Mondays June 10, 3, May 27, 20, 13)
        "aplan-20240602-180000-auto", "aplan-20240526-180000-auto", "aplan-20240519-180000-auto",
        # of each of the last 12 months (July 2023 – June 2024)
        "aplan-20240531-200000-migration", "aplan-20240430-180000-auto", "aplan-20240331-180000-auto-2",
        "aplan-20240229-180000-auto", "aplan-20240131-180000-auto", "aplan-20231231-235900-restore",
        "aplan-20231130-180000-auto", "aplan-20231031-180000-auto", "aplan-20230930-180000-auto",
        "aplan-20230831-180000-auto", "aplan-20230731-180000-auto",
    ]
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == sorted([n + ".sqlite" for n in kept] + strangers)
    assert sorted(p.name for p in deleted) == sorted(set(names) - {n + ".sqlite" for n in kept})
    assert prune_backups(tmp_path, now=now) == []


def test_rotation_keeps_a_new_backup_when_the_clock_went_back(tmp_path):
    """A flat BIOS battery sets the clock to the year 2000: the backup taken then survives."""
    for day in range(1, 13):
        (tmp_path / _name(datetime(2024, 6, day, 9))).write_bytes(b"")
    fresh = tmp_path / _name(datetime(2000, 1, 5, 10))
    fresh.write_bytes(b"")
    deleted = prune_backups(tmp_path, now=datetime(2000, 1, 5, 10, 0, 1))
    assert fresh.exists()
    assert [p.name for p in deleted] == [_name(datetime(2024, 6, 2, 9)), _name(datetime(2024, 6, 1, 9))]


# ------------------------------------------------------------------ listing

def test_list_backups_summarises_each_copy_and_marks_bad_ones(demo_store, tmp_path):
    folder = tmp_path / "copies"

    def touch(report_id: str, when: str) -> None:  # the newest document, whatever second the demo was loaded in
        with demo_store.transaction():
            demo_store.db.execute("UPDATE reports SET updated_at = ? WHERE id = ?", [when, report_id])

    touch("s001-report", "2098-01-01T00:00:00+00:00")
    first = take_backup(demo_store, folder, "manual")
    touch("s000-report", "2099-01-01T00:00:00+00:00")
    second = take_backup(demo_store, folder, "import")
    damaged = folder / "aplan-20990101-000000-auto.sqlite"
    shutil.copy(second, damaged)
    _damage(damaged)
    foreign = folder / "aplan-20990102-000000-auto.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE plans (id)")
    conn.close()
    (folder / "aplan-20990103-000000-auto.sqlite").write_text("not a database", encoding="utf-8")
    (folder / "readme.txt").write_text("left alone", encoding="utf-8")

    infos = list_backups(folder)

    assert [i.path.name for i in infos] == ["aplan-20990103-000000-auto.sqlite", foreign.name, damaged.name,
                                            second.name, first.name]
    docs = demo_store.documents()
    for info, newest in ((infos[4], (SONGINO, 2025)), (infos[3], (BAT_OLZII, 2024))):
        assert info.ok and info.problem is None
        assert (info.organisations, info.plans, info.reports) == (
            7, sum(d.kind == "plan" for d in docs), sum(d.kind == "report" for d in docs)) == (7, 5, 2)
        assert (info.newest_organisation, info.newest_year) == newest
        assert info.version == SCHEMA_VERSION and info.size == info.path.stat().st_size
    assert (infos[4].reason, infos[3].reason) == ("manual", "import")
    assert infos[4].taken_at <= infos[3].taken_at <= datetime.now()
    assert infos[2].taken_at == datetime(2099, 1, 1)
    assert [i.ok for i in infos] == [False, False, False, True, True]
    assert "is damaged" in str(infos[2].problem)
    assert "not an aplan backup" in str(infos[1].problem)
    assert "is not a database" in str(infos[0].problem)
    assert list_backups(tmp_path / "nowhere") == []


# ------------------------------------------------------------------ automatic backups

def test_changed_since_last_backup_follows_the_edits(demo_store, tmp_path):
    folder = tmp_path / "copies"
    assert changed_since_last_backup(demo_store, folder)  # no backup yet
    take_backup(demo_store, folder)
    assert not changed_since_last_backup(demo_store, folder)
    _edit(demo_store, "шинэ үр дүн")
    assert changed_since_last_backup(demo_store, folder)
    take_backup(demo_store, folder)
    assert not changed_since_last_backup(demo_store, folder)
    demo_store.add_history("plan", "s000-plan", "approved")
    assert changed_since_last_backup(demo_store, folder)
    newest = take_backup(demo_store, folder)
    assert not changed_since_last_backup(demo_store, folder)
    demo_store.set_setting("preparer", {"name": "Д. Бат"})
    assert changed_since_last_backup(demo_store, folder)
    last = take_backup(demo_store, folder)
    assert not changed_since_last_backup(demo_store, folder)
    _damage(last)
    assert changed_since_last_backup(demo_store, folder)  # the newest copy is no good: take another
    assert newest.exists()


def test_changed_since_last_backup_uses_the_folder_beside_the_database(demo_store, db_path):
    take_backup(demo_store)
    assert not changed_since_last_backup(demo_store)
    _edit(demo_store, "өөр")
    assert changed_since_last_backup(demo_store)
