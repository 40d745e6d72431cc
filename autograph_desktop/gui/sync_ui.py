"""Sync in the window: the status-bar indicator, the Account menu, and remote changes applied on the GUI thread.

The worker thread (`sync.worker`) does the network; when a pulled change reaches a diagram open in a tab,
`GuiApplier` runs the rebase on the GUI thread against that tab's session, so the canvas updates live and
the undo history stays coherent. Status changes cross to the GUI thread through a queued signal.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtNetwork import QNetworkInformation
from PySide6.QtWidgets import QLabel, QMenu

from autograph_desktop.apppaths import app_paths
from autograph_desktop.store import Library
from autograph_desktop.store.session import DocumentSession
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.applier import Applied, LibraryApplier
from autograph_desktop.sync.context import SyncContext, sync_context
from autograph_desktop.sync.errors import SyncError
from autograph_desktop.sync.rebase import Pending
from autograph_desktop.sync.state import last_synced
from autograph_desktop.sync.synclog import LogEntry
from autograph_desktop.sync.worker import SyncStatus, SyncWorker, Timing

if TYPE_CHECKING:
    from autograph_desktop.gui.main_window import MainWindow

_COLOURS = {"synced": "#2e9d57", "syncing": "#2f7ed8", "offline": "#8a8f98", "error": "#d0463b",
            "sign_in": "#d08a1b", "signed_out": "#8a8f98"}
#: How often the window looks for new outbox entries (a cheap read of one number) to trigger a round.
CHANGE_POLL_MS = 400


class _Invoker(QObject):
    """Runs callables on the GUI thread for the worker thread."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, job: Callable[[], None]) -> None:
        job()


class GuiApplier:
    """Applies remote operations on the GUI thread, to the open tab's session when there is one."""

    def __init__(self, window: MainWindow, library: Library) -> None:
        self.window = window
        self.inner = LibraryApplier(library, self._open_session)
        self.invoker = _Invoker()
        self.closing = False
        self.applied: list[tuple[str, Applied]] = []

    def _open_session(self, diagram_id: str) -> DocumentSession | None:
        from autograph_desktop.gui.homes import LibraryHome

        for tab in self.window.document_tabs():
            if isinstance(tab.home, LibraryHome) and tab.home.diagram_id == diagram_id:
                session = tab.home.session
                return session if isinstance(session, DocumentSession) else None
        return None

    def apply(self, diagram_id: str, operations: list[dict[str, Any]], *, authored: Pending | None) -> Applied:
        done = threading.Event()
        box: dict[str, Any] = {}

        def job() -> None:
            try:
                box["result"] = self.inner.apply(diagram_id, operations, authored=authored)
                self.window.library_changed()
            except BaseException as exc:
                box["error"] = exc
            finally:
                done.set()

        self.invoker.call.emit(job)
        while not done.wait(0.2):
            if self.closing:
                raise SyncError("the window is closing")
        if "error" in box:
            raise box["error"]
        result: Applied = box["result"]
        if result.conflicts:
            self.invoker.call.emit(lambda: self._notice(diagram_id, len(result.conflicts)))
        return result

    def _notice(self, diagram_id: str, count: int) -> None:
        """Say that values made here were replaced, with a button to the versions that keep them."""
        bar = self.window.info_bar
        bar.show_message(f"{count} change(s) made here were replaced by changes from another computer. "
                         "Your values are kept in a version recorded just before.", "Changed elsewhere")

        def show_versions() -> None:
            self.window.open_library_diagram(diagram_id)
            self.window.show_version_history()

        bar.show_action("Show Versions", show_versions)


