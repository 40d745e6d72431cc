"""Hot exit: what each open tab holds is on disk within a second, so a crash or `kill -9` loses nothing.

Library diagrams are their own journal (the library commits each edit within a second). Everything else
(a file being edited in place, a diagram with no home yet, Mermaid code) gets a folder under
`<data>/recovery/<tab id>/`:

- `tab.json`    what the tab is: its home (a file path, or none), whether it shows code, its title;
- `base.autograph` + `ops.jsonl`   a canvas document: a snapshot, then one line per executed operation
                                   (the model's own JSON, replayed in order to rebuild the document);
- `code.txt`    the code of a Mermaid tab (small, so it is rewritten whole).

Every write is fsynced. A line of `ops.jsonl` torn by a crash is the last one and is dropped on reading.
`<data>/recovery/session.json` lists the open tabs in order (library ids, journals), so that a restart
brings back every tab, and says whether the app closed cleanly.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from autograph_desktop.fileio import write_atomic
from autograph_desktop.model import Diagram, operation_from_json
from autograph_desktop.model.operations import Operation, OperationError

#: When the operations log passes this size, the next flush writes a fresh snapshot instead.
COMPACT_AFTER_BYTES = 4 * 1024 * 1024
SESSION_FILE = "session.json"


def recovery_dir(data_dir: Path) -> Path:
    return data_dir / "recovery"


@dataclass
class TabRecord:
    """One tab as the session file lists it. `library_id` for library tabs, `journal` for the others."""

    kind: str  # "library" | "file" | "scratch"
    code: bool = False
    library_id: str | None = None
    journal: str | None = None
    path: str | None = None
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", False)}

    @classmethod
    def from_json(cls, data: Any) -> TabRecord | None:
        if not isinstance(data, dict) or data.get("kind") not in ("library", "file", "scratch"):
            return None
        def text(key: str) -> str | None:
            value = data.get(key)
            return value if isinstance(value, str) and value else None

        return cls(str(data["kind"]), bool(data.get("code", False)), text("library_id"), text("journal"),
                   text("path"), text("title") or "")


@dataclass
class Session:
    """The tabs open in the window, in order, and whether the app shut down cleanly."""

    tabs: list[TabRecord] = field(default_factory=list)
    current: int = 0
    clean: bool = True


def write_session(folder: Path, session: Session) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"tabs": [t.to_json() for t in session.tabs], "current": session.current, "clean": session.clean}
    write_atomic(str(folder / SESSION_FILE), orjson.dumps(data))


def read_session(folder: Path) -> Session | None:
    """The last session, or None when there is none or it cannot be read (never raises for bad content)."""
    try:
        data = orjson.loads((folder / SESSION_FILE).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("tabs"), list):
        return None
    tabs = [t for t in (TabRecord.from_json(item) for item in data["tabs"]) if t is not None]
    current = data.get("current")
    return Session(tabs, current if isinstance(current, int) else 0, data.get("clean") is True)


def _fsync_append(path: Path, data: bytes) -> None:
    with open(path, "ab") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


class TabJournal:
    """The journal of one tab without a library home. `flush_*` calls are cheap when nothing is pending."""

    def __init__(self, root: Path, record: TabRecord, journal_id: str | None = None) -> None:
        self.id = journal_id or uuid.uuid4().hex
        record.journal = self.id
        self.record = record
        self.folder = root / self.id
        self._pending: list[Operation] = []
        self._has_base = (self.folder / "base.autograph").is_file()
        self._log_bytes = self._size(self.folder / "ops.jsonl")

    @staticmethod
    def _size(path: Path) -> int:
        try:
            return path.stat().st_size
        except OSError:
            return 0

    # ----------------------------------------------------------------- writing
    def describe(self, record: TabRecord) -> None:
        """Write what the tab is (its home may change: a first save gives it a path)."""
        record.journal = self.id
        self.record = record
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomic(str(self.folder / "tab.json"), orjson.dumps(record.to_json()))

    def note(self, operations: Iterable[Operation]) -> None:
        self._pending.extend(operations)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def flush_document(self, doc: Diagram) -> None:
        """Put the document's unsaved state on disk: a snapshot the first time and when the log is long,
        otherwise the operations since the last flush appended to the log."""
        from autograph_desktop.formats.native import dumps

        if not self._pending and self._has_base:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.folder / "tab.json").is_file():
            self.describe(self.record)
        if not self._has_base or self._log_bytes > COMPACT_AFTER_BYTES:
            write_atomic(str(self.folder / "base.autograph"), dumps(doc))
            write_atomic(str(self.folder / "ops.jsonl"), b"")
            self._has_base, self._log_bytes = True, 0
        else:
            lines = b"".join(orjson.dumps(op.to_json()) + b"\n" for op in self._pending)
            _fsync_append(self.folder / "ops.jsonl", lines)
            self._log_bytes += len(lines)
        self._pending.clear()

    def flush_code(self, code: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not (self.folder / "tab.json").is_file():
            self.describe(self.record)
        write_atomic(str(self.folder / "code.txt"), code.encode("utf-8"))
        self._pending.clear()

    def discard(self) -> None:
        """The tab was saved or closed on purpose: forget its journal."""
        self._pending.clear()
        self._has_base = False
        self._log_bytes = 0
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Recovered:
    """What a journal gave back: the document or the code, and problems met on the way (none usually)."""

    record: TabRecord
    document: Diagram | None = None
    code: str | None = None
    problems: list[str] = field(default_factory=list)


def recover(root: Path, journal_id: str) -> Recovered | None:
    """Rebuild a tab from its journal; None when the journal holds nothing (the tab had no unsaved work)."""
    folder = root / journal_id
    try:
        record = TabRecord.from_json(orjson.loads((folder / "tab.json").read_bytes()))
    except (OSError, orjson.JSONDecodeError):
        return None
    if record is None:
        return None
    record.journal = journal_id
    code_file = folder / "code.txt"
    if code_file.is_file():
        try:
            return Recovered(record, code=code_file.read_bytes().decode("utf-8", "replace"))
        except OSError:
            return None
    base = folder / "base.autograph"
    if not base.is_file():
        return None
    from autograph_desktop.formats.native import loads
    from autograph_desktop.model.problems import InvalidInput

    out = Recovered(record)
    try:
        doc, _warnings = loads(base.read_bytes(), str(base))
    except (OSError, InvalidInput) as exc:
        out.problems.append(f"the snapshot could not be read: {exc}")
        return out
    try:
        raw = (folder / "ops.jsonl").read_bytes()
    except OSError:
        raw = b""
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            op = operation_from_json(orjson.loads(line))
            doc.execute(op)
        except (orjson.JSONDecodeError, OperationError, KeyError, TypeError, ValueError) as exc:
            if number < len(lines) - 1:  # only the last line may be torn by a crash
                out.problems.append(f"change {number} could not be replayed ({exc}); later ones were skipped")
            break
    out.document = doc
    return out


def forget_orphans(root: Path, keep: Iterable[str]) -> None:
    """Remove journal folders no session lists (left by tabs closed on purpose while a write failed)."""
    wanted = set(keep)
    with contextlib.suppress(OSError):
        for child in root.iterdir():
            if child.is_dir() and child.name not in wanted:
                shutil.rmtree(child, ignore_errors=True)


__all__ = ["Recovered", "Session", "TabJournal", "TabRecord", "forget_orphans", "read_session", "recover",
           "recovery_dir", "write_session"]
