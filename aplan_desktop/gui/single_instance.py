"""One window per data file: a second start brings the first window forward instead of
opening the same database twice, and hands it the bundles it was started with (a double-click
on an e-mailed `.aplan` file while aplan is open).

The program working on a data file holds a lock file for it (in the system's temporary folder,
named for the data file) from its start to its end; Qt's lock is taken again when the program
that held it is gone (a crash, a power cut). A start that finds the lock held hands over
through a local socket, on which the running program listens once its window is shown: only
then is QtNetwork loaded (about 25 of Qt's enumerations and 8 ms a start that opens its window
does without before it is shown).
"""

from __future__ import annotations

import tempfile
import time
import zlib
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal

_GREETING = b"aplan-start\n"
_MAX_MESSAGE = 1_000_000  # a start with thousands of files is still far below
PATIENCE_MS = 10_000  # how long a second start waits for the first to listen (a slow first start)

FREE, HANDED_OVER, NOT_ANSWERING = "free", "handed over", "not answering"

_held: dict[str, QLockFile] = {}  # the data files this program works on, by channel name


def channel_name(db_path: Path) -> str:
    """The lock's and the listening socket's name for a data file: 64 bits of two checksums of
    its full path (zlib comes with Python's start; hashlib would load OpenSSL for it, about 3 ms)."""
    path = str(Path(db_path).resolve()).encode()
    return f"aplan-{zlib.crc32(path):08x}{zlib.adler32(path):08x}"


def claim(db_path: Path) -> bool | None:
    """Take the data file's lock for this program (until `release`): True when it has it, False
    when another running program holds it, None when no lock can be made here (a temporary
    folder that cannot be written: then the socket alone tells)."""
    name = channel_name(db_path)
    if name in _held:
        return True
    lock = QLockFile(str(Path(tempfile.gettempdir()) / f"{name}.lock"))
    lock.setStaleLockTime(0)  # held as long as the program runs: stale only when its program is gone
    if lock.tryLock(0):
        _held[name] = lock
        return True
    return False if lock.error() == QLockFile.LockError.LockFailedError else None


def release() -> None:
    """The program ends: its data files are free for the next start."""
    while _held:
        _held.popitem()[1].unlock()


def hand_over(db_path: Path, files: list[Path] = (), patience_ms: int = PATIENCE_MS) -> str:
    """FREE when no other aplan has this data file open (this program holds it from now on);
    HANDED_OVER when one has, and it was asked to come forward and to import `files`;
    NOT_ANSWERING when one holds it but has not listened within `patience_ms` (it waits for an
    answer in a dialog before its window, or hangs)."""
    held = claim(db_path)
    if held:
        return FREE
    deadline = time.monotonic() + patience_ms / 1000
    while not wake_running_instance(db_path, files):
        if held is None:  # no lock tells that another program has it: nobody listening means nobody
            return FREE
        if time.monotonic() >= deadline:
            return NOT_ANSWERING
        time.sleep(0.1)  # the other program is still starting: it listens once its window is shown
    return HANDED_OVER


def wake_running_instance(db_path: Path, files: list[Path] = (), timeout_ms: int = 500) -> bool:
    """True when another aplan listens for this data file; it has been asked to come forward and
    to import `files` (absolute paths, since its working folder is not ours)."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(channel_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        socket.abort()
        return False
    socket.write(_GREETING + "\n".join(str(Path(f).absolute()) for f in files).encode("utf-8"))
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(timeout_ms)
    return True


class InstanceGuard(QObject):
    """Listens for later starts on the same data file (and holds its lock)."""

    wake_requested = Signal()
    files_received = Signal(list)  # the paths a later start was given, as Path objects

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        claim(db_path)
        self.server = QLocalServer(self)
        name = channel_name(db_path)
        QLocalServer.removeServer(name)  # a channel left by a program that crashed
        self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            received = bytearray()
            # The other start writes its few bytes at once and disconnects: read them here, briefly.
            while len(received) <= _MAX_MESSAGE:
                received.extend(bytes(socket.readAll()))
                if socket.state() != QLocalSocket.LocalSocketState.ConnectedState or not socket.waitForReadyRead(1000):
                    break
            received.extend(bytes(socket.readAll()))
            socket.abort()
            socket.deleteLater()
            self._started(bytes(received))

    def _started(self, message: bytes) -> None:
        self.wake_requested.emit()
        if not message.startswith(_GREETING):
            return
        lines = message[len(_GREETING):].decode("utf-8", errors="replace").splitlines()
        files = [Path(line) for line in lines if line.strip()]
        if files:
            self.files_received.emit(files)
