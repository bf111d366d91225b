"""Windows' file rules, imposed on Linux at Python's level, so the suite meets what users' PCs do.

Switched on for the whole run by `APLAN_WINDOWS_RULES=1` or `pytest --windows-rules`, and for
one test by the `windows_rules` fixture. Under the rules:

- `os.fsync` refuses a handle opened read-only ("Bad file descriptor", as Windows' `_commit`),
  and a folder cannot be opened with `os.open` at all (so it cannot be flushed either);
- a file open in this process (through Python, or SQLite's own handles: any descriptor in
  /proc/self/fd) or held by another program (`hold_like_excel`) cannot be replaced, renamed or
  deleted: `PermissionError` with `winerror` 32, the sharing violation; a file another program
  holds cannot be opened for writing either;
- reserved device names (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with any extension), names ending
  in a dot or a space and the characters <>:"|?* are refused (Windows would write to a device
  or silently drop the dot), as is a path of 260 characters or more (MAX_PATH);
- names are case-insensitive: "Report.PDF" is the file "report.pdf" when that one exists.

Not covered: what SQLite's C code does with its files (its locking, journal deletes, the
mapping of -shm), what Qt does in C++, and share modes finer than "held" (Python's `open` on
Windows shares read and write but not delete, which is what is modelled).
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import re
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
    import posix
except ImportError:  # on Windows itself, whose own rules apply
    fcntl = posix = None

ENV = "APLAN_WINDOWS_RULES"
MAX_PATH = 260
_RESERVED = re.compile(r"(CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9])(\..*)?", re.IGNORECASE)
_BAD_CHARACTERS = set('<>:"|?*')


class SharingViolation(PermissionError):
    """What Windows raises when another handle holds the file (ERROR_SHARING_VIOLATION)."""

    winerror = 32

    def __init__(self, filename: str) -> None:
        super().__init__(errno.EACCES, "The process cannot access the file because it is being used by another "
                                       "process", filename)


_held_by_others: set[int] = set()  # process ids of the helpers that hold files as Excel would
_saved: dict[tuple[object, str], object] = {}


def active() -> bool:
    return bool(_saved)


# ------------------------------------------------------------------ the checks

def _text(path) -> str | None:
    """The path as text, or None for a file descriptor (nothing to check then)."""
    if isinstance(path, int):
        return None
    path = os.fspath(path)
    return os.fsdecode(path) if isinstance(path, bytes) else path


def _check_name(path: str) -> None:
    """Reserved names, trailing dots and spaces, forbidden characters, MAX_PATH."""
    absolute = os.path.abspath(path)
    if len(absolute) >= MAX_PATH:
        error = FileNotFoundError(errno.ENOENT, "The filename or extension is too long", path)
        error.winerror = 206
        raise error
    for part in absolute.split("/")[1:]:
        if not part or part in (".", ".."):
            continue
        if _RESERVED.fullmatch(part) or part[-1] in ". " or _BAD_CHARACTERS & set(part):
            error = OSError(errno.EINVAL, "The filename, directory name, or volume label syntax is incorrect", path)
            error.winerror = 123
            raise error


def _fold(path: str) -> str:
    """The path as Windows finds it: a component that does not exist in this case matches one
    that exists in another case."""
    if _exists(path):
        return path
    absolute = os.path.abspath(path)
    found = "/"
    for part in absolute.split("/")[1:]:
        candidate = os.path.join(found, part)
        if not _exists(candidate):
            try:
                names = posix.listdir(found)
            except OSError:
                names = []
            match = [n for n in names if n.casefold() == part.casefold()]
            if match:
                candidate = os.path.join(found, match[0])
        found = candidate
    return found


def _exists(path: str) -> bool:
    try:
        posix.lstat(path)
        return True
    except OSError:
        return False


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = posix.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _open_in(pid: str, identity: tuple[int, int]) -> bool:
    folder = f"/proc/{pid}/fd"
    try:
        fds = posix.listdir(folder)
    except OSError:
        return False
    for fd in fds:
        try:
            st = posix.stat(f"{folder}/{fd}")
        except OSError:
            continue
        if (st.st_dev, st.st_ino) == identity:
            return True
    return False


def _held_elsewhere(path: str) -> bool:
    identity = _identity(path)
    return identity is not None and any(_open_in(str(pid), identity) for pid in _held_by_others)


def _check_not_held(path: str) -> None:
    """A file with an open handle (here or in another program) cannot be replaced or deleted."""
    identity = _identity(path)
    if identity is None or not os.path.isfile(path):
        return
    if _open_in("self", identity) or _held_elsewhere(path):
        raise SharingViolation(path)


def _writes(mode: str | int) -> bool:
    if isinstance(mode, int):
        return mode & os.O_ACCMODE != os.O_RDONLY or bool(mode & os.O_TRUNC)
    return any(c in mode for c in "wax+")


# ------------------------------------------------------------------ the wrapped functions

def _open(original):
    def open_(file, mode="r", *args, **kwargs):
        path = _text(file)
        if path is not None:
            _check_name(path)
            path = _fold(path)
            if _writes(mode) and _held_elsewhere(path):
                raise SharingViolation(path)
            file = path
        return original(file, mode, *args, **kwargs)
    return open_


def _os_open(original):
    def os_open(path, flags, mode=0o777, *, dir_fd=None):
        text = _text(path)
        if dir_fd is None and text is not None:
            _check_name(text)
            text = _fold(text)
            if os.path.isdir(text):
                raise PermissionError(errno.EACCES, "Permission denied", text)
            if _writes(flags) and _held_elsewhere(text):
                raise SharingViolation(text)
            path = text
        return original(path, flags, mode, dir_fd=dir_fd)
    return os_open


def _fsync(original):
    def fsync(fd):
        number = fd if isinstance(fd, int) else fd.fileno()
        if fcntl.fcntl(number, fcntl.F_GETFL) & os.O_ACCMODE == os.O_RDONLY:
            raise OSError(errno.EBADF, "Bad file descriptor")
        return original(fd)
    return fsync


def _move(original):
    def move(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        if src_dir_fd is None and dst_dir_fd is None:
            source, target = _fold(_text(src)), _text(dst)
            _check_name(target)
            target = _fold(target)
            _check_not_held(source)
            _check_not_held(target)
            src, dst = source, target
        return original(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)
    return move


def _delete(original):
    def delete(path, *, dir_fd=None):
        if dir_fd is None:
            path = _fold(_text(path))
            _check_not_held(path)
        return original(path, dir_fd=dir_fd)
    return delete


def _mkdir(original):
    def mkdir(path, mode=0o777, *, dir_fd=None):
        if dir_fd is None:
            _check_name(_text(path))
            path = _fold(_text(path))
        return original(path, mode, dir_fd=dir_fd)
    return mkdir


def _stat(original):
    def stat(path, *, dir_fd=None, follow_symlinks=True):
        text = _text(path)
        if dir_fd is None and text is not None:
            if len(os.path.abspath(text)) >= MAX_PATH:
                raise FileNotFoundError(errno.ENOENT, "The filename or extension is too long", text)
            path = _fold(text)
        return original(path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)
    return stat


def _connect(original):
    def connect(database, *args, **kwargs):
        if not kwargs.get("uri") and not (args[5:6] and args[5]):
            text = _text(database)
            if text != ":memory:" and text:
                _check_name(text)
                database = _fold(text)
        return original(database, *args, **kwargs)
    return connect


_WRAPPERS = [(builtins, "open", _open), (io, "open", _open), (os, "open", _os_open), (os, "fsync", _fsync),
             (os, "replace", _move), (os, "rename", _move), (os, "unlink", _delete), (os, "remove", _delete),
             (os, "mkdir", _mkdir), (os, "stat", _stat)]


def install(sqlite: bool = True) -> None:
    """Impose the rules on this process (idempotent). Without `sqlite`, sqlite3 is not imported
    (a child process whose imports a test watches)."""
    if active() or posix is None or not sys.platform.startswith("linux"):
        return  # /proc/<pid>/fd is Linux's; on Windows the real rules apply
    wrappers = list(_WRAPPERS)
    if sqlite:
        import sqlite3

        wrappers.append((sqlite3, "connect", _connect))
    for module, name, wrap in wrappers:
        original = getattr(module, name)
        _saved[(module, name)] = original
        setattr(module, name, wrap(original))
    _saved[(shutil, "_use_fd_functions")] = shutil._use_fd_functions
    shutil._use_fd_functions = False  # Windows' rmtree walks by name, not by folder handles


def uninstall() -> None:
    for (module, name), original in _saved.items():
        setattr(module, name, original)
    _saved.clear()


@contextmanager
def imposed(on: bool = True):
    """The rules on (or off) for a block, then as they were."""
    was = active()
    install() if on else uninstall()
    try:
        yield
    finally:
        install() if was else uninstall()


# ------------------------------------------------------------------ another program

_HOLDER = """
import sys
f = open(sys.argv[1], "rb")
print("held", flush=True)
sys.stdin.readline()
f.close()
print("released", flush=True)
sys.stdin.readline()
"""


class Holder:
    """A second program with the file open; `release()` closes it, as the user closing Excel."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        if self.process.stdout.readline().strip() != "held":
            raise RuntimeError(f"the helper could not open {path}")
        _held_by_others.add(self.process.pid)

    def release(self) -> None:
        if self.process.poll() is None and not self.process.stdin.closed:
            self.process.stdin.write("close\n")
            self.process.stdin.flush()
            self.process.stdout.readline()

    def release_after(self, seconds: float) -> threading.Timer:
        timer = threading.Timer(seconds, self.release)
        timer.start()
        return timer

    def end(self) -> None:
        _held_by_others.discard(self.process.pid)
        self.process.stdin.close()
        self.process.wait(timeout=10)
        self.process.stdout.close()


@contextmanager
def hold_like_excel(path: Path):
    """Another program keeps `path` open, as Excel keeps a workbook or Acrobat a PDF: under the
    rules it cannot be replaced, deleted or opened for writing until it is released."""
    holder = Holder(Path(path))
    try:
        yield holder
    finally:
        holder.end()
