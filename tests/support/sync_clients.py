"""Desktop sync clients for tests: each has its own library, config folder (tokens in a 0600 file) and
engine, all signed in to one account on a real server."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

from autograph_desktop.model import Diagram, DiagramMeta, Shape, edits
from autograph_desktop.store import Library
from autograph_desktop.sync.account import Account
from autograph_desktop.sync.engine import SyncEngine
from autograph_desktop.sync.synclog import SyncLog
from autograph_desktop.sync.tokens import FileTokens

PASSWORD = "correct horse battery"
#: Short timeouts so that stalls and dead servers cost a test little.
FAST = httpx.Timeout(3.0, connect=1.0)


def new_email() -> str:
    return f"sync-{uuid.uuid4().hex[:10]}@example.com"


@dataclass
class Client:
    name: str
    folder: Path
    library: Library
    account: Account
    engine: SyncEngine

    def docs(self) -> dict[str, dict[str, object]]:
        """Every live diagram's content as comparable JSON (metadata that sync carries, and elements)."""
        from autograph_desktop.model import element_to_dict

        out: dict[str, dict[str, object]] = {}
        for info in self.library.diagrams.all():
            doc = self.library.diagrams.load(info.id)
            out[info.id] = {"title": doc.meta.title,
                            "elements": sorted((element_to_dict(e) for e in doc), key=lambda e: str(e["id"]))}
        return out

    def edit(self, diagram_id: str, **fields: object) -> None:
        """Set fields of the diagram's first shape through an editing session (as the editor does)."""
        session = self.library.open_session(diagram_id)
        try:
            target = sorted(session.doc, key=lambda e: e.id)[0]
            session.execute(edits.set_fields(session.doc, [target.id], **fields))
            session.save()
        finally:
            session.close()

    def close(self) -> None:
        self.account.close()
        self.library.close()


def make_client(root: Path, name: str, server: str, email: str, *, register: bool = False,
                timeout: httpx.Timeout = FAST) -> Client:
    folder = root / name
    library = Library.open(folder / "library.sqlite3")
    account = Account(folder / "config", FileTokens(folder / "config" / "sync-token"), timeout=timeout)
    account.sign_in(server, email, PASSWORD, register=register)
    engine = SyncEngine(library, account, log=SyncLog(folder / "sync.log"))
    return Client(name, folder, library, account, engine)


def sample(title: str = "Shared", shapes: int = 3) -> Diagram:
    elements = [Shape(id=f"s{i}-{uuid.uuid4().hex[:6]}", x=i * 120.0, y=0.0, w=100.0, h=60.0, text=f"box {i}",
                      z=f"a{i}") for i in range(shapes)]
    return Diagram(DiagramMeta(id=str(uuid.uuid4()), title=title), elements)
