"""Two and three desktop clients syncing through the real server on PostgreSQL and SeaweedFS."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograph_desktop.model import edits
from tests.support.server_support import ServerProcess
from tests.support.sync_clients import make_client, new_email, sample


def test_offline_edits_on_two_clients_converge_and_overwritten_values_stay_in_versions(
        tmp_path: Path, pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        did = a.library.diagrams.create(sample("Plan"))
        a.engine.sync()
        b.engine.sync()
        assert b.docs() == a.docs() and b.library.diagrams.get(did).title == "Plan"

        # Both edit the same shape's text offline, and different fields of other shapes.
        a.edit(did, text="from A")
        b.edit(did, text="from B", x=999.0)
        a.library.diagrams.rename(did, "Renamed on A")
        a.engine.sync()
        b.engine.sync()   # B's push comes later in the server's order: its text wins
        a.engine.sync()
        assert a.docs() == b.docs()
        doc = a.library.diagrams.load(did)
        first = sorted(doc, key=lambda e: e.id)[0]
        assert (first.text, first.x, doc.meta.title) == ("from B", 999.0, "Renamed on A")
        # A's lost value is in one of A's versions, recorded before the remote change was applied.
        texts = {sorted(a.library.versions.load(did, v.number), key=lambda e: e.id)[0].text
                 for v in a.library.versions.all(did)}
        assert "from A" in texts
        # A is told its value was replaced; B, whose value stayed, is not.
        notice = "replaced by changes made elsewhere"
        assert any(notice in e.message for e in a.engine.log.entries())
        assert not any(notice in e.message for e in b.engine.log.entries())
        assert a.library.outbox.pending_count() == 0 == b.library.outbox.pending_count()
    finally:
        a.close()
        b.close()


def test_delete_against_edit_keeps_the_edited_element(tmp_path: Path, pg_server: ServerProcess) -> None:
    email = new_email()
    a = make_client(tmp_path, "a", pg_server.url, email, register=True)
    b = make_client(tmp_path, "b", pg_server.url, email)
    try:
        did = a.library.diagrams.create(sample("Conflicts"))
        a.engine.sync()
        b.engine.sync()
        target = sorted(a.library.diagrams.load(did), key=lambda e: e.id)[0].id
        session = a.library.open_session(did)
        session.execute(edits.delete(session.doc, [target]))
        session.close()
        b.edit(did, text="edited while A deleted it")
        b.engine.sync()
        a.engine.sync()  # A's delete meets B's edit: the edit wins, A gets the element back
        b.engine.sync()
        assert a.docs() == b.docs()
        assert a.library.diagrams.load(did)[target].text == "edited while A deleted it"
        assert any("kept" in e.message for e in a.engine.log.entries())
    finally:
        a.close()
        b.close()


def test_one_round_at_a_time_per_library_and_folders_left_out_stay_local(
        tmp_path: Path, embedded_sync_server: ServerProcess) -> None:
    from autograph_desktop.sync.errors import ServerBusy
    from autograph_desktop.sync.folders import TOP, SyncFolders
    from autograph_desktop.sync.roundlock import RoundLock

    email = new_email()
    a = make_client(tmp_path, "a", embedded_sync_server.url, email, register=True)
    b = make_client(tmp_path, "b", embedded_sync_server.url, email)
    try:
        private = a.library.folders.create("Private")
        work = a.library.folders.create("Work")
        nested = a.library.folders.create("Clients", parent_id=work)
        kept = a.library.diagrams.create(sample("Diary"), folder_id=private)
        shared = a.library.diagrams.create(sample("Roadmap"), folder_id=nested)
        loose = a.library.diagrams.create(sample("Loose"))
        SyncFolders(a.library).choose({work, TOP})
        with RoundLock(a.library.path), pytest.raises(ServerBusy, match="another"):
            a.engine.sync()  # the editor's worker holds the round: the CLI's round waits or gives up
        a.engine.sync()
        b.engine.sync()
        assert set(b.docs()) == {shared, loose}  # a subfolder of a chosen folder syncs; Private does not
        SyncFolders(a.library).choose(set())  # nothing syncs: a new diagram stays here
        later = a.library.diagrams.create(sample("Later"))
        a.engine.sync()
        b.engine.sync()
        assert later not in b.docs()
        SyncFolders(a.library).choose(None)  # everything, from now on: the left-out diagrams go up
        a.engine.sync()
        b.engine.sync()
        assert set(b.docs()) == {shared, loose, kept, later} and b.docs() == a.docs()
    finally:
        a.close()
        b.close()
