"""Property: whatever edits, undos, saves and compactions happen, the library holds the live document."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.model import Connector, Endpoint, Shape, edits
from autograph_desktop.store import DocumentSession, Library
from autograph_desktop.store.codec import content_checksum

ACTIONS = st.lists(st.tuples(st.sampled_from(["add", "connect", "move", "text", "delete", "group", "undo", "redo",
                                              "save", "compact", "version", "restore"]),
                             st.integers(min_value=0, max_value=10_000)), min_size=1, max_size=40)


def _apply(session: DocumentSession, action: str, n: int, versions: dict[int, str]) -> None:
    doc, history = session.doc, session.history
    ids = [e.id for e in doc if not isinstance(e, Connector)]
    pick = ids[n % len(ids)] if ids else None
    if action == "add" or pick is None:
        history.execute(edits.add(doc, Shape(text=f"shape {n}", x=n % 500, y=n % 300, w=80, h=40)))
    elif action == "connect" and len(ids) > 1:
        other = ids[(n // 7) % len(ids)]
        if other != pick:
            history.execute(edits.add(doc, Connector(source=Endpoint(pick, "right"), target=Endpoint(other))))
    elif action == "move":
        history.execute(edits.move(doc, [pick], n % 17 - 8, n % 13 - 6))
    elif action == "text":
        history.execute(edits.set_fields(doc, [pick], text=f"label {n} ünï"))
    elif action == "delete":
        history.execute(edits.delete(doc, [pick]))
    elif action == "group" and len(ids) > 2:
        txn, _ = edits.group(doc, ids[:2])
        history.execute(txn)
    elif action == "undo":
        history.undo()
    elif action == "redo":
        history.redo()
    elif action == "save":
        session.save()
    elif action == "compact":
        session.compact()
    elif action == "version":
        versions[session.record_version()] = content_checksum(session.doc)
    elif action == "restore" and versions:
        number = sorted(versions)[n % len(versions)]
        before = content_checksum(doc)
        txn = session.restore_version(number)
        assert content_checksum(doc) == versions[number]
        if txn:  # restoring what is already there changes nothing and adds no undo step
            history.undo()
            assert content_checksum(doc) == before
            history.redo()
        # restore_version recorded the state before it; note it so the final check covers it too.
        for info in session.library.versions.all(session.diagram_id):
            if info.reason == "before-restore" and info.number not in versions:
                versions[info.number] = before


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_library_matches_the_live_document(tmp_path: Path, actions: list[tuple[str, int]]) -> None:
    path = tmp_path / f"lib-{abs(hash(tuple(actions)))}.sqlite3"
    with Library.open(path, keep_backups=0) as library:
        did = library.diagrams.create(title="prop")
        session = DocumentSession.open(library, did)
        recorded: dict[int, str] = {}
        for action, n in actions:
            _apply(session, action, n, recorded)
        session.save()
        expected = content_checksum(session.doc)
        assert content_checksum(library.diagrams.load(did)) == expected
        assert content_checksum(DocumentSession.open(library, did).doc) == expected
        assert library.diagrams.get(did).element_count == len(session.doc)
        for number, checksum in recorded.items():
            assert content_checksum(library.versions.load(did, number)) == checksum
