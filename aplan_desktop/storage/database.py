"""Opening the one SQLite file safely: ours, not newer than us, durable settings, migrated.

- `application_id` marks the file as aplan's, so a stranger's database is refused, not altered.
- `user_version` is the schema version; a file from a newer program is refused with a message.
- WAL, synchronous=FULL and foreign keys are set on every open: a save that was acknowledged
  survives a power cut, and no entry can point at a measure that is gone.
- Before any migration of an existing file, a consistent copy is taken beside it.
- A damaged file is refused: the whole file is read through when damage may have come since it
  was last found whole (`whole_check`), the header and the schema at every opening.

Opening an up-to-date file and reading it need only the `sqlite3` connection returned here;
sqlite-utils (with click, dateutil and pluggy) is imported when a file is to be migrated, or
an older file's tables checked, and by the store on its first write through the table API.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import platformdirs

from aplan_desktop.atomic import flush_file, remove_quietly, replace_when_free
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import reason_text, translate
from aplan_desktop.storage.schema import SCHEMA_VERSION, migrations, table_columns, tables_of_version
from aplan_desktop.storage.whole_check import check_due, record_check

APPLICATION_ID = 0x41504C4E  # "APLN"
BUSY_TIMEOUT_MS = 5000
DB_ENV = "APLAN_DB"
_DAMAGED = N_("The database {path} is damaged ({reason}), so it was not opened. Restore the newest good backup: "
              "“aplan restore FILE” with a file from the backups folder beside it.")


class DatabaseError(UserError):
    """The database file cannot be used; the message says why and what to do."""


class DamagedDatabaseError(DatabaseError):
    """The file is aplan's but damaged: the window offers the backups."""


def normal_db_path() -> Path:
    """`aplan.sqlite` in the user's data folder (platform convention)."""
    return Path(platformdirs.user_data_dir("aplan", appauthor=False)) / "aplan.sqlite"


def copy_database_to(store_or_conn, target: Path) -> None:
    """A consistent copy of the open database as a new file (written under a temporary name,
    flushed, renamed); for moving the data to another folder."""
    conn = getattr(store_or_conn, "conn", store_or_conn)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name("." + target.name + ".tmp")
    temporary.unlink(missing_ok=True)
    copy = sqlite3.connect(temporary)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    flush_file(temporary)  # through a handle opened for writing: Windows refuses to flush a read-only one
    replace_when_free(temporary, target)


def default_db_path() -> Path:
    """`APLAN_DB` if set, else the file chosen in the settings, else `aplan.sqlite` in the
    user's data folder (platform convention)."""
    from aplan_desktop.config import Config

    env = os.environ.get(DB_ENV) or Config.load().db_path
    return Path(env) if env else normal_db_path()


def rows(conn: sqlite3.Connection, sql: str, params: Sequence = ()) -> Iterator[dict]:
    """The rows a query gives, each a dict by column name (as sqlite-utils' `rows_where` gives them)."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    for row in cursor:
        yield dict(zip(names, row))


def _pragma(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute(f"PRAGMA {name}").fetchone()[0]


def _check_whole(conn: sqlite3.Connection, path: Path) -> None:
    """A damaged file is not used: the user is sent to the backups instead. Reads every page."""
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        result = str(exc)
    if result != "ok":
        raise DamagedDatabaseError(_DAMAGED, path=str(path), reason=result)


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = _pragma(conn, "application_id")
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_NOTADB:  # the disk, not the file: say so
            raise DatabaseError(N_("The database {path} could not be read: {reason}. The file was not changed. "
                                   "If the disk is full, free some space; then start the program again."),
                                path=str(path), reason=reason_text(exc)) from None
        raise DatabaseError(N_("The file {path} is not an aplan database (it is not a database at all). "
                               "Choose another file."), path=str(path)) from None
    if app_id != APPLICATION_ID and (app_id != 0 or tables > 0):
        raise DatabaseError(N_("The file {path} is a database of another program, not of aplan. "
                               "It was not changed. Choose another file."), path=str(path))
    version = _pragma(conn, "user_version")
    if version > SCHEMA_VERSION:
        raise DatabaseError(N_("The file {path} was written by a newer version of aplan (data version {found}; "
                               "this program knows up to {known}). Install the newer version to open it. "
                               "The file was not changed."), path=str(path), found=version, known=SCHEMA_VERSION)


def open_database(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database, or raise DatabaseError with the reason."""
    path = Path(path)
    if path.is_dir():
        raise DatabaseError(N_("{path} is a folder, not a database file."), path=str(path))
    existed = path.exists() and path.stat().st_size > 0
    whole_check = check_due(path) if existed else False  # before SQLite's own files of this session exist
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path)
    except (OSError, sqlite3.Error):
        raise DatabaseError(N_("The database {path} cannot be opened or created. Check that the folder exists "
                               "and that you may write to it."), path=str(path)) from None
    try:
        _check_ours(conn, path)
        if whole_check:
            _check_whole(conn, path)
        leftovers = _interrupted_copies(path) if existed else []
        alone = bool(leftovers) and _alone_on(conn)  # the check costs two journal switches: only when needed
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        read_only = not _write_ahead_log(conn)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA recursive_triggers=ON")  # as sqlite-utils sets it, whether or not it is loaded
        _migrate(conn, path, existed, read_only)
        _check_schema(conn, path)
        if alone:
            for leftover in leftovers:
                remove_quietly(leftover)
        if whole_check or not existed:
            record_check(path)
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        raise DatabaseError(N_("The database {path} cannot be used: {reason}. Close other programs that use it "
                               "and try again."), path=str(path), reason=reason_text(exc)) from None
    except BaseException:
        conn.close()
        raise


