"""The local library: one SQLite file holding every diagram, opened safely and migrated to head."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import text

from autograph_desktop.model import now_iso
from autograph_desktop.store.backup import daily_backup
from autograph_desktop.store.db import make_engine
from autograph_desktop.store.diagrams import DiagramsMixin
from autograph_desktop.store.migrate import Recovery, check_health, migrate, move_aside
from autograph_desktop.store.organise import TRASH_DAYS, OrganiseMixin
from autograph_desktop.store.paths import default_library_path
from autograph_desktop.store.rows import compact_diagram
from autograph_desktop.store.search import SearchMixin
from autograph_desktop.store.templates import TemplatesMixin
from autograph_desktop.store.versions import VersionsMixin

if TYPE_CHECKING:
    from autograph_desktop.model import Transaction
    from autograph_desktop.store.autosave import AutosavePolicy
    from autograph_desktop.store.session import DocumentSession


log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AiUsage:
    provider: str
    model: str
    tokens_in: int
    tokens_out: int
    cost: float
    latency_ms: float
    outcome: str
    at: str
    diagram_id: str | None = None


@dataclass(frozen=True, slots=True)
class AiUsageTotal:
    """Sums of the usage log for one provider and model (the Preferences usage view)."""

    provider: str
    model: str
    calls: int
    failures: int
    tokens_in: int
    tokens_out: int
    cost: float
    mean_latency_ms: float


class Library(TemplatesMixin, VersionsMixin, DiagramsMixin, OrganiseMixin, SearchMixin):
    """Folders, diagrams, tags, search, trash, templates and versions of one library file.

    Open it with `Library.open(path)`. If the file was damaged, `recovered` says where the damaged copy
    went (the GUI tells the user); the library itself is then new and empty.
    """

    recovered: Recovery | None = None
    migrated_from: str | None = None
    #: Why today's backup could not be taken, if it could not (the GUI may show it).
    backup_error: str | None = None

    @classmethod
    def open(cls, path: str | Path | None = None, *, keep_backups: int = 7, trash_days: int = TRASH_DAYS,
             clock: Callable[[], str] = now_iso) -> Library:
        """Open (creating if needed) and migrate a library; purge old trash; take today's backup.

        Raises `LibraryTooNew` (file untouched) when the file comes from a newer release.
        """
        db_path = Path(path).expanduser() if path is not None else default_library_path()
        db_path.parent.mkdir(parents=True, exist_ok=True)
        recovered = None
        problem = check_health(db_path)
        if problem is not None:
            recovered = move_aside(db_path, problem)
        engine = make_engine(db_path)
        try:
            found = migrate(engine, db_path)
        except BaseException:
            engine.dispose()
            raise
        library = cls(engine, db_path, clock)
        library.recovered = recovered
        library.migrated_from = found
        library.purge_trash(trash_days)
        try:
            daily_backup(db_path, keep_backups)
        except (OSError, sqlite3.Error) as exc:
            # A full or read-only backup folder must not keep the user from their diagrams; say so instead.
            library.backup_error = str(exc)
            log.warning("daily backup of %s failed: %s", db_path, exc)
        return library

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ documents
    def open_session(self, diagram_id: str, policy: AutosavePolicy | None = None) -> DocumentSession:
        """The diagram as a live document with incremental save, autosave and version hooks."""
        from autograph_desktop.store.session import DocumentSession

        return DocumentSession.open(self, diagram_id, policy)

    def apply_remote(self, diagram_id: str, transaction: Transaction) -> None:
        """Apply operations that came from sync to a diagram that is not open in an editor: a version of
        the local state is recorded first, the rows are saved, nothing is echoed to the outbox.
        (A diagram open in an editor takes them through its own `DocumentSession.apply_remote`.)"""
        from autograph_desktop.store.session import DocumentSession

        session = DocumentSession.open(self, diagram_id, mark_opened=False)
        try:
            session.apply_remote(transaction)
        finally:
            session.close()

    def compact(self, diagram_id: str) -> int:
        """Rewrite a diagram's snapshot from its rows. Safe on a worker thread while the diagram is open in
        a session (it reads only the database), so the GUI can compact in the background."""
        with self.write() as conn:
            return compact_diagram(conn, diagram_id)

    # ------------------------------------------------------------------ settings
    def get_setting(self, key: str, default: Any = None) -> Any:
        with self.read() as conn:
            row = conn.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": key}).fetchone()
        return orjson.loads(row[0]) if row is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.write() as conn:
            conn.execute(text("INSERT INTO settings (key, value) VALUES (:k, :v) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                         {"k": key, "v": orjson.dumps(value).decode()})

    # ------------------------------------------------------------------ AI usage log
    def record_ai_usage(self, usage: AiUsage) -> None:
        with self.write() as conn:
            conn.execute(text(
                "INSERT INTO ai_usage (provider, model, tokens_in, tokens_out, cost, latency_ms, outcome, at, "
                "diagram_id) VALUES (:provider, :model, :tokens_in, :tokens_out, :cost, :latency_ms, :outcome, "
                ":at, :diagram_id)"), {
                    "provider": usage.provider, "model": usage.model, "tokens_in": int(usage.tokens_in),
                    "tokens_out": int(usage.tokens_out), "cost": float(usage.cost),
                    "latency_ms": float(usage.latency_ms), "outcome": usage.outcome, "at": usage.at,
                    "diagram_id": usage.diagram_id})

    def ai_usage(self, since: str | None = None) -> list[AiUsage]:
        with self.read() as conn:
            rows = conn.execute(text(
                "SELECT provider, model, tokens_in, tokens_out, cost, latency_ms, outcome, at, diagram_id "
                "FROM ai_usage WHERE at >= :since ORDER BY at, id"), {"since": since or ""}).fetchall()
        return [AiUsage(*r) for r in rows]

    def ai_usage_totals(self, since: str | None = None) -> list[AiUsageTotal]:
        """Calls, failures, tokens, cost and mean latency per (provider, model), biggest spend first."""
        with self.read() as conn:
            rows = conn.execute(text(
                "SELECT provider, model, COUNT(*), SUM(outcome != 'ok'), SUM(tokens_in), SUM(tokens_out), "
                "SUM(cost), AVG(latency_ms) FROM ai_usage WHERE at >= :since GROUP BY provider, model "
                "ORDER BY SUM(cost) DESC, provider, model"), {"since": since or ""}).fetchall()
        return [AiUsageTotal(str(r[0]), str(r[1]), int(r[2]), int(r[3] or 0), int(r[4] or 0), int(r[5] or 0),
                             round(float(r[6] or 0.0), 6), round(float(r[7] or 0.0), 1)) for r in rows]

    # ------------------------------------------------------------------ sync
    def outbox(self, after_id: int = 0, limit: int = 1000) -> list[tuple[int, str, dict[str, Any]]]:
        """Pending operations for sync: (outbox id, diagram id, operation JSON), oldest first."""
        with self.read() as conn:
            rows = conn.execute(text("SELECT id, diagram_id, op FROM outbox WHERE id > :a ORDER BY id LIMIT :n"),
                                {"a": after_id, "n": limit}).fetchall()
        return [(int(r[0]), str(r[1]), orjson.loads(r[2])) for r in rows]

    def acknowledge_outbox(self, up_to_id: int, scope: str = "library") -> None:
        """Drop pushed operations and remember how far sync got."""
        with self.write() as conn:
            conn.execute(text("DELETE FROM outbox WHERE id <= :u"), {"u": up_to_id})
            conn.execute(text("INSERT INTO sync_state (scope, last_outbox_id, last_synced_at) VALUES (:s, :u, :now) "
                              "ON CONFLICT (scope) DO UPDATE SET last_outbox_id = excluded.last_outbox_id, "
                              "last_synced_at = excluded.last_synced_at"),
                         {"s": scope, "u": up_to_id, "now": self.clock()})

    def integrity_check(self) -> list[str]:
        """SQLite's full integrity check: `["ok"]` when the file is sound."""
        with self.read() as conn:
            return [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))]
