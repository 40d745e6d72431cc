"""One sync round: push the outbox, then pull what changed on the server after the stored cursor.

Pushing first means every local change made before the round is in the server's order before the pull,
so applying the pulled operations in that order (own ones included) brings the local copy to the
server's state; changes made during the round stay pending and win (see `rebase.py`). Every step is
saved as it completes: the batch in flight is kept verbatim with its sequence number until acknowledged,
the cursor moves only after a page is applied. A round that fails anywhere can simply be run again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import TypeAdapter, ValidationError

from autograph_desktop.model import Diagram, DiagramMeta, OperationError
from autograph_desktop.store import Library
from autograph_desktop.store.outbox import META_FIELDS, meta_values
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.applier import LibraryApplier, RemoteApplier
from autograph_desktop.sync.batches import build_requests
from autograph_desktop.sync.blobs import BlobCache, image_hashes
from autograph_desktop.sync.errors import Refused, ServerBusy, SignInRequired, detail_of, parse, raise_for
from autograph_desktop.sync.folders import SyncFolders
from autograph_desktop.sync.rebase import META, Pending, rebase
from autograph_desktop.sync.roundlock import RoundLock
from autograph_desktop.sync.seed import seed_unsent
from autograph_desktop.sync.state import (
    SyncState,
    add_range,
    load_state,
    mark_synced,
    save_state,
    touch_state,
)
from autograph_desktop.sync.synclog import SyncLog
from autograph_desktop.sync.thumbnails import Thumbnails
from autograph_desktop.wire import Change, Overwritten, PullReply, PushReply, is_sha256

PULL_PAGE = 1000
APPLY_EVERY = 10_000
OUTBOX_BATCH = 2000
_JSON = {"Content-Type": "application/json"}
_DIAGRAM_IN_DETAIL = re.compile(r"diagram (\S+?)[ ;,]")


@dataclass
class SyncReport:
    pushed_operations: int = 0
    pulled_changes: int = 0
    diagrams_changed: set[str] = field(default_factory=set)
    conflicts: int = 0
    overwritten: int = 0


class SyncEngine:
    def __init__(self, library: Library, account: Account, *, applier: RemoteApplier | None = None,
                 log: SyncLog | None = None, blobs: BlobCache | None = None, pull_page: int = PULL_PAGE) -> None:
        self.library = library
        self.account = account
        self.applier: RemoteApplier = applier or LibraryApplier(library)
        self.log = log or SyncLog()
        self.blobs = blobs
        self.folders = SyncFolders(library)
        self.thumbnails = Thumbnails(library, account)
        self.pull_page = pull_page
        #: Changes read before they are applied (and the cursor stored): fewer session opens per round.
        self.apply_every = APPLY_EVERY
        self._sent_blobs: set[str] = set()
        #: Diagrams new to this computer, built from a pulled group and stored together (`_store_fresh`).
        self._fresh: list[Diagram] = []
        self._fresh_ids: set[str] = set()
        self._seeded_for: tuple[str, str] | None = None

    # ------------------------------------------------------------------ the round
    def sync(self, wait: float = 0.0) -> SyncReport:
        """Push everything pending, then pull until up to date. Raises SyncError subclasses on failure
        (ServerBusy when another process is syncing this library and does not finish within `wait` s)."""
        identity = self.account.identity
        if identity is None or self.account.state != "signed_in":
            raise SignInRequired("not signed in")
        with RoundLock(self.library.path, wait):
            return self._round(identity.account_id)

    def _round(self, account_id: str) -> SyncReport:
        self._fresh, self._fresh_ids = [], set()
        state = load_state(self.library)
        if state.account_id != account_id:
            # Another account (or the first sign-in): start from the beginning of its history.
            state = SyncState(account_id=account_id, client_seq=state.client_seq, epoch=state.epoch)
            save_state(self.library, state, reset_uploads=True)
        report = SyncReport()
        # Diagrams made here are queued as they are made; what was never queued (made by an older release,
        # or in a folder that just started to sync) is looked for when the account or the choice changes.
        seeding_key = (account_id, self.folders.key())
        if seeding_key != self._seeded_for:
            seeded = seed_unsent(self.library, state.uploaded, self.folders.filter())
            if seeded:
                self.log.add("info", f"queued {seeded} diagram(s) for their first upload")
            self._seeded_for = seeding_key
        before = state.to_json()
        self._push(state, report)
        self.thumbnails.upload_pending(state.uploaded)
        self._pull(state, report)
        mark_synced(self.library, report.diagrams_changed)
        if state.to_json() != before or state.fresh_uploads:
            save_state(self.library, state)
        else:
            touch_state(self.library)
        return report

    def pending(self) -> int:
        """Operations not yet on the server (the outbox after the acknowledged position)."""
        return self.library.outbox.pending_count()

    def client_id(self, state: SyncState) -> str:
        base = self.library.outbox.client_id()
        return base if state.epoch == 0 else f"{base}.{state.epoch}"

    # ------------------------------------------------------------------ push
    def _push(self, state: SyncState, report: SyncReport) -> None:
        while True:
            if not state.inflight:
                entries = self.library.outbox.batch(limit=OUTBOX_BATCH)
                if not entries:
                    return
                state.inflight = build_requests(entries, self.folders.filter())
                self._number(state, state.inflight)
                state.inflight_up_to = entries[-1].sequence
                save_state(self.library, state)
            while state.inflight:
                item = state.inflight[0]
                if "delete" in item:
                    self._delete(str(item["delete"]))
                    state.inflight.pop(0)
                elif self._send(state, item, report):
                    state.inflight.pop(0)
                save_state(self.library, state)
            self.library.outbox.mark_pushed(state.inflight_up_to)

    def _number(self, state: SyncState, items: list[dict[str, Any]]) -> None:
        client_id = self.client_id(state)
        for item in items:
            if "push" in item:
                state.client_seq += 1
                item["push"] = {**item["push"], "client_id": client_id, "client_seq": state.client_seq}

    def _send(self, state: SyncState, item: dict[str, Any], report: SyncReport) -> bool:
        """Send one push; True when it is done with (applied, or dropped for a reason logged)."""
        body = item["push"]
        self._upload_blobs(body)
        response = self.account.request("POST", "/v1/sync/push", content=orjson.dumps(body), headers=_JSON)
        if response.status_code == 200:
            self._pushed(state, body, parse(PushReply, response), report)
            return True
        detail = detail_of(response)
        status = response.status_code
        if status == 409 and "client_seq" in detail:
            # Our numbering is behind the server's (a library restored from a backup): a fresh client id.
            state.epoch += 1
            state.client_seq = 0
            self._number(state, state.inflight)
            self.log.add("notice", "the server had seen this client's batch numbers before; continuing under a new "
                                   "client id")
            return False
        if status in (403, 404, 410) and (found := _DIAGRAM_IN_DETAIL.search(detail + " ")):
            return self._without_diagram(state, item, found.group(1), status, detail)
        if status in (400, 413, 422):
            ops = sum(len(e["operations"]) for e in body["diagrams"])
            self.log.add("error", f"the server did not accept {ops} operation(s) ({status}: {detail}); they stay "
                                  "in this library")
            return True
        raise_for(response)
        raise ServerBusy(f"unexpected reply {status}: {detail}")

    def _without_diagram(self, state: SyncState, item: dict[str, Any], diagram_id: str, status: int,
                         detail: str) -> bool:
        entries = item["push"]["diagrams"]
        if status == 404 and "create" in detail and self.library.diagrams.exists(diagram_id):
            meta = meta_values(self.library.diagrams.load(diagram_id).meta)
            for entry in entries:
                if entry["diagram_id"] == diagram_id:
                    entry["create"] = {"meta": meta}
        else:
            reason = {403: "it is shared with you read-only", 410: "it was deleted on the server"}.get(
                status, "the server does not have it")
            self.log.add("error", f"changes to a diagram were not sent: {reason}", diagram_id)
            item["push"]["diagrams"] = [e for e in entries if e["diagram_id"] != diagram_id]
            if not item["push"]["diagrams"]:
                return True
        self._number(state, [item])  # a changed batch needs a number of its own
        return False

    def _pushed(self, state: SyncState, body: dict[str, Any], reply: PushReply, report: SyncReport) -> None:
        for entry in body["diagrams"]:
            state.upload(entry["diagram_id"])
            if entry["operations"]:
                report.diagrams_changed.add(entry["diagram_id"])
        report.pushed_operations += reply.applied
        for pushed in reply.diagrams:
            if pushed.first_seq is not None and pushed.last_seq is not None:
                add_range(state.authored.setdefault(pushed.diagram_id, []), pushed.first_seq, pushed.last_seq)
        for result in reply.results:
            if result.status in ("refused", "resurrected") and result.element is not None:
                # The server kept an element we deleted (edited elsewhere meanwhile): bring it back here.
                self.applier.apply(result.diagram_id, [{"op": "add", "element": result.element}], authored=None)
                self.log.add("notice", f"an element you deleted was edited elsewhere, so it was kept ({result.reason})",
                             result.diagram_id)
            elif result.status == "rejected":
                self.log.add("error", f"the server rejected a change: {result.reason}", result.diagram_id)
        by_diagram: dict[str, int] = defaultdict(int)
        for value in reply.overwritten:
            by_diagram[value.diagram_id] += 1
        for diagram_id, n in by_diagram.items():
            report.overwritten += n
            self.log.add("notice", f"your changes replaced {n} value(s) set elsewhere that this computer had not "
                                   "seen yet (the server keeps them)", diagram_id)

    def _delete(self, diagram_id: str) -> None:
        response = self.account.request("DELETE", f"/v1/diagrams/{diagram_id}")
        if response.status_code in (200, 204, 404, 410):
            return
        if response.status_code == 403:
            self.log.add("error", "a diagram shared with you was deleted here only", diagram_id)
            return
        raise_for(response)

    def _upload_blobs(self, body: dict[str, Any]) -> None:
        if self.blobs is None:
            return
        for entry in body["diagrams"]:
            for sha in image_hashes(entry["operations"]):
                if sha in self._sent_blobs:
                    continue
                found = self.blobs.get(sha)
                if found is None:
                    continue  # not on this computer: whoever made it uploads it
                data, mime = found
                response = self.account.request("PUT", f"/v1/blobs/{sha}", content=data,
                                                headers={"Content-Type": mime})
                raise_for(response)
                self._sent_blobs.add(sha)

    def fetch_blob(self, sha256: str) -> bytes | None:
        """An image's bytes: from the local cache, else downloaded once and kept (lazily, when shown)."""
        if self.blobs is None or not is_sha256(sha256):
            return None
        found = self.blobs.get(sha256)
        if found is not None:
            return found[0]
        response = self.account.request("GET", f"/v1/blobs/{sha256}")
        if response.status_code == 404:
            return None
        raise_for(response)
        self.blobs.put(response.content, response.headers.get("Content-Type", "application/octet-stream"))
        return response.content

    # ------------------------------------------------------------------ pull
    def _pull(self, state: SyncState, report: SyncReport) -> None:
        """Read pages until up to date, applying every `apply_every` changes (so a diagram changed on many
        pages opens once), and store the cursor only after what it covers is applied."""
        me = self.client_id(state)
        collected: list[Change] = []
        cursor = state.cursor
        while True:
            params: dict[str, Any] = {"limit": self.pull_page}
            if cursor:
                params["cursor"] = cursor
            response = self.account.request("GET", "/v1/sync/pull", params=params)
            if response.status_code == 400 and cursor and not collected:
                self.log.add("notice", "the server did not know our place in its history; reading it again from the "
                                       "start")
                cursor = state.cursor = None
                continue
            raise_for(response)
            reply = parse(PullReply, response)
            collected.extend(reply.changes)
            cursor = reply.cursor
            if len(collected) >= self.apply_every or not reply.more:
                groups: dict[str, list[Change]] = defaultdict(list)
                for change in collected:
                    groups[change.diagram_id].append(change)
                for diagram_id, changes in groups.items():
                    self._apply(state, diagram_id, changes, me, report)
                self._store_fresh()
                report.pulled_changes += len(collected)
                collected = []
                state.cursor = cursor
                save_state(self.library, state)
            if not reply.more:
                return

    def _apply(self, state: SyncState, diagram_id: str, changes: list[Change], me: str, report: SyncReport) -> None:
        ops: list[dict[str, Any]] = []
        seqs: set[int] = set()
        others = False
        #: Metadata of a diagram new to this computer: it is built in memory and stored in one write.
        fresh: dict[str, str] | None = None

        def flush() -> None:
            nonlocal ops, others, fresh, seqs
            try:
                self._flush(state, diagram_id, ops, seqs, others, fresh, report)
            except (OperationError, KeyError, ValueError, TypeError) as exc:
                # A change this copy cannot take must not stop every later round: say so and go on.
                self.log.add("error", f"{len(ops)} change(s) from the server could not be applied here "
                                      f"({type(exc).__name__}: {exc})", diagram_id)
            ops, others, fresh, seqs = [], False, None, set()

        state.upload(diagram_id)
        for change in changes:
            if change.kind == "op" and change.op is not None:
                ops.append(change.op)
                seqs.add(change.seq)
                others = others or change.client_id != me
            elif change.kind == "diagram":
                flush()
                if not self.library.diagrams.exists(diagram_id):
                    fresh = change.meta or {}
            elif change.kind == "diagram_deleted":
                flush()
                self._store_fresh()
                if self.library.diagrams.exists(diagram_id) and self.library.diagrams.get(diagram_id).deleted_at is None:
                    self.library.trash.add(diagram_id)
                    self.log.add("notice", "a diagram deleted elsewhere was moved to the trash here", diagram_id)
                    report.diagrams_changed.add(diagram_id)
        flush()

    def _flush(self, state: SyncState, diagram_id: str, ops: list[dict[str, Any]], seqs: set[int], others: bool,
               fresh: dict[str, str] | None, report: SyncReport) -> None:
        if fresh is not None:
            if self._create_fresh(diagram_id, fresh, ops):
                report.diagrams_changed.add(diagram_id)
            return
        if not ops or not others:
            return  # nothing, or only our own pushes coming back: this copy already has them (the server's
            # verdicts on them, refused deletes and resurrections, were applied from the push reply)
        if not self._ensure(diagram_id):
            return
        applied = self.applier.apply(diagram_id, ops, authored=self._ours_overwritten(state, diagram_id, seqs))
        if applied.changed:
            report.diagrams_changed.add(diagram_id)
        if applied.conflicts:
            report.conflicts += len(applied.conflicts)
            self.log.add("notice", f"{len(applied.conflicts)} value(s) changed here were replaced by changes made "
                                   "elsewhere; the earlier values are kept in the diagram's versions", diagram_id)

    def _ours_overwritten(self, state: SyncState, diagram_id: str, seqs: set[int]) -> Pending | None:
        """Fields whose value, written by one of our pushes, a change of this group replaced without having
        seen it (the server's overwritten records say so); None when we never pushed to this diagram."""
        ranges = state.authored.get(diagram_id)
        if not ranges:
            return None
        response = self.account.request("GET", f"/v1/diagrams/{diagram_id}/overwritten")
        if response.status_code != 200:
            return None
        try:
            records = _OVERWRITTEN.validate_json(response.content)
        except ValidationError:
            return None
        lost = Pending()
        for r in records:
            if r.seq in seqs and any(first <= r.written_seq <= last for first, last in ranges):
                lost.fields.add((r.element_id if r.element_id is not None else META, r.field))
        return lost

    def _create_fresh(self, diagram_id: str, meta: dict[str, str], ops: list[dict[str, Any]]) -> bool:
        """A diagram that came from the server: its operations applied to an empty document, stored with the
        others of this group in one write (no session, no version: there is nothing local to keep)."""
        if self.library.diagrams.exists(diagram_id) or diagram_id in self._fresh_ids:
            self._store_fresh()
            self.applier.apply(diagram_id, ops, authored=None)
            return True
        if any(op.get("op") == "delete_diagram" for op in self.library.outbox.pending_for(diagram_id)):
            return False
        doc = Diagram(DiagramMeta(id=diagram_id, **{k: v for k, v in meta.items() if k in _META_NAMES}))
        doc.execute(rebase(doc, ops, Pending()).transaction)
        self._fresh.append(doc)
        self._fresh_ids.add(diagram_id)
        return True

    def _store_fresh(self) -> None:
        if self._fresh:
            self.library.diagrams.create_many(self._fresh, record=False)
        self._fresh = []
        self._fresh_ids = set()

    def _ensure(self, diagram_id: str, meta: dict[str, str] | None = None) -> bool:
        """Make sure the diagram exists here (made from its metadata when it came from the server); False when
        it was deleted here for good and the deletion is still on its way."""
        if diagram_id in self._fresh_ids:
            self._store_fresh()
        if self.library.diagrams.exists(diagram_id):
            return True
        if any(op.get("op") == "delete_diagram" for op in self.library.outbox.pending_for(diagram_id)):
            return False
        fields = {k: v for k, v in (meta or {}).items() if k in _META_NAMES}
        self.library.diagrams.create(Diagram(DiagramMeta(id=diagram_id, **fields)), record=False)
        return True


_OVERWRITTEN = TypeAdapter(list[Overwritten])
_META_NAMES = frozenset(META_FIELDS)


__all__ = ["Refused", "SyncEngine", "SyncReport"]
