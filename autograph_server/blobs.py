"""Content-addressed blob storage: any S3 API (boto3), or a local folder for the embedded default."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from autograph_server.settings import Settings


class BlobUnavailable(RuntimeError):
    """The blob store cannot be reached now (a 503 for the client)."""


class BlobMissing(LookupError):
    """The database knows the blob but the store does not have its bytes."""


class BlobStore(Protocol):
    def ensure_ready(self) -> None: ...
    def put(self, sha256: str, data: bytes, mime: str) -> None: ...
    def open(self, sha256: str) -> tuple[int, Iterator[bytes]]: ...
    def delete(self, sha256: str) -> None: ...
    def ping(self) -> None: ...


def _key(sha256: str) -> str:
    return f"sha256/{sha256[:2]}/{sha256}"


class FolderBlobStore:
    """Blobs as files named by their hash under one folder, written atomically (temp file + rename)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def ensure_ready(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, sha256: str) -> Path:
        return self.root / _key(sha256)

    def put(self, sha256: str, data: bytes, mime: str) -> None:
        path = self._path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def open(self, sha256: str) -> tuple[int, Iterator[bytes]]:
        path = self._path(sha256)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise BlobMissing(sha256) from None
        size = os.fstat(handle.fileno()).st_size

        def chunks() -> Iterator[bytes]:
            with handle:
                while chunk := handle.read(256 * 1024):
                    yield chunk

        return size, chunks()

    def delete(self, sha256: str) -> None:
        self._path(sha256).unlink(missing_ok=True)

    def ping(self) -> None:
        if not self.root.is_dir() or not os.access(self.root, os.W_OK):
            raise BlobUnavailable(f"the blob folder {self.root} is not writable")


class S3BlobStore:
    """Blobs in one bucket of an S3 API (MinIO, SeaweedFS, AWS), created if missing. Short timeouts, so a
    store that is down gives a quick 503 instead of hanging requests."""

    def __init__(self, settings: Settings) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = settings.s3_bucket
        self._ready = False
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            aws_access_key_id=settings.s3_access_key.get_secret_value() or "autograph",
            aws_secret_access_key=settings.s3_secret_key.get_secret_value() or "autograph",
            region_name=settings.s3_region,
            config=Config(
                connect_timeout=2, read_timeout=10, retries={"total_max_attempts": 2, "mode": "standard"},
                s3={"addressing_style": "path"}, max_pool_connections=20,
            ),
        )

    def _call(self, method: Any, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(**kwargs)
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
            if code in ("NoSuchKey", "404", "NotFound"):
                raise BlobMissing(kwargs.get("Key", "")) from None
            if status >= 500 or status == 0:
                raise BlobUnavailable(f"the blob store failed ({code or status})") from None
            raise
        except BotoCoreError as exc:  # connection refused, timeouts, closed sockets
            raise BlobUnavailable(f"the blob store cannot be reached ({type(exc).__name__})") from None

    def ensure_ready(self) -> None:
        from botocore.exceptions import ClientError

        try:
            self._call(self.client.head_bucket, Bucket=self.bucket)
            self._ready = True
            return
        except (ClientError, BlobMissing):
            pass
        try:
            self._call(self.client.create_bucket, Bucket=self.bucket)
        except ClientError as exc:  # another instance made it meanwhile
            if exc.response.get("Error", {}).get("Code") not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise
        self._ready = True

    def put(self, sha256: str, data: bytes, mime: str) -> None:
        if not self._ready:  # the store was down when the server started
            self.ensure_ready()
        self._call(self.client.put_object, Bucket=self.bucket, Key=_key(sha256), Body=data, ContentType=mime)

    def open(self, sha256: str) -> tuple[int, Iterator[bytes]]:
        reply = self._call(self.client.get_object, Bucket=self.bucket, Key=_key(sha256))
        body = reply["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(256 * 1024)
            finally:
                body.close()

        return int(reply["ContentLength"]), chunks()

    def delete(self, sha256: str) -> None:
        self._call(self.client.delete_object, Bucket=self.bucket, Key=_key(sha256))

    def ping(self) -> None:
        self._call(self.client.head_bucket, Bucket=self.bucket)


def make_blob_store(settings: Settings) -> BlobStore:
    if settings.blob_dir is not None:
        return FolderBlobStore(settings.blob_dir)
    return S3BlobStore(settings)
