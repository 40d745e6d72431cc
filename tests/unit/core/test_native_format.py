"""The .autograph format: stable output, small diffs, upgrades, clear errors for broken or hostile files."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from autograph_desktop.formats import native
from autograph_desktop.model import Connector, Diagram, Endpoint, Frame, InvalidInput, Shape, edits


def _sample() -> Diagram:
    doc = Diagram()
    shapes = [Shape(x=i * 150, y=0, w=100, h=60, text=f"Node {i}") for i in range(5)]
    doc.execute(edits.add_elements(doc, shapes))
    for a, b in itertools.pairwise(shapes):
        txn, _ = edits.connect(doc, a.id, b.id, routing="orthogonal")
        doc.execute(txn)
    return doc


def _valid_json() -> dict:
    return json.loads(native.dumps(_sample()))


def test_output_is_stable_and_a_small_edit_is_a_small_diff() -> None:
    doc = _sample()
    first = native.dumps(doc)
    assert native.dumps(native.loads(first)[0]) == first
    target = next(e for e in doc if isinstance(e, Shape))
    doc.execute(edits.set_fields(doc, [target.id], text="Renamed"))
    second = native.dumps(doc)
    changed = [(a, b) for a, b in zip(first.splitlines(), second.splitlines(), strict=True) if a != b]
    assert len(changed) <= 2  # the label line (and nothing else moves)


def test_atomic_save_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "d.autograph"
    native.save_file(_sample(), str(path))
    native.save_file(_sample(), str(path))
    assert os.listdir(tmp_path) == ["d.autograph"]
    assert len(native.load_file(str(path))) == 9


def test_schema_version_1_is_upgraded() -> None:
    old = {"format": "autograph", "schema_version": 1, "diagram": {"id": "d1", "title": "Old"},
           "elements": [{"id": "a", "kind": "shape", "w": 10, "h": 10},
                        {"id": "b", "kind": "shape", "x": 50, "w": 10, "h": 10},
                        {"id": "c", "kind": "connector", "from": {"element": "a"}, "to": {"element": "b"}}]}
    doc, warnings = native.loads(orjson.dumps(old))
    assert [e.id for e in doc] == ["a", "b", "c"]
    conn = doc["c"]
    assert isinstance(conn, Connector) and conn.source == Endpoint("a") and conn.target == Endpoint("b")
    assert any("upgraded" in w.message for w in warnings)


def test_dangling_references_are_repaired_with_warnings() -> None:
    data = _valid_json()
    data["elements"][0]["parent"] = "nope"
    conn = next(e for e in data["elements"] if e["kind"] == "connector")
    conn["source"] = {"element": "ghost"}
    data["elements"][1]["z"] = "!!"
    doc, warnings = native.loads(orjson.dumps(data))
    assert len(doc) == 9
    messages = " ".join(w.message for w in warnings)
    assert "missing parent" in messages and "missing element" in messages and "z keys" in messages


def test_parent_cycles_are_broken_with_a_warning() -> None:
    """Two frames that are each other's member, a longer ring of three, and elements after them."""
    doc = Diagram()
    frames = [Frame(x=i * 10.0, y=0, w=400, h=300) for i in range(5)]
    doc.execute(edits.add_elements(doc, [*frames, Shape(x=0, y=0, w=10, h=10)]))
    data = json.loads(native.dumps(doc))
    ids = [e["id"] for e in data["elements"]]
    data["elements"][0]["parent"], data["elements"][1]["parent"] = ids[1], ids[0]
    data["elements"][2]["parent"], data["elements"][3]["parent"], data["elements"][4]["parent"] = ids[3], ids[4], ids[2]
    data["elements"][5]["parent"] = ids[2]
    loaded, warnings = native.loads(orjson.dumps(data))
    assert len(loaded) == 6
    assert any("cycle" in w.message for w in warnings)
    for el in loaded:
        chain, parent = {el.id}, el.parent
        while parent is not None:
            assert parent not in chain
            chain.add(parent)
            parent = loaded[parent].parent


def _error(data: bytes) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        native.loads(data, "x.autograph")
    return info.value


@pytest.mark.parametrize(
    ("mutate", "expected_path", "expected_text"),
    [
        (lambda d: d["elements"][0].__setitem__("x", "left"), "$.elements[0].x", "number"),
        (lambda d: d["elements"][0].__setitem__("kind", "blob"), "$.elements[0]", "kind"),
        (lambda d: d["elements"][0].__setitem__("style", {"fill": "notacolour"}), "$.elements[0].style.fill", "colour"),
        (lambda d: d["elements"][0].__setitem__("w", -5), "$.elements[0].w", "greater than or equal"),
        (lambda d: d.__setitem__("elements", {}), "$.elements", "list"),
        (lambda d: d["elements"][1].__setitem__("id", d["elements"][0]["id"]), "$.elements[1].id", "duplicate"),
    ],
)
def test_wrong_types_name_the_json_path(mutate, expected_path: str, expected_text: str) -> None:
    data = _valid_json()
    mutate(data)
    err = _error(orjson.dumps(data))
    assert err.problems[0].path == expected_path
    assert expected_text in err.problems[0].message.lower()


def test_truncated_not_json_deep_unknown_version_huge() -> None:
    full = native.dumps(_sample())
    assert "truncated" in _error(full[: len(full) // 2]).problems[0].message
    assert "not JSON" in _error(b"just some words").problems[0].message
    assert "not UTF-8" in _error(b"\x89PNG\r\n\x1a\n binary").problems[0].message
    assert "deeply" in _error(b"[" * 100_000 + b"]" * 100_000).problems[0].message
    future = _valid_json()
    future["schema_version"] = 99
    err = _error(orjson.dumps(future))
    assert "newer" in err.problems[0].message and err.problems[0].path == "$.schema_version"
    assert "limit" in _error(b" " * (native.MAX_FILE_BYTES + 1)).problems[0].message
    assert "not UTF-8" in _error(b'{"format": "\xff"}').problems[0].message
    assert "empty" in _error(b"").problems[0].message


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autograph_desktop", *args], capture_output=True, text=True,
                          timeout=60)


def test_cli_inspect_reports_and_exit_codes(tmp_path: Path) -> None:
    good = tmp_path / "good.autograph"
    native.save_file(_sample(), str(good))
    bad = tmp_path / "bad.autograph"
    bad.write_bytes(native.dumps(_sample())[:300])
    huge = tmp_path / "huge.autograph"
    with open(huge, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    proc = _run_cli("inspect", str(good), "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["format"] == "autograph"
    assert info["elements"] == {"shape": 5, "connector": 4}
    assert (info["nodes"], info["edges"]) == (5, 4)
    assert info["bbox"] == {"x": 0.0, "y": 0.0, "w": 700.0, "h": 60.0}
    for broken in (bad, huge):
        proc = _run_cli("inspect", str(broken), "--json")
        assert proc.returncode == 2
        assert "Traceback" not in proc.stdout + proc.stderr
        assert json.loads(proc.stdout)["errors"][0]["message"]
    proc = _run_cli("inspect", str(tmp_path), "--json")
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 2 and {Path(x["path"]).name for x in lines} == {"good.autograph", "bad.autograph",
                                                                            "huge.autograph"}
    proc = _run_cli("--version")
    assert proc.returncode == 0 and "autograph" in proc.stdout
    assert _run_cli("inspect", str(tmp_path / "missing.autograph")).returncode == 2
