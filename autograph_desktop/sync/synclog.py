"""The sync log: what sync did and what went wrong, for the log view and `sync status`.

Kept in memory (the newest entries) and appended to a JSON-lines file when one is given. Never holds a
token or a password: entries are sentences the engine writes.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

Level = Literal["info", "notice", "error"]
KEEP = 500


@dataclass(frozen=True)
class LogEntry:
    at: str
    level: Level
    message: str
    diagram_id: str | None = None


class SyncLog:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._entries: deque[LogEntry] = deque(maxlen=KEEP)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[LogEntry], None]] = []
        if path is not None and path.exists():
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[-KEEP:]:
                try:
                    self._entries.append(LogEntry(**json.loads(line)))
                except (ValueError, TypeError):
                    continue

    def add(self, level: Level, message: str, diagram_id: str | None = None) -> LogEntry:
        entry = LogEntry(datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), level, message, diagram_id)
        with self._lock:
            self._entries.append(entry)
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as out:
                    out.write(json.dumps(asdict(entry)) + "\n")
            listeners = list(self._listeners)
        for listener in listeners:
            listener(entry)
        return entry

    def entries(self) -> list[LogEntry]:
        with self._lock:
            return list(self._entries)

    def subscribe(self, listener: Callable[[LogEntry], None]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def stop() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)
        return stop
