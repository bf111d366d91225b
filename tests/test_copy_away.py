"""Backups live on the same disk as the data: the program reminds the person after 30 days with
no copy off the PC, and the backups window copies one to a USB drive."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QLineEdit, QMessageBox

from aplan_desktop.core.errors import UserError
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import Operations
from aplan_desktop.operations.settings import HOME_ORGANISATION
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import backup_folder


def _age_the_backups(db_path: Path, days: int) -> None:
    """As if the office had used the program for `days` days: its first backup is that old."""
    for path in backup_folder(db_path).iterdir():
        old = datetime.now() - timedelta(days=days)
        path.rename(path.with_name(path.name.replace(path.name[6:21], f"{old:%Y%m%d-%H%M%S}")))


@pytest.fixture
def used_for_a_month(demo_store: Store, db_path: Path) -> Operations:
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    ops = Operations(demo_store)
    ops.backup("auto")
    _age_the_backups(db_path, 31)
    return ops


def test_no_reminder_in_the_first_month_nor_after_a_copy(demo_store, db_path, tmp_path):
    ops = Operations(demo_store)
    assert not ops.copy_away_due()  # no backup yet: a new office
    ops.backup("auto")
    assert not ops.copy_away_due()
    assert ops.copy_away_due(datetime.now() + timedelta(days=30))
    usb = tmp_path / "usb"
    usb.mkdir()
    ops.copy_away(usb)
    assert not ops.copy_away_due(datetime.now() + timedelta(days=29))
    assert ops.copy_away_due(datetime.now() + timedelta(days=31))


def test_a_copy_beside_the_data_is_refused(used_for_a_month, db_path):
    before = sorted(os.listdir(db_path.parent))
    for folder in (db_path.parent, backup_folder(db_path)):
        with pytest.raises(UserError):
            used_for_a_month.copy_away(folder)
    assert sorted(os.listdir(db_path.parent)) == before
    assert used_for_a_month.copy_away_due()


def test_the_start_page_reminds_and_the_backups_window_copies_to_the_usb_drive(
        qtbot, used_for_a_month, db_path, tmp_path, answer_dialogs):
    window = MainWindow(used_for_a_month)
    qtbot.addWidget(window)
    window.show()
    page = window.start_page
    assert page.copy_reminder.isVisible() and "30" in page.copy_reminder.text()

    usb = tmp_path / "USB DRIVE"
    usb.mkdir()
    notes: list[str] = []

    def choose_the_drive(dialog: QFileDialog) -> None:
        dialog.findChild(QLineEdit).setText(str(usb))
        dialog.accept()

    def copy_then_close(backups) -> None:
        def go() -> None:
            answer_dialogs(choose_the_drive)
            backups.copy_button.click()  # opens the folder chooser, answered above
            notes.append(backups.copy_note.text())
            backups.reject()
        QTimer.singleShot(0, go)  # after this answer returns: the answering timer does not nest

    unanswered = answer_dialogs(copy_then_close)
    page.copy_button.click()  # the reminder's own button opens the backups window
    qtbot.waitUntil(lambda: not unanswered, timeout=10000)

    copies = list(usb.iterdir())
    assert len(copies) == 1 and copies[0].suffix == ".sqlite" and "copy" in copies[0].name
    assert str(copies[0]) in notes[0]
    copy = sqlite3.connect(f"file:{copies[0]}?mode=ro", uri=True)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT count(*) FROM reports").fetchone()[0] == \
        Store.open(db_path).db.execute("SELECT count(*) FROM reports").fetchone()[0]
    copy.close()
    qtbot.waitUntil(lambda: page.copy_reminder.isHidden(), timeout=5000)  # reminded no more
    assert Store.open(db_path).db.execute(
        "SELECT count(*) FROM settings WHERE key = 'backup:last_copy_away'").fetchone()[0] == 1


def test_a_full_or_missing_drive_is_told_and_nothing_is_recorded(qtbot, used_for_a_month, db_path, tmp_path,
                                                                  answer_dialogs):
    window = MainWindow(used_for_a_month)
    qtbot.addWidget(window)
    window.show()
    gone = tmp_path / "unplugged" / "E"  # the drive was pulled out after it was chosen
    told: list[str] = []

    def choose_the_gone_drive(dialog: QFileDialog) -> None:
        gone.mkdir(parents=True)
        dialog.findChild(QLineEdit).setText(str(gone))
        dialog.accept()
        gone.rmdir()
        gone.parent.rmdir()
        gone.parent.write_text("")  # not even a folder any more

    def read_the_warning(box: QMessageBox) -> None:
        told.append(box.text())
        box.accept()

    def copy_then_close(backups) -> None:
        def go() -> None:
            answer_dialogs(choose_the_gone_drive, read_the_warning)
            backups.copy_button.click()
            backups.reject()
        QTimer.singleShot(0, go)

    unanswered = answer_dialogs(copy_then_close)
    window.backups_action.trigger()
    qtbot.waitUntil(lambda: not unanswered, timeout=10000)
    assert told and "Traceback" not in told[0] and "Error" not in told[0]
    assert used_for_a_month.copy_away_due()
    assert window.start_page.copy_reminder.isVisible()
