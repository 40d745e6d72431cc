"""Accounts and sessions: register, login (throttled), refresh with rotation and reuse detection, logout,
password change, account deletion. Every event goes to the audit log."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from autograph_desktop.wire import Account, Credentials, Session
from autograph_server import metrics
from autograph_server.errors import ApiError
from autograph_server.schema import audit_log, refresh_tokens, sequences, sessions, users
from autograph_server.security import new_refresh_token, refresh_hash, same_hash, split_refresh_token
from autograph_server.services import Services, User, audit, aware, new_id, now

WRONG_LOGIN = "wrong email or password"


def _event(conn: Connection, event: str, ip: str, user_id: str | None = None, email: str | None = None,
           **detail: object) -> None:
    audit(conn, event, ip, user_id, email, **detail)
    metrics.AUTH_EVENTS.labels(event).inc()


def _issue(svc: Services, conn: Connection, user_id: str, session_id: str) -> tuple[str, str]:
    token_id, token, digest = new_refresh_token()
    created = now()
    conn.execute(insert(refresh_tokens).values(
        id=token_id, session_id=session_id, token_hash=digest, created_at=created,
        expires_at=created + timedelta(seconds=svc.tokens.refresh_ttl),
    ))
    return svc.tokens.access(user_id, session_id), token


def _session(svc: Services, conn: Connection, user_id: str, email: str, created: object, device: str) -> Session:
    session_id = new_id()
    conn.execute(insert(sessions).values(id=session_id, user_id=user_id, device=device, created_at=now()))
    access, refresh = _issue(svc, conn, user_id, session_id)
    return Session(
        access_token=access, refresh_token=refresh, expires_in=svc.tokens.access_ttl,
        refresh_expires_in=svc.tokens.refresh_ttl,
        account=Account(id=user_id, email=email, created_at=aware(created)),  # type: ignore[arg-type]
    )


def register(svc: Services, creds: Credentials, ip: str) -> Session:
    password_hash = svc.passwords.hash(creds.password)
    user_id, created = new_id(), now()
    try:
        with svc.db.write() as conn:
            conn.execute(insert(users).values(id=user_id, email=creds.email, password_hash=password_hash,
                                              created_at=created))
            conn.execute(insert(sequences).values(user_id=user_id, last_seq=0))
            _event(conn, "register", ip, user_id, creds.email)
            return _session(svc, conn, user_id, creds.email, created, creds.device)
    except IntegrityError:
        raise ApiError(409, "an account with this email already exists") from None


def _throttled(svc: Services, conn: Connection, email: str, ip: str) -> bool:
    since = now() - timedelta(seconds=svc.settings.login_failure_window_s)
    limit = svc.settings.login_failures_max
    failed = and_(audit_log.c.event == "login_failed", audit_log.c.at > since)
    by_email = conn.execute(select(func.count()).where(failed, audit_log.c.email == email)).scalar_one()
    if by_email >= limit:
        return True
    return conn.execute(select(func.count()).where(failed, audit_log.c.ip == ip)).scalar_one() >= limit


def login(svc: Services, creds: Credentials, ip: str) -> Session:
    with svc.db.read() as conn:
        throttled = _throttled(svc, conn, creds.email, ip)
        row = None if throttled else conn.execute(
            select(users.c.id, users.c.password_hash, users.c.created_at).where(users.c.email == creds.email)
        ).first()
    if throttled:
        with svc.db.write() as conn:
            _event(conn, "login_throttled", ip, email=creds.email)
        window = svc.settings.login_failure_window_s
        raise ApiError(429, f"too many failed sign-ins; try again in up to {window // 60} minutes",
                       {"Retry-After": str(window)})
    if not svc.passwords.verify(row.password_hash if row else None, creds.password) or row is None:
        with svc.db.write() as conn:
            _event(conn, "login_failed", ip, row.id if row else None, creds.email)
        raise ApiError(401, WRONG_LOGIN)
    with svc.db.write() as conn:
        if svc.passwords.needs_rehash(row.password_hash):
            conn.execute(update(users).where(users.c.id == row.id).values(
                password_hash=svc.passwords.hash(creds.password)))
        _event(conn, "login", ip, row.id, creds.email)
        return _session(svc, conn, row.id, creds.email, row.created_at, creds.device)


def refresh(svc: Services, token: str, ip: str) -> Session:
    parts = split_refresh_token(token)
    invalid = ApiError(401, "the refresh token is not valid; sign in again")
    if parts is None:
        raise invalid
    token_id, secret = parts
    with svc.db.write() as conn:
        row = conn.execute(
            select(refresh_tokens, sessions.c.user_id, sessions.c.revoked_at, users.c.email, users.c.created_at)
            .join(sessions, sessions.c.id == refresh_tokens.c.session_id)
            .join(users, users.c.id == sessions.c.user_id)
            .where(refresh_tokens.c.id == token_id)
        ).first()
        if row is None or not same_hash(row.token_hash, refresh_hash(secret)):
            _event(conn, "refresh_invalid", ip)
            failure = invalid
        elif row.revoked_at is not None:
            _event(conn, "refresh_revoked", ip, row.user_id, row.email)
            failure = invalid
        elif aware(row.expires_at) < now():
            _event(conn, "refresh_expired", ip, row.user_id, row.email)
            failure = ApiError(401, "the refresh token has expired; sign in again")
        else:
            claimed = conn.execute(update(refresh_tokens).where(
                refresh_tokens.c.id == token_id, refresh_tokens.c.used_at.is_(None)).values(used_at=now()))
            if claimed.rowcount == 1:
                _event(conn, "refresh", ip, row.user_id, row.email)
                access, new_token = _issue(svc, conn, row.user_id, row.session_id)
                return Session(
                    access_token=access, refresh_token=new_token, expires_in=svc.tokens.access_ttl,
                    refresh_expires_in=svc.tokens.refresh_ttl,
                    account=Account(id=row.user_id, email=row.email, created_at=aware(row.created_at)),
                )
            # A rotated token came back: someone holds a copy. End the whole chain.
            _revoke(conn, sessions.c.id == row.session_id, "refresh_reuse")
            _event(conn, "refresh_reuse", ip, row.user_id, row.email, session_id=row.session_id)
            failure = ApiError(401, "this refresh token was already used; the session was ended for safety, sign in again")
    raise failure


def _revoke(conn: Connection, where: object, reason: str) -> int:
    result = conn.execute(update(sessions).where(where, sessions.c.revoked_at.is_(None))  # type: ignore[arg-type]
                          .values(revoked_at=now(), revoke_reason=reason))
    return int(result.rowcount)


def logout(svc: Services, user: User, everywhere: bool, ip: str) -> int:
    with svc.db.write() as conn:
        where = sessions.c.user_id == user.id if everywhere else and_(
            sessions.c.id == user.session_id, sessions.c.user_id == user.id)
        ended = _revoke(conn, where, "logout_all" if everywhere else "logout")
        _event(conn, "logout_all" if everywhere else "logout", ip, user.id)
    return ended


def session_active(svc: Services, user_id: str, session_id: str) -> bool:
    with svc.db.read() as conn:
        row = conn.execute(select(sessions.c.revoked_at).where(
            sessions.c.id == session_id, sessions.c.user_id == user_id)).first()
    return row is not None and row.revoked_at is None


def account(svc: Services, user: User) -> Account:
    with svc.db.read() as conn:
        row = conn.execute(select(users.c.email, users.c.created_at).where(users.c.id == user.id)).first()
    if row is None:
        raise ApiError(401, "the account no longer exists")
    return Account(id=user.id, email=row.email, created_at=aware(row.created_at))


def _check_password(svc: Services, user: User, password: str, ip: str) -> str:
    """The account's email, once `password` is proven right (a wrong one is audited and counted)."""
    with svc.db.read() as conn:
        row = conn.execute(select(users.c.email, users.c.password_hash).where(users.c.id == user.id)).first()
        throttled = row is not None and _throttled(svc, conn, row.email, ip)
    if row is None:
        raise ApiError(401, "the account no longer exists")
    if throttled:
        raise ApiError(429, "too many failed password checks; try again later")
    if not svc.passwords.verify(row.password_hash, password):
        with svc.db.write() as conn:
            _event(conn, "login_failed", ip, user.id, row.email, during="password_check")
        raise ApiError(403, "the current password is wrong")
    return str(row.email)


def change_password(svc: Services, user: User, old: str, new: str, ip: str) -> int:
    """Set a new password; every other session of the account ends (this one stays signed in)."""
    email = _check_password(svc, user, old, ip)
    password_hash = svc.passwords.hash(new)
    with svc.db.write() as conn:
        conn.execute(update(users).where(users.c.id == user.id).values(password_hash=password_hash))
        ended = _revoke(conn, and_(sessions.c.user_id == user.id, sessions.c.id != user.session_id), "password_change")
        _event(conn, "password_changed", ip, user.id, email, sessions_ended=ended)
    return ended


def delete_account(svc: Services, user: User, password: str, ip: str) -> list[str]:
    """Delete the account and everything it owns; returns the blobs that nobody holds any more."""
    from autograph_server.blob_service import orphaned_blobs

    email = _check_password(svc, user, password, ip)
    with svc.db.write() as conn:
        candidates = orphaned_blobs(conn, user.id)
        conn.execute(delete(users).where(users.c.id == user.id))
        conn.execute(update(audit_log).where(or_(audit_log.c.user_id == user.id, audit_log.c.email == email))
                     .values(email=None))
        _event(conn, "account_deleted", ip, user.id)
    return candidates
