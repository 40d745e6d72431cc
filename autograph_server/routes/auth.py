"""Account routes: register, login, refresh, logout, password change, the account itself and its deletion."""

from __future__ import annotations

from fastapi import APIRouter, Response

from autograph_desktop.wire import (
    Account,
    AccountDelete,
    Credentials,
    LogoutRequest,
    PasswordChange,
    RefreshRequest,
    Session,
)
from autograph_server import accounts
from autograph_server.blob_service import drop_bytes
from autograph_server.deps import ClientIp, CurrentUser, Svc

router = APIRouter(prefix="/v1", tags=["accounts"])


@router.post("/auth/register", status_code=201, response_model=Session)
def register(body: Credentials, svc: Svc, ip: ClientIp) -> Session:
    """Create an account and sign in (an Argon2id hash of the password is all the server keeps)."""
    return accounts.register(svc, body, ip)


@router.post("/auth/login", response_model=Session)
def login(body: Credentials, svc: Svc, ip: ClientIp) -> Session:
    """Sign in. After 5 failures in 15 minutes for the account or the address, sign-in waits (429)."""
    return accounts.login(svc, body, ip)


@router.post("/auth/refresh", response_model=Session)
def refresh(body: RefreshRequest, svc: Svc, ip: ClientIp) -> Session:
    """Trade a refresh token for new tokens. Each refresh token works once; a reused one ends the session."""
    return accounts.refresh(svc, body.refresh_token, ip)


@router.post("/auth/logout", status_code=204)
def logout(body: LogoutRequest, user: CurrentUser, svc: Svc, ip: ClientIp) -> Response:
    """End this session (or every session of the account with `everywhere`)."""
    accounts.logout(svc, user, body.everywhere, ip)
    return Response(status_code=204)


@router.post("/auth/password", status_code=204)
def change_password(body: PasswordChange, user: CurrentUser, svc: Svc, ip: ClientIp) -> Response:
    """Change the password; every other session of the account ends."""
    accounts.change_password(svc, user, body.old_password, body.new_password, ip)
    return Response(status_code=204)


@router.get("/account", response_model=Account)
def me(user: CurrentUser, svc: Svc) -> Account:
    return accounts.account(svc, user)


@router.post("/account/delete", status_code=204)
def delete_account(body: AccountDelete, user: CurrentUser, svc: Svc, ip: ClientIp) -> Response:
    """Delete the account with all its diagrams, shares, sessions, usage records and unshared blobs."""
    orphans = accounts.delete_account(svc, user, body.password, ip)
    drop_bytes(svc, orphans)
    return Response(status_code=204)
