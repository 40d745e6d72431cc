"""The rebase of pulled operations over pending local changes, on plain documents (no server)."""

from __future__ import annotations

from typing import Any

from autograph_desktop.model import Diagram, DiagramMeta, Shape, Text, edits
from autograph_desktop.store.outbox import OutboxEntry
from autograph_desktop.sync.batches import build_requests
from autograph_desktop.sync.rebase import Pending, rebase


def doc() -> Diagram:
    return Diagram(DiagramMeta(id="d", title="T"), [Shape(id="a", text="one", x=1.0, z="a0"),
                                                      Shape(id="b", text="two", z="a1")])


def update(eid: str, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {"op": "update", "id": eid, "before": before, "after": after}


def test_a_remote_update_applies_except_where_a_pending_local_value_wins() -> None:
    d = doc()
    pending = Pending.from_json([edits.set_fields(d, ["a"], text="mine").to_json()])
    result = rebase(d, [update("a", {"text": "one", "x": 1}, {"text": "theirs", "x": 5})], pending)
    d.execute(result.transaction)
    assert (d["a"].text, d["a"].x, result.kept_local) == ("one", 5.0, 1)


def test_only_our_pushed_values_that_end_up_replaced_are_conflicts() -> None:
    d = doc()
    d.execute(edits.set_fields(d, ["b"], text="pushed here"))
    d.execute(edits.set_fields(d, ["a"], text="also ours"))
    ours = Pending.from_json([update("b", {"text": "two"}, {"text": "pushed here"}),
                              update("a", {"text": "one"}, {"text": "also ours"})])
    theirs = [update("b", {"text": "two"}, {"text": "theirs"}), update("a", {"x": 1}, {"x": 3}),
              # someone else's change to "a", then ours again on top: our value stays, no conflict
              update("a", {"text": "one"}, {"text": "theirs"}), update("a", {"text": "theirs"}, {"text": "also ours"})]
    result = rebase(d, theirs, Pending(), authored=ours)
    d.execute(result.transaction)
    assert (d["b"].text, d["a"].text, d["a"].x) == ("theirs", "also ours", 3.0)
    assert [(c.element_id, c.field, c.local, c.remote) for c in result.conflicts] == [
        ("b", "text", "pushed here", "theirs")]
    gone = {"op": "delete", "element": {"id": "b", "kind": "shape", "z": "a1", "text": "theirs"}}
    assert [c.field for c in rebase(d, [gone], Pending(), authored=ours).conflicts] == ["*"]
    assert rebase(d, [gone], Pending()).conflicts == []


def test_delete_against_a_pending_edit_keeps_the_element_and_a_plain_delete_removes_it() -> None:
    d = doc()
    gone = {"op": "delete", "element": {"id": "a", "kind": "shape", "z": "a0", "text": "one", "x": 1}}
    pending = Pending.from_json([update("a", {"text": "one"}, {"text": "edited"})])
    assert not rebase(d, [gone], pending).transaction
    d.execute(rebase(d, [gone], Pending()).transaction)
    assert "a" not in d


def test_adds_of_existing_ids_kind_changes_meta_and_unknown_input_fit_the_document() -> None:
    d = doc()
    ops = [
        {"op": "add", "element": {"id": "a", "kind": "shape", "z": "a0", "text": "re-added"}},
        {"op": "add", "element": {"id": "b", "kind": "text", "z": "a1", "text": "now text"}},
        {"op": "add", "element": {"id": "c", "kind": "shape", "z": "a2"}},
        update("missing", {"text": ""}, {"text": "x"}),
        {"op": "meta", "before": {"title": "T"}, "after": {"title": "Renamed", "id": "hijack"}},
        {"op": "transaction", "label": "nested", "operations": [update("c", {"w": 0}, {"w": 10})]},
        {"op": "no-such-op"},
    ]
    d.execute(rebase(d, ops, Pending()).transaction)
    assert d["a"].text == "re-added" and d["a"].x == 0.0
    assert isinstance(d["b"], Text) and d["b"].text == "now text"
    assert d["c"].w == 10.0 and "missing" not in d
    assert d.meta.title == "Renamed" and d.meta.id == "d"


def entry(seq: int, diagram: str, op: dict[str, Any]) -> OutboxEntry:
    return OutboxEntry(seq, diagram, 1, op, "")


def test_batches_respect_the_push_limits_and_cut_at_deletions() -> None:
    big = {"op": "transaction", "label": "Paste",
           "operations": [{"op": "add", "element": {"id": f"e{i}", "kind": "shape", "z": "a"}} for i in range(25)]}
    entries = [entry(1, "d1", {"op": "create_diagram", "meta": {"title": "One"}}), entry(2, "d1", big),
               entry(3, "d2", update("x", {"w": 0}, {"w": 1})), entry(4, "d2", {"op": "delete_diagram"}),
               entry(5, "d3", update("y", {"w": 0}, {"w": 1})), entry(6, "skip", update("z", {"w": 0}, {"w": 1}))]
    requests = build_requests(entries, lambda d: d != "skip", max_ops=10)
    kinds = ["delete" if "delete" in r else "push" for r in requests]
    assert kinds == ["push", "push", "push", "delete", "push"]
    first = requests[0]["push"]["diagrams"][0]
    assert first["create"] == {"meta": {"title": "One"}} and len(first["operations"]) == 10
    assert all(sum(len(e["operations"]) for e in r["push"]["diagrams"]) <= 10 for r in requests if "push" in r)
    assert requests[-1]["push"]["diagrams"][0]["diagram_id"] == "d3"
    assert not any(e["diagram_id"] == "skip" for r in requests if "push" in r for e in r["push"]["diagrams"])