class SyncController(QObject):
    """One per window with a library: the account, the worker, the indicator and the Account menu."""

    statusChanged = Signal(object)
    logged = Signal(object)
    thumbnailArrived = Signal(str)

    def __init__(self, window: MainWindow, library: Library, timing: Timing | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.applier = GuiApplier(window, library)
        self.context: SyncContext = sync_context(library, app_paths().ensure(), applier=self.applier)
        self.worker = SyncWorker(self.context.engine, timing)
        self.indicator = QLabel("", window.status)
        self.indicator.setObjectName("status:sync")
        self.indicator.setAccessibleName("Sync status")
        self.indicator.setTextFormat(Qt.TextFormat.RichText)
        window.status.addPermanentWidget(self.indicator)
        self.statusChanged.connect(self._show_status, Qt.ConnectionType.QueuedConnection)
        self.worker.subscribe(self.statusChanged.emit)
        self.context.log.subscribe(self.logged.emit)
        self._last_sequence = library.outbox.last_sequence()
        self._poll = QTimer(self)
        self._poll.setInterval(CHANGE_POLL_MS)
        self._poll.timeout.connect(self._look_for_changes)
        self.menu: QMenu | None = None
        self._shown_phase = ""
        #: Diagrams whose thumbnail was asked of the server this session (asked once each).
        self._thumbnails_asked: set[str] = set()
        self.thumbnailArrived.connect(lambda _id: self.window.library_changed(), Qt.ConnectionType.QueuedConnection)
        window.library_panel.missing_thumbnail = self.fetch_thumbnail
        self._watch_network()
        self._show_status(self.worker.status)
        if self.account.identity is not None:
            self.start()

    @property
    def account(self) -> Account:
        return self.context.account

    @property
    def status(self) -> SyncStatus:
        return self.worker.status

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        self._poll.start()
        self.worker.start()
        self.worker.sync_now()

    def stop(self) -> None:
        """The window is closing: end the worker (a round in progress gives up at its next step)."""
        self._poll.stop()
        self.applier.closing = True
        self.worker.stop(timeout=3.0)
        self.context.close()

    def _watch_network(self) -> None:
        """Sync at once when the OS says the network is back (where Qt has a backend that tells)."""
        if not QNetworkInformation.loadBackendByFeatures(QNetworkInformation.Feature.Reachability):
            return
        info = QNetworkInformation.instance()
        if info is not None:
            info.reachabilityChanged.connect(self._reachability)

    @Slot(QNetworkInformation.Reachability)
    def _reachability(self, reachability: QNetworkInformation.Reachability) -> None:
        if reachability in (QNetworkInformation.Reachability.Online, QNetworkInformation.Reachability.Site,
                            QNetworkInformation.Reachability.Local) and self.account.identity is not None:
            self.worker.network_returned()

    def fetch_thumbnail(self, diagram_id: str) -> None:
        """Download a diagram's thumbnail from the server off the GUI thread (once per diagram and session)."""
        if self.account.state != "signed_in" or diagram_id in self._thumbnails_asked:
            return
        self._thumbnails_asked.add(diagram_id)
        thumbnails = self.context.engine.thumbnails

        def work() -> None:
            try:
                found = thumbnails.fetch(diagram_id)
            except Exception:  # offline, or the window closed meanwhile: a preview is never worth a crash
                self._thumbnails_asked.discard(diagram_id)
                return
            if found is not None and not self.applier.closing:
                self.thumbnailArrived.emit(diagram_id)

        threading.Thread(target=work, name="autograph-thumbnail", daemon=True).start()

    def _look_for_changes(self) -> None:
        last = self.library.outbox.last_sequence()
        if last != self._last_sequence:
            self._last_sequence = last
            self.worker.changed()

    # ------------------------------------------------------------------ the indicator
    @Slot(object)
    def _show_status(self, status: SyncStatus) -> None:
        if self.account.identity is None and status.phase != "signed_out":
            status = SyncStatus("signed_out")  # a round that ended after signing out
        if status.phase == "sign_in" and self._shown_phase != "sign_in":
            bar = self.window.info_bar
            bar.show_message("The sync session ended (signed out elsewhere, or expired). Your diagrams are safe "
                             "here; sign in again to sync them.", "Sign in again")
            bar.show_action("Sign In…", self.show_sign_in)
        self._shown_phase = status.phase
        colour = _COLOURS[status.phase]
        text = status.label
        if status.phase in ("offline", "error") and status.pending:
            text += f" · {status.pending} waiting"
        self.indicator.setText(f'<span style="color:{colour}">●</span> {text}')
        tip = [status.label]
        if status.reason:
            tip.append(status.reason)
        if self.account.identity is not None:
            tip.append(f"{self.account.identity.email} on {self.account.identity.server}")
        if status.last_synced:
            tip.append(f"Last synced {status.last_synced}")
        self.indicator.setToolTip("\n".join(tip))
        if status.phase == "synced":
            self.window.library_panel.sync_times = last_synced(self.library)
        self._update_menu()

    # ------------------------------------------------------------------ the Account menu
    def build_menu(self, menu: QMenu) -> None:
        self.menu = menu
        menu.setObjectName("menu:account")
        self.act_sign_in = menu.addAction("Sign In or Create Account…", self.show_sign_in)
        self.act_sync_now = menu.addAction("Sync Now", self.worker.sync_now)
        self.act_folders = menu.addAction("Folders to Sync…", self.show_folders)
        self.act_log = menu.addAction("Sync Log", self.show_log)
        menu.addSeparator()
        self.act_sign_out = menu.addAction("Sign Out", self.sign_out)
        self._update_menu()

    def _update_menu(self) -> None:
        if self.menu is None:
            return
        identity = self.account.identity
        signed_in = identity is not None and self.account.state == "signed_in"
        self.act_sign_in.setText("Sign In Again…" if self.account.state == "sign_in_again"
                                 else "Sign In or Create Account…")
        self.act_sign_in.setEnabled(not signed_in)
        self.act_sync_now.setEnabled(signed_in)
        self.act_sign_out.setEnabled(identity is not None)
        self.act_sign_out.setText(f"Sign Out ({identity.email})" if identity is not None else "Sign Out")

    def show_sign_in(self) -> None:
        from autograph_desktop.gui.sync_dialogs import SignInDialog

        dialog = SignInDialog(self, self.window)
        dialog.open()
        self.sign_in_dialog = dialog

    def signed_in(self) -> None:
        """The dialog signed in: start syncing now."""
        self._poll.start()
        self.worker.start()
        self.worker.sync_now()
        self._update_menu()

    def sign_out(self) -> None:
        """Stop syncing and forget the session; telling the server happens off the GUI thread."""
        self.worker.stop(timeout=0)
        self._poll.stop()
        account = self.account

        def work() -> None:
            account.sign_out()
            self.statusChanged.emit(SyncStatus("signed_out"))  # the menu follows once it is done

        threading.Thread(target=work, name="autograph-sign-out", daemon=True).start()
        self.window.library_panel.sync_times = {}
        self._show_status(SyncStatus("signed_out"))

    def show_folders(self) -> None:
        from autograph_desktop.gui.sync_dialogs import FoldersDialog

        FoldersDialog(self, self.window).open()

    def show_log(self) -> None:
        from autograph_desktop.gui.sync_dialogs import SyncLogDialog

        dialog = SyncLogDialog(self, self.window)
        dialog.show()
        self.log_dialog = dialog

    def log_entries(self) -> list[LogEntry]:
        return self.context.log.entries()
