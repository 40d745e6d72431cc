"""Where the refresh token lives between runs: the OS keyring, or a 0600 file when there is no keyring.

A headless Linux box, a CI runner or a server has no Secret Service; there we do what `gh` and `docker`
do and keep the token in a file only the user can read, in the config folder, and say so once. The token
is never logged and never written to the library (which is copied into backups).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Protocol, TextIO

import keyring
import keyring.errors
from keyring.backends import fail

SERVICE = "AutoGraph"
TOKEN_FILE = "sync-token"


class TokenStore(Protocol):
    """Keeps one secret per server URL."""

    #: "keyring" or "file"; the dialog and `sync status` show it.
    kind: str

    def load(self, server: str) -> str | None: ...
    def save(self, server: str, token: str) -> None: ...
    def clear(self, server: str) -> None: ...


class KeyringTokens:
    kind = "keyring"

    def load(self, server: str) -> str | None:
        try:
            return keyring.get_password(SERVICE, server)
        except keyring.errors.KeyringError:
            return None

    def save(self, server: str, token: str) -> None:
        keyring.set_password(SERVICE, server, token)

    def clear(self, server: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, server)


class FileTokens:
    """One token per line (`server<TAB>token`) in a file created 0600 and re-tightened on every write."""

    kind = "file"

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return {}
        out: dict[str, str] = {}
        for line in text.splitlines():
            server, sep, token = line.partition("\t")
            if sep and server and token:
                out[server] = token
        return out

    def _write(self, tokens: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("".join(f"{s}\t{t}\n" for s, t in tokens.items()))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o600)  # an umask cannot loosen it, and a file left by an older release is tightened
        os.replace(temp, self.path)

    def load(self, server: str) -> str | None:
        return self._read().get(server)

    def save(self, server: str, token: str) -> None:
        tokens = self._read()
        tokens[server] = token
        self._write(tokens)

    def clear(self, server: str) -> None:
        tokens = self._read()
        if tokens.pop(server, None) is not None:
            self._write(tokens)


def keyring_available() -> bool:
    """Whether the OS offers a keyring backend that can really store secrets."""
    backend = keyring.get_keyring()
    return not isinstance(backend, fail.Keyring) and backend.priority > 0


_warned: set[Path] = set()


def default_token_store(config_dir: Path, stderr: TextIO | None = None) -> TokenStore:
    """The keyring when there is one; otherwise the 0600 file, said once per process on stderr."""
    if keyring_available():
        return KeyringTokens()
    path = config_dir / TOKEN_FILE
    if path not in _warned:
        _warned.add(path)
        print(f"autograph: no OS keyring is available; the sync sign-in is kept in {path} "
              "(readable only by you)", file=stderr or sys.stderr)
    return FileTokens(path)