def _interrupted_copies(path: Path) -> list[Path]:
    """The half-written copies a backup or restore killed half-way left beside the data file and
    in its backups folder (`.aplan-*.tmp`, with their journals)."""
    return [p for folder in (path.parent, path.parent / "backups") for p in folder.glob(".aplan-*.tmp*")]


def _alone_on(conn: sqlite3.Connection) -> bool:
    """Whether no other program (another aplan) has the file open: only then may SQLite leave
    WAL mode, which is tried at once, without waiting, and undone by the caller."""
    conn.execute("PRAGMA busy_timeout=0")
    try:
        return conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    except sqlite3.OperationalError:
        return False  # busy (not alone) or read-only (nothing to clean up that could be written)


@contextmanager
def autocommit(conn: sqlite3.Connection) -> Iterator[None]:
    """No transaction opened by the driver for the block: for statements that cannot run in one."""
    level = conn.isolation_level
    conn.isolation_level = None
    try:
        yield
    finally:
        conn.isolation_level = level


def _write_ahead_log(conn: sqlite3.Connection) -> bool:
    """WAL mode, as every write expects; False when the file is read-only (a file with Windows'
    read-only mark, a CD, a folder the user may not write to), which is then opened for reading:
    lists, search, printing and export work, saving is refused."""
    try:
        with autocommit(conn):
            conn.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorcode & 0xFF != sqlite3.SQLITE_READONLY:
            raise
        return False
    return True


def schema_problem(conn: sqlite3.Connection) -> str:
    """What a file lacks of the tables and columns its data version must have ("" when
    nothing): a file cut down by hand or by a faulty copy is not taken for a whole one."""
    expected = tables_of_version(_pragma(conn, "user_version"))
    found = {table: table_columns(conn, table) for table in expected}
    for table, columns in expected.items():
        if not found[table]:
            return translate(N_("the table {table} is missing"), table=table)
        missing = [c for c in columns if c not in found[table]]
        if missing:
            return translate(N_("the table {table} lacks the columns {columns}"), table=table,
                             columns=", ".join(missing))
    return ""


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    problem = schema_problem(conn)
    if problem:
        raise DamagedDatabaseError(_DAMAGED, path=str(path), reason=problem)


def _migrate(conn: sqlite3.Connection, path: Path, existed: bool, read_only: bool = False) -> None:
    """Bring an older file up to date; an up-to-date one (its version says so) is left as it is,
    without loading sqlite-utils."""
    version = _pragma(conn, "user_version")
    if version == SCHEMA_VERSION:
        return
    from sqlite_utils import Database

    db = Database(conn, execute_plugins=False)  # no sqlite-utils plugins: nothing to look up
    if not migrations().pending(db):
        return
    if read_only and existed:
        raise DatabaseError(N_("The database {path} is read-only and was written by an older version of aplan, so "
                               "it cannot be brought up to date. Make it writable (in the file's Properties, untick "
                               "Read-only) or copy it into your data folder, then start the program again."),
                            path=str(path))
    if existed and version > 0:
        from aplan_desktop.storage.backups import backup_folder, copy_database  # backups builds on Store

        copy_database(conn, backup_folder(path), "migration")
    # All migrations and the version marks in one transaction: a start cut off by a power
    # failure leaves the old file (or no tables at all), never a mix or an unmarked file.
    # (A migration that cannot run in a transaction, such as VACUUM, would break this.)
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrations().apply(db)  # its own atomic() blocks become savepoints
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
