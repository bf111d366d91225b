"""One window per data file: a second start brings the first window forward instead of
opening the same database twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def channel_name(db_path: Path) -> str:
    return "aplan-" + hashlib.sha1(str(Path(db_path).resolve()).encode()).hexdigest()[:16]


def wake_running_instance(db_path: Path, timeout_ms: int = 500) -> bool:
    """True when another aplan has this data file open; it has been asked to come forward."""
    socket = QLocalSocket()
    socket.connectToServer(channel_name(db_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"show")
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class InstanceGuard(QObject):
    """Listens for later starts on the same data file."""

    wake_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        name = channel_name(db_path)
        QLocalServer.removeServer(name)  # a channel left by a program that crashed
        self.server.listen(name)
        self.server.newConnection.connect(self._connected)

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            self.server.nextPendingConnection().deleteLater()
            self.wake_requested.emit()
