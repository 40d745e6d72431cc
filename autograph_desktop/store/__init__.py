"""The local library: SQLite (WAL) through SQLAlchemy, migrated by Alembic; diagrams, versions, search."""

from autograph_desktop.store.autosave import AutosavePolicy, LatencyLog
from autograph_desktop.store.base import DiagramInfo, FolderInfo
from autograph_desktop.store.diff import ElementChange, VersionDiff, diff_versions, transition
from autograph_desktop.store.library import AiUsage, AiUsageTotal, Library
from autograph_desktop.store.migrate import SCHEMA_HEAD, LibraryError, LibraryTooNew, Recovery
from autograph_desktop.store.organise import FolderNotFound
from autograph_desktop.store.paths import default_library_path
from autograph_desktop.store.rows import DiagramNotFound
from autograph_desktop.store.search import SearchHit
from autograph_desktop.store.session import DocumentSession, SaveResult
from autograph_desktop.store.templates import TemplateInfo, TemplateNotFound
from autograph_desktop.store.versions import VersionInfo, VersionNotFound, version_reason

#: The name the issue uses; both refer to the same class.
LibraryDocumentSession = DocumentSession

__all__ = [
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
