"""The sync wire format: the pydantic schemas that the desktop client and the hosted server both speak.

Pure pydantic and nothing of the project, so that the server imports it without the model (importing the
model package costs ~150 ms). Element and metadata fields are listed here in their JSON form; a unit test
holds these tables equal to `autograph_desktop.model` (`tests/unit/core/test_wire.py`).

Operations are the model's own JSON (`model/operations.py`: `to_json` / `operation_from_json`): `add`
and `delete` carry a whole element (`element_to_dict`), `update` an element id with `before`/`after` field
values, `meta` before/after diagram metadata, `transaction` a label and nested operations. How the server
merges them is described in `autograph_server/merge.py`; the client must follow the same rule.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

#: Limits that both sides agree on (the server rejects more with 422; the client splits its outbox).
MAX_OPS_PER_PUSH = 5_000
MAX_DIAGRAMS_PER_PUSH = 100
MAX_PULL_LIMIT = 1_000
MAX_TEXT = 1_000_000
MAX_NESTING = 8

_BASE: dict[str, JsonValue] = {
    "x": 0, "y": 0, "w": 0, "h": 0, "rotation": 0, "z": "", "parent": None, "style": {}, "text": "",
    "locked": False, "hidden": False, "link": "", "data": {},
}
#: Per element kind, every field but `id` with its default in JSON form (what `element_to_dict` omits).
ELEMENT_DEFAULTS: dict[str, dict[str, JsonValue]] = {
    "shape": {**_BASE, "shape": "rectangle"},
    "text": {**_BASE, "auto_size": True},
    "icon": {**_BASE, "icon": ""},
    "image": {**_BASE, "sha256": "", "mime": "image/png"},
    "frame": {**_BASE, "collapsed": False},
    "path": {**_BASE, "points": [], "closed": False},
    "connector": {
        **_BASE, "source": {"x": 0, "y": 0}, "target": {"x": 0, "y": 0}, "routing": "straight",
        "waypoints": [], "start_arrow": "none", "end_arrow": "arrow", "labels": [],
    },
    "group": dict(_BASE),
}
#: Diagram metadata fields (all strings) with their defaults; `created`/`updated` are ISO times the client sets.
META_DEFAULTS: dict[str, str] = {
    "title": "Untitled diagram", "kind": "freeform", "created": "", "updated": "", "theme": "light",
    "background": "", "source": "", "source_kind": "",
}
#: Fields that always appear in an element's JSON even at their default (see `element_to_dict`).
ALWAYS_WRITTEN: frozenset[str] = frozenset({"id", "kind", "z"})

_ALL_FIELDS: dict[str, JsonValue] = {}
for _fields in ELEMENT_DEFAULTS.values():
    _ALL_FIELDS.update(_fields)


def _json_kind(name: str, default: JsonValue) -> tuple[type, ...]:
    if name == "parent":
        return (str, type(None))
    if isinstance(default, bool):
        return (bool,)
    if isinstance(default, (int, float)):
        return (int, float)
    return (type(default),)


_FIELD_TYPES: dict[str, tuple[type, ...]] = {name: _json_kind(name, value) for name, value in _ALL_FIELDS.items()}
_HEX = frozenset("0123456789abcdef")


def is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and set(value) <= _HEX


def _check_value(name: str, value: JsonValue) -> None:
    """One field's JSON value has the right type (numbers finite, strings bounded)."""
    types = _FIELD_TYPES[name]
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        want = "/".join("null" if t is type(None) else t.__name__ for t in types)
        raise ValueError(f"field {name!r} must be {want}, not {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"field {name!r} must be a finite number")
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise ValueError(f"field {name!r} is longer than {MAX_TEXT} characters")
    if name == "sha256" and value != "" and not is_sha256(value):
        raise ValueError("field 'sha256' must be 64 lowercase hex digits or empty")


def _check_element(data: dict[str, JsonValue]) -> dict[str, JsonValue]:
    element_id, kind = data.get("id"), data.get("kind")
    if not isinstance(element_id, str) or not 1 <= len(element_id) <= 200:
        raise ValueError("an element needs an 'id' of 1 to 200 characters")
    if kind not in ELEMENT_DEFAULTS:
        raise ValueError(f"unknown element kind {kind!r} (known: {', '.join(ELEMENT_DEFAULTS)})")
    fields = ELEMENT_DEFAULTS[str(kind)]
    for name, value in data.items():
        if name in ("id", "kind"):
            continue
        if name not in fields:
            raise ValueError(f"a {kind} element has no field {name!r}")
        _check_value(name, value)
    return data


def _check_fields(data: dict[str, JsonValue]) -> dict[str, JsonValue]:
    for name, value in data.items():
        if name not in _FIELD_TYPES:
            raise ValueError(f"no element kind has a field {name!r}")
        _check_value(name, value)
    return data


FieldName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
ElementId = Annotated[str, StringConstraints(min_length=1, max_length=200)]
DiagramId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
ClientId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254, pattern=r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
]
Password = Annotated[str, StringConstraints(min_length=8, max_length=1024)]
ElementJson = Annotated[dict[FieldName, JsonValue], Field(max_length=64), AfterValidator(_check_element)]
FieldValues = Annotated[dict[FieldName, JsonValue], Field(min_length=1, max_length=64), AfterValidator(_check_fields)]
MetaName = Literal["title", "kind", "created", "updated", "theme", "background", "source", "source_kind"]
MetaValues = dict[MetaName, Annotated[str, StringConstraints(max_length=MAX_TEXT)]]
Role = Literal["owner", "write", "read"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Same(_Strict):
    """Before and after name the same fields, as the model's operations always do."""

    @model_validator(mode="after")
    def _same_fields(self) -> Any:
        before, after = getattr(self, "before"), getattr(self, "after")  # noqa: B009
        if before.keys() != after.keys():
            raise ValueError("'before' and 'after' must name the same fields")
        return self


class AddOp(_Strict):
    op: Literal["add"]
    element: ElementJson


class DeleteOp(_Strict):
    """The element as the deleting client last saw it: the server refuses the delete if it changed since."""

    op: Literal["delete"]
    element: ElementJson


class UpdateOp(_Same):
    op: Literal["update"]
    id: ElementId
    before: FieldValues
    after: FieldValues


class MetaOp(_Same):
    op: Literal["meta"]
    before: Annotated[MetaValues, Field(min_length=1)]
    after: Annotated[MetaValues, Field(min_length=1)]


class TransactionOp(_Strict):
    op: Literal["transaction"]
    label: Annotated[str, StringConstraints(max_length=500)] = ""
    operations: Annotated[list[Operation], Field(max_length=MAX_OPS_PER_PUSH)]


Operation = Annotated[AddOp | DeleteOp | UpdateOp | MetaOp | TransactionOp, Field(discriminator="op")]
PrimitiveOp = AddOp | DeleteOp | UpdateOp | MetaOp


def flatten(operations: list[Operation] | tuple[Operation, ...], depth: int = 0) -> list[PrimitiveOp]:
    """The primitive operations in the order they apply (transactions opened depth-first)."""
    if depth > MAX_NESTING:
        raise ValueError(f"transactions nest deeper than {MAX_NESTING} levels")
    out: list[PrimitiveOp] = []
    for op in operations:
        if isinstance(op, TransactionOp):
            out.extend(flatten(op.operations, depth + 1))
        else:
            out.append(op)
    return out


# --- accounts --------------------------------------------------------------------------------------------


class Credentials(_Strict):
    email: Email
    password: Password
    device: Annotated[str, StringConstraints(max_length=100)] = ""


class RefreshRequest(_Strict):
    refresh_token: Annotated[str, StringConstraints(min_length=1, max_length=300)]


class LogoutRequest(_Strict):
    """Ends the session of the access token used, or every session of the account."""

    everywhere: bool = False


class PasswordChange(_Strict):
    old_password: Annotated[str, StringConstraints(max_length=1024)]
    new_password: Password


class AccountDelete(_Strict):
    password: Annotated[str, StringConstraints(max_length=1024)]


class Account(_Strict):
    id: str
    email: str
    created_at: datetime


class Session(_Strict):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_expires_in: int
    account: Account


# --- diagrams ----------------------------------------------------------------------------------------------


class DiagramCreate(_Strict):
    meta: MetaValues = Field(default_factory=dict)


class DiagramInfo(_Strict):
    id: str
    owner_id: str
    owner_email: str
    role: Role
    meta: dict[str, str]
    version: int
    seq: int
    element_count: int
    thumbnail_sha256: str | None
    created_at: datetime
    updated_at: datetime
    deleted: bool


class DiagramPatch(_Strict):
    """A metadata change that applies only if the diagram is still at `expected_version` (else 409)."""

    expected_version: Annotated[int, Field(ge=0)]
    meta: MetaValues = Field(default_factory=dict)
    thumbnail_sha256: Sha256 | None = None


class DiagramConflict(_Strict):
    detail: str
    current: DiagramInfo


class ShareCreate(_Strict):
    email: Email
    role: Literal["read", "write"]


class ShareInfo(_Strict):
    user_id: str
    email: str
    role: Literal["read", "write"]
    created_at: datetime


class VersionCreate(_Strict):
    """A named snapshot; without `snapshot_sha256` the server snapshots its own current state."""

    label: Annotated[str, StringConstraints(max_length=200)] = ""
    snapshot_sha256: Sha256 | None = None
    thumbnail_sha256: Sha256 | None = None


class VersionInfo(_Strict):
    id: str
    diagram_id: str
    label: str
    seq: int
    snapshot_sha256: str
    thumbnail_sha256: str | None
    created_at: datetime
    created_by: str


class ElementState(_Strict):
    id: str
    element: dict[str, JsonValue]
    deleted: bool
    seq: int


class DiagramState(_Strict):
    """A diagram's current elements (tombstones included), consistent with `seq` in the owner's order."""

    diagram: DiagramInfo
    elements: list[ElementState]


# --- sync --------------------------------------------------------------------------------------------------


class PushEntry(_Strict):
    diagram_id: DiagramId
    #: Metadata to create the diagram with when the server does not have it yet (ignored otherwise).
    create: DiagramCreate | None = None
    operations: Annotated[list[Operation], Field(max_length=MAX_OPS_PER_PUSH)]


class PushRequest(_Strict):
    """One batch from one client; `client_seq` grows by batch and makes a repeated batch harmless."""

    client_id: ClientId
    client_seq: Annotated[int, Field(ge=1, le=2**53)]
    diagrams: Annotated[list[PushEntry], Field(min_length=1, max_length=MAX_DIAGRAMS_PER_PUSH)]

    @model_validator(mode="after")
    def _bounded(self) -> PushRequest:
        total = sum(len(flatten(entry.operations)) for entry in self.diagrams)
        if total > MAX_OPS_PER_PUSH:
            raise ValueError(f"a push holds at most {MAX_OPS_PER_PUSH} operations, this one {total}")
        return self


OpStatus = Literal["noop", "resurrected", "refused", "rejected"]


class OpResult(_Strict):
    """An operation that was not simply applied. `entry` indexes `diagrams`, `index` the flattened ops."""

    entry: int
    index: int
    diagram_id: str
    element_id: str | None
    status: OpStatus
    reason: str
    seq: int | None = None
    #: For `refused` deletes the server's current element; for `resurrected` the element as it now is.
    element: dict[str, JsonValue] | None = None


class Overwritten(_Strict):
    """A value this push replaced that the pushing client had not seen: kept so nothing is lost."""

    diagram_id: str
    element_id: str | None
    field: str
    value: JsonValue
    written_seq: int
    seq: int


class PushedDiagram(_Strict):
    """What one diagram of the batch got: its accepted changes are `first_seq`..`last_seq` of the owner's
    order (None when nothing changed), and whether this push created the diagram."""

    diagram_id: str
    owner_id: str
    applied: int
    first_seq: int | None
    last_seq: int | None
    created: bool


class PushReply(_Strict):
    client_id: str
    client_seq: int
    applied: int
    diagrams: list[PushedDiagram]
    results: list[OpResult]
    overwritten: list[Overwritten]


ChangeKind = Literal["op", "diagram", "diagram_deleted"]


class Change(_Strict):
    """One entry of the server's order. `op` is the effective primitive operation, whose `before` always
    matches the server's state before it (so a client at that state can apply it as is)."""

    seq: int
    diagram_id: str
    kind: ChangeKind
    op: dict[str, JsonValue] | None = None
    meta: dict[str, str] | None = None
    author_id: str
    client_id: str | None
    client_seq: int | None
    at: datetime


class PullReply(_Strict):
    changes: list[Change]
    cursor: str
    more: bool


# --- blobs and AI ------------------------------------------------------------------------------------------


class BlobInfo(_Strict):
    sha256: str
    size: int
    mime: str


class ChatContentPart(_Strict):
    type: Literal["text"]
    text: Annotated[str, StringConstraints(max_length=200_000)]


class ChatMessage(_Strict):
    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: Annotated[str, StringConstraints(max_length=200_000)] | Annotated[
        list[ChatContentPart], Field(max_length=50)
    ] | None = None
    name: Annotated[str, StringConstraints(max_length=100)] | None = None


class ChatCompletionRequest(_Strict):
    """The OpenAI chat-completions request, with the fields the gateway forwards."""

    model: Annotated[str, StringConstraints(max_length=200)] = ""
    messages: Annotated[list[ChatMessage], Field(min_length=1, max_length=200)]
    temperature: Annotated[float, Field(ge=0, le=2, allow_inf_nan=False)] | None = None
    top_p: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] | None = None
    max_tokens: Annotated[int, Field(ge=1, le=128_000)] | None = None
    max_completion_tokens: Annotated[int, Field(ge=1, le=128_000)] | None = None
    stop: Annotated[str, StringConstraints(max_length=200)] | Annotated[list[str], Field(max_length=4)] | None = None
    seed: int | None = None
    presence_penalty: Annotated[float, Field(ge=-2, le=2, allow_inf_nan=False)] | None = None
    frequency_penalty: Annotated[float, Field(ge=-2, le=2, allow_inf_nan=False)] | None = None
    response_format: dict[str, JsonValue] | None = None
    user: Annotated[str, StringConstraints(max_length=200)] | None = None
    stream: Literal[False] = False


