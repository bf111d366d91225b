"""Backups of the database file: taken, checked, kept in rotation, listed and restored.

A backup is one self-contained SQLite file (no WAL beside it) in the `backups` folder next to
the database, named `aplan-YYYYMMDD-HHMMSS-<reason>.sqlite` in local time. Every copy is
written under a temporary name, flushed to disk, checked with `PRAGMA integrity_check` and
only then renamed into place, so a power cut leaves either no new backup or a whole good one.
Only files with that name pattern (with their -wal/-shm/-journal) and our own half-written
`.aplan-*.tmp` copies over a day old are ever deleted; anything else in the folder is left alone.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from aplan_desktop.atomic import FileHeldError, flush_file, flush_folder, remove_quietly, replace_when_free
from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import reason_text
from aplan_desktop.storage.database import APPLICATION_ID, schema_problem
from aplan_desktop.storage.schema import SCHEMA_VERSION
from aplan_desktop.storage.store import Store

NAME = re.compile(r"aplan-(\d{8}-\d{6})-([a-z]+)(?:-(\d+))?\.sqlite")
KEEP_NEWEST, KEEP_DAYS, KEEP_WEEKS, KEEP_MONTHS = 10, 7, 5, 12
_TEMPORARY_PREFIX = ".aplan-"
_SIDE_FILES = ("-wal", "-shm", "-journal")
_SCANNER_WAIT_S = 5.0
_HELD_BY_ANOTHER_PROGRAM = N_("The database {path} is open in another aplan window or program. Close it and try "
                              "again. Nothing was changed.")


class BackupError(UserError):
    """A backup could not be taken or restored; the message says why and what to do."""


@dataclass(eq=False)
class BackupInfo:
    """One backup file, as the restore dialog lists it. `problem` is set when it cannot be used."""

    path: Path
    taken_at: datetime
    reason: str
    size: int
    organisations: int = 0
    plans: int = 0
    reports: int = 0
    newest_organisation: str = ""
    newest_year: int | None = None
    version: int | None = None
    problem: BackupError | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def backup_folder(db_path: Path) -> Path:
    """Where the backups of a database file go by default."""
    return Path(db_path).parent / "backups"


# ------------------------------------------------------------------ taking a backup

def take_backup(store: Store, folder: Path | None = None, reason: str = "auto") -> Path:
    """A checked copy of the open database in `folder` (default: `backups` beside it); returns its path."""
    if not re.fullmatch("[a-z]+", reason):
        raise ValueError(f"a backup reason is lowercase letters, not {reason!r}")
    conn = store.conn
    if conn.in_transaction:
        raise BackupError(N_("A backup cannot be taken while a change is being saved. Try again in a moment."))
    folder = Path(folder) if folder else backup_folder(Path(conn.execute("PRAGMA database_list").fetchone()[2]))
    try:
        return copy_database(conn, folder, reason)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(N_("No backup could be written to {folder}: {reason}. Check that the disk is not full "
                             "and that you may write to the folder."), folder=str(folder), reason=reason_text(exc)) from None


def copy_database(conn: sqlite3.Connection, folder: Path, reason: str) -> Path:
    """A checked backup of any open connection (take_backup's work; also for the copy taken
    before a migration, where there is no Store yet).

    SQLite's backup API reads one consistent snapshot (WAL content included, other writers
    not blocked); the copy is switched out of WAL mode so it is a single file."""
    folder.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(folder)
    temporary = _temporary_file(folder)
    try:
        problem = _copy_and_check(conn, temporary)
        if problem:
            raise BackupError(N_("The backup copy failed the database check ({reason}) and was deleted. The database "
                                 "or the disk may be damaged: do not delete the older backups, and ask someone who "
                                 "looks after your computers to check the disk."), reason=problem)
        return _file_away(temporary, folder, reason)
    finally:
        _remove(temporary)


def _temporary_file(folder: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=_TEMPORARY_PREFIX, suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(name)


def _remove_stale_temporaries(folder: Path) -> None:
    """Half-written copies left by a power cut (ours only, and only when a day old)."""
    for path in folder.glob(_TEMPORARY_PREFIX + "*.tmp*"):
        try:
            if time.time() - path.stat().st_mtime > 86400:
                path.unlink()
        except OSError:
            pass


def _file_away(temporary: Path, folder: Path, reason: str) -> Path:
    """Flush a finished copy to disk and give it its backup name. A second backup within the
    same second gets a counter (-2, -3, …), whatever its reason, so the names keep their order."""
    flush_file(temporary)
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    same_second = [_parse_name(p) for p in folder.glob(f"aplan-{stamp}-*.sqlite*")]
    counter = max((parsed[1] for parsed in same_second if parsed), default=0) + 1
    target = folder / (f"aplan-{stamp}-{reason}" + (f"-{counter}" if counter > 1 else "") + ".sqlite")
    _replace(temporary, target)
    flush_folder(folder)
    return target


def _remove(path: Path) -> None:
    for p in (path, *(path.with_name(path.name + s) for s in _SIDE_FILES)):
        remove_quietly(p)  # one held open by a scanner is left for the next clean-up


def _replace(source: Path, target: Path) -> None:
    """Rename a flushed copy into place; an antivirus scanner may hold a new file for a moment."""
    replace_when_free(source, target, wait_s=_SCANNER_WAIT_S)


def _copy_and_check(source: sqlite3.Connection, target: Path) -> str:
    """Copy the database into `target` (SQLite's backup API, a self-contained file) and check
    the copy; what the check found wrong, or "" when the copy is sound."""
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
        return _integrity_problem(copy)
    finally:
        copy.close()


def _integrity_problem(conn: sqlite3.Connection, pragma: str = "integrity_check") -> str:
    """'' when SQLite finds the file sound, else its first complaint."""
    try:
        rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(5)")]
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "" if rows == ["ok"] else "; ".join(rows)


# ------------------------------------------------------------------ rotation

def _parse_name(path: Path) -> tuple[datetime, int, str] | None:
    match = NAME.fullmatch(path.name)
    if not match:
        return None
    try:
        taken_at = datetime.fromisoformat(match[1].replace("-", "T"))  # strptime would load _strptime and locale
    except ValueError:
        return None
    return taken_at, int(match[3] or 1), match[2]


def _backups(folder: Path) -> list[tuple[datetime, str, Path]]:
    """Our backup files in the folder, newest first."""
    if not Path(folder).is_dir():
        return []
    found = []
    for path in Path(folder).iterdir():
        parsed = _parse_name(path)
        if parsed and path.is_file():
            found.append((parsed, path))
    found.sort(key=lambda item: item[0][:2], reverse=True)
    return [(taken_at, reason, path) for (taken_at, _, reason), path in found]


def oldest_backup_time(folder: Path) -> datetime | None:
    """When the oldest backup in the folder was taken, read from the names alone (no file opened)."""
    backups = _backups(folder)
    return backups[-1][0] if backups else None


def _kept(backups: list[tuple[datetime, str, Path]], now: datetime) -> set[Path]:
    """The newest 10, and the newest of each of the last 7 days, 5 weeks and 12 months."""
    today = now.date()
    monday = today - timedelta(days=today.weekday())
    days = {today - timedelta(days=i) for i in range(KEEP_DAYS)}
    weeks = {monday - timedelta(weeks=i) for i in range(KEEP_WEEKS)}
    months = {_month(today, -i) for i in range(KEEP_MONTHS)}
    return ({path for _, _, path in backups[:KEEP_NEWEST]}
            | _newest_of_each(backups, lambda day: day, days)
            | _newest_of_each(backups, lambda day: day - timedelta(days=day.weekday()), weeks)
            | _newest_of_each(backups, lambda day: _month(day, 0), months))


def _newest_of_each(backups: list[tuple[datetime, str, Path]], slot, wanted: set) -> set[Path]:
    """The newest backup in each wanted slot (a day, the Monday of a week, a month)."""
    keep, seen = set(), set()
    for taken_at, _, path in backups:  # newest first, so the first one met in a slot is its newest
        key = slot(taken_at.date())
        if key in wanted and key not in seen:
            seen.add(key)
            keep.add(path)
    return keep


def _month(day: date, shift: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + shift
    return index // 12, index % 12 + 1


def prune_backups(folder: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation does not keep; returns the files deleted."""
    backups = _backups(folder)
    keep = _kept(backups, now or datetime.now())
    deleted = []
    for _, _, path in backups:
        if path not in keep:
            _remove(path)
            if not path.exists():
                deleted.append(path)
    return deleted


# ------------------------------------------------------------------ listing

def _open_read_only(path: Path) -> sqlite3.Connection:
    from urllib.request import pathname2url  # only here: opening the data file loads no web library

    url = pathname2url(str(Path(path).resolve()))
    if url.startswith("//") and not url.startswith("///"):  # a Windows network path: \\server\share\…
        url = "//" + url
    return sqlite3.connect(f"file:{url}?mode=ro", uri=True)


def _check_backup(conn: sqlite3.Connection, path: Path, pragma: str | None = "integrity_check") -> int:
    """The backup's data version, or BackupError saying why it cannot be restored."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise BackupError(N_("The file {path} is not a database. Choose another backup."), path=str(path)) from None
    if app_id != APPLICATION_ID:
        raise BackupError(N_("The file {path} is not an aplan backup. Choose another backup."), path=str(path))
    if version > SCHEMA_VERSION:
        raise BackupError(N_("The backup {path} was made by a newer version of aplan (data version {found}; this "
                             "program knows up to {known}). Install the newer version to restore it."),
                          path=str(path), found=version, known=SCHEMA_VERSION)
    problem = _integrity_problem(conn, pragma) if pragma else ""
    if problem:
        raise BackupError(N_("The backup {path} is damaged ({reason}). Choose another backup."),
                          path=str(path), reason=problem)
    problem = schema_problem(conn)
    if problem:
        raise BackupError(N_("The file {path} is not a whole aplan database ({reason}). Choose another backup."),
                          path=str(path), reason=problem)
    return version


_NEWEST_DOCUMENT = """
    SELECT o.name, d.year FROM (
        SELECT updated_at, year, organisation_id, 0 AS is_report FROM plans
        UNION ALL
        SELECT r.updated_at, p.year, p.organisation_id, 1 FROM reports r JOIN plans p ON p.id = r.plan_id
    ) d JOIN organisations o ON o.id = d.organisation_id
    ORDER BY d.updated_at DESC, d.year DESC, d.is_report DESC, o.name LIMIT 1
"""


def list_backups(folder: Path, check: bool = True) -> list[BackupInfo]:
    """Our backups in the folder, newest first, each with a summary of what it holds.

    With `check`, each file is read through (`PRAGMA quick_check`) so damage anywhere shows;
    without it only what the summary reads is seen, which is quicker for large files.
    """
    infos = []
    for taken_at, reason, path in _backups(folder):
        info = BackupInfo(path=path, taken_at=taken_at, reason=reason, size=path.stat().st_size)
        try:
            conn = _open_read_only(path)
        except sqlite3.Error:
            info.problem = BackupError(N_("The file {path} cannot be read. Choose another backup."), path=str(path))
            infos.append(info)
            continue
        try:
            info.version = _check_backup(conn, path, "quick_check" if check else None)
            info.organisations = conn.execute("SELECT count(*) FROM organisations").fetchone()[0]
            info.plans = conn.execute(
                "SELECT count(*) FROM plans p JOIN organisations o ON o.id = p.organisation_id").fetchone()[0]
            info.reports = conn.execute("SELECT count(*) FROM reports r JOIN plans p ON p.id = r.plan_id "
                                        "JOIN organisations o ON o.id = p.organisation_id").fetchone()[0]
            newest = conn.execute(_NEWEST_DOCUMENT).fetchone()
            if newest:
                info.newest_organisation, info.newest_year = newest
        except BackupError as exc:
            info.problem = exc
        except sqlite3.DatabaseError as exc:
            info.problem = BackupError(N_("The backup {path} is damaged ({reason}). Choose another backup."),
                                       path=str(path), reason=reason_text(exc))
        finally:
            conn.close()
        infos.append(info)
    return infos


# ------------------------------------------------------------------ restoring

def restore_backup(backup: Path, db_path: Path) -> Path | None:
    """Put a backup in the place of the database file (no Store may be open on it).

    The backup is checked first; the current database is then kept as a "restore" backup
    (returned; None when there was no database file). On any refusal the database file is
    left as it was.
    """
    backup, db_path = Path(backup), Path(db_path)
    if not backup.is_file():
        raise BackupError(N_("The backup file {path} does not exist. Choose another backup."), path=str(backup))
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise BackupError(N_("The file {path} is the database itself, not a backup. Choose a backup file."),
                          path=str(backup))
    try:
        source = _open_read_only(backup)
    except sqlite3.Error:
        raise BackupError(N_("The file {path} cannot be read. Choose another backup."), path=str(backup)) from None
    temporary = None
    try:
        _check_backup(source, backup)
        db_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temporary_file(db_path.parent)
        problem = _copy_and_check(source, temporary)
        if problem:
            raise BackupError(N_("The backup could not be copied correctly beside the database ({reason}). The disk "
                                 "may be failing. Your current data was not changed."), reason=problem)
        flush_file(temporary)
        safety = _set_aside(db_path) if db_path.exists() else None
        for suffix in ("-wal", "-shm"):
            db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
        try:
            _replace(temporary, db_path)
        except FileHeldError:
            raise BackupError(_HELD_BY_ANOTHER_PROGRAM, path=str(db_path)) from None
        flush_folder(db_path.parent)
        return safety
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(N_("The database {path} could not be replaced: {reason}. Close other programs that use it "
                             "(an antivirus scan can hold it for a moment), check that the disk is not full, and "
                             "try again."), path=str(db_path), reason=reason_text(exc)) from None
    finally:
        source.close()
        if temporary is not None:
            _remove(temporary)


def _set_aside(db_path: Path) -> Path:
    """Keep the current database as a "restore" backup before it is replaced.

    Switching it out of WAL mode folds any unsaved log into the file and fails when another
    program has it open, which is then refused. A file SQLite cannot copy cleanly (damaged,
    or not ours) is kept byte for byte instead, so nothing is ever lost by a restore.
    """
    folder = backup_folder(db_path)
    conn = sqlite3.connect(db_path, timeout=2, isolation_level=None)
    try:
        try:
            conn.execute("PRAGMA journal_mode=DELETE")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                raise BackupError(_HELD_BY_ANOTHER_PROGRAM, path=str(db_path)) from None
        except sqlite3.DatabaseError:
            pass  # not readable as a database: kept byte for byte below
        try:
            return copy_database(conn, folder, "restore")
        except (BackupError, sqlite3.DatabaseError):
            pass
    finally:
        conn.close()
    folder.mkdir(parents=True, exist_ok=True)
    temporary = _temporary_file(folder)
    try:
        shutil.copyfile(db_path, temporary)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copyfile(wal, temporary.with_name(temporary.name + "-wal"))
        target = _file_away(temporary, folder, "restore")
        if wal.exists():
            _replace(temporary.with_name(temporary.name + "-wal"), target.with_name(target.name + "-wal"))
        return target
    finally:
        _remove(temporary)


# ------------------------------------------------------------------ automatic backups

_CONTENT = ["organisations", "plans", "objectives", "measures", "reports", "entries", "history", "settings",
            "bundles", "trusted_keys"]


def _fingerprint(conn: sqlite3.Connection) -> str:
    """A digest of what people typed and received (evidence files by their sha256 only)."""
    import hashlib  # here: hashlib loads OpenSSL, which the window's start does without

    digest = hashlib.sha256()
    for table in _CONTENT:
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
            digest.update(repr(row).encode())
        digest.update(b"\0")
    for (sha256,) in conn.execute("SELECT sha256 FROM files ORDER BY sha256"):
        digest.update(sha256.encode())
    return digest.hexdigest()


def changed_since_last_backup(store: Store, folder: Path | None = None) -> bool:
    """Whether the database differs from its newest backup: a document, entry, history step,
    setting or bundle saved (or deleted) since it was taken.

    The newest backup's content is compared, not times: an edit in the same second as the
    backup is not missed, and a wrong computer clock (a flat BIOS battery after a power cut)
    cannot hide a change. No backup, or an unreadable or older-version newest one, counts
    as changed. It reads every row but the evidence files' contents: milliseconds.
    """
    conn = store.conn
    folder = Path(folder) if folder else backup_folder(Path(conn.execute("PRAGMA database_list").fetchone()[2]))
    backups = _backups(folder)
    if not backups:
        return True
    try:
        copy = _open_read_only(backups[0][2])
    except sqlite3.Error:
        return True
    try:
        return _fingerprint(copy) != _fingerprint(conn)
    except sqlite3.DatabaseError:
        return True
    finally:
        copy.close()
