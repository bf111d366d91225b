"""The data file as it is met on users' PCs: a backup cut down by hand, a full disk at start, a
file with Windows' read-only mark, and the half-written copies an interrupted backup leaves."""

from __future__ import annotations

import ctypes
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aplan_desktop.i18n import error_text, translate
from aplan_desktop.storage import Store
from aplan_desktop.storage.backups import BackupError, list_backups, restore_backup, take_backup
from aplan_desktop.storage.database import DamagedDatabaseError
from conftest import ROOT, database_content, run_aplan


def _cut_down(backup: Path, statement: str) -> None:
    conn = sqlite3.connect(backup, isolation_level=None)
    try:
        conn.execute(statement)
    finally:
        conn.close()


# ---------------------------------------------------------------- restore checks the whole schema

@pytest.mark.parametrize("statement, named", [
    ("DROP TABLE entries", "entries"),
    ("ALTER TABLE organisations DROP COLUMN short_name", "short_name"),
])
def test_restore_refuses_a_backup_without_a_table_or_a_column(demo_store, db_path, statement, named):
    backup = take_backup(demo_store, reason="manual")
    _cut_down(backup, statement)
    demo_store.close()
    before = database_content(db_path)
    with pytest.raises(BackupError) as refused:
        restore_backup(backup, db_path)
    assert named in error_text(refused.value, "mn") and "aplan" in error_text(refused.value, "mn")
    assert database_content(db_path) == before
    assert not list_backups(backup.parent)[0].ok


def test_the_restore_command_refuses_it_and_every_command_still_works(demo_store, db_path):
    backup = take_backup(demo_store, reason="manual")
    _cut_down(backup, "DROP TABLE entries")
    demo_store.close()
    restored = run_aplan("restore", str(backup), db=db_path)
    assert restored.returncode == 1 and "entries" in restored.stderr and "Traceback" not in restored.stderr
    listed = run_aplan("list", db=db_path)
    assert listed.returncode == 0 and "s000-report" in listed.stdout


def test_a_data_file_without_a_table_is_not_opened_as_whole(demo_store, db_path):
    demo_store.db.execute("DROP TABLE entries")
    demo_store.close()
    with pytest.raises(DamagedDatabaseError) as refused:
        Store.open(db_path)
    assert "entries" in error_text(refused.value, "mn")


# ---------------------------------------------------------------- a full disk is not a foreign file

def _disk_full():
    """The child can write no file beyond 1 KB (RLIMIT_FSIZE): SQLite's shared-memory file cannot
    grow, as on a full disk."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))


def _aplan(db_path: Path, *args: str, preexec_fn=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "APLAN_DB"}
    env.update(APLAN_LANG="mn", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "aplan_desktop", "--db", str(db_path), *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=ROOT, timeout=120, preexec_fn=preexec_fn)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="simulated with RLIMIT_FSIZE")
def test_a_full_disk_at_start_is_told_as_a_disk_problem_not_a_foreign_file(demo_store, db_path):
    demo_store.close()
    before = database_content(db_path)
    result = _aplan(db_path, "list", preexec_fn=_disk_full)
    assert result.returncode == 1
    assert translate("The file {path} is not an aplan database (it is not a database at all). Choose another file.",
                     "mn", path=str(db_path)) not in result.stderr
    assert str(db_path) in result.stderr and "диск" in result.stderr.lower() and "Traceback" not in result.stderr
    assert database_content(db_path) == before


# ---------------------------------------------------------------- a read-only data file

def _without_override():
    """The child obeys file permissions even when the tests run as root (no CAP_DAC_OVERRIDE)."""
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl")


@pytest.fixture
def read_only_copy(demo_store, tmp_path):
    """A backup copy (one file, no WAL) put where the data file is, marked read-only, in a
    folder the program may not write to either."""
    backup = take_backup(demo_store, tmp_path / "copies", reason="manual")
    demo_store.close()
    folder = tmp_path / "read-only"
    folder.mkdir()
    path = folder / "aplan.sqlite"
    path.write_bytes(backup.read_bytes())
    path.chmod(0o444)
    folder.chmod(0o555)
    probe = subprocess.run(["sh", "-c", f"touch '{folder}/probe'"], preexec_fn=_without_override, capture_output=True)
    if probe.returncode == 0:
        pytest.skip("file permissions cannot be made to bite here")
    yield path
    folder.chmod(0o755)
    path.chmod(0o644)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_read_only_data_file_can_be_listed_searched_printed_and_dumped(read_only_copy, tmp_path):
    before = read_only_copy.read_bytes()
    listed = _aplan(read_only_copy, "list", preexec_fn=_without_override)
    assert listed.returncode == 0, listed.stderr
    assert "s000-report" in listed.stdout
    found = _aplan(read_only_copy, "search", "өргөдөл", preexec_fn=_without_override)
    assert found.returncode == 0 and "s001-report" in found.stdout
    pdf = tmp_path / "тайлан.pdf"
    printed = _aplan(read_only_copy, "pdf", "s000-report", "-o", str(pdf), preexec_fn=_without_override)
    assert printed.returncode == 0 and pdf.read_bytes().startswith(b"%PDF")
    changed = _aplan(read_only_copy, "demo", preexec_fn=_without_override)
    assert changed.returncode == 1 and "Traceback" not in changed.stderr
    assert read_only_copy.read_bytes() == before


# ---------------------------------------------------------------- interrupted backup copies

_HOLD = """
import sys
from aplan_desktop.storage import Store
store = Store.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
store.close()
"""


def _interrupted_copies(db_path: Path) -> list[Path]:
    """What a backup and a restore killed half-way leave: just written, so not a day old."""
    made = [db_path.parent / "backups" / ".aplan-k1ll3d.tmp", db_path.parent / "backups" / ".aplan-k1ll3d.tmp-journal",
            db_path.parent / ".aplan-r3st0r.tmp"]
    for path in made:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"SQLite format 3\0" + bytes(4080))
    return made


def test_interrupted_backup_copies_are_removed_at_the_next_start(demo_store, db_path):
    demo_store.close()
    copies = _interrupted_copies(db_path)
    keep = db_path.parent / "backups" / "notes.txt"
    keep.write_text("not ours")
    Store.open(db_path).close()
    assert [p for p in copies if p.exists()] == []
    assert keep.exists() and db_path.exists()


def test_they_are_kept_while_another_aplan_has_the_data_file_open(demo_store, db_path):
    demo_store.close()
    other = subprocess.Popen([sys.executable, "-c", _HOLD, str(db_path)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert other.stdout.readline().strip() == "open"
        copies = _interrupted_copies(db_path)  # perhaps the other one's backup, being written now
        Store.open(db_path).close()
        assert all(p.exists() for p in copies)
    finally:
        other.stdin.close()
        other.wait(timeout=30)
    Store.open(db_path).close()
    assert not any(p.exists() for p in copies)
