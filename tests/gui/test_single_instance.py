"""A second launch hands its files to the running app: real processes on a real local socket."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDir

from autograph_desktop.apppaths import app_paths
from autograph_desktop.gui.app import bring_forward
from autograph_desktop.gui.main_window import MainWindow
from autograph_desktop.gui.single_instance import (
    MAX_MESSAGE_BYTES,
    InstanceServer,
    decode_request,
    hand_over,
    server_name,
)

ROOT = Path(__file__).resolve().parents[2]
unix_only = pytest.mark.skipif(sys.platform == "win32", reason="writes to the Unix socket directly")


def _env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _launch(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "autograph_desktop", *args], env=_env(), text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_exit(qtbot: Any, process: subprocess.Popen[str], timeout_ms: int = 60000) -> int:
    """Let this (the running app's) event loop work while the other process talks to it."""
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=timeout_ms)
    _out, err = process.communicate()
    assert process.returncode == 0, err
    return int(process.returncode)


@pytest.fixture
def server(qtbot: Any, autograph_home: Path) -> Any:
    instance = InstanceServer(server_name(app_paths().data_dir))
    assert instance.listen()
    yield instance
    instance.close()


def _raw_send(name: str, payload: bytes) -> bytes:
    """A hostile or broken client: writes bytes straight to the socket file, returns the reply."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(20)
        client.connect(os.path.join(QDir.tempPath(), name))
        with contextlib.suppress(OSError):  # the server may close on us mid-way through a huge write
            client.sendall(payload)
        chunks = []
        while True:
            try:
                chunk = client.recv(4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_the_name_is_per_user_and_per_data_folder(tmp_path: Path) -> None:
    first, second = server_name(tmp_path / "a"), server_name(tmp_path / "b")
    assert first != second and first == server_name(tmp_path / "a")
    assert first.startswith("autograph-") and len(first) < 40  # Unix socket paths are short


@pytest.mark.timeout(120)
def test_a_second_launch_opens_its_file_in_the_running_window(
        main_window: MainWindow, server: InstanceServer, qtbot: Any, tmp_path: Path) -> None:
    server.files_requested.connect(lambda files: bring_forward(main_window, files))
    diagram = tmp_path / "handed.mmd"
    diagram.write_text("flowchart LR\n  Handed --> Over\n", encoding="utf-8")
    before = len(main_window.document_tabs())
    second = _launch(str(diagram))
    assert _wait_exit(qtbot, second) == 0
    tabs = main_window.document_tabs()
    assert len(tabs) == before + 1
    assert tabs[-1].path == str(diagram) and "Handed --> Over" in tabs[-1].code


@pytest.mark.timeout(120)
def test_a_launch_without_files_brings_the_window_forward(
        main_window: MainWindow, server: InstanceServer, qtbot: Any) -> None:
    requests: list[list[str]] = []
    server.files_requested.connect(requests.append)
    main_window.showMinimized()
    server.files_requested.connect(lambda files: bring_forward(main_window, files))
    second = _launch()
    assert _wait_exit(qtbot, second) == 0
    assert requests == [[]]
    assert not main_window.isMinimized()


@pytest.mark.timeout(120)
def test_the_client_reports_delivery_from_another_process(server: InstanceServer, qtbot: Any, tmp_path: Path) -> None:
    received: list[list[str]] = []
    server.files_requested.connect(received.append)
    real = tmp_path / "real.autograph"
    real.write_text("{}", encoding="utf-8")
    code = ("import sys; from autograph_desktop.gui.single_instance import hand_over; "
            f"sys.exit(0 if hand_over([{str(real)!r}, {str(tmp_path / 'missing.autograph')!r}], {server.name!r}) else 3)")
    client = subprocess.Popen([sys.executable, "-c", code], env=_env(), text=True, stderr=subprocess.PIPE)
    assert _wait_exit(qtbot, client) == 0
    assert received == [[str(real)]]  # a path that is not a file is never passed on


def test_no_server_means_no_hand_over(qtbot: Any, tmp_path: Path) -> None:
    assert hand_over([], server_name(tmp_path / "nobody"), timeout_ms=500) is False


@unix_only
@pytest.mark.parametrize("payload", [
    b"not json\n",
    b'{"open": "/etc/passwd"}\n',
    b'{"open": [1, 2]}\n',
    b'{"open": ["/tmp/\\u0000x"]}\n',
    b'{"open": [' + b'"/x",' * 300 + b'"/y"]}\n',
    b"[]\n",
    b"\xff\xfe\n",
])
def test_malformed_requests_are_refused(server: InstanceServer, qtbot: Any, payload: bytes) -> None:
    received: list[list[str]] = []
    server.files_requested.connect(received.append)
    reply: list[bytes] = []
    client = threading.Thread(target=lambda: reply.append(_raw_send(server.name, payload)))
    client.start()
    qtbot.waitUntil(lambda: not client.is_alive(), timeout=20000)
    assert reply == [b"refused\n"] and received == []


@unix_only
def test_an_endless_message_is_cut_off_and_the_server_keeps_serving(
        server: InstanceServer, qtbot: Any, tmp_path: Path) -> None:
    received: list[list[str]] = []
    server.files_requested.connect(received.append)
    reply: list[bytes] = []
    flood = threading.Thread(target=lambda: reply.append(_raw_send(server.name, b"x" * (MAX_MESSAGE_BYTES * 4))))
    flood.start()
    qtbot.waitUntil(lambda: not flood.is_alive(), timeout=20000)
    assert reply in ([b"refused\n"], [b""]) and received == []
    good = tmp_path / "after.autograph"
    good.write_text("{}", encoding="utf-8")
    after: list[bytes] = []
    client = threading.Thread(
        target=lambda: after.append(_raw_send(server.name, b'{"open": ["' + str(good).encode() + b'"]}\n')))
    client.start()
    qtbot.waitUntil(lambda: not client.is_alive(), timeout=20000)
    assert after == [b"ok\n"] and received == [[str(good)]]


@unix_only
def test_a_socket_left_by_a_crashed_app_is_taken_over(qtbot: Any, tmp_path: Path) -> None:
    name = server_name(tmp_path / "crashed")
    path = os.path.join(QDir.tempPath(), name)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)  # bound, never listening, closed without unlinking: what a killed app leaves
    stale.close()
    try:
        instance = InstanceServer(name)
        assert instance.listen()
        instance.close()
    finally:
        if os.path.exists(path):
            os.unlink(path)


def test_a_live_app_keeps_its_name(server: InstanceServer, qtbot: Any) -> None:
    rival = InstanceServer(server.name)
    assert rival.listen() is False
    assert server.server.isListening()


def test_decoding_accepts_only_absolute_existing_files(tmp_path: Path) -> None:
    real = tmp_path / "a.autograph"
    real.write_text("{}", encoding="utf-8")
    assert decode_request(b'{"open": ["%s", "relative.autograph", "%s"]}' % (str(real).encode(),
                                                                             str(tmp_path).encode())) == [str(real)]
    assert decode_request(b'{"open": []}') == []
    assert decode_request(b'{"files": []}') is None


def test_a_file_opened_from_the_macos_finder_opens_in_the_window(
        main_window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtGui import QFileOpenEvent
    from PySide6.QtWidgets import QApplication

    from autograph_desktop.gui.app import FileOpenRequests

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    diagram = tmp_path / "finder.mmd"
    diagram.write_text("flowchart TD\n  Finder --> App\n", encoding="utf-8")
    requests = FileOpenRequests(app, main_window)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(diagram)))
        assert main_window.document_tabs()[-1].path == str(diagram)
    finally:
        app.removeEventFilter(requests)
