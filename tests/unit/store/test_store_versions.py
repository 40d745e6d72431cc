"""Version history: record, policy, restore as an undoable transaction, fork, label, compare."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from autograph_desktop.model import Shape, Transaction, edits
from autograph_desktop.store import DocumentSession, Library, VersionNotFound, diff_versions, version_reason
from autograph_desktop.store.codec import content_checksum


def test_explicit_save_records_numbered_versions_without_limit(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session = DocumentSession.open(library, did)
    numbers = []
    for i in range(30):
        session.history.execute(edits.move(session.doc, ["s0"], 1, 0))
        numbers.append(session.explicit_save(message=f"step {i}"))
    assert numbers == list(range(1, 31))
    infos = library.versions.all(did)
    assert [v.message for v in infos][-1] == "step 29" and all(v.reason == "save" for v in infos)


def test_identical_unlabelled_version_is_not_duplicated(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session = DocumentSession.open(library, did)
    assert session.record_version() == 1
    assert session.record_version() == 1
    assert session.record_version(label="release") == 2


def test_versions_are_compressed(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(2000))
    session = DocumentSession.open(library, did)
    session.record_version()
    with library.read() as conn:
        size = conn.execute(text("SELECT length(data) FROM versions")).scalar_one()
        raw = conn.execute(text("SELECT sum(length(props)) FROM elements")).scalar_one()
    assert size < raw / 4


def test_policy_asks_for_a_version_before_bulk_deletes(diagram_factory: type) -> None:
    doc = diagram_factory.make(20)
    assert version_reason(edits.delete(doc, [f"s{i}" for i in range(9)])) is None
    assert version_reason(edits.delete(doc, [f"s{i}" for i in range(10)])) == "bulk-delete"
    nested = Transaction((edits.delete(doc, [f"s{i}" for i in range(12)]),), "nested")
    assert version_reason(nested) == "bulk-delete"
    assert version_reason(edits.move(doc, ["s0"], 1, 1), remote=True) == "before-sync"


def test_bulk_delete_through_session_records_the_state_before(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(15))
    session = DocumentSession.open(library, did)
    session.execute(edits.delete(session.doc, [f"s{i}" for i in range(12)]))
    [v] = library.versions.all(did)
    assert v.reason == "bulk-delete" and v.element_count == 15
    assert len(library.versions.load(did, 1)) == 15
    session.execute(edits.delete(session.doc, ["s13"]))
    assert len(library.versions.all(did)) == 1


def test_restore_is_one_undoable_step(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(10, connectors=3))
    session = DocumentSession.open(library, did)
    session.record_version(label="original")
    original = content_checksum(session.doc)
    session.history.execute(edits.delete(session.doc, ["s1"]))
    session.history.execute(edits.move(session.doc, ["s5"], 100, 0))
    session.history.execute(edits.set_style(session.doc, ["s6"], fill="red"))
    session.history.execute(edits.add(session.doc, Shape(id="new", text="new", w=10, h=10)))
    edited = content_checksum(session.doc)
    session.restore_version(1)
    assert content_checksum(session.doc) == original
    assert content_checksum(library.diagrams.load(did)) == original
    assert [v.reason for v in library.versions.all(did)] == ["manual", "before-restore"]
    assert session.history.undo_label == "Restore version 1"
    session.history.undo()
    assert content_checksum(session.doc) == edited
    session.history.redo()
    assert content_checksum(session.doc) == original


def test_restore_brings_back_the_title(library: Library, diagram_factory: type) -> None:
    from autograph_desktop.model import update_meta

    did = library.diagrams.create(diagram_factory.make(1, title="First"))
    session = DocumentSession.open(library, did)
    session.record_version()
    op = update_meta(session.doc.meta, title="Second")
    assert op is not None
    session.history.execute(Transaction((op,), "Rename"))
    session.restore_version(1)
    assert session.doc.meta.title == "First" and library.diagrams.get(did).title == "First"


def test_fork_makes_an_independent_diagram(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(4, title="Plan"))
    session = DocumentSession.open(library, did)
    session.record_version()
    session.history.execute(edits.delete(session.doc, ["s0"]))
    session.save()
    fork = library.versions.fork(did, 1)
    assert fork != did and library.diagrams.get(fork).title == "Plan (v1)"
    assert len(library.diagrams.load(fork)) == 4 and len(library.diagrams.load(did)) == 3
    assert library.versions.all(fork) == []


def test_label_and_comment_versions(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(1))
    library.versions.record(library.diagrams.load(did), author="ana")
    library.versions.label(did, 1, label="  v1.0 review  ", message="Approved by the team")
    [v] = library.versions.all(did)
    assert (v.label, v.message, v.author) == ("v1.0 review", "Approved by the team", "ana")
    with pytest.raises(VersionNotFound):
        library.versions.label(did, 99, label="x")
    with pytest.raises(VersionNotFound):
        library.versions.load(did, 0)
    with pytest.raises(ValueError):
        library.versions.record(library.diagrams.load(did), reason="because")


def test_compare_reports_added_removed_and_changed_properties(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session = DocumentSession.open(library, did)
    session.record_version()
    session.history.execute(edits.delete(session.doc, ["s0"]))
    session.history.execute(edits.move(session.doc, ["s1"], 10, 0))
    session.history.execute(edits.set_style(session.doc, ["s2"], fill="red", stroke_width=3.0))
    session.history.execute(edits.add(session.doc, Shape(id="n", text="new", w=10, h=10)))
    session.record_version()
    diff = library.versions.compare(did, 1, 2)
    assert [e.id for e in diff.added] == ["n"]
    assert [e.id for e in diff.removed] == ["s0"]
    changed = {c.id: c for c in diff.changed}
    assert set(changed) == {"s1", "s2"}
    assert changed["s1"].changes == {"x": (120.0, 130.0)}
    assert changed["s2"].names == ["style.fill", "style.stroke_width"]
    assert changed["s2"].changes["style.fill"] == ("ink", "red")
    assert diff.summary() == "1 added, 1 removed, 2 changed"
    assert diff_versions(session.doc, session.doc).empty
