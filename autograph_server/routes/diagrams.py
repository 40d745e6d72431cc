"""Diagram routes: list, create, read, change metadata (optimistic), delete, state, versions, shares."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from autograph_desktop.wire import (
    DiagramConflict,
    DiagramCreate,
    DiagramInfo,
    DiagramPatch,
    DiagramState,
    Overwritten,
    ShareCreate,
    ShareInfo,
    VersionCreate,
    VersionInfo,
)
from autograph_server import diagrams, sync_store, versions
from autograph_server.deps import CurrentUser, Svc

router = APIRouter(prefix="/v1/diagrams", tags=["diagrams"])
DiagramIdPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
UserIdPath = Annotated[str, Path(pattern=r"^[0-9a-f-]{36}$")]


@router.get("", response_model=list[DiagramInfo])
def list_diagrams(user: CurrentUser, svc: Svc, include_deleted: bool = False) -> list[DiagramInfo]:
    """Diagrams the caller owns or that are shared with them, most recently changed first."""
    return diagrams.listing(svc, user, include_deleted)


@router.put("/{diagram_id}", response_model=DiagramInfo, responses={201: {"model": DiagramInfo}})
def put_diagram(diagram_id: DiagramIdPath, body: DiagramCreate, user: CurrentUser, svc: Svc,
                response: Response) -> DiagramInfo:
    """Create a diagram with this id (201), or answer the existing one of the caller's (200)."""
    result, created = diagrams.put(svc, user, diagram_id, body.meta)
    response.status_code = 201 if created else 200
    return result


@router.get("/{diagram_id}", response_model=DiagramInfo)
def get_diagram(diagram_id: DiagramIdPath, user: CurrentUser, svc: Svc) -> DiagramInfo:
    return diagrams.get(svc, user, diagram_id)


@router.patch("/{diagram_id}", response_model=DiagramInfo, responses={409: {"model": DiagramConflict}})
def patch_diagram(diagram_id: DiagramIdPath, body: DiagramPatch, user: CurrentUser, svc: Svc) -> DiagramInfo:
    """Change metadata if the diagram is still at `expected_version`; else 409 with the current record."""
    return diagrams.patch(svc, user, diagram_id, body)


@router.delete("/{diagram_id}", status_code=204, responses={409: {"model": DiagramConflict}})
def delete_diagram(diagram_id: DiagramIdPath, user: CurrentUser, svc: Svc,
                   expected_version: Annotated[int | None, Query(ge=0)] = None) -> Response:
    """Delete (owner only): the diagram becomes a tombstone that pulls deliver."""
    diagrams.remove(svc, user, diagram_id, expected_version)
    return Response(status_code=204)


@router.get("/{diagram_id}/state", response_model=DiagramState)
def diagram_state(diagram_id: DiagramIdPath, user: CurrentUser, svc: Svc) -> DiagramState:
    """Every element as the server has it now, tombstones included."""
    return versions.state(svc, user, diagram_id)


@router.get("/{diagram_id}/overwritten", response_model=list[Overwritten])
def overwritten(diagram_id: DiagramIdPath, user: CurrentUser, svc: Svc) -> list[Overwritten]:
    """Values that later changes replaced without having seen them, newest first."""
    diagrams.get(svc, user, diagram_id)
    return [Overwritten(**o) for o in sync_store.overwritten_values(svc, diagram_id)]


@router.get("/{diagram_id}/versions", response_model=list[VersionInfo])
def list_versions(diagram_id: DiagramIdPath, user: CurrentUser, svc: Svc) -> list[VersionInfo]:
    return versions.list_versions(svc, user, diagram_id)


@router.post("/{diagram_id}/versions", status_code=201, response_model=VersionInfo)
def create_version(diagram_id: DiagramIdPath, body: VersionCreate, user: CurrentUser, svc: Svc) -> VersionInfo:
    """Record a named version: a snapshot blob the client uploaded, or one the server makes of its state."""
    return versions.create_version(svc, user, diagram_id, body)


@router.get("/{diagram_id}/shares", response_model=list[ShareInfo])
def list_shares(diagram_id: DiagramIdPath, user: CurrentUser, svc: Svc) -> list[ShareInfo]:
    return versions.list_shares(svc, user, diagram_id)


@router.post("/{diagram_id}/shares", status_code=201, response_model=ShareInfo)
def share(diagram_id: DiagramIdPath, body: ShareCreate, user: CurrentUser, svc: Svc) -> ShareInfo:
    """Share with another account by email, to read or to write (owner only)."""
    return versions.share(svc, user, diagram_id, body)


@router.delete("/{diagram_id}/shares/{user_id}", status_code=204)
def unshare(diagram_id: DiagramIdPath, user_id: UserIdPath, user: CurrentUser, svc: Svc) -> Response:
    versions.unshare(svc, user, diagram_id, user_id)
    return Response(status_code=204)
