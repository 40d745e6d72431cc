"""Passwords (Argon2id), access tokens (JWT, one fixed algorithm) and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid
from dataclasses import dataclass

import jwt
from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from autograph_server.settings import Settings

#: The only algorithm accepted when decoding (RFC 8725: never take the algorithm from the token).
ALGORITHMS = ["HS256"]


class TokenInvalid(ValueError):
    """A bearer token that does not prove anything: bad signature, wrong audience, expired, malformed."""


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: str
    session_id: str


class Passwords:
    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib,
            parallelism=settings.argon2_parallelism, type=Type.ID,
        )
        # Checked against when the account does not exist, so a wrong email costs as long as a wrong password.
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)


class Tokens:
    def __init__(self, settings: Settings) -> None:
        self._key = settings.jwt_secret.get_secret_value()
        self._audience = settings.jwt_audience
        self._issuer = settings.jwt_issuer
        self.access_ttl = settings.access_token_ttl_s
        self.refresh_ttl = settings.refresh_token_ttl_s

    def access(self, user_id: str, session_id: str) -> str:
        now = int(time.time())
        claims = {"sub": user_id, "sid": session_id, "aud": self._audience, "iss": self._issuer,
                  "iat": now, "exp": now + self.access_ttl, "jti": uuid.uuid4().hex, "typ": "access"}
        return jwt.encode(claims, self._key, algorithm=ALGORITHMS[0])

    def decode(self, token: str) -> AccessClaims:
        try:
            claims = jwt.decode(
                token, self._key, algorithms=ALGORITHMS, audience=self._audience, issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "aud", "iss", "sid"]}, leeway=5,
            )
        except jwt.PyJWTError as exc:
            raise TokenInvalid(type(exc).__name__) from None
        if claims.get("typ") != "access" or not isinstance(claims["sub"], str) or not isinstance(claims["sid"], str):
            raise TokenInvalid("not an access token")
        return AccessClaims(claims["sub"], claims["sid"])


def new_refresh_token() -> tuple[str, str, str]:
    """(token id, the token the client keeps, the hash the server keeps). Only the hash is stored."""
    token_id = str(uuid.uuid4())
    secret = secrets.token_urlsafe(32)
    return token_id, f"{token_id}.{secret}", refresh_hash(secret)


def refresh_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_refresh_token(token: str) -> tuple[str, str] | None:
    token_id, _, secret = token.partition(".")
    if len(token_id) != 36 or not secret or len(secret) > 100:
        return None
    return token_id, secret


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
