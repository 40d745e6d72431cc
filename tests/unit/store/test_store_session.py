"""Incremental save: only touched rows are written, in one transaction; open = snapshot + newer rows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import pytest
from sqlalchemy import event, text

from autograph_desktop.model import Shape, Text, Transaction, edits, update_meta
from autograph_desktop.store import AutosavePolicy, DocumentSession, Library
from autograph_desktop.store.codec import content_checksum


@contextmanager
def statements(library: Library) -> Iterator[list[tuple[str, int]]]:
    """Every SQL statement the engine runs, with how many parameter sets it carried."""
    seen: list[tuple[str, int]] = []

    def listener(conn: Any, cursor: Any, statement: str, params: Any, context: Any, executemany: bool) -> None:
        seen.append((statement, len(params) if executemany else 1))

    event.listen(library.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(library.engine, "before_cursor_execute", listener)


def element_rows_written(seen: list[tuple[str, int]]) -> int:
    return sum(n for sql, n in seen if sql.lstrip().upper().startswith(("INSERT INTO ELEMENTS", "UPDATE ELEMENTS")))


def test_moving_one_element_of_a_thousand_writes_one_row(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(1000, connectors=50))
    session = DocumentSession.open(library, did)
    # s10 has connectors attached: their geometry changes, their rows must not be rewritten.
    session.history.execute(edits.move(session.doc, ["s10"], 15, 0))
    with statements(library) as seen:
        result = session.save()
    assert result is not None and result.rows == 1 and result.operations == 1
    assert element_rows_written(seen) == 1
    begins = [s for s, _ in seen if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE"]
    reopened = DocumentSession.open(library, did)
    assert reopened.doc["s10"].x == session.doc["s10"].x
    assert content_checksum(reopened.doc) == content_checksum(session.doc)


def test_nothing_to_save_writes_nothing(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session = DocumentSession.open(library, did)
    with statements(library) as seen:
        assert session.save() is None
    assert seen == []


def test_deletes_are_tombstones_and_undo_brings_rows_back(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(20, connectors=5))
    session = DocumentSession.open(library, did)
    session.history.execute(edits.delete(session.doc, ["s2"]))
    session.save()
    with library.read() as conn:
        rows = dict(conn.execute(text("SELECT element_id, deleted FROM elements WHERE diagram_id = :d"),
                                 {"d": did}).fetchall())
    assert rows["s2"] == 1 and rows["c1"] == 1 and rows["c2"] == 1 and rows["s3"] == 0
    assert len(library.diagrams.load(did)) == 25 - 3
    session.history.undo()
    session.save()
    assert len(library.diagrams.load(did)) == 25
    assert library.diagrams.get(did).element_count == 25


def test_open_reads_snapshot_plus_newer_rows_and_compact_folds_them(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(100))
    session = DocumentSession.open(library, did)
    for i in range(5):
        session.history.execute(edits.set_fields(session.doc, [f"s{i}"], text=f"renamed {i}"))
        session.save()
    again = DocumentSession.open(library, did)
    assert again.rows_since_snapshot == 5
    assert again.doc["s4"].text == "renamed 4"
    session.compact()
    third = DocumentSession.open(library, did)
    assert third.rows_since_snapshot == 0
    assert content_checksum(third.doc) == content_checksum(session.doc)


def test_damaged_snapshot_falls_back_to_rows(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(30))
    with library.write() as conn:
        conn.execute(text("UPDATE snapshots SET data = :x"), {"x": b"z\x00garbage"})
    assert len(library.diagrams.load(did)) == 30


def test_outbox_receives_the_operations_as_json(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(3))
    library.outbox.mark_pushed(library.outbox.last_sequence())  # the creation was pushed
    session = DocumentSession.open(library, did)
    session.history.execute(edits.move(session.doc, ["s0", "s1"], 5, 5))
    session.history.execute(edits.add(session.doc, Text(text="hello", w=50, h=20)))
    session.save()
    ops = [e.op for e in library.outbox.batch() if e.diagram_id == did]
    assert [op["op"] for op in ops] == ["transaction", "transaction"]
    assert ops[0]["label"] == "Move" and {o["id"] for o in ops[0]["operations"]} == {"s0", "s1"}


def test_meta_changes_save_title_and_search(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(2, title="Old name"))
    session = DocumentSession.open(library, did)
    op = update_meta(session.doc.meta, title="Quarterly roadmap", theme="dark")
    assert op is not None
    session.history.execute(Transaction((op,), "Rename"))
    session.save()
    assert library.diagrams.get(did).title == "Quarterly roadmap"
    assert library.diagrams.load(did).meta.theme == "dark"
    assert [h.info.id for h in library.search.find("quarterly")] == [did]
    assert library.search.find("old name") == []


def test_new_text_becomes_searchable_after_save(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(2))
    session = DocumentSession.open(library, did)
    session.history.execute(edits.add(session.doc, Shape(text="Idempotency keys", w=100, h=40)))
    session.save()
    assert [h.info.id for h in library.search.find("idempot")] == [did]


def test_five_minutes_of_edits_record_a_version(library: Library, diagram_factory: type) -> None:
    now = [0.0]
    policy = AutosavePolicy(clock=lambda: now[0])
    did = library.diagrams.create(diagram_factory.make(5))
    session = DocumentSession.open(library, did, policy=policy)
    for minute in range(6):
        now[0] = minute * 60.0
        session.history.execute(edits.move(session.doc, ["s0"], 1, 0))
        session.tick()
    now[0] = 300.5
    session.tick()
    assert [v.reason for v in library.versions.all(did)] == ["periodic"]
    now[0] = 400
    session.tick()
    assert len(library.versions.all(did)) == 1  # no edits since: no new version


def test_close_saves_and_compacts(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(10))
    session = DocumentSession.open(library, did)
    session.history.execute(edits.delete(session.doc, ["s3"]))
    session.close()
    assert session.closed
    again = DocumentSession.open(library, did)
    assert "s3" not in again.doc and again.rows_since_snapshot == 0
    with pytest.raises(RuntimeError):
        session.save()


def test_a_failed_save_keeps_changes_pending(library: Library, diagram_factory: type,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session = DocumentSession.open(library, did)
    session.history.execute(edits.move(session.doc, ["s0"], 7, 0))
    import autograph_desktop.store.session as session_module

    def boom(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(session_module, "tombstone_elements", boom)
    with pytest.raises(OSError):
        session.save()
    assert library.diagrams.load(did)["s0"].x == 0.0  # rolled back as a whole
    assert session.dirty and session.saved_through < session.revision  # the GUI must not say "Saved"
    monkeypatch.undo()
    session.history.execute(edits.delete(session.doc, ["s1"]))
    session.save()
    stored = library.diagrams.load(did)
    assert stored["s0"].x == 7.0 and "s1" not in stored
    assert session.saved_through == session.revision


def test_huge_text_and_unicode_round_trip(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(1))
    session = DocumentSession.open(library, did)
    huge = "ü€😀\x00'\";--" * 50_000
    session.history.execute(edits.set_fields(session.doc, ["s0"], text=huge))
    session.save()
    assert library.diagrams.load(did)["s0"].text == huge
    assert orjson.loads(orjson.dumps(huge)) == huge


def test_remote_changes_record_a_version_and_skip_the_outbox(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(4))
    session = DocumentSession.open(library, did)
    before = library.outbox.pending_count()
    session.apply_remote(edits.move(session.doc, ["s0"], 50, 0))
    assert [v.reason for v in library.versions.all(did)] == ["before-sync"]
    assert library.outbox.pending_count() == before
    assert library.diagrams.load(did)["s0"].x == 50.0
    assert not session.history.can_undo


def test_background_compaction_while_a_session_is_open(library: Library, diagram_factory: type) -> None:
    import threading

    did = library.diagrams.create(diagram_factory.make(200))
    session = library.open_session(did)
    for i in range(10):
        session.history.execute(edits.move(session.doc, [f"s{i}"], 3, 0))
        session.save()
    worker = threading.Thread(target=library.diagrams.compact, args=(did,))
    worker.start()
    session.history.execute(edits.move(session.doc, ["s50"], 3, 0))
    session.save()
    worker.join()
    assert content_checksum(library.diagrams.load(did)) == content_checksum(session.doc)
    assert DocumentSession.open(library, did).rows_since_snapshot <= 1


def test_search_words_of_big_diagrams_follow_when_idle(library: Library, diagram_factory: type,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import autograph_desktop.store.session as session_module

    monkeypatch.setattr(session_module, "SEARCH_INLINE_MAX_ELEMENTS", 50)
    now = [0.0]
    did = library.diagrams.create(diagram_factory.make(100))
    session = DocumentSession.open(library, did, policy=AutosavePolicy(clock=lambda: now[0]))
    session.history.execute(edits.set_fields(session.doc, ["s1"], text="Zanzibar gateway"))
    now[0] = 2.0
    session.tick()
    assert not session.dirty and session.search_stale
    assert library.search.find("zanzibar") == []  # deferred: saved, not yet indexed
    now[0] = 11.0
    session.tick()
    assert [h.info.id for h in library.search.find("zanzibar")] == [did]
    session.history.execute(edits.set_fields(session.doc, ["s2"], text="Quokka"))
    session.close()
    assert [h.info.id for h in library.search.find("quokka")] == [did]


@pytest.mark.parametrize("props", ["{not json", '{"kind": "nonsense", "id": "s1"}', '{"id": "s1"}', "[]",
                                   '{"id": "s1", "kind": "shape", "x": "left"}'])
def test_a_damaged_row_skips_that_element_only(library: Library, diagram_factory: type, props: str) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    with library.write() as conn:
        conn.execute(text("DELETE FROM snapshots"))
        conn.execute(text("UPDATE elements SET props = :p WHERE element_id = 's1'"), {"p": props})
    doc = library.diagrams.load(did)
    assert sorted(e.id for e in doc) == ["s0", "s2", "s3", "s4"]


def test_library_applies_remote_operations_to_a_closed_diagram(library: Library, diagram_factory: type) -> None:
    from autograph_desktop.model import operation_from_json

    did = library.diagrams.create(diagram_factory.make(12))
    remote_doc = library.diagrams.load(did)
    wire = edits.delete(remote_doc, [f"s{i}" for i in range(11)]).to_json()  # as it arrives from the server
    txn = operation_from_json(wire)
    assert isinstance(txn, Transaction)
    before_outbox = library.outbox.pending_count()
    library.apply_remote(did, txn)
    assert [e.id for e in library.diagrams.load(did)] == ["s11"]
    assert [v.reason for v in library.versions.all(did)] == ["before-sync"]
    assert len(library.versions.load(did, 1)) == 12
    assert library.outbox.pending_count() == before_outbox
    assert library.diagrams.get(did).last_opened is None


def test_a_drag_reaches_the_outbox_as_one_move_that_replays_to_the_result(library: Library,
                                                                          diagram_factory: type) -> None:
    """Every mouse move of a drag executes a transaction; the outbox (what sync sends) gets one squashed
    move per run of them, and replaying it on the original gives exactly the saved diagram."""
    from autograph_desktop.model import operation_from_json

    did = library.diagrams.create(diagram_factory.make(4))
    library.outbox.mark_pushed(library.outbox.last_sequence())  # the creation was pushed
    session = DocumentSession.open(library, did)
    original = session.doc.copy()
    for _ in range(2):
        session.history.begin("Move")
        for _ in range(30):
            session.history.execute(edits.move(session.doc, ["s0", "s1", "s2"], 3.3, 1.1))
        session.history.commit()
        session.history.execute(edits.add(session.doc, Text(text="note", w=50, h=20)))
    session.history.execute(edits.set_style(session.doc, ["s3"], fill="red"))
    result = session.save()
    assert result is not None
    ops = [e.op for e in library.outbox.batch() if e.diagram_id == did]
    assert [op["label"] for op in ops] == ["Move", "Add", "Move", "Add", "Style"]
    assert result.operations == 5
    assert sorted(o["id"] for o in ops[0]["operations"]) == ["s0", "s1", "s2"], "one update per moved shape"
    for op in ops:
        original.execute(operation_from_json(op))
    assert original.snapshot() == session.doc.snapshot()
