"""Power cuts, simulated by SIGKILL: what was acknowledged as saved is there, whole, and the
file is never left damaged or half-migrated.

`test_acknowledged_saves_survive_sigkill` runs `crash_writer.py` (saving results, whole
reports and plans in a loop) and kills it at random moments, many times over on the same
file, checking the file after every kill. The number of kills is the environment variable
APLAN_KILLS (default 100, about 20–30 s on 2 cores); the random moments come from
APLAN_CRASH_SEED (default fixed, so a failure can be replayed). For a long run:

    APLAN_KILLS=2000 QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q -s tests/test_crash.py

With -s the figures are printed (kills, acknowledged saves checked, kills that landed
mid-write, time); docs/reliability.md quotes them.

`test_a_migration_cut_off_leaves_the_old_or_the_new_version` kills a child that opens (and
so migrates) a copy of tests/fixtures/schema-v1.sqlite: at fixed points (while the copy taken
before migrating is written, after each COMMIT, before each version mark) and at random
moments spread over the time opening takes; the file must then be version 1 with only the
version-1 tables, or the current version with all of them, and open normally afterwards.
`test_a_first_start_cut_off_leaves_a_file_the_next_start_opens` does the same for a new file.

SIGKILL stops the process at once, as a power cut does, but the operating system still
writes out what the process had handed to it; a real power cut can also lose what was not
yet on the disk. That part is SQLite's promise with synchronous=FULL (each commit is
fsynced before it returns), which these tests rely on but cannot test without pulling the
plug.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from aplan_desktop.documents import load_demo
from aplan_desktop.storage import DatabaseError, Store
from aplan_desktop.storage.database import APPLICATION_ID
from aplan_desktop.storage.schema import SCHEMA_VERSION, migrations
from conftest import KILLED, ROOT
from crash_writer import make_text, parse_text, sha

WRITER = ROOT / "tests" / "crash_writer.py"
FIXTURES = ROOT / "tests" / "fixtures"
KILLS = int(os.environ.get("APLAN_KILLS", "100"))
SEED = os.environ.get("APLAN_CRASH_SEED", "20261122")
RUN_NUMBERS = 1_000_000  # each run of the writer numbers its saves from run × this


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)}


# ---------------------------------------------------------------- what the database holds

def _state(store: Store) -> dict[tuple[str, str], str]:
    """Every text the writer can change, by (document id, key): results by (report, measure),
    plan titles by (plan, "title"), measure texts by (plan, "measure:<id>")."""
    state = {(r, m): text for r, m, text in store.db.execute("SELECT report_id, measure_id, result FROM entries")}
    state |= {(p, "title"): text for p, text in store.db.execute("SELECT id, title FROM plans")}
    state |= {(p, f"measure:{m}"): text for p, m, text in store.db.execute("SELECT plan_id, id, text FROM measures")}
    return state


def _check_file(store: Store) -> None:
    db = store.db
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE % USING fts5%'"):
        db.execute(f"INSERT INTO \"{name}\" (\"{name}\") VALUES ('integrity-check')")  # raises if damaged


def _check_rows(store: Store, state: dict[tuple[str, str], str], changed: set[tuple[str, str]]) -> int:
    """No half-written row: each text the writer wrote is exactly one it could have written,
    in the place it was written for. A result that changed since the last check is found by
    search as well (the index is written in the same transaction). Returns the rows checked."""
    checked = 0
    for (doc_id, key), text in state.items():
        parsed = parse_text(text)
        if parsed is None:
            continue
        n, text_doc, text_key = parsed
        assert (text_doc, text_key) == (doc_id, key), f"the text of save #{n} is under {doc_id} {key}"
        assert sha(text) == sha(make_text(n, doc_id, key)), f"save #{n} under {doc_id} {key} is not whole"
        if (doc_id, key) in changed and not key.startswith("measure:") and key != "title":
            hits = {(h.doc_id, h.measure_id) for h in store.search(f"{n}")}
            assert (doc_id, key) in hits, f"search does not find save #{n} under {doc_id} {key}"
        checked += 1
    return checked


def _explain(actual: dict, acknowledged: dict, in_flight: dict) -> str:
    lines = []
    for key in sorted(set(actual) | set(acknowledged)):
        have, want = actual.get(key), acknowledged.get(key)
        if have == want or (key in in_flight and have == in_flight[key]):
            continue
        got = parse_text(have) if have is not None else None
        expected = parse_text(want) if want is not None else None
        lines.append(f"{key}: holds {'save #%d' % got[0] if got else repr((have or '')[:40])}, "
                     f"acknowledged {'save #%d' % expected[0] if expected else repr((want or '')[:40])}")
    return "\n".join(lines[:20])


# ---------------------------------------------------------------- what the writer said

def _read_log(path: Path) -> tuple[list[list[tuple]], list[list[tuple]]]:
    """(acknowledged operations, operations begun but not acknowledged), each a list of
    (n, doc_id, key, sha256). Only whole lines count."""
    data = path.read_bytes().decode("utf-8")
    lines = data.split("\n")[:-1]  # the part after the last newline is not a whole line
    operations: list[list[tuple]] = []
    acknowledged: set[int] = set()
    previous_word = ""
    for line in lines:
        word, *rest = line.split()
        if word == "INTENT":
            if previous_word != "INTENT":  # an operation's INTENT lines come together, after the last ACK
                operations.append([])
            operations[-1].append((int(rest[0]), rest[1], rest[2], rest[3]))
        elif word == "ACK":
            acknowledged.add(int(rest[0]))
        else:
            assert word == "READY", line
        previous_word = word
    # One ACK of an operation means it has committed (the ACK lines are printed after the call).
    done = [op for op in operations if any(c[0] in acknowledged for c in op)]
    begun = [op for op in operations if not any(c[0] in acknowledged for c in op)]
    # The writer acknowledges an operation before it begins the next one.
    assert len(begun) <= 1 and (not begun or begun[0] is operations[-1]), "the writer skipped an ACK"
    for op in operations:
        for n, doc_id, key, digest in op:
            assert digest == sha(make_text(n, doc_id, key)), f"the writer wrote another text for #{n}"
    return done, begun


def _run_and_kill(db_path: Path, log: Path, first: int, rng: random.Random) -> tuple[bool, float]:
    """Start the writer and kill it with SIGKILL at a random moment. Returns (whether it was
    ready when killed, how long after that it was killed)."""
    mode = rng.random()
    if mode < 0.05:
        ready_first, delay = False, rng.uniform(0, 0.2)  # while starting and opening the file
    elif mode < 0.40:
        ready_first, delay = True, rng.uniform(0, 0.002)
    elif mode < 0.75:
        ready_first, delay = True, rng.uniform(0.002, 0.03)
    else:
        ready_first, delay = True, rng.uniform(0.03, 0.3)
    with open(log, "wb") as out, open(log.with_suffix(".err"), "wb") as err:
        child = subprocess.Popen([sys.executable, str(WRITER), str(db_path), str(first), SEED],
                                 stdout=out, stderr=err, env=_child_env(), cwd=ROOT)
    try:
        if ready_first:
            deadline = time.monotonic() + 30
            while not log.read_bytes().startswith(b"READY\n"):
                assert child.poll() is None, log.with_suffix(".err").read_text()
                assert time.monotonic() < deadline, "the writer did not start"
                time.sleep(0.001)
        time.sleep(delay)
        assert child.poll() is None, f"the writer stopped by itself:\n{log.with_suffix('.err').read_text()}"
        child.kill()  # SIGKILL; TerminateProcess on Windows
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == KILLED
    return ready_first, delay


def test_acknowledged_saves_survive_sigkill(tmp_path, request):
    kills = request.config.getoption("--kills", default=None) or KILLS  # if conftest.py adds --kills
    started = time.perf_counter()
    db_path = tmp_path / "aplan.sqlite"
    store = Store.open(db_path)
    load_demo(store)
    expected = _state(store)
    previous = dict(expected)
    store.close()

    rng = random.Random(SEED)
    figures = defaultdict(int)
    for kill in range(1, kills + 1):
        log = tmp_path / "writer.log"
        _run_and_kill(db_path, log, kill * RUN_NUMBERS, rng)
        done, begun = _read_log(log)
        for op in done:
            for n, doc_id, key, _ in op:
                expected[(doc_id, key)] = make_text(n, doc_id, key)
        in_flight = {(doc_id, key): make_text(n, doc_id, key) for op in begun for n, doc_id, key, _ in op}

        store = Store.open(db_path)
        try:
            where = f"after kill {kill} of {kills} (seed {SEED}), file {db_path}"
            try:
                _check_file(store)
            except (AssertionError, sqlite3.Error) as exc:
                raise AssertionError(f"damaged {where}: {exc}") from exc
            actual = _state(store)
            changed = {key for key, text in actual.items() if previous.get(key) != text}
            if actual == expected:
                landed = False
            elif in_flight and actual == expected | in_flight:
                landed = True  # committed, killed before it could say so: allowed
                expected |= in_flight
            else:
                pytest.fail(f"not what was acknowledged {where}:\n{_explain(actual, expected, in_flight)}")
            figures["rows hash-checked"] += _check_rows(store, actual, changed)
            previous = actual
        finally:
            store.close()
        figures["acknowledged saves"] += sum(len(op) for op in done)
        figures["acknowledged operations"] += len(done)
        figures["kills mid-write"] += bool(begun)
        figures["mid-write, committed before the kill"] += landed
        figures["kills before any save"] += not done and not begun

    store = Store.open(db_path)
    try:
        assert len(store.documents()) == 7
        for report_id in ("s000-report", "s001-report"):
            store.report(report_id)  # the documents still load
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    print(f"\ncrash test: {kills} kills (seed {SEED}), {figures['acknowledged saves']} acknowledged saves "
          f"checked ({figures['acknowledged operations']} operations), {figures['kills mid-write']} kills "
          f"mid-write ({figures['mid-write, committed before the kill']} of them committed before the kill), "
          f"{figures['kills before any save']} kills before any save, {figures['rows hash-checked']} row checks, "
          f"{elapsed:.1f} s")
    if kills >= 20:
        assert figures["kills mid-write"] >= kills // 10, "the kills hardly ever hit a save: the test tests little"
        assert figures["acknowledged saves"] >= kills


# ---------------------------------------------------------------- migration cut off

# The child: open (and so migrate) the file; optionally stop at a chosen point and wait to be killed.
MIGRATE_CHILD = r"""
import os, sqlite3, sys, time
path, stop_at = sys.argv[1], sys.argv[2]

