"""The merge rule on its own (no server): later in server order wins per property, overwritten values are
reported, edits win over deletes both ways, and every logged change applies cleanly to the state before it."""

from __future__ import annotations

import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from autograph_desktop.wire import AddOp, DeleteOp, MetaOp, PrimitiveOp, UpdateOp
from autograph_server.merge import DiagramMerge, ElementRow, Sequence, canonical


def merge(rows: dict[str, ElementRow] | None = None) -> DiagramMerge:
    return DiagramMerge("d", {"title": "T"}, {"title": 1}, rows or {}, Sequence(10))


def add(element_id: str, **fields: Any) -> AddOp:
    return AddOp(op="add", element={"id": element_id, "kind": "shape", "z": "a0", **fields})


def test_update_overwrites_and_reports_what_it_replaced() -> None:
    m = merge()
    m.apply(0, add("a", text="one"))
    m.apply(1, UpdateOp(op="update", id="a", before={"text": "one"}, after={"text": "two"}))
    m.apply(2, UpdateOp(op="update", id="a", before={"text": "one"}, after={"text": "three"}))
    assert m.rows["a"].data["text"] == "three"
    assert m.overwritten == [{"diagram_id": "d", "element_id": "a", "field": "text", "value": "two",
                              "written_seq": 12, "seq": 13}]
    assert [seq for seq, _, _ in m.changes] == [11, 12, 13]


def test_default_values_are_left_out_of_the_state() -> None:
    m = merge()
    m.apply(0, add("a", x=5))
    m.apply(1, UpdateOp(op="update", id="a", before={"x": 5}, after={"x": 0}))
    assert m.rows["a"].data == {"id": "a", "kind": "shape", "z": "a0"}
    assert canonical({"id": "a", "kind": "shape", "x": 0, "text": ""}) == {"id": "a", "kind": "shape", "z": ""}


def test_delete_of_an_edited_element_is_refused_and_update_resurrects() -> None:
    m = merge()
    m.apply(0, add("a", text="x"))
    m.apply(1, UpdateOp(op="update", id="a", before={"text": "x"}, after={"text": "y"}))
    m.apply(2, DeleteOp(op="delete", element={"id": "a", "kind": "shape", "z": "a0", "text": "x"}))
    assert m.results[-1]["status"] == "refused" and not m.rows["a"].deleted
    m.apply(3, DeleteOp(op="delete", element={"id": "a", "kind": "shape", "z": "a0", "text": "y"}))
    assert m.rows["a"].deleted and m.count_delta == 0
    m.apply(4, UpdateOp(op="update", id="a", before={"x": 0}, after={"x": 3}))
    assert m.results[-1]["status"] == "resurrected" and not m.rows["a"].deleted and m.rows["a"].data["x"] == 3
    assert m.changes[-1][1:] == ("op", {"op": "add", "element": {"id": "a", "kind": "shape", "z": "a0", "text": "y", "x": 3}})


def test_meta_merges_per_field() -> None:
    m = merge()
    m.apply(0, MetaOp(op="meta", before={"title": "old"}, after={"title": "new"}))
    assert m.meta["title"] == "new" and m.overwritten[0]["value"] == "T" and m.overwritten[0]["element_id"] is None


IDS = ["a", "b", "c"]
VALUES = st.sampled_from(["", "p", "q"])


@st.composite
def operations(draw: st.DrawFn) -> PrimitiveOp:
    element_id = draw(st.sampled_from(IDS))
    kind = draw(st.sampled_from(["add", "delete", "update", "update"]))
    text = draw(VALUES)
    if kind == "add":
        return add(element_id, text=text)
    if kind == "delete":
        return DeleteOp(op="delete", element={"id": element_id, "kind": "shape", "z": "a0", "text": text})
    return UpdateOp(op="update", id=element_id, before={"text": draw(VALUES)}, after={"text": text})


def replay(state: dict[str, dict[str, Any]], change: dict[str, Any]) -> None:
    """Apply a logged change as a strict client would: its `before` must match exactly."""
    if change["op"] == "add":
        assert change["element"]["id"] not in state
        state[change["element"]["id"]] = change["element"]
    elif change["op"] == "delete":
        assert state.pop(change["element"]["id"]) == change["element"]
    else:
        current = state[change["id"]]
        for name, value in change["before"].items():
            assert current.get(name, "") == value
        current = dict(current, **change["after"])
        state[change["id"]] = {k: v for k, v in current.items() if k in ("id", "kind", "z") or v != ""}


@settings(max_examples=150, deadline=None)
@given(st.lists(operations(), max_size=25), st.randoms())
def test_logged_changes_replay_to_the_server_state(ops: list[PrimitiveOp], rng: random.Random) -> None:
    m = merge()
    for i, op in enumerate(ops):
        m.apply(i, op)
    state: dict[str, dict[str, Any]] = {}
    for _, _, body in m.changes:
        replay(state, body)
    live = {k: r.data for k, r in m.rows.items() if not r.deleted}
    assert state == live
    # Every value that changed without its writer having seen the one before is on record.
    for record in m.overwritten:
        assert record["seq"] > record["written_seq"]
