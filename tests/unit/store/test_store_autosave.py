"""Nothing lost: autosave within a second of an edit (clock-driven, and under SIGKILL), the saved revision
the GUI shows, and versions taken on a schedule and before destructive edits, whoever runs them."""

from __future__ import annotations

from pathlib import Path

import pytest
from autosave_kill import run_autosave_kill

from autograph_desktop.model import Shape, edits
from autograph_desktop.store import AutosavePolicy, DocumentSession, Library
from autograph_desktop.store.codec import content_checksum


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def open_session(library: Library, did: str) -> tuple[DocumentSession, Clock]:
    clock = Clock()
    return DocumentSession.open(library, did, policy=AutosavePolicy(clock=clock)), clock


def stored_x(library: Library, did: str, element: str) -> float:
    return library.diagrams.load(did)[element].x


def test_a_pause_saves_after_the_quiet_period(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session, clock = open_session(library, did)
    assert session.seconds_until_save() is None
    session.history.execute(edits.move(session.doc, ["s1"], 5, 0))
    clock.now = 0.2
    assert session.seconds_until_save() == pytest.approx(0.1)
    session.tick()
    assert session.dirty and stored_x(library, did, "s1") != session.doc["s1"].x
    clock.now = 0.3
    session.tick()
    assert not session.dirty and stored_x(library, did, "s1") == session.doc["s1"].x
    assert session.commit_delay.last is not None and session.commit_delay.last >= 0.3


def test_continuous_editing_saves_once_the_oldest_edit_is_due(library: Library, diagram_factory: type) -> None:
    """Edits every 0.1 s never leave a quiet period; the oldest unsaved edit still reaches the disk on time."""
    did = library.diagrams.create(diagram_factory.make(5))
    session, clock = open_session(library, did)
    waited: list[float] = []
    for step in range(40):
        clock.now = step * 0.1
        session.history.execute(edits.move(session.doc, ["s2"], 1, 0))
        if step % 2 == 1:  # the GUI's timer: every 0.2 s here
            age = session.policy.unsaved_for()
            session.tick()
            if not session.dirty:
                waited.append(age)
                assert stored_x(library, did, "s2") == session.doc["s2"].x
    assert len(waited) >= 5, waited  # 4 s of editing, a save at least every 0.6 s
    assert max(waited) <= session.policy.max_unsaved_seconds + 0.2 + 1e-9


def test_saved_through_says_when_the_last_edit_is_committed(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5, connectors=2))
    session, clock = open_session(library, did)
    heard: list[int] = []
    stop = session.on_saved(heard.append)
    session.history.execute(edits.set_fields(session.doc, ["s0"], text="first"))
    first = session.revision
    session.history.execute(edits.set_fields(session.doc, ["s1"], text="second"))
    assert session.revision > first and session.saved_through < first and session.dirty
    clock.now = 1.0
    session.tick()
    ticked = session.revision
    assert heard == [ticked] and session.saved_through == ticked
    assert library.diagrams.load(did)["s1"].text == "second"
    session.history.execute(edits.set_fields(session.doc, ["s2"], text="third"))
    stop()
    session.save()
    assert heard == [ticked] and session.saved_through == session.revision > ticked  # saved, no longer told
    assert session.save() is None and not session.dirty


def test_five_minutes_of_editing_through_the_history_record_versions(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(5))
    session, clock = open_session(library, did)
    for second in range(0, 11 * 60, 20):  # eleven minutes of edits, ticked as the GUI does
        clock.now = float(second)
        session.history.execute(edits.move(session.doc, ["s0"], 1, 0))
        session.tick()
    assert [v.reason for v in library.versions.all(did)] == ["periodic", "periodic"]
    clock.now = 2000.0
    session.tick()  # the last edit (at 640 s) gets its version five minutes later, editing or not
    assert len(library.versions.all(did)) == 3
    clock.now = 4000.0
    session.tick()
    assert len(library.versions.all(did)) == 3  # no edits since: no new version


def test_big_deletes_by_the_canvas_record_the_state_before(library: Library, diagram_factory: type) -> None:
    """The canvas runs transactions through `session.history` (not `session.execute`): still versioned."""
    did = library.diagrams.create(diagram_factory.make(30))
    session, _ = open_session(library, did)
    session.history.execute(edits.delete(session.doc, [f"s{i}" for i in range(12)]))
    [v] = library.versions.all(did)
    assert v.reason == "bulk-delete" and v.element_count == 30
    session.history.execute(edits.delete(session.doc, ["s20"]))
    assert len(library.versions.all(did)) == 1  # a small delete is just an edit
    session.history.begin("Erase")  # a gesture that deletes in one step is checked too
    session.history.execute(edits.delete(session.doc, ["s12", *(f"s{i}" for i in range(21, 30))]))
    session.history.commit()
    assert [v.reason for v in library.versions.all(did)] == ["bulk-delete", "bulk-delete"]
    assert len(library.versions.load(did, 2)) == 17


def test_deleting_most_of_a_small_diagram_records_a_version(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(6))
    session, _ = open_session(library, did)
    session.history.execute(edits.delete(session.doc, ["s0", "s1"]))
    assert library.versions.all(did) == []
    session.history.execute(edits.delete(session.doc, ["s2", "s3", "s4"]))
    assert [(v.reason, v.element_count) for v in library.versions.all(did)] == [("bulk-delete", 4)]


def test_replacing_the_document_keeps_the_old_one_as_a_version(library: Library, diagram_factory: type) -> None:
    """A Mermaid rebuild or an AI refinement replaces everything: one undo step, the old state versioned."""
    did = library.diagrams.create(diagram_factory.make(4, title="Before"))
    session, _ = open_session(library, did)
    before = content_checksum(session.doc)
    rebuilt = diagram_factory.make(2, title="After")
    rebuilt.execute(edits.add(rebuilt, Shape(id="new", text="from the AI", w=50, h=20)))
    session.replace_document(rebuilt, label="Refine with AI")
    assert [v.reason for v in library.versions.all(did)] == ["before-replace"]
    assert content_checksum(library.versions.load(did, 1)) == before
    assert library.diagrams.load(did)["new"].text == "from the AI" and not session.dirty
    assert session.history.undo_label == "Refine with AI"
    session.history.undo()
    assert content_checksum(session.doc) == before


def test_sigkill_a_second_after_an_edit_never_loses_it(tmp_path: Path) -> None:
    """Real editor processes edit through `session.history` and tick every 0.5 s like the window's timer;
    killed 1 s after their last edit (or mid-stream), the library holds every edit a second old."""
    report = run_autosave_kill(tmp_path, 4, seed=5)
    assert report.failures == []
    assert report.runs == 4 and report.edits >= 20