def stop(label):
    print("STOPPED", label, flush=True)
    time.sleep(120)

if stop_at in ("fsync", "replace"):  # inside backup_copy: before the copy is synced / renamed
    real = getattr(os, stop_at)
    def wrapped(*args, real=real):
        stop(stop_at)
        return real(*args)
    setattr(os, stop_at, wrapped)
elif stop_at:
    kind, _, arg = stop_at.partition(":")
    commits = [0]
    class Watched(sqlite3.Connection):
        def execute(self, sql, *args):
            if kind == "before" and sql.strip().upper().startswith(arg):
                stop(stop_at)
            cursor = super().execute(sql, *args)
            if sql.strip().upper() == "COMMIT":
                commits[0] += 1
                if kind == "after-commit" and commits[0] == int(arg):
                    stop(stop_at)
            return cursor
    real_connect = sqlite3.connect
    sqlite3.connect = lambda *a, **k: real_connect(*a, factory=Watched, **k)

from aplan_desktop.storage import Store
print("START", flush=True)
t = time.perf_counter()
store = Store.open(path)
print("OPENED", time.perf_counter() - t, flush=True)
store.close()
"""

_STOP_POINTS = ["fsync", "replace", "before:PRAGMA APPLICATION_ID=", "before:PRAGMA USER_VERSION="] + [
    f"after-commit:{k}" for k in range(1, SCHEMA_VERSION)]


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def _content(conn: sqlite3.Connection, tables: set[str]) -> dict[str, list]:
    """The rows of `tables` in the columns version 1 had (a later migration may add columns)."""
    fixture = sqlite3.connect(FIXTURES / "schema-v1.sqlite")
    try:
        columns = {t: [r[1] for r in fixture.execute("SELECT * FROM pragma_table_info(?)", [t])] for t in tables}
    finally:
        fixture.close()
    return {t: conn.execute(f'SELECT {", ".join(columns[t])} FROM "{t}" ORDER BY rowid').fetchall()
            for t in sorted(tables - {"_sqlite_migrations"})}


def _old_or_new(path: Path, v1_tables: set[str], all_tables: set[str], v1_content: dict) -> int:
    """The file is whole and is either the old version or the new one, never a mix."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        applied = [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
        if version == 1:
            assert tables == v1_tables, f"version 1 with the later tables {sorted(tables - v1_tables)}"
            assert applied == ["m001_documents"]
        else:
            assert version == SCHEMA_VERSION, version
            assert tables == all_tables, f"version {version} without {sorted(all_tables - tables)}"
            assert applied == [m.name for m in migrations()._migrations]
        assert _content(conn, v1_tables) == v1_content, "the documents changed"
        return version
    finally:
        conn.close()


