"""The signed-in account: sign in, create an account, refresh, sign out, and authorised requests.

The refresh token is kept in the token store (keyring or a 0600 file, see `tokens.py`); the access token
lives only in memory and is refreshed when it is near expiry or the server says 401. Every refresh token
works once on the server, so the new one is stored before the new access token is used. When the server
ends the session (revoked, expired, a reused token) the account goes to "sign in again": the identity is
kept for the dialog, the local library is never touched.
"""

from __future__ import annotations

import json
import platform
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import httpx

from autograph_desktop.sync.errors import (
    Refused,
    SignInRequired,
    SyncError,
    detail_of,
    offline,
    parse,
    raise_for,
)
from autograph_desktop.sync.tokens import TokenStore
from autograph_desktop.wire import Credentials, LogoutRequest, RefreshRequest, Session

ACCOUNT_FILE = "sync-account.json"
#: Refresh this many seconds before the access token's stated expiry.
REFRESH_MARGIN_S = 60.0
DEFAULT_TIMEOUT = httpx.Timeout(15.0, connect=5.0)

State = Literal["signed_out", "signed_in", "sign_in_again"]


@dataclass(frozen=True)
class Identity:
    """Who is signed in where (no secret: kept in a plain JSON file in the config folder)."""

    server: str
    email: str
    account_id: str


def normalise_server(url: str) -> str:
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"the server URL must start with http:// or https:// (got {url!r})")
    return url


class Account:
    """One per app (the GUI and the sync worker share it); safe to call from several threads."""

    def __init__(self, config_dir: Path, tokens: TokenStore, *, timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._file = config_dir / ACCOUNT_FILE
        self.tokens = tokens
        self._timeout = timeout
        self._transport = transport
        self._lock = threading.RLock()
        self._access: str | None = None
        self._access_expires = 0.0
        self._client: httpx.Client | None = None
        self._client_server = ""
        self.identity: Identity | None = self._load_identity()
        self.state: State = self._initial_state()

    # ------------------------------------------------------------------ identity on disk
    def _load_identity(self) -> Identity | None:
        try:
            data = json.loads(self._file.read_text(encoding="utf-8"))
            return Identity(str(data["server"]), str(data["email"]), str(data["account_id"]))
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return None

    def _save_identity(self, identity: Identity | None) -> None:
        if identity is None:
            self._file.unlink(missing_ok=True)
            return
        self._file.parent.mkdir(parents=True, exist_ok=True)
        temp = self._file.with_name(self._file.name + ".tmp")
        temp.write_text(json.dumps(asdict(identity)), encoding="utf-8")
        temp.replace(self._file)

    def _initial_state(self) -> State:
        if self.identity is None:
            return "signed_out"
        return "signed_in" if self.tokens.load(self.identity.server) else "sign_in_again"

    # ------------------------------------------------------------------ HTTP
    def client(self, server: str) -> httpx.Client:
        """A pooled client for `server` (made again when the server changes)."""
        with self._lock:
            if self._client is None or self._client_server != server:
                if self._client is not None:
                    self._client.close()
                self._client = httpx.Client(base_url=server, timeout=self._timeout, transport=self._transport,
                                            headers={"User-Agent": "AutoGraph-Desktop"})
                self._client_server = server
            return self._client

    def _post(self, server: str, path: str, body: Any, token: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            return self.client(server).post(path, content=body.model_dump_json(), headers={
                **headers, "Content-Type": "application/json"})
        except httpx.TransportError as exc:
            raise offline(exc, server) from None

    # ------------------------------------------------------------------ signing in and out
    def sign_in(self, server: str, email: str, password: str, *, register: bool = False) -> Identity:
        """Sign in (or create the account first); raises SignInRequired for a wrong password, Refused for
        input the server will not take (e.g. an email already used, a short password), Offline."""
        server = normalise_server(server)
        creds = Credentials(email=email, password=password, device=platform.node()[:100])
        response = self._post(server, "/v1/auth/register" if register else "/v1/auth/login", creds)
        if response.status_code == 401:
            raise SignInRequired(f"sign-in failed: {detail_of(response)}")
        raise_for(response)
        session = parse(Session, response)
        identity = Identity(server, session.account.email, session.account.id)
        with self._lock:
            if self.identity is not None and self.identity.server != server:
                self.tokens.clear(self.identity.server)
            self.tokens.save(server, session.refresh_token)
            self._save_identity(identity)
            self.identity = identity
            self._take(session)
            self.state = "signed_in"
        return identity

    def sign_out(self, *, everywhere: bool = False) -> None:
        """End the session on the server when it can be reached, and forget it here in any case."""
        with self._lock:
            identity = self.identity
            if identity is None:
                return
            try:
                token = self.access_token()
                self._post(identity.server, "/v1/auth/logout", LogoutRequest(everywhere=everywhere), token)
            except SyncError:
                pass  # offline or already ended: the token is forgotten below all the same
            self.tokens.clear(identity.server)
            self._save_identity(None)
            self.identity = None
            self._access = None
            self.state = "signed_out"

    def _take(self, session: Session) -> None:
        self._access = session.access_token
        self._access_expires = time.monotonic() + max(0.0, session.expires_in - REFRESH_MARGIN_S)

    def _ended(self, reason: str) -> SignInRequired:
        """The server ended the session: keep who it was (for the dialog), drop the tokens."""
        if self.identity is not None:
            self.tokens.clear(self.identity.server)
        self._access = None
        self.state = "sign_in_again"
        return SignInRequired(reason)

    def refresh(self) -> str:
        """Trade the stored refresh token for a new pair; the new refresh token is stored first."""
        with self._lock:
            identity = self.identity
            if identity is None:
                raise SignInRequired("not signed in")
            stored = self.tokens.load(identity.server)
            if not stored:
                raise self._ended("the sign-in was removed from this computer; sign in again")
            response = self._post(identity.server, "/v1/auth/refresh", RefreshRequest(refresh_token=stored))
            if response.status_code in (400, 401, 422):
                raise self._ended(f"the session ended ({detail_of(response)}); sign in again")
            raise_for(response)
            session = parse(Session, response)
            self.tokens.save(identity.server, session.refresh_token)
            self._take(session)
            self.state = "signed_in"
            return session.access_token

    def access_token(self) -> str:
        with self._lock:
            if self._access is not None and time.monotonic() < self._access_expires:
                return self._access
            return self.refresh()

    # ------------------------------------------------------------------ authorised requests
    @property
    def server(self) -> str:
        if self.identity is None:
            raise SignInRequired("not signed in")
        return self.identity.server

    def request(self, method: str, path: str, *, content: bytes | None = None, params: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> httpx.Response:
        """An authorised request; a 401 refreshes once and retries. Raises Offline on transport errors and
        SignInRequired when the session is over. Other statuses are returned for the caller to read."""
        server = self.server
        for attempt in range(2):
            token = self.access_token()
            try:
                response = self.client(server).request(method, path, content=content, params=params, headers={
                    **(headers or {}), "Authorization": f"Bearer {token}"})
            except httpx.TransportError as exc:
                raise offline(exc, server) from None
            if response.status_code != 401:
                return response
            with self._lock:
                if self._access == token:
                    self._access = None  # a revoked or expired access token: refresh and try once more
            if attempt == 1:
                raise self._ended(f"the server ended this session ({detail_of(response)}); sign in again")
        raise AssertionError("unreachable")

    def account_info(self) -> dict[str, Any]:
        response = self.request("GET", "/v1/account")
        raise_for(response)
        data = response.json()
        if not isinstance(data, dict):
            raise Refused(response.status_code, "the account reply is not an object")
        return data

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None
