"""Push fuzzed with a strategy of its own (the recursive schema is slow for schemathesis): random batches of
adds, deletes, updates (stale or not), metadata changes and hostile values from several clients. No answer
is a 5xx; replaying the pulled changes from nothing gives exactly the server's state."""

from __future__ import annotations

import uuid
from typing import Any

from api_client import Api
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

IDS = st.sampled_from(["a", "b", "c", "d"])
TEXT = st.sampled_from(["", "x", "y", "\u202e\u0000odd", "z" * 300])
NUMBER = st.one_of(st.integers(-10, 10), st.floats(-1e6, 1e6, allow_nan=False))


@st.composite
def operation(draw: st.DrawFn) -> dict[str, Any]:
    element_id = draw(IDS)
    kind = draw(st.sampled_from(["add", "delete", "update", "update", "meta", "transaction"]))
    element = {"id": element_id, "kind": "shape", "z": "a0", "text": draw(TEXT), "x": draw(NUMBER)}
    if kind == "add":
        return {"op": "add", "element": element}
    if kind == "delete":
        return {"op": "delete", "element": element}
    if kind == "meta":
        return {"op": "meta", "before": {"title": draw(TEXT)}, "after": {"title": draw(TEXT)}}
    if kind == "transaction":
        return {"op": "transaction", "label": draw(TEXT), "operations": draw(st.lists(operation(), max_size=3))}
    field = draw(st.sampled_from(["text", "x"]))
    value = TEXT if field == "text" else NUMBER
    return {"op": "update", "id": element_id, "before": {field: draw(value)}, "after": {field: draw(value)}}


DEFAULTS = {"text": "", "x": 0}


def replay(state: dict[str, dict[str, Any]], op: dict[str, Any]) -> None:
    """A strict client: each change's `before` must match what it has."""
    if op["op"] == "add":
        assert op["element"]["id"] not in state
        state[op["element"]["id"]] = op["element"]
    elif op["op"] == "delete":
        assert state.pop(op["element"]["id"]) == op["element"]
    elif op["op"] == "update":
        current = dict(state[op["id"]])
        for name, value in op["before"].items():
            assert current.get(name, DEFAULTS[name]) == value
        for name, value in op["after"].items():
            if value == DEFAULTS[name]:
                current.pop(name, None)
            else:
                current[name] = value
        state[op["id"]] = current


def test_random_batches_replay_to_the_server_state(api: Api) -> None:
    alice = api.register("props")

    @settings(max_examples=12, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
    @given(st.lists(st.tuples(st.sampled_from(["laptop", "desk"]), st.lists(operation(), min_size=1, max_size=6)),
                    min_size=1, max_size=4))
    def run(batches: list[tuple[str, list[dict[str, Any]]]]) -> None:
        diagram = f"p-{uuid.uuid4().hex[:10]}"
        seqs = {"laptop": 0, "desk": 0}
        for n, (client, ops) in enumerate(batches):
            seqs[client] += 1
            reply = alice.post("/v1/sync/push", json={"client_id": f"{client}-{diagram}", "client_seq": seqs[client],
                                                      "diagrams": [{"diagram_id": diagram, "operations": ops,
                                                                    **({"create": {"meta": {}}} if n == 0 else {})}]})
            assert reply.status_code == 200, reply.text
        changes = [c for c in alice.pull_all()[0] if c["diagram_id"] == diagram]
        state: dict[str, dict[str, Any]] = {}
        for change in changes:
            if change["kind"] == "op" and change["op"]["op"] != "meta":
                replay(state, change["op"])
        server = alice.get(f"/v1/diagrams/{diagram}/state").json()
        assert state == {e["id"]: e["element"] for e in server["elements"] if not e["deleted"]}
        assert server["diagram"]["element_count"] == len(state)

    run()
