"""The program's own file work under Windows' rules (tests/windows_rules.py), whatever the run's
switch: backups, restore, the move to another folder and the pre-migration copy; and saving a
PDF, a table or a bundle over a file another program holds open (retried, then a sentence that
names the file; the old file stays whole)."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from aplan_desktop.atomic import WAIT_FOR_HELD_FILE_S, FileHeldError
from aplan_desktop.core.errors import UserError
from aplan_desktop.exchange import export_document
from aplan_desktop.forms.exports import export_table
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.i18n import error_text
from aplan_desktop.printing import write_pdf
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import list_backups, restore_backup, take_backup
from aplan_desktop.storage.database import copy_database_to
from aplan_desktop.storage.schema import SCHEMA_VERSION
from conftest import database_content
from windows_rules import hold_like_excel

FIXTURES = Path(__file__).parent / "fixtures"


# ---------------------------------------------------------------- flushing through a handle opened for writing

def test_a_backup_and_its_restore_work_under_windows_rules(windows_rules_on, demo_store, db_path):
    documents = len(demo_store.documents())
    backup = take_backup(demo_store)
    assert [info.ok for info in list_backups(backup.parent)] == [True]
    demo_store.close()
    kept = restore_backup(backup, db_path)
    assert kept is not None and kept.exists()
    store = Store.open(db_path)
    try:
        assert len(store.documents()) == documents
    finally:
        store.close()


def test_the_data_file_moves_to_another_folder_under_windows_rules(windows_rules_on, demo_store, tmp_path):
    target = tmp_path / "elsewhere" / "aplan.sqlite"
    copy_database_to(demo_store, target)
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("SELECT count(*) FROM plans").fetchone()[0] == len(demo_store.plans())
    finally:
        conn.close()
    assert [p.name for p in target.parent.iterdir()] == ["aplan.sqlite"]


def test_an_old_file_is_migrated_with_its_copy_under_windows_rules(windows_rules_on, tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema-v4.sqlite", path)
    store = Store.open(path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        store.close()
    assert len(list((tmp_path / "backups").glob("aplan-*-migration.sqlite"))) == 1


# ---------------------------------------------------------------- saving over a file another program holds

@pytest.fixture
def soum(demo_store):
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    return demo_store


def _save_pdf(store, path):
    write_pdf(store, "s000-report", path)


def _save_table(store, path):
    export_table(store, "s000-report", path)


SAVES = {"report.pdf": _save_pdf, "table.xlsx": _save_table, "table.csv": _save_table}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("name", list(SAVES))
def test_a_save_over_a_file_held_open_is_refused_by_name_and_the_old_file_stays(windows_rules_on, soum, tmp_path,
                                                                                 name):
    path = tmp_path / "out" / name
    path.parent.mkdir()
    path.write_bytes(b"the old file, open in Excel")
    with hold_like_excel(path):
        start = time.monotonic()
        with pytest.raises(FileHeldError) as refused:
            SAVES[name](soum, path)
        waited = time.monotonic() - start
    assert waited >= WAIT_FOR_HELD_FILE_S  # tried again first
    message = error_text(refused.value, "mn")
    assert str(path) in message and "Excel" in message and "Acrobat" in message
    assert "хаа" in message  # "хаагаад": close it, in Mongolian
    assert path.read_bytes() == b"the old file, open in Excel"
    assert _leftovers(path.parent) == []


@pytest.mark.parametrize("name", list(SAVES))
def test_a_save_waits_for_a_file_released_within_the_retry(windows_rules_on, soum, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"old")
    with hold_like_excel(path) as holder:
        timer = holder.release_after(0.6)  # the user closes Excel, or the scanner lets go
        SAVES[name](soum, path)
        timer.join()
    assert path.read_bytes() != b"old" and path.stat().st_size > 100
    assert _leftovers(tmp_path) == []


def test_a_bundle_sent_again_over_one_held_open_is_refused_and_kept(windows_rules_on, soum, tmp_path):
    first = export_document(soum, "s000-report", tmp_path / "out")
    before = first.path.read_bytes()
    with hold_like_excel(first.path):  # the e-mail program has it attached
        with pytest.raises(UserError) as refused:
            export_document(soum, "s000-report", tmp_path / "out")
    assert str(first.path) in error_text(refused.value, "mn")
    assert first.path.read_bytes() == before
    assert _leftovers(first.path.parent) == []


def test_a_restore_over_a_data_file_held_open_changes_nothing(windows_rules_on, demo_store, db_path):
    backup = take_backup(demo_store, reason="manual")
    demo_store.close()
    before = database_content(db_path)
    with hold_like_excel(db_path):  # another program (a copy tool, a second aplan) has it open
        with pytest.raises(UserError) as refused:
            restore_backup(backup, db_path)
    assert str(db_path) in error_text(refused.value, "mn")
    assert database_content(db_path) == before
