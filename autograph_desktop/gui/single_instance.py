"""One AutoGraph per user: a second launch hands its files to the running app and exits.

The running app listens on a local socket (QLocalServer: a Unix socket in the temp folder, a named pipe on
Windows) whose name is made from the user and the data folder, so another user's app, or a test with its
own `AUTOGRAPH_HOME`, is never reached, and the socket is open to this user only. A message is one line of
JSON, `{"open": [absolute paths]}`, answered with `ok`. Any process of the same user can write to the
socket, so anything else (too long, not JSON, the wrong shape, paths that are not files) is refused.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

log = logging.getLogger(__name__)
#: The longest message read; a longer one is cut off and refused (a launch names a few files).
MAX_MESSAGE_BYTES = 64 * 1024
MAX_FILES = 200
HANDOVER_TIMEOUT_MS = 3000


def server_name(data_dir: Path) -> str:
    """The socket name for this user and data folder (short: Unix socket paths are limited to ~100 bytes)."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment or passwd (containers)
        user = str(os.getuid()) if os.name == "posix" else "user"
    digest = hashlib.sha256(f"{user}\0{data_dir.resolve()}".encode()).hexdigest()[:16]
    return f"autograph-{digest}"


def encode_request(paths: list[str]) -> bytes:
    return json.dumps({"open": [os.path.abspath(p) for p in paths]}).encode() + b"\n"


def decode_request(line: bytes) -> list[str] | None:
    """The files a request asks to open (existing files only), or None for a message that is not one."""
    try:
        data = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("open"), list) or len(data["open"]) > MAX_FILES:
        return None
    paths = data["open"]
    if not all(isinstance(p, str) and p and "\0" not in p for p in paths):
        return None
    return [p for p in paths if os.path.isabs(p) and os.path.isfile(p)]


def hand_over(paths: list[str], name: str, timeout_ms: int = HANDOVER_TIMEOUT_MS) -> bool:
    """Ask the running app to open `paths` (none: just come to the front). True when it said it will."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    try:
        socket.write(encode_request(paths))
        if not socket.waitForBytesWritten(timeout_ms):
            return False
        while not socket.canReadLine():
            if not socket.waitForReadyRead(timeout_ms):
                return False
        return bytes(socket.readLine().data()).strip() == b"ok"
    finally:
        socket.abort()


class InstanceServer(QObject):
    """Listens for later launches and emits the files they bring (an empty list: show the window)."""

    files_requested = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        """Start listening; False when another live app holds the name (this one then runs on its own).

        Asked first, because Qt's listen with access options replaces an existing socket file, live or not.
        """
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(300):
            probe.abort()
            return False
        if self.server.listen(self.name):
            return True
        if self.server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
            QLocalServer.removeServer(self.name)  # left behind by an app that crashed
            if self.server.listen(self.name):
                return True
        log.warning("single instance: cannot listen on %s: %s", self.name, self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _read(self, socket: QLocalSocket) -> None:
        if socket not in self._buffers:
            return
        data = self._buffers[socket] + bytes(socket.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE_BYTES:
                log.warning("single instance: refused an over-long message")
                self._finish(socket, b"refused\n")
            else:
                self._buffers[socket] = data
            return
        line = data.split(b"\n", 1)[0]
        paths = decode_request(line) if len(line) <= MAX_MESSAGE_BYTES else None
        if paths is None:
            log.warning("single instance: refused a malformed message")
            self._finish(socket, b"refused\n")
            return
        self._finish(socket, b"ok\n")
        self.files_requested.emit(paths)

    def _finish(self, socket: QLocalSocket, reply: bytes) -> None:
        self._buffers.pop(socket, None)
        socket.write(reply)
        socket.flush()
        socket.disconnectFromServer()
