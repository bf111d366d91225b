"""Writing a file so that it is either the old one or the whole new one, never half of it, on
Windows as on Linux.

Windows' rules are the ones written for: `fsync` only on a handle opened for writing; a file
another program holds open (Excel a table, Acrobat a PDF, an antivirus scanner a new file for a
moment) cannot be replaced, so replacing is tried again for a short while and then refused with
a sentence that names the file; a folder cannot be opened, so it is flushed only elsewhere.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from aplan_desktop.core.errors import N_, UserError

WAIT_FOR_HELD_FILE_S = 2.0
_RETRY_EVERY_S = 0.25


class FileHeldError(UserError):
    """The file to be replaced is held open by another program (or is read-only); the old one
    is unchanged."""


def write_atomic(path: Path, data: bytes, wait_s: float = WAIT_FOR_HELD_FILE_S) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then put it in place.

    When `path` is held open elsewhere, FileHeldError after `wait_s`; the old file stays whole."""
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        replace_when_free(Path(temporary), path, wait_s)
    except BaseException:
        remove_quietly(Path(temporary))
        raise


def replace_when_free(source: Path, target: Path, wait_s: float = WAIT_FOR_HELD_FILE_S) -> None:
    """os.replace, tried again for `wait_s` while Windows refuses it (a sharing violation: the
    target, or the new file, is open in another program); then FileHeldError naming `target`."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if time.monotonic() >= deadline:
                if Path(target).is_file():
                    raise FileHeldError(N_("The file {path} is open in another program (Excel, Acrobat or a PDF "
                                           "viewer), or it is read-only, so it could not be replaced. Close it "
                                           "there and try again. The old file was not changed."),
                                        path=str(target)) from None
                raise
            time.sleep(_RETRY_EVERY_S)


def flush_file(path: Path) -> None:
    """Flush a closed file's contents to disk: through a handle opened for writing, the only
    kind Windows flushes ("Bad file descriptor" on a read-only one)."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def flush_folder(path: Path) -> None:
    """Make a rename in `path` durable where the system allows it (POSIX); Windows cannot open
    a folder as a file and keeps its entries by itself, so there it is skipped."""
    if os.name == "nt":
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> bool:
    """Delete a file of ours if it can be; one held open (a scanner) is left for the next
    clean-up. Whether it is gone."""
    try:
        Path(path).unlink(missing_ok=True)
        return True
    except OSError:
        return False
