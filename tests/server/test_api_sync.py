"""Sync over HTTP, on both backends: idempotent push, server order, pagination, tombstones, overwritten
values, edits winning over deletes, metadata conflicts, and a cursor that never skips a change."""

from __future__ import annotations

import threading
import uuid

from api_client import Api, shape


def test_push_then_pull_returns_effective_operations_in_order(api: Api) -> None:
    alice = api.register("alice")
    diagram = f"d-{uuid.uuid4().hex[:8]}"
    reply = alice.push(diagram, [
        {"op": "add", "element": shape("a", text="A")},
        {"op": "transaction", "label": "move", "operations": [
            {"op": "add", "element": shape("b", x=200)},
            {"op": "update", "id": "a", "before": {"x": 0}, "after": {"x": 40}},
        ]},
    ], create={"title": "First"})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert body["applied"] == 3 and body["results"] == [] and body["overwritten"] == []
    (pushed,) = body["diagrams"]
    assert pushed["created"] is True and pushed["last_seq"] - pushed["first_seq"] == 2

    changes, cursor = alice.pull_all()
    assert [c["kind"] for c in changes] == ["diagram", "op", "op", "op"]
    assert changes[0]["meta"]["title"] == "First"
    seqs = [c["seq"] for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == 4
    assert changes[3]["op"] == {"op": "update", "id": "a", "before": {"x": 0}, "after": {"x": 40}}
    assert all(c["client_id"] == "desk-1" for c in changes)
    more, _ = alice.pull_all(cursor)
    assert more == []


def test_repeated_batch_changes_nothing_and_returns_the_same_reply(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    ops = [{"op": "add", "element": shape("n1")}]
    first = alice.push(diagram, ops, client_seq=7)
    again = alice.push(diagram, ops, client_seq=7)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    changes, _ = alice.pull_all()
    assert sum(1 for c in changes if c["kind"] == "op") == 1
    # The same number with another batch, and a number below the last one, are errors that say so.
    other = alice.push(diagram, [{"op": "add", "element": shape("n2")}], client_seq=7)
    assert other.status_code == 409 and "already used" in other.json()["detail"]
    lower = alice.push(diagram, [{"op": "add", "element": shape("n3")}], client_seq=3)
    assert lower.status_code == 409 and "lower than 7" in lower.json()["detail"]
    state = alice.get(f"/v1/diagrams/{diagram}/state").json()
    assert [e["id"] for e in state["elements"]] == ["n1"]


def test_pull_paginates_without_gaps_or_repeats(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape(f"e{i:03d}")} for i in range(57)])
    seen, cursor, pages = [], None, 0
    while True:
        reply = alice.get("/v1/sync/pull", params={"limit": 10, **({"cursor": cursor} if cursor else {})})
        data = reply.json()
        seen.extend(c["seq"] for c in data["changes"])
        cursor, pages = data["cursor"], pages + 1
        if not data["more"]:
            break
    assert pages == 6
    assert seen == sorted(set(seen)) and len(seen) == 58  # the diagram and 57 adds


def test_delete_leaves_a_tombstone_that_pull_returns(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape("x", text="bye")}])
    _, cursor = alice.pull_all()
    reply = alice.push(diagram, [{"op": "delete", "element": shape("x", text="bye")}]).json()
    assert reply["applied"] == 1 and reply["results"] == []
    changes, _ = alice.pull_all(cursor)
    assert [c["op"]["op"] for c in changes] == ["delete"]
    assert changes[0]["op"]["element"]["text"] == "bye"
    state = alice.get(f"/v1/diagrams/{diagram}/state").json()
    assert state["elements"][0]["deleted"] is True and state["diagram"]["element_count"] == 0


