"""The local library: SQLite (WAL) through SQLAlchemy, migrated by Alembic; diagrams, versions, search."""

from autograph_desktop.store.ai_usage import AiUsage, AiUsageTotal
from autograph_desktop.store.autosave import AutosavePolicy, LatencyLog
from autograph_desktop.store.diff import ElementChange, VersionDiff, diff_versions, transition
from autograph_desktop.store.library import Library
from autograph_desktop.store.migrate import SCHEMA_HEAD, LibraryError, LibraryTooNew
from autograph_desktop.store.outbox import OutboxEntry
from autograph_desktop.store.paths import default_library_path
from autograph_desktop.store.records import DiagramInfo, DiagramNotFound, FolderInfo, FolderNotFound
from autograph_desktop.store.recovery import Recovery
from autograph_desktop.store.search import SearchHit
from autograph_desktop.store.session import DocumentSession, SaveResult
from autograph_desktop.store.templates import TemplateInfo, TemplateNotFound
from autograph_desktop.store.versions import REASON_LABELS, VersionInfo, VersionNotFound, version_reason

#: The name the issue uses; both refer to the same class.
LibraryDocumentSession = DocumentSession

__all__ = [
    "REASON_LABELS",
    "SCHEMA_HEAD",
    "AiUsage",
    "AiUsageTotal",
    "AutosavePolicy",
    "DiagramInfo",
    "DiagramNotFound",
    "DocumentSession",
    "ElementChange",
    "FolderInfo",
    "FolderNotFound",
    "LatencyLog",
    "Library",
    "LibraryDocumentSession",
    "LibraryError",
    "LibraryTooNew",
    "OutboxEntry",
    "Recovery",
    "SaveResult",
    "SearchHit",
    "TemplateInfo",
    "TemplateNotFound",
    "VersionDiff",
    "VersionInfo",
    "VersionNotFound",
    "default_library_path",
    "diff_versions",
    "transition",
    "version_reason",
]
