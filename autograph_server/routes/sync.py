"""Sync routes: push a batch of operations, pull the changes after a cursor."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Query, Response

from autograph_desktop.wire import MAX_PULL_LIMIT, PullReply, PushReply, PushRequest
from autograph_server import sync_store
from autograph_server.deps import CurrentUser, Svc

router = APIRouter(prefix="/v1/sync", tags=["sync"])


@router.post("/push", response_model=PushReply)
def push(body: PushRequest, user: CurrentUser, svc: Svc) -> Response:
    """Apply a batch in the server's order (see the merge rule in the API description). Sending the same
    `(client_id, client_seq)` again changes nothing and returns the first reply."""
    digest = hashlib.sha256(body.model_dump_json().encode()).hexdigest()
    return Response(sync_store.push(svc, user, body, digest), media_type="application/json")


@router.get("/pull", response_model=PullReply)
def pull(user: CurrentUser, svc: Svc,
         cursor: Annotated[str | None, Query(max_length=8_000)] = None,
         limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500) -> Response:
    """Changes after `cursor` (none: from the start), at most `limit`; `more` says whether to ask again."""
    return Response(sync_store.pull(svc, user, cursor, limit), media_type="application/json")
