"""The whole data file is read through when damage may have come since it was last found whole,
and not at every opening (aplan_desktop/storage/whole_check.py): real files, damaged for real."""

import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from aplan_desktop.i18n import error_text
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import restore_backup, take_backup
from aplan_desktop.storage.database import DamagedDatabaseError
from aplan_desktop.storage.whole_check import check_due, record_check, record_path
from conftest import run_aplan
from test_backups import _damage

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime.now(timezone.utc)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _last_check(db: Path) -> str:
    return json.loads(record_path(db).read_text(encoding="utf-8"))["at"]


def _damage_unseen(db: Path) -> None:
    """A page spoilt in place, with the file's size and modification time as they were: as a
    failing disk does it, unseen by anything but reading the page."""
    before = db.stat()
    _damage(db)
    os.utime(db, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert db.stat().st_mtime_ns == before.st_mtime_ns and db.stat().st_size == before.st_size


def _killed_after_a_save(db: Path) -> None:
    """A session that ends as in a power cut: a save, then SIGKILL, with no closing."""
    child = ("import os, signal, sys, dataclasses\n"
             "from aplan_desktop.storage import Store\n"
             "store = Store.open(sys.argv[1])\n"
             "entry = store.report('s000-report').entries[0]\n"
             "store.save_entry('s000-report', dataclasses.replace(entry, result='тасарсан'))\n"
             "os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", child, str(db)], cwd=ROOT, timeout=60)
    assert done.returncode == -signal.SIGKILL


@pytest.fixture
def closed_demo(demo_store, db_path) -> Path:
    """The demo data file after a clean closing, last checked an hour ago."""
    demo_store.close()
    record_check(db_path, NOW - timedelta(hours=1))
    assert not check_due(db_path)
    return db_path


def test_a_clean_file_opened_again_is_not_read_through(closed_demo):
    checked = _last_check(closed_demo)
    store = Store.open(closed_demo)
    entry = store.report("s000-report").entries[0]
    store.save_entry("s000-report", dataclasses.replace(entry, result="өнөөдрийн ажил"))
    store.close()
    assert _last_check(closed_demo) == checked  # not read through again, and the change is aplan's own
    assert not check_due(closed_demo)
    _damage_unseen(closed_demo)  # what only a whole reading finds: this opening does not do one
    Store.open(closed_demo).close()
    assert _last_check(closed_demo) == checked


def _a_day_old(db: Path) -> None:
    record_check(db, NOW - timedelta(days=1, minutes=1))


def _in_the_future(db: Path) -> None:
    record_check(db, NOW + timedelta(hours=2))  # the clock was put back since


def _by_another_version(db: Path) -> None:
    record = json.loads(record_path(db).read_text(encoding="utf-8"))
    record_path(db).write_text(json.dumps({**record, "version": "0.0.9"}), encoding="utf-8")


def _not_recorded(db: Path) -> None:
    record_path(db).unlink()


DUE = {  # why the check is due, after damage the disk did unseen
    "a day since the last check": _a_day_old,
    "the clock says the last check lies ahead": _in_the_future,
    "the last check by another version": _by_another_version,
    "no check recorded": _not_recorded,
    "a session killed after a save": _killed_after_a_save,
}


@pytest.mark.parametrize("why", DUE)
def test_a_damaged_file_is_refused_when_the_check_is_due(closed_demo, why):
    _damage_unseen(closed_demo)
    DUE[why](closed_demo)
    assert check_due(closed_demo)
    before = _digest(closed_demo)
    with pytest.raises(DamagedDatabaseError) as refused:
        Store.open(closed_demo)
    assert "aplan restore" in error_text(refused.value, "en")
    if why != "a session killed after a save":  # there SQLite's closing moves the session's saves into the file
        assert _digest(closed_demo) == before


def test_a_file_another_program_wrote_to_is_read_through(closed_demo):
    _damage(closed_demo)  # its modification time tells
    assert check_due(closed_demo)
    with pytest.raises(DamagedDatabaseError):
        Store.open(closed_demo)


def test_another_file_put_in_its_place_is_read_through(closed_demo, tmp_path):
    copy = tmp_path / "copy.sqlite"
    shutil.copy2(closed_demo, copy)  # the same size and modification time
    _damage_unseen(copy)
    os.replace(copy, closed_demo)
    assert check_due(closed_demo)
    with pytest.raises(DamagedDatabaseError):
        Store.open(closed_demo)


def test_an_unclean_closing_makes_the_next_opening_check(closed_demo):
    checked = _last_check(closed_demo)
    _killed_after_a_save(closed_demo)
    assert check_due(closed_demo)  # SQLite's log of the session is still beside the file
    store = Store.open(closed_demo)
    assert store.report("s000-report").entries[0].result == "тасарсан"  # the save the kill came after
    store.close()
    assert _last_check(closed_demo) > checked
    assert not check_due(closed_demo)


def test_a_file_another_program_has_open_is_checked(closed_demo):
    first = Store.open(closed_demo)
    assert check_due(closed_demo)  # it may be writing now: its log is beside the file
    second = Store.open(closed_demo)
    second.close()
    assert check_due(closed_demo)  # the second closing is not the last: nothing recorded as left clean
    first.close()
    assert not check_due(closed_demo)


def test_a_restored_backup_is_read_through_at_its_first_opening(closed_demo):
    store = Store.open(closed_demo)
    backup = take_backup(store, reason="manual")
    store.close()
    restore_backup(backup, closed_demo)
    assert check_due(closed_demo)
    Store.open(closed_demo).close()
    assert not check_due(closed_demo)


def test_the_command_line_refuses_a_damaged_file_before_writing(closed_demo):
    _a_day_old(closed_demo)
    _damage_unseen(closed_demo)
    before = _digest(closed_demo)
    done = run_aplan("demo", db=closed_demo, lang="en")
    assert done.returncode == 1 and "aplan restore" in done.stderr and "Traceback" not in done.stderr
    assert _digest(closed_demo) == before


def test_the_window_leaves_the_file_recorded_and_its_next_start_does_not_read_it_through(qtbot, closed_demo,
                                                                                          monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from aplan_desktop import cli
    from aplan_desktop.config import Config
    from aplan_desktop.log import stop_logging
    from aplan_desktop.operations.settings import HOME_ORGANISATION

    monkeypatch.setattr(Config, "load", classmethod(lambda cls: Config(language="mn")))  # a new user's settings
    store = Store.open(closed_demo)
    store.set_setting(HOME_ORGANISATION, "org-bat-olzii")  # set up: the start page, not the first questions
    store.close()
    checked = _last_check(closed_demo)
    for _ in range(2):
        QTimer.singleShot(1500, lambda: [w.close() for w in QApplication.topLevelWidgets()
                                         if w.inherits("QMainWindow")])
        assert cli.main(["--db", str(closed_demo)]) == 0
        assert not check_due(closed_demo) and _last_check(closed_demo) == checked
    stop_logging()
