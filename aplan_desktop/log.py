"""The program's log: `aplan.log` beside the data file, rotated when the program starts with it
past 1 MB (three old ones kept: `aplan.log.1` the newest).

Rotating at the start rather than while writing keeps `logging.handlers` (and the socket,
pickle and queue modules it brings) out of every command's start; a start writes a few lines,
so no log grows far past the limit. A log that another running copy of the program holds open
is not rotated until it is free (Windows refuses to rename an open file).

It holds what is needed to help a user from afar: the start-up facts (version, Windows or
other system, Python, Qt, the paths), every error the user was shown, and every fault of
the program with its traceback. Nothing typed into a plan or report is written to it.
Logging never stops the program: a log file that cannot be written is left alone.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from aplan_desktop import __version__

LOGGER = "aplan"
FILE_NAME = "aplan.log"
MAX_BYTES = 1_000_000
KEEP = 3

log = logging.getLogger(LOGGER)
log.addHandler(logging.NullHandler())  # until start_logging: nothing printed by logging's last resort


def log_fault(error: BaseException) -> None:
    """A fault of the program, with its traceback: what whoever looks after aplan needs to mend it."""
    import traceback

    log.error("fault: %s", "".join(traceback.format_exception(type(error), error, error.__traceback__)).rstrip())


def log_path(db_path: Path) -> Path:
    """Where the log of the program working on `db_path` is."""
    return Path(db_path).parent / FILE_NAME


def start_logging(db_path: Path, how: str) -> Path | None:
    """Send the program's log to `aplan.log` beside the data file and write the start-up facts.
    `how`: "window" or the command's name. The log's path, or None when it cannot be written."""
    path = log_path(db_path)
    stop_logging()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _rotate(path)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler.set_name(FILE_NAME)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    log.info("start: aplan %s (%s) on %s; Python %s; data file %s; program %s", __version__, how, system_name(),
             python_version(), db_path, program_folder())
    return path


def _rotate(path: Path) -> None:
    """A log past MAX_BYTES becomes `aplan.log.1`, the older ones move up one and the oldest
    past KEEP is dropped; a log that cannot be renamed now stays as it is."""
    try:
        if path.stat().st_size < MAX_BYTES:
            return
        for number in range(KEEP - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                older.replace(path.with_name(f"{path.name}.{number + 1}"))
        path.replace(path.with_name(f"{path.name}.1"))
    except OSError:
        return


def stop_logging() -> None:
    for handler in [h for h in log.handlers if h.get_name() == FILE_NAME]:
        log.removeHandler(handler)
        handler.close()


def system_name() -> str:
    """"Windows 10.0.19045 64-bit" and the like: the version as the system gives it (6.1 is
    Windows 7, 6.3 Windows 8.1, 10.0 Windows 10, and 11 from build 22000). Read without the
    `platform` module, 40 KB of bytecode at every start for these few facts."""
    bits = "64-bit" if sys.maxsize > 2**32 else "32-bit"
    if sys.platform == "win32":
        version = sys.getwindowsversion()
        service_pack = f" {version.service_pack}" if version.service_pack else ""
        return f"Windows {version.major}.{version.minor}.{version.build}{service_pack} {bits}"
    system = os.uname()
    return f"{system.sysname} {system.release} {system.machine}"


def python_version() -> str:
    return sys.version.split()[0]


def program_folder() -> Path:
    frozen = getattr(sys, "frozen", False)
    return Path(sys.executable).parent if frozen else Path(__file__).resolve().parent


def details(message: str, db_path: Path | None = None) -> str:
    """What "Copy details" puts on the clipboard: the message and the facts to help with it."""
    lines = [message, "", f"aplan {__version__}, {system_name()}, Python {python_version()}"]
    if db_path is not None:
        lines += [f"data file: {db_path}", f"log: {log_path(db_path)}"]
    return "\n".join(lines)
