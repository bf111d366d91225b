"""A full disk, simulated without root: SQLite's `PRAGMA max_page_count` on the Store's own
connection, set just above the file's size, makes the next big write fail with "database or
disk is full" exactly as a full disk does (SQLITE_FULL).

The promise under test: the save is refused whole, the earlier text stays in the file
intact, the editor is told (never "Saved"), the text stays pending in memory so typing can go
on, and once there is room again the same pending save goes through.
"""

from __future__ import annotations

import sqlite3

import pytest

from aplan_desktop.core.model import Entry
from aplan_desktop.gui import autosave
from aplan_desktop.gui.autosave import Autosaver
from aplan_desktop.i18n import translate

REPORT = "s000-report"
FULL = "database or disk is full"
NOT_SAVED = "Not saved: {reason}. Your text is kept here; it will be saved when the problem is fixed."


def _long_text(words: int, tag: str) -> str:
    return " ".join(f"{tag}-{i} Баталгаажуулсан үр дүн, хяналт шалгалт, өргөдөл гомдол" for i in range(words))


def _fill_disk(store) -> int:
    """Let the file grow by one page at most; returns the limit set."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    limit = store.db.execute(f"PRAGMA max_page_count = {pages + 1}").fetchone()[0]
    assert limit == pages + 1
    return limit


def _make_room(store) -> None:
    store.db.execute("PRAGMA max_page_count = 1073741823")


def _on_disk(db_path, measure_id: str, report_id: str = REPORT) -> str:
    """The result as another program would read it from the file."""
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return conn.execute("SELECT result FROM entries WHERE report_id = ? AND measure_id = ?",
                            [report_id, measure_id]).fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def autosaver(qtbot):
    saver = Autosaver()
    states: list[tuple[str, bool]] = []
    saver.state_changed.connect(lambda message, ok: states.append((message, ok)))
    saver.states = states
    yield saver
    saver._timer.stop()


def _save_later(saver: Autosaver, store, measure_id: str, text: str) -> None:
    saver.schedule(f"{REPORT}/{measure_id}",
                   lambda: store.save_entry(REPORT, Entry(measure_id=measure_id, result=text)))


def test_a_full_disk_keeps_the_old_text_and_the_new_one_pending(qtbot, demo_store, db_path, autosaver):
    store = demo_store
    measure_id = store.plan("s000-plan").measures()[2].id
    saved = translate("Saved")
    earlier = "Өмнө хадгалсан үр дүн: 12 удаа сургалт зохион байгуулсан."
    _save_later(autosaver, store, measure_id, earlier)
    assert autosaver.flush()
    assert autosaver.states[-1] == (saved, True)

    page_size = store.db.execute("PRAGMA page_size").fetchone()[0]
    free = store.db.execute("PRAGMA freelist_count").fetchone()[0]
    newer = _long_text(400, "шинэ")
    assert len(newer.encode()) > (free + 4) * page_size  # cannot fit in the free pages
    _fill_disk(store)

    _save_later(autosaver, store, measure_id, newer)
    assert autosaver.flush() is False
    message, ok = autosaver.states[-1]
    assert not ok and message != saved
    assert message == translate(NOT_SAVED, reason="диск дүүрсэн байна: зай гаргана уу")
    assert autosaver.has_pending  # the text is kept, to be saved later
    assert not store.db.conn.in_transaction  # the failed save was rolled back, not left open
    assert store.report(REPORT).entry(measure_id).result == earlier
    assert _on_disk(db_path, measure_id) == earlier
    assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    # Typing goes on: the newest text replaces the pending one, and still cannot be saved.
    newest = newer + " Нэмж бичсэн өгүүлбэр."
    _save_later(autosaver, store, measure_id, newest)
    assert autosaver.states[-1] == (translate("Not saved yet…"), True)
    assert autosaver.flush() is False
    assert autosaver.has_pending and not autosaver.states[-1][1]
    assert _on_disk(db_path, measure_id) == earlier

    _make_room(store)
    assert autosaver.flush()
    assert autosaver.states[-1] == (saved, True)
    assert not autosaver.has_pending
    assert store.report(REPORT).entry(measure_id).result == newest
    assert _on_disk(db_path, measure_id) == newest
    assert {h.measure_id for h in store.search("Нэмж бичсэн")} == {measure_id}


def test_after_a_full_disk_the_pending_save_is_retried_by_itself(qtbot, demo_store, db_path, autosaver,
                                                                 monkeypatch):
    monkeypatch.setattr(autosave, "RETRY_MS", 100)
    store = demo_store
    measure_id = store.plan("s000-plan").measures()[0].id
    before = store.report(REPORT).entry(measure_id).result
    text = _long_text(400, "дахин")
    _fill_disk(store)
    _save_later(autosaver, store, measure_id, text)
    assert autosaver.flush() is False
    assert _on_disk(db_path, measure_id) == before

    _make_room(store)  # room again: nobody types, nobody presses anything
    with qtbot.waitSignal(autosaver.saved, timeout=5000):
        pass
    assert autosaver.states[-1] == (translate("Saved"), True)
    assert _on_disk(db_path, measure_id) == text


def test_the_window_says_the_disk_is_full_and_keeps_the_text(qtbot, demo_store, db_path, monkeypatch):
    """The same full disk, met by a person typing in the report editor of the real window."""
    from aplan_desktop.core.periods import Period
    from aplan_desktop.operations.settings import HOME_ORGANISATION
    from aplan_desktop.gui.main_window import MainWindow
    from aplan_desktop.operations import Operations

    monkeypatch.setattr(autosave, "RETRY_MS", 100)
    demo_store.set_setting(HOME_ORGANISATION, "org-bat-olzii")
    window = MainWindow(Operations(demo_store))
    qtbot.addWidget(window)
    window.show()
    saved = "Хадгалсан"

    def status_saved() -> bool:
        return window.save_state.text() == saved and not window.autosaver.has_pending

    plan = demo_store.plan("s000-plan")
    report = window.create_report(plan, Period.H1)
    measure_id = plan.measures()[2].id
    editor = window.report_editor
    editor.select_measure(measure_id)
    earlier = "Өмнө хадгалсан үр дүн: 12 удаа сургалт зохион байгуулсан."
    editor.result.setPlainText(earlier)
    qtbot.waitUntil(status_saved, timeout=5000)
    other_report = _on_disk(db_path, measure_id)  # another document in the same file

    _fill_disk(demo_store)
    newer = _long_text(400, "шинэ")
    editor.result.setPlainText(newer)
    assert window.save_state.text() != saved
    failure = ("Хадгалсангүй: диск дүүрсэн байна: зай гаргана уу. Таны бичсэн текст энд хадгалагдаж байгаа бөгөөд "
               "асуудал засагдмагц хадгалагдана.")  # SQLite's English words told in Mongolian
    qtbot.waitUntil(lambda: window.save_state.text() == failure, timeout=5000)
    assert "#b00020" in window.save_state.styleSheet()  # in red
    assert editor.result.toPlainText() == newer and window.autosaver.has_pending
    assert _on_disk(db_path, measure_id, report.id) == earlier
    assert _on_disk(db_path, measure_id) == other_report

    _make_room(demo_store)  # room again: the window saves by itself
    qtbot.waitUntil(status_saved, timeout=5000)
    assert window.save_state.styleSheet() == ""
    assert _on_disk(db_path, measure_id, report.id) == newer


def test_a_whole_report_that_does_not_fit_is_not_saved_at_all(demo_store, db_path):
    """save_report deletes the report's entries and writes them again: a full disk halfway
    must leave every entry as it was, not some of them gone."""
    store = demo_store
    before = store.report(REPORT)
    report = store.report(REPORT)
    for entry in report.entries:
        entry.result = _long_text(60, entry.measure_id)
    _fill_disk(store)
    with pytest.raises(sqlite3.OperationalError, match=FULL):
        store.save_report(report)
    assert not store.db.conn.in_transaction
    assert store.report(REPORT) == before
    assert store.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    _make_room(store)
    store.save_report(report)
    assert store.report(REPORT) == report


def test_a_file_written_to_a_full_disk_keeps_its_old_content(tmp_path, monkeypatch):
    """Exports, bundles and settings go through write_atomic: a temporary name, then a rename.
    When the disk fills up while writing, the old file is still there, whole, and no
    half-written temporary file is left behind."""
    import errno

    from aplan_desktop import atomic

    path = tmp_path / "тайлан.pdf"
    atomic.write_atomic(path, b"old " * 1000)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as info:
        atomic.write_atomic(path, b"new " * 100_000)
    assert info.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"old " * 1000
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
