"""Server settings from the environment (`AUTOGRAPH_SERVER_*`) and an optional env file, validated at start."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "AUTOGRAPH_SERVER_"
#: Names an env file to read (not a setting itself).
ENV_FILE_VARIABLE = "AUTOGRAPH_SERVER_ENV_FILE"


class SettingsError(ValueError):
    """Settings that cannot run a server; the message names each bad variable and why."""


class AiProvider(BaseModel):
    """One upstream OpenAI-compatible service in the fallback chain. The key never leaves the server."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=50)]
    base_url: Annotated[str, Field(pattern=r"^https?://", max_length=500)]
    api_key: SecretStr = SecretStr("")
    model: str = ""
    timeout_s: Annotated[float, Field(gt=0, le=600)] = 60.0
    usd_per_1k_prompt: Annotated[float, Field(ge=0)] = 0.0
    usd_per_1k_completion: Annotated[float, Field(ge=0)] = 0.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True)

    environment: Literal["embedded", "local", "docker", "kubernetes"] = "local"
    database_url: Annotated[str, Field(min_length=1)]
    db_pool_size: Annotated[int, Field(ge=1, le=200)] = 10
    db_max_overflow: Annotated[int, Field(ge=0, le=200)] = 5
    db_pool_timeout_s: Annotated[float, Field(gt=0, le=120)] = 5.0
    db_statement_timeout_ms: Annotated[int, Field(ge=100, le=600_000)] = 15_000
    #: Worker threads for blocking work (database, hashing); about the pool size (measured, see notes).
    threads: Annotated[int, Field(ge=1, le=200)] = 12

    s3_endpoint_url: str = ""
    s3_access_key: SecretStr = SecretStr("")
    s3_secret_key: SecretStr = SecretStr("")
    s3_region: str = "us-east-1"
    s3_bucket: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")] = "autograph-blobs"
    blob_dir: Path | None = None

    redis_url: str = ""
    redis_prefix: Annotated[str, Field(max_length=100)] = "autograph:"

    jwt_secret: SecretStr
    jwt_audience: str = "autograph-desktop"
    jwt_issuer: str = "autograph-server"
    access_token_ttl_s: Annotated[int, Field(ge=60, le=86_400)] = 3_600
    refresh_token_ttl_s: Annotated[int, Field(ge=3_600, le=365 * 86_400)] = 30 * 86_400
    argon2_time_cost: Annotated[int, Field(ge=1, le=20)] = 3
    argon2_memory_kib: Annotated[int, Field(ge=1024, le=4 * 1024 * 1024)] = 65_536
    argon2_parallelism: Annotated[int, Field(ge=1, le=16)] = 4

    rate_user_per_minute: Annotated[int, Field(ge=1)] = 100
    rate_ip_per_minute: Annotated[int, Field(ge=1)] = 1_000
    login_failures_max: Annotated[int, Field(ge=1, le=1000)] = 5
    login_failure_window_s: Annotated[int, Field(ge=1, le=86_400)] = 900
    max_body_bytes: Annotated[int, Field(ge=1024, le=256 * 1024 * 1024)] = 8 * 1024 * 1024
    max_blob_bytes: Annotated[int, Field(ge=1024, le=1024 * 1024 * 1024)] = 32 * 1024 * 1024
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)

    ai_providers: list[AiProvider] = Field(default_factory=list)
    ai_requests_per_minute: Annotated[int, Field(ge=1)] = 20

    #: Addresses whose X-Forwarded-For is believed (the load balancer); "*" behind a private network.
    forwarded_allow_ips: str = "127.0.0.1"
    metrics_token: SecretStr = SecretStr("")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    shutdown_grace_s: Annotated[float, Field(ge=0, le=600)] = 20.0

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _database(cls, value: str) -> str:
        if not value.startswith(("postgresql+psycopg://", "sqlite:///")):
            raise ValueError("must start with postgresql+psycopg:// or sqlite:///")
        return value

    @field_validator("jwt_secret")
    @classmethod
    def _secret(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters (e.g. `openssl rand -hex 32`)")
        return value

    @model_validator(mode="after")
    def _one_blob_store(self) -> Settings:
        if bool(self.s3_endpoint_url) == (self.blob_dir is not None):
            raise ValueError("set exactly one of AUTOGRAPH_SERVER_S3_ENDPOINT_URL and AUTOGRAPH_SERVER_BLOB_DIR")
        if self.redis_url and not self.redis_url.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("AUTOGRAPH_SERVER_REDIS_URL must start with redis://, rediss:// or unix://")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(env_file: Path | None = None, **overrides: object) -> Settings:
    """Settings from the environment, the env file (or $AUTOGRAPH_SERVER_ENV_FILE) and explicit overrides;
    `SettingsError` lists each problem."""
    if env_file is None and os.environ.get(ENV_FILE_VARIABLE):
        env_file = Path(os.environ[ENV_FILE_VARIABLE])
    if env_file is not None and not env_file.is_file():
        raise SettingsError(f"env file {env_file} does not exist")
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg, arg-type]
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            loc = "_".join(str(part) for part in error["loc"])
            if not loc:
                name = "settings"
            elif error["type"] == "extra_forbidden":
                name = f"{loc} (not a setting)"
            else:
                name = ENV_PREFIX + loc.upper()
            lines.append(f"{name}: {error['msg']}")
        raise SettingsError("invalid server settings:\n  " + "\n  ".join(lines)) from None


def embedded_settings(data_dir: Path, env_file: Path | None = None) -> Settings:
    """The one-machine default: SQLite and a blob folder under `data_dir`, a secret kept beside them."""
    data_dir.mkdir(parents=True, exist_ok=True)
    secret_file = data_dir / "jwt-secret"
    if not secret_file.exists():
        secret_file.touch(mode=0o600)
        secret_file.write_text(secrets.token_hex(32), encoding="ascii")
    return load_settings(
        env_file,
        environment="embedded",
        database_url=f"sqlite:///{(data_dir / 'autograph-server.db').resolve()}",
        blob_dir=(data_dir / "blobs").resolve(),
        s3_endpoint_url="",
        jwt_secret=secret_file.read_text(encoding="ascii").strip(),
    )
