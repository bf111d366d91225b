"""One window per data file: a second start brings the first window forward instead of
opening the same database twice, and hands it the bundles it was started with (a double-click
on an e-mailed `.aplan` file while aplan is open)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

_GREETING = b"aplan-start\n"
_MAX_MESSAGE = 1_000_000  # a start with thousands of files is still far below


def channel_name(db_path: Path) -> str:
    return "aplan-" + hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:16]


def wake_running_instance(db_path: Path, files: list[Path] = (), timeout_ms: int = 500) -> bool:
    """True when another aplan has this data file open; it has been asked to come forward and
    to import `files` (absolute paths, since its working folder is not ours)."""
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
    """Listens for later starts on the same data file."""

    wake_requested = Signal()
    files_received = Signal(list)  # the paths a later start was given, as Path objects

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        name = channel_name(db_path)
        QLocalServer.removeServer(name)  # a channel left by a program that crashed
        self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
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
