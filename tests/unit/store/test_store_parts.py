"""The library's smaller parts: the sync outbox, the AI usage log and the settings kept in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from autograph_desktop.model import edits
from autograph_desktop.store import AiUsage, DocumentSession, Library
from autograph_desktop.store.db import make_engine
from autograph_desktop.store.migrate import migrate


def edit_and_save(library: Library, did: str, moves: int) -> None:
    session = DocumentSession.open(library, did)
    for i in range(moves):
        session.history.execute(edits.move(session.doc, ["s0"], 1, 0))
        session.history.execute(edits.set_fields(session.doc, ["s1"], text=f"changed {i}"))
        session.save()


def test_outbox_batches_after_a_position_and_acknowledges(library: Library, diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(3))
    outbox = library.outbox
    # Creating queues the diagram (its metadata, then its elements' adds) in the same transaction.
    created = outbox.batch()
    assert [e.op["op"] for e in created] == ["create_diagram", "transaction"]
    assert created[0].op["meta"]["title"] == library.diagrams.get(did).title
    assert len(created[1].op["operations"]) == 3
    assert (outbox.pending_count(), outbox.position(), outbox.last_sequence()) == (2, 0, 2)
    edit_and_save(library, did, 3)
    entries = outbox.batch()
    assert len(entries) == 8 == outbox.pending_count() == outbox.last_sequence()
    assert [e.sequence for e in entries] == list(range(1, 9))
    assert {e.diagram_id for e in entries} == {did} and entries[2].op["op"] == "transaction"
    assert [e.sequence for e in outbox.batch(after=2, limit=3)] == [3, 4, 5]
    outbox.mark_pushed(6)
    assert outbox.position() == 6 and outbox.pending_count() == 2
    assert [e.sequence for e in outbox.batch()] == [7, 8]  # the default position: what was acknowledged
    outbox.mark_pushed(2)  # a late, duplicate acknowledgement never moves the position back
    assert outbox.position() == 6
    with pytest.raises(ValueError, match="never handed out"):
        outbox.mark_pushed(99)


def test_sequences_are_never_reused_after_everything_was_pushed(db_path: Path, diagram_factory: type) -> None:
    with Library.open(db_path) as library:
        did = library.diagrams.create(diagram_factory.make(3))
        edit_and_save(library, did, 2)
        library.outbox.mark_pushed(library.outbox.last_sequence())
        assert library.outbox.batch(after=0) == []
        library.trash.add(did)
        library.trash.delete(did)
    with Library.open(db_path) as library:  # across restarts too
        [deleted] = library.outbox.batch()
        assert deleted.sequence == 7 and deleted.op == {"op": "delete_diagram"} and deleted.seq == -1
        assert library.outbox.pending_count() == 1


def test_the_client_id_is_made_once_and_kept(db_path: Path) -> None:
    with Library.open(db_path) as library:
        first = library.outbox.client_id()
        assert len(first) >= 32 and library.outbox.client_id() == first
    with Library.open(db_path) as library:
        assert library.outbox.client_id() == first


def test_upgrading_an_0002_outbox_keeps_entries_and_continues_past_the_pushed_position(db_path: Path) -> None:
    engine = make_engine(db_path)
    migrate(engine, db_path, target="0002", backup=False)
    engine.dispose()
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("INSERT INTO outbox (id, diagram_id, seq, op, created_at) VALUES (3, 'd', 1, '{\"op\":\"x\"}', 't')")
        conn.execute("INSERT INTO sync_state (scope, last_outbox_id) VALUES ('library', 40)")  # 4..40 were pushed
    conn.close()
    with Library.open(db_path) as library:
        assert [e.sequence for e in library.outbox.batch(after=0)] == [3]
        assert library.outbox.position() == 40 and library.outbox.last_sequence() == 40
        did = library.diagrams.create(title="new")
        library.trash.delete(did)
        assert [e.sequence for e in library.outbox.batch()] == [41, 42]  # created, then deleted


def test_ai_usage_records_calls_and_totals_per_provider_and_model(library: Library) -> None:
    ticks = iter(range(10, 99))
    library.clock = lambda: f"2026-05-01T00:00:{next(ticks):02d}.000000Z"
    log = library.ai_usage
    first = log.record(provider="openai", model="gpt-4.1", tokens_in=1200, tokens_out=300, cost=0.012,
                       latency_ms=850.0, diagram_id="d1")
    assert first == AiUsage("openai", "gpt-4.1", 1200, 300, 0.012, 850.0, "ok", "2026-05-01T00:00:10.000000Z", "d1")
    log.record(provider="openai", model="gpt-4.1", tokens_in=800, tokens_out=100, cost=0.008, latency_ms=1150.0,
               outcome="timeout")
    log.record(provider="ollama", model="llama3", tokens_in=500, tokens_out=50, latency_ms=3000.0)
    assert [u.outcome for u in log.entries()] == ["ok", "timeout", "ok"]
    assert [u.model for u in log.entries(since="2026-05-01T00:00:11")] == ["gpt-4.1", "llama3"]
    assert [u.tokens_in for u in log.entries(diagram_id="d1")] == [1200]
    openai, ollama = log.totals()
    assert (openai.provider, openai.model, openai.calls, openai.failures) == ("openai", "gpt-4.1", 2, 1)
    assert (openai.tokens_in, openai.tokens_out, openai.mean_latency_ms) == (2000, 400, 1000.0)
    assert openai.cost == pytest.approx(0.02)
    assert (ollama.calls, ollama.failures, ollama.cost) == (1, 0, 0.0)
    assert [t.calls for t in log.totals(since="2026-05-01T00:00:12")] == [1]


@pytest.mark.parametrize("bad", [{"provider": " "}, {"model": "m" * 201}, {"tokens_in": -1},
                                 {"cost": float("nan")}, {"latency_ms": float("inf")}, {"outcome": ""}])
def test_ai_usage_refuses_bad_records(library: Library, bad: dict[str, object]) -> None:
    call: dict[str, object] = {"provider": "openai", "model": "gpt", **bad}
    with pytest.raises(ValueError, match="AI usage record"):
        library.ai_usage.record(**call)  # type: ignore[arg-type]
    assert library.ai_usage.entries() == []


def test_settings_hold_json_values_and_survive_damage(library: Library) -> None:
    settings = library.settings
    assert settings.get("sidebar", "default") == "default"
    settings.set("sidebar", {"section": "recent", "widths": [200, 300]})
    assert settings.get("sidebar") == {"section": "recent", "widths": [200, 300]}
    settings.set("sidebar", None)
    assert settings.get("sidebar", "default") is None
    with pytest.raises(TypeError):
        settings.set("bad", object())
    with library.write() as conn:
        conn.exec_driver_sql("INSERT INTO settings (key, value) VALUES ('broken', '{not json')")
    assert settings.get("broken", 7) == 7


def test_whole_saves_and_renames_outside_a_session_are_queued_for_sync(library: Library,
                                                                       diagram_factory: type) -> None:
    did = library.diagrams.create(diagram_factory.make(3))
    library.outbox.mark_pushed(library.outbox.last_sequence())
    doc = library.diagrams.load(did)
    first = next(iter(doc))
    doc.execute(edits.set_fields(doc, [first.id], text="edited outside a session"))
    library.diagrams.save(doc)
    library.diagrams.rename(did, "Renamed")
    library.diagrams.rename(did, "Renamed")  # no change, nothing queued
    ops = [e.op for e in library.outbox.batch()]
    assert [op["op"] for op in ops] == ["transaction", "meta"]
    assert ops[0]["operations"][0]["after"] == {"text": "edited outside a session"}
    assert ops[1]["after"] == {"title": "Renamed"}


def test_a_diagram_from_the_server_is_not_queued_back(library: Library, diagram_factory: type) -> None:
    library.diagrams.create(diagram_factory.make(2), record=False)
    assert library.outbox.pending_count() == 0
