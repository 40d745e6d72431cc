"""API keys in the OS keyring, or in memory for this session when the system has no keyring.

Keys are never written to a file by AutoGraph: when no keyring backend exists (a bare Linux server, a
locked keychain) the key is kept in this process only and `where()` says so, so the UI can tell the user
it will be asked for again next time. The environment variable `AUTOGRAPH_AI_API_KEY` serves headless
runs (CI) and is read, never stored.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Mapping
from typing import Literal

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

SERVICE = "AutoGraph AI"
ENV_KEY = "AUTOGRAPH_AI_API_KEY"
Where = Literal["keyring", "memory", "environment", "none"]

log = logging.getLogger(__name__)


class KeyStore:
    """Per-provider API keys. `backend` is the seam for tests (a keyring backend object); by default the
    keyring library picks the OS's own (Keychain, Windows Credential Locker, Secret Service, KWallet)."""

    def __init__(self, backend: KeyringBackend | None = None, environ: Mapping[str, str] | None = None) -> None:
        self._backend = backend
        self._environ = environ
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()
        #: Why the keyring could not be used, the last time it failed (shown to the user).
        self.keyring_problem = ""

    def _keyring(self) -> KeyringBackend:
        return self._backend if self._backend is not None else keyring.get_keyring()

    def env_key(self) -> str | None:
        env = os.environ if self._environ is None else self._environ
        value = env.get(ENV_KEY, "").strip()
        return value or None

    def get(self, provider: str, *, use_env: bool = False) -> str | None:
        """The key for a provider: the environment variable first when `use_env` (CLI), then the keyring,
        then this session's memory."""
        if use_env and (value := self.env_key()):
            return value
        with self._lock:
            if provider in self._memory:
                return self._memory[provider]
        try:
            found = self._keyring().get_password(SERVICE, provider)
        except KeyringError as exc:
            self._note_problem(exc)
            return None
        return found or None

    def set(self, provider: str, key: str) -> Where:
        """Store a key; returns where it went ("keyring", or "memory" when there is no usable keyring)."""
        key = key.strip()
        if not key:
            self.delete(provider)
            return "none"
        try:
            self._keyring().set_password(SERVICE, provider, key)
        except KeyringError as exc:
            self._note_problem(exc)
            with self._lock:
                self._memory[provider] = key
            return "memory"
        with self._lock:
            self._memory.pop(provider, None)
        return "keyring"

    def delete(self, provider: str) -> None:
        with self._lock:
            self._memory.pop(provider, None)
        try:
            self._keyring().delete_password(SERVICE, provider)
        except PasswordDeleteError:
            pass  # there was none
        except KeyringError as exc:
            self._note_problem(exc)

    def where(self, provider: str, *, use_env: bool = False) -> Where:
        """Where the provider's key currently comes from (for the Preferences page and the CLI)."""
        if use_env and self.env_key():
            return "environment"
        with self._lock:
            if provider in self._memory:
                return "memory"
        try:
            return "keyring" if self._keyring().get_password(SERVICE, provider) else "none"
        except KeyringError as exc:
            self._note_problem(exc)
            return "none"

    def _note_problem(self, exc: KeyringError) -> None:
        # The exception's text names the backend and what to install; it never contains the key.
        self.keyring_problem = f"no usable keyring ({type(exc).__name__}): keys are kept in memory for this session"
        log.warning("keyring unavailable: %s", type(exc).__name__)
