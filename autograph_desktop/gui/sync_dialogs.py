"""The sync dialogs: sign in or create an account, choose folders to sync, and the sync log."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.sync.errors import SyncError
from autograph_desktop.sync.folders import TOP, SyncFolders
from autograph_desktop.sync.synclog import LogEntry

if TYPE_CHECKING:
    from autograph_desktop.gui.sync_ui import SyncController

DEFAULT_SERVER = "https://sync.autograph.app"


class SignInDialog(QDialog):
    """Server URL, email and password; signs in (or creates the account) off the GUI thread."""

    finished_sign_in = Signal(str)

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("SignInDialog")
        self.setWindowTitle("Sign in to AutoGraph sync")
        self.setMinimumWidth(460)
        identity = controller.account.identity
        self.server = QLineEdit(identity.server if identity else DEFAULT_SERVER, self)
        self.server.setObjectName("sync:server")
        self.email = QLineEdit(identity.email if identity else "", self)
        self.email.setObjectName("sync:email")
        self.password = QLineEdit(self)
        self.password.setObjectName("sync:password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.create_account = QCheckBox("Create a new account", self)
        self.create_account.setObjectName("sync:create")
        self.error = QLabel("", self)
        self.error.setObjectName("sync:error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d0463b")
        self.error.hide()
        storage = controller.account.tokens.kind
        note = QLabel("Your sign-in is kept in the system keyring." if storage == "keyring" else
                      "This computer has no system keyring: your sign-in is kept in a file only you can read, "
                      "in AutoGraph's settings folder.", self)
        note.setObjectName("sync:storage")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Server", self.server)
        form.addRow("Email", self.email)
        form.addRow("Password", self.password)
        form.addRow("", self.create_account)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.submit = QPushButton("Sign In", self)
        self.submit.setObjectName("sync:submit")
        self.submit.setDefault(True)
        self.buttons.addButton(self.submit, QDialogButtonBox.ButtonRole.ActionRole)
        self.submit.clicked.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self.create_account.toggled.connect(lambda on: self.submit.setText("Create Account" if on else "Sign In"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.finished_sign_in.connect(self._done, Qt.ConnectionType.QueuedConnection)
        (self.password if identity else self.email).setFocus()

    def _submit(self) -> None:
        server, email, password = self.server.text(), self.email.text(), self.password.text()
        register = self.create_account.isChecked()
        self.submit.setEnabled(False)
        self.error.hide()

        def work() -> None:
            try:
                self.controller.account.sign_in(server, email, password, register=register)
            except (SyncError, ValueError) as exc:
                self.finished_sign_in.emit(_readable(exc))
                return
            self.finished_sign_in.emit("")

        threading.Thread(target=work, name="autograph-sign-in", daemon=True).start()

    @Slot(str)
    def _done(self, error: str) -> None:
        self.submit.setEnabled(True)
        if error:
            self.error.setText(error)
            self.error.show()
            return
        self.password.clear()
        self.controller.signed_in()
        self.accept()


def _readable(exc: Exception) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        names = {str(e["loc"][-1]) if e["loc"] else "" for e in exc.errors()}
        if "password" in names:
            return "The password must have at least 8 characters."
        if "email" in names:
            return "That does not look like an email address."
    return str(exc).splitlines()[0]


class FoldersDialog(QDialog):
    """Sync everything, or only the ticked folders (diagrams in no folder are one more choice)."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SyncFoldersDialog")
        self.setWindowTitle("Folders to sync")
        self.folders = SyncFolders(controller.library)
        self.controller = controller
        chosen = self.folders.chosen()
        self.everything = QCheckBox("Sync every diagram", self)
        self.everything.setChecked(chosen is None)
        self.list = QListWidget(self)
        self.list.setObjectName("sync:folders")
        entries = [(TOP, "Diagrams in no folder")]
        entries += [(f.id, f.name) for f in controller.library.folders.all()]
        for folder_id, name in entries:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, folder_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = chosen is None or folder_id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setEnabled(chosen is not None)
        self.everything.toggled.connect(lambda on: self.list.setEnabled(not on))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons = buttons
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Diagrams outside the chosen folders stay on this computer only.", self))
        layout.addWidget(self.everything)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def accept_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _save(self) -> None:
        if self.everything.isChecked():
            self.folders.choose(None)
        else:
            ticked = {str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
                      if self.list.item(i).checkState() == Qt.CheckState.Checked}
            self.folders.choose(ticked)
        self.controller.worker.changed()
        self.accept()


class SyncLogDialog(QDialog):
    """What sync did and what went wrong, newest last, growing while it is open."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SyncLogDialog")
        self.setWindowTitle("Sync log")
        self.resize(640, 360)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("sync:log")
        self.text.setReadOnly(True)
        for entry in controller.log_entries():
            self._append(entry)
        controller.logged.connect(self._append, Qt.ConnectionType.QueuedConnection)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    @Slot(object)
    def _append(self, entry: LogEntry) -> None:
        self.text.appendPlainText(f"{entry.at}  {entry.level:<6}  {entry.message}")
