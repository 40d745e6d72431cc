"""The crash journal: what is written comes back, a torn last line is dropped, bad files never crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograph_desktop import journal
from autograph_desktop.journal import Session, TabJournal, TabRecord, read_session, recover, write_session
from autograph_desktop.model import Diagram, DiagramMeta, Shape, edits


def test_snapshot_then_operations_replay_to_the_same_document(tmp_path: Path) -> None:
    doc = Diagram(DiagramMeta(title="Plan"), [Shape(id="a", x=0, y=0, w=100, h=50, text="first", z="a0")])
    tab = TabJournal(tmp_path, TabRecord("file", path="plan.autograph"))
    doc.subscribe(lambda _d, changes: tab.note(changes.operations))
    doc.execute(edits.move(doc, ["a"], 10, 0))
    tab.flush_document(doc)  # first flush: a snapshot
    doc.execute(edits.add(doc, Shape(id="b", x=200, y=0, w=80, h=40, text="second")))
    doc.execute(edits.set_style(doc, ["a"], fill="red"))
    tab.flush_document(doc)  # then operations
    assert (tab.folder / "ops.jsonl").read_bytes().count(b"\n") == 2
    found = recover(tmp_path, tab.id)
    assert found is not None and found.document is not None and not found.problems
    assert found.document.snapshot()[1] == doc.snapshot()[1]
    assert found.record.path == "plan.autograph" and found.record.kind == "file"


def test_a_torn_last_line_is_dropped_and_earlier_changes_kept(tmp_path: Path) -> None:
    doc = Diagram(DiagramMeta(), [Shape(id="a", x=0, y=0, w=100, h=50, z="a0")])
    tab = TabJournal(tmp_path, TabRecord("scratch"))
    doc.subscribe(lambda _d, changes: tab.note(changes.operations))
    tab.flush_document(doc)
    doc.execute(edits.move(doc, ["a"], 5, 0))
    tab.flush_document(doc)
    with open(tab.folder / "ops.jsonl", "ab") as handle:
        handle.write(b'{"op": "update", "id": "a", "bef')  # the crash came mid-write
    found = recover(tmp_path, tab.id)
    assert found is not None and found.document is not None
    assert found.document["a"].x == 5 and not found.problems


def test_a_long_log_is_compacted_into_a_new_snapshot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal, "COMPACT_AFTER_BYTES", 200)
    doc = Diagram(DiagramMeta(), [Shape(id="a", x=0, y=0, w=100, h=50, z="a0")])
    tab = TabJournal(tmp_path, TabRecord("scratch"))
    doc.subscribe(lambda _d, changes: tab.note(changes.operations))
    tab.flush_document(doc)
    for step in range(20):
        doc.execute(edits.move(doc, ["a"], 1, 0))
        tab.flush_document(doc)
        assert (tab.folder / "ops.jsonl").stat().st_size < 600, step
    found = recover(tmp_path, tab.id)
    assert found is not None and found.document is not None and found.document["a"].x == 20


def test_code_journals_keep_the_text(tmp_path: Path) -> None:
    tab = TabJournal(tmp_path, TabRecord("file", code=True, path="flow.mmd"))
    tab.flush_code("flowchart LR\n  A --> B ✓\n")
    found = recover(tmp_path, tab.id)
    assert found is not None and found.code == "flowchart LR\n  A --> B ✓\n" and found.record.code


def test_session_files_round_trip_and_hostile_ones_are_ignored(tmp_path: Path) -> None:
    session = Session([TabRecord("library", library_id="d1"), TabRecord("file", path="x.drawio", journal="j")],
                      current=1, clean=False)
    write_session(tmp_path, session)
    again = read_session(tmp_path)
    assert again is not None and again.current == 1 and not again.clean
    assert [(t.kind, t.library_id, t.path, t.journal) for t in again.tabs] == [
        ("library", "d1", None, None), ("file", None, "x.drawio", "j")]
    for junk in (b"", b"not json", b"[1, 2]", b'{"tabs": "x"}', b'{"tabs": [{"kind": "evil"}, 7, null]}'):
        (tmp_path / "session.json").write_bytes(junk)
        found = read_session(tmp_path)
        assert found is None or found.tabs == []
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "tab.json").write_bytes(b"{")
    assert recover(tmp_path, "broken") is None