class AiUsageRow(_Strict):
    provider: str
    model: str
    requests: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float


class AiUsage(_Strict):
    requests: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    by_model: list[AiUsageRow]


class ErrorReply(BaseModel):
    model_config = ConfigDict(defer_build=True)

    detail: str
    correlation_id: str = ""
    errors: list[dict[str, Any]] | None = None


__all__ = [
    "ALWAYS_WRITTEN",
    "ELEMENT_DEFAULTS",
    "MAX_OPS_PER_PUSH",
    "MAX_PULL_LIMIT",
    "META_DEFAULTS",
    "Account",
    "AccountDelete",
    "AddOp",
    "AiUsage",
    "AiUsageRow",
    "BlobInfo",
    "Change",
    "ChatCompletionRequest",
    "Credentials",
    "DeleteOp",
    "DiagramConflict",
    "DiagramCreate",
    "DiagramInfo",
    "DiagramPatch",
    "DiagramState",
    "ElementState",
    "ErrorReply",
    "LogoutRequest",
    "MetaOp",
    "OpResult",
    "Operation",
    "Overwritten",
    "PasswordChange",
    "PrimitiveOp",
    "PullReply",
    "PushEntry",
    "PushReply",
    "PushRequest",
    "PushedDiagram",
    "RefreshRequest",
    "Session",
    "ShareCreate",
    "ShareInfo",
    "TransactionOp",
    "UpdateOp",
    "VersionCreate",
    "VersionInfo",
    "flatten",
    "is_sha256",
]