def _open_again(path: Path, documents: int = 7) -> None:
    store = Store.open(path)
    try:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION, "not marked as migrated"
        assert len(store.documents()) == documents
        if documents:
            assert store.search("өргөдөл")
    finally:
        store.close()


def _run_migration(path: Path, stop_at: str = "", delay: float | None = None) -> str:
    """Open the file in a child; kill it at `stop_at` or `delay` s after it starts opening.
    Returns what happened: 'stopped', 'killed' or 'finished'."""
    child = subprocess.Popen([sys.executable, "-c", MIGRATE_CHILD, str(path), stop_at], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=_child_env(), cwd=ROOT)
    try:
        line = child.stdout.readline()
        assert line.startswith(("START", "STOPPED")), child.stderr.read()
        if stop_at:
            if line.startswith("START"):
                line = child.stdout.readline()  # STOPPED, or OPENED if the point never came
            outcome = "stopped" if line.startswith("STOPPED") else "finished"
        else:
            time.sleep(delay)
            outcome = "killed" if child.poll() is None else "finished"
        if child.poll() is None:
            child.kill()  # SIGKILL; TerminateProcess on Windows
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    return outcome


def test_a_migration_cut_off_leaves_the_old_or_the_new_version(tmp_path):
    fixture = FIXTURES / "schema-v1.sqlite"
    v1_tables = _tables(fixture)
    fresh = Store.open(tmp_path / "fresh.sqlite")
    fresh.close()
    all_tables = _tables(tmp_path / "fresh.sqlite")
    conn = sqlite3.connect(fixture)
    v1_content = _content(conn, v1_tables)
    conn.close()

    # How long opening (and migrating) takes here, to spread the random kills over it.
    calibration = tmp_path / "calibration.sqlite"
    shutil.copy(fixture, calibration)
    child = subprocess.run([sys.executable, "-c", MIGRATE_CHILD, str(calibration), ""], capture_output=True,
                           text=True, env=_child_env(), cwd=ROOT, timeout=60)
    assert "OPENED" in child.stdout, child.stderr
    duration = float(child.stdout.split("OPENED")[1])

    rng = random.Random(SEED)
    runs = [(point, None) for point in _STOP_POINTS]
    runs += [("", duration * 1.3 * (i + rng.random()) / 20) for i in range(20)]
    outcomes: dict = defaultdict(int)
    failures: list[str] = []
    for i, (stop_at, delay) in enumerate(runs):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        path = folder / "old.sqlite"
        shutil.copy(fixture, path)
        outcome = _run_migration(path, stop_at, delay)
        what = stop_at or f"{delay * 1000:.1f} ms"
        try:
            version = _old_or_new(path, v1_tables, all_tables, v1_content)
            outcomes[f"{outcome}, left version {version}"] += 1
        except AssertionError as exc:
            failures.append(f"killed at {what} ({outcome}): {str(exc).splitlines()[0]}")
        if list((folder / "backups").glob("*.tmp")):
            outcomes["killed while the copy was written"] += 1

        try:  # the next start finishes the work
            _open_again(path)
            _old_or_new(path, v1_tables, all_tables, v1_content)
        except (AssertionError, DatabaseError) as exc:
            failures.append(f"killed at {what}, then opened again: {error_text_en(exc)}")
        # Every copy taken before migrating is the old file, whole.
        for copy in (folder / "backups").glob("*.sqlite"):
            try:
                assert _old_or_new(copy, v1_tables, all_tables, v1_content) == 1
            except AssertionError as exc:
                failures.append(f"killed at {what}: the copy {copy.name}: {str(exc).splitlines()[0]}")
    print(f"\nmigration cut off: {len(runs)} kills, opening (migrating) takes {duration * 1000:.1f} ms here; "
          f"{dict(outcomes)}")
    assert not failures, f"{len(failures)} of {len(runs)} kills left a mixed file:\n" + "\n".join(failures)