def test_concurrent_edit_returns_the_overwritten_value(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape("s", text="v0")}], client_id="laptop")
    first = alice.push(diagram, [{"op": "update", "id": "s", "before": {"text": "v0"}, "after": {"text": "laptop"}}],
                       client_id="laptop").json()
    # The desktop had not seen the laptop's edit: its change wins (later in server order), and the reply
    # carries the laptop's value with the number of the change that wrote it.
    second = alice.push(diagram, [{"op": "update", "id": "s", "before": {"text": "v0"}, "after": {"text": "desk"}}],
                        client_id="desk").json()
    (lost,) = second["overwritten"]
    assert lost["element_id"] == "s" and lost["field"] == "text" and lost["value"] == "laptop"
    assert lost["written_seq"] == first["diagrams"][0]["first_seq"]
    assert lost["seq"] == second["diagrams"][0]["first_seq"]
    kept = alice.get(f"/v1/diagrams/{diagram}/overwritten").json()
    assert kept[0]["value"] == "laptop"
    state = alice.get(f"/v1/diagrams/{diagram}/state").json()
    assert state["elements"][0]["element"]["text"] == "desk"
    # The logged change carries the server's real before, so a client at that state can apply it.
    changes, _ = alice.pull_all()
    assert changes[-1]["op"] == {"op": "update", "id": "s", "before": {"text": "laptop"}, "after": {"text": "desk"}}


def test_edits_win_over_deletes_in_both_orders(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape("p", text="keep me")},
                         {"op": "add", "element": shape("q", text="old")}])
    # Delete first, then an edit made without seeing it: the element comes back with the edit.
    alice.push(diagram, [{"op": "delete", "element": shape("p", text="keep me")}], client_id="one")
    back = alice.push(diagram, [{"op": "update", "id": "p", "before": {"text": "keep me"}, "after": {"text": "edited"}}],
                      client_id="two").json()
    (result,) = back["results"]
    assert result["status"] == "resurrected" and result["element"]["text"] == "edited"
    # Edit first, then a delete of the element as it was before the edit: refused, with the current one.
    alice.push(diagram, [{"op": "update", "id": "q", "before": {"text": "old"}, "after": {"text": "new"}}], client_id="one")
    refused = alice.push(diagram, [{"op": "delete", "element": shape("q", text="old")}], client_id="two").json()
    (result,) = refused["results"]
    assert result["status"] == "refused" and result["element"]["text"] == "new" and refused["applied"] == 0
    state = {e["id"]: e for e in alice.get(f"/v1/diagrams/{diagram}/state").json()["elements"]}
    assert not state["p"]["deleted"] and not state["q"]["deleted"]
    assert state["p"]["element"]["text"] == "edited"


def test_adding_an_existing_id_updates_the_differing_fields(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape("k", text="one", x=5)}])
    reply = alice.push(diagram, [{"op": "add", "element": shape("k", text="two", x=5)}], client_id="other").json()
    assert reply["applied"] == 1
    assert [(o["field"], o["value"]) for o in reply["overwritten"]] == [("text", "one")]
    same = alice.push(diagram, [{"op": "add", "element": shape("k", text="two", x=5)}], client_id="other").json()
    assert same["applied"] == 0 and same["results"][0]["status"] == "noop"
    wrong_kind = alice.push(diagram, [{"op": "add", "element": {"id": "k", "kind": "text", "z": "a0"}}]).json()
    assert wrong_kind["results"][0]["status"] == "rejected"


def test_unknown_elements_and_fields_are_rejected_per_operation(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape("t")}])
    reply = alice.push(diagram, [
        {"op": "update", "id": "ghost", "before": {"x": 0}, "after": {"x": 1}},
        {"op": "update", "id": "t", "before": {"sha256": ""}, "after": {"sha256": "ab" * 32}},
        {"op": "update", "id": "t", "before": {"x": 0}, "after": {"x": 9}},
    ]).json()
    assert [r["status"] for r in reply["results"]] == ["rejected", "rejected"]
    assert "does not exist" in reply["results"][0]["reason"] and "no field" in reply["results"][1]["reason"]
    assert reply["applied"] == 1


