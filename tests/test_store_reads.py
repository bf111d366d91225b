"""An up-to-date data file is opened and read without sqlite-utils (nor click, pluggy, dateutil);
sqlite-utils comes in for the first write through its table API, and for migrations."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from aplan_desktop.i18n import error_text
from aplan_desktop.storage import DatabaseError, Store
from aplan_desktop.storage.schema import SCHEMA_VERSION, TABLES, tables_made_by

ROOT = Path(__file__).resolve().parent.parent
WRITE_LIBRARIES = ("sqlite_utils", "click", "pluggy", "dateutil")

# Everything the window's start and `aplan pdf` read, in a fresh process, checked against the
# demo's own files; then the start's own small write, then a write through the table API.
_READ_THEN_WRITE = """
import sys

from aplan_desktop.documents import demo_files, read_document_file
from aplan_desktop.storage import Store
from aplan_desktop.storage.circulars import CircularRecords
from aplan_desktop.storage.exchange import ExchangeRecords
from aplan_desktop.storage.reviews import ReviewRecords

def loaded():
    return sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[3].split(","))

store = Store.open(sys.argv[1])
for path in demo_files():
    plan, parent, report = read_document_file(path)
    assert store.load_document(report.id if report else plan.id) == (plan, parent and store.organisation(parent.id),
                                                                        report)
    if report:
        assert store.reports_for_period([plan.organisation.id], plan.year, report.period) == {
            plan.organisation.id: (plan, report)}
summaries = store.documents()
assert len(summaries) == 7 and summaries[0].year == 2025, summaries
assert store.documents("s001-report")[0].score is not None
assert {h.doc_id for h in store.search("өргөдөл")} >= {"s001-report"}
assert store.setting("home_organisation") == "org-bat-olzii"
assert store.deadline_rules() and store.score_scale() and store.organisations() and store.responsible_units()
assert store.history("s001-report") == []
assert store.file_content(sys.argv[2]) == b"a scanned letter"
assert CircularRecords(store).get("s001-plan") is None and CircularRecords(store).all("sent") == []
assert ExchangeRecords(store).bundles("s001-report") == [] and ExchangeRecords(store).trusted_keys() == []
assert ReviewRecords(store).states("s001-report") == [] and not ReviewRecords(store).receipt_known("x")
print("read:", *loaded())
store.set_setting("ui:last", {"doc": "s001-report", "measure": ""})  # what the window writes as it opens one
print("small write:", *loaded())
report = store.report("s001-report")
report.entries[0].result = "Written after reading"
store.save_report(report)
print("saved:", *loaded())
store.close()
"""


def test_reading_everything_loads_no_write_library_and_a_write_lands(demo_store, db_path):
    sha = demo_store.add_file(b"a scanned letter")
    demo_store.set_setting("home_organisation", "org-bat-olzii")
    demo_store.close()
    result = subprocess.run([sys.executable, "-c", _READ_THEN_WRITE, str(db_path), sha, ",".join(WRITE_LIBRARIES)],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    read, small_write, saved = result.stdout.splitlines()
    assert read == "read:" and small_write == "small write:"
    assert "sqlite_utils" in saved.split()  # the table API was loaded for the save, and only then
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT result FROM entries WHERE report_id = 's001-report' ORDER BY position "
                            "LIMIT 1").fetchone() == ("Written after reading",)
        assert conn.execute("SELECT value FROM settings WHERE key = 'ui:last'").fetchone() == (
            '{"doc": "s001-report", "measure": ""}',)
    finally:
        conn.close()


def test_the_current_tables_are_the_ones_the_migrations_make():
    """A new migration without `TABLES` brought up to date fails here."""
    assert tables_made_by(SCHEMA_VERSION) == TABLES


def test_a_current_file_without_a_column_of_its_version_is_refused_untouched(demo_store, db_path):
    demo_store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("ALTER TABLE plans DROP COLUMN heading")  # a file cut down by a faulty copy
    conn.commit()
    conn.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseError) as info:
        Store.open(db_path)
    assert "plans" in error_text(info.value, "en") and "heading" in error_text(info.value, "en")
    assert "aplan restore" in error_text(info.value, "en")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("table_api_made", [False, True], ids=["plain", "with-sqlite-utils"])
def test_a_failed_inner_write_is_undone_alone_and_the_outer_one_lands(store, db_path, table_api_made):
    if table_api_made:
        store.db["settings"].insert({"key": "made", "value": "1"})
    with store.transaction():
        store.set_setting("kept", 1)
        with pytest.raises(RuntimeError), store.transaction():
            store.set_setting("undone", 2)
            raise RuntimeError("the inner step failed")
        store.set_setting("also kept", 3)
    with pytest.raises(RuntimeError), store.transaction():
        store.set_setting("never", 4)
        raise RuntimeError("the whole write failed")
    assert not store.conn.in_transaction
    other = sqlite3.connect(db_path)  # what reached the file
    try:
        keys = {r[0] for r in other.execute("SELECT key FROM settings")}
    finally:
        other.close()
    assert keys == {"kept", "also kept"} | ({"made"} if table_api_made else set())