def test_a_first_start_cut_off_leaves_a_file_the_next_start_opens(tmp_path):
    """A new database is created and migrated on the first start; a power cut then must not
    leave a file that the next start refuses (as another program's) or takes as complete."""
    fresh = tmp_path / "fresh.sqlite"
    Store.open(fresh).close()
    all_tables = _tables(fresh)
    rng = random.Random(SEED)
    runs = [(point, None) for point in _STOP_POINTS if point not in ("fsync", "replace")]
    runs += [("", 0.03 * (i + rng.random()) / 10) for i in range(10)]
    failures: list[str] = []
    for i, (stop_at, delay) in enumerate(runs):
        path = tmp_path / f"new{i}" / "aplan.sqlite"
        path.parent.mkdir()
        outcome = _run_migration(path, stop_at, delay)
        what = stop_at or f"{delay * 1000:.1f} ms"
        try:
            _open_again(path, documents=0)
            assert _tables(path) == all_tables
        except (AssertionError, DatabaseError) as exc:
            failures.append(f"killed at {what} ({outcome}), then opened again: {error_text_en(exc)}")
    assert not failures, f"{len(failures)} of {len(runs)} kills left a file the next start cannot use:\n" + \
        "\n".join(failures)


def error_text_en(exc: Exception) -> str:
    if isinstance(exc, DatabaseError):
        from aplan_desktop.i18n import error_text

        return error_text(exc, "en")
    return str(exc).splitlines()[0]
