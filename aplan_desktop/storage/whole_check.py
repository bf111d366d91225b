"""When an opening reads the whole data file through, and when it may trust the last reading.

`PRAGMA quick_check` reads every page of the file: about 120 ms for a 75 MB file (an aimag's
ten years) on a fast machine, seconds on an old PC's disk. Run at every opening, every start of
the window and every command paid it. It is run when damage may have come since the file was
last found whole:

- no check is recorded: a new file, a file copied or moved here, a backup put in its place;
- the last session did not close cleanly: SQLite's own `-wal` or `-journal` is beside the file
  (the last connection to close removes them; a power cut or a kill leaves them), or another
  program has the file open right now;
- the file is not the one aplan left: its size, modification time or file number differ from
  what the last clean closing recorded (another program wrote to it, or a copy was put in its
  place);
- another version of aplan did the last check;
- a day has passed since the last check (or the clock says it lies in the future).

Otherwise the file is byte for byte as aplan left it after finding it whole, and the opening
reads only its header and schema, as every opening does (`database._check_ours`,
`database._check_schema`). What waits for the next day's check: a disk spoiling a page it was
not asked to write, after a clean closing; SQLite says "malformed" when it reads such a page,
and the backups are checked with `integrity_check` when they are taken.

The record is a small JSON file beside the data file (`aplan.sqlite-checked`). Its time moves
only when a check has passed (or a new file was made); a clean closing only brings the file's
size, time and number up to date, and keeps the time of the check. A record that cannot be read
or written only means that the next opening checks. (A cheaper check of the header's page count
against the file's size would add nothing: the size is part of what is compared.)
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aplan_desktop import __version__
from aplan_desktop.atomic import write_atomic
from aplan_desktop.core.errors import UserError

CHECK_EVERY = timedelta(days=1)
_LEFT_BY_A_SESSION = ("-wal", "-journal")


def record_path(db: Path) -> Path:
    """Where the last check of `db` is recorded."""
    return db.with_name(db.name + "-checked")


def check_due(db: Path, now: datetime | None = None) -> bool:
    """Whether this opening must read the whole file through (see the module's docstring)."""
    record = _read(db)
    if record is None or _session_left_files(db):
        return True
    now = now or datetime.now(timezone.utc)
    try:
        at = datetime.fromisoformat(record["at"])
        unchanged = record["version"] == __version__ and record["file"] == _identity(db)
        return not (unchanged and now - CHECK_EVERY < at <= now)
    except (KeyError, TypeError, ValueError, OSError):  # a record of another shape, a file gone
        return True


def record_check(db: Path, at: datetime | None = None) -> None:
    """The whole file was just found whole: written down with the file as it is now."""
    _write(db, (at or datetime.now(timezone.utc)).isoformat(timespec="seconds"), __version__)


def record_clean_close(db: Path) -> None:
    """After a closing: the file as aplan left it, with the last check's time and version.
    Nothing when another program still has the file open (its `-wal` stays), no check is
    recorded, or the file did not change (a session that only read)."""
    record = _read(db)
    if record is None or _session_left_files(db):
        return
    try:
        if record["file"] != _identity(db):
            _write(db, str(record["at"]), str(record["version"]))
    except (KeyError, OSError):
        return


def _identity(db: Path) -> dict:
    """What tells this file from an edited one or another put in its place."""
    st = db.stat()
    return {"path": str(db.resolve()), "size": st.st_size, "modified_ns": st.st_mtime_ns, "number": st.st_ino}


def _session_left_files(db: Path) -> bool:
    return any(os.path.exists(f"{db}{suffix}") for suffix in _LEFT_BY_A_SESSION)


def _read(db: Path) -> dict | None:
    try:
        record = json.loads(record_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _write(db: Path, at: str, version: str) -> None:
    """Without waiting for a program that holds the record (the next opening then checks)."""
    try:
        data = json.dumps({"at": at, "version": version, "file": _identity(db)}).encode()
        write_atomic(record_path(db), data, wait_s=0)
    except (OSError, UserError):
        pass
