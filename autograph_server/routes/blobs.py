"""Blob routes: upload by sha256 (verified, size-limited) and download through a readable diagram."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from autograph_desktop.wire import BlobInfo
from autograph_server import blob_service
from autograph_server.deps import CurrentUser, Svc
from autograph_server.errors import ApiError
from autograph_server.middleware import BodyTooLarge

router = APIRouter(prefix="/v1/blobs", tags=["blobs"])
Sha256Path = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
_MIME = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$")


@router.put("/{sha256}", status_code=201, response_model=BlobInfo,
            openapi_extra={"requestBody": {"required": True, "content": {"application/octet-stream": {
                "schema": {"type": "string", "format": "binary"}}}}})
async def upload(sha256: Sha256Path, request: Request, user: CurrentUser, svc: Svc,
                 content_type: Annotated[str, Header()] = "application/octet-stream") -> BlobInfo:
    """Upload bytes whose sha256 is the address. The answer is the same whether the blob was known or not."""
    mime = content_type.split(";")[0].strip().lower()
    if not _MIME.match(mime):
        raise ApiError(415, "the Content-Type is not a media type")
    limit = svc.settings.max_blob_bytes
    parts: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        parts.append(chunk)
    if size == 0:
        raise ApiError(422, "the blob is empty")
    return await run_in_threadpool(blob_service.upload, svc, user, sha256, b"".join(parts), mime)


@router.get("/{sha256}", response_class=StreamingResponse,
            responses={200: {"content": {"application/octet-stream": {}}}})
def download(sha256: Sha256Path, user: CurrentUser, svc: Svc) -> StreamingResponse:
    """The blob's bytes, if a diagram the caller can read references it."""
    info, chunks = blob_service.download(svc, user, sha256)
    return StreamingResponse(chunks, media_type=info.mime, headers={
        "Content-Length": str(info.size), "ETag": f'"{sha256}"', "Cache-Control": "private, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox",
        "Content-Disposition": f'attachment; filename="{sha256}"',
    })