def test_meta_operations_merge_and_bump_the_version(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram("Start")
    version = alice.get(f"/v1/diagrams/{diagram}").json()["version"]
    alice.push(diagram, [{"op": "meta", "before": {"title": "Start"}, "after": {"title": "Laptop title"}}], client_id="a")
    reply = alice.push(diagram, [{"op": "meta", "before": {"title": "Start"}, "after": {"title": "Desk title"}}],
                       client_id="b").json()
    (lost,) = reply["overwritten"]
    assert lost["element_id"] is None and lost["field"] == "title" and lost["value"] == "Laptop title"
    info = alice.get(f"/v1/diagrams/{diagram}").json()
    assert info["meta"]["title"] == "Desk title" and info["version"] == version + 2


def test_metadata_patch_uses_optimistic_concurrency(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram("v1")
    info = alice.get(f"/v1/diagrams/{diagram}").json()
    ok = alice.request("PATCH", f"/v1/diagrams/{diagram}", json={"expected_version": info["version"],
                                                                  "meta": {"title": "v2"}})
    assert ok.status_code == 200 and ok.json()["version"] == info["version"] + 1
    stale = alice.request("PATCH", f"/v1/diagrams/{diagram}", json={"expected_version": info["version"],
                                                                     "meta": {"title": "v3"}})
    assert stale.status_code == 409
    assert stale.json()["current"]["meta"]["title"] == "v2" and "version" in stale.json()["detail"]
    gone = alice.request("DELETE", f"/v1/diagrams/{diagram}", params={"expected_version": info["version"]})
    assert gone.status_code == 409
    assert alice.request("DELETE", f"/v1/diagrams/{diagram}", params={"expected_version": info["version"] + 1}).status_code == 204
    assert alice.push(diagram, [{"op": "add", "element": shape("z")}]).status_code == 410
    changes, _ = alice.pull_all()
    assert changes[-1]["kind"] == "diagram_deleted"
    listed = alice.get("/v1/diagrams").json()
    assert diagram not in [d["id"] for d in listed]
    assert diagram in [d["id"] for d in alice.get("/v1/diagrams", params={"include_deleted": True}).json()]


def test_versions_are_stored_and_listed(api: Api) -> None:
    alice = api.register()
    diagram = alice.new_diagram()
    alice.push(diagram, [{"op": "add", "element": shape("v1", text="first")}])
    made = alice.post(f"/v1/diagrams/{diagram}/versions", json={"label": "before refactor"})
    assert made.status_code == 201, made.text
    snapshot = made.json()["snapshot_sha256"]
    listed = alice.get(f"/v1/diagrams/{diagram}/versions").json()
    assert [v["label"] for v in listed] == ["before refactor"]
    blob = alice.get(f"/v1/blobs/{snapshot}")
    assert blob.status_code == 200
    assert [e["text"] for e in blob.json()["elements"]] == ["first"]
    unknown = alice.post(f"/v1/diagrams/{diagram}/versions", json={"snapshot_sha256": "0" * 64})
    assert unknown.status_code == 422


def test_concurrent_pushers_and_a_puller_see_every_change_exactly_once(api: Api) -> None:
    """The correctness trap: pushes that commit out of order must not let a cursor skip a change."""
    alice = api.register()
    diagrams = [alice.new_diagram() for _ in range(3)]
    _, cursor = alice.pull_all()
    pushed: list[str] = []
    errors: list[str] = []
    lock = threading.Lock()

    def pusher(n: int) -> None:
        client = Api(api.server)
        try:
            for batch in range(8):
                ids = [f"w{n}-{batch}-{i}" for i in range(5)]
                ops = [{"op": "add", "element": shape(i)} for i in ids]
                reply = client.http.post("/v1/sync/push", headers=alice.headers(), json={
                    "client_id": f"pusher-{n}", "client_seq": batch + 1,
                    "diagrams": [{"diagram_id": diagrams[(n + batch) % 3], "operations": ops}]})
                if reply.status_code != 200:
                    errors.append(reply.text)
                with lock:
                    pushed.extend(ids)
        finally:
            client.close()

    threads = [threading.Thread(target=pusher, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    seen: list[tuple[int, str]] = []
    while any(t.is_alive() for t in threads):
        changes, cursor = alice.pull_all(cursor, limit=7)
        seen.extend((c["seq"], c["op"]["element"]["id"]) for c in changes)
    for t in threads:
        t.join()
    changes, cursor = alice.pull_all(cursor, limit=7)
    seen.extend((c["seq"], c["op"]["element"]["id"]) for c in changes)
    assert errors == []
    assert sorted(element for _, element in seen) == sorted(pushed)
    assert len({element for _, element in seen}) == len(seen) == 4 * 8 * 5
    assert [s for s, _ in seen] == sorted(s for s, _ in seen)
