"""Shared fixtures for the AI tests: one scripted chat-completions server per module, a private keyring."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from tests.support.scripted_openai import ScriptedOpenAI


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test only: the user's real keyring is never touched."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        if (service, username) not in self.passwords:
            raise PasswordDeleteError("no such password")
        del self.passwords[(service, username)]


@pytest.fixture(autouse=True)
def private_keyring() -> Iterator[MemoryKeyring]:
    """Every test gets an empty in-memory keyring; afterwards the `fail` backend, never the user's own."""
    from keyring.backends.fail import Keyring as FailKeyring

    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(FailKeyring())


@pytest.fixture(scope="module")
def server_pool() -> Iterator[list[ScriptedOpenAI]]:
    servers = [ScriptedOpenAI().start() for _ in range(3)]
    yield servers
    for s in servers:
        s.stop()


@pytest.fixture
def servers(server_pool: list[ScriptedOpenAI]) -> list[ScriptedOpenAI]:
    for s in server_pool:
        s.reset()
    return server_pool


@pytest.fixture
def server(servers: list[ScriptedOpenAI]) -> ScriptedOpenAI:
    return servers[0]
