"""Hostile and malformed Excalidraw input: InvalidInput with a location (line/column or JSON path), never a crash."""

from __future__ import annotations

import base64
import json
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.formats import excalidraw
from autograph_desktop.model import InvalidInput
from autograph_desktop.model.reading import ReadResult

DATA = Path(__file__).parent / "data"
FEATURES = (DATA / "features.excalidraw").read_bytes()


def refused(data: bytes, name: str = "bad.excalidraw") -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        excalidraw.read(data, name)
    assert info.value.problems
    return info.value


def test_malformed_json_has_line_and_column() -> None:
    problem = refused(b'{\n  "type": "excalidraw",\n  "elements": [,]\n}').problems[0]
    assert (problem.line, problem.column) == (3, 16)


def test_deep_nesting_is_refused() -> None:
    assert "nested" in refused(b'{"elements": ' + b"[" * 100_000 + b"]" * 100_000 + b"}").problems[0].message


def test_nan_and_infinity_are_refused() -> None:
    refused(b'{"type": "excalidraw", "elements": [{"id": "a", "type": "rectangle", "x": NaN}]}')
    error = refused(b'{"type": "excalidraw", "elements": [{"id": "a", "type": "rectangle", "x": 1e999}]}')
    assert error.problems[0].line == 1 and error.problems[0].column is not None
    error = refused(b'{"type": "excalidraw", "elements": [{"id": "a", "type": "rectangle", "x": 1e300}]}')
    assert error.problems[0].path == "$.elements[0].x"


@pytest.mark.parametrize("doc, path", [
    ([], "$"),
    ({"elements": {"a": 1}}, "$.elements"),
    ({"elements": [{"type": 5}]}, "$.elements[0].type"),
    ({"elements": [{"id": "a", "type": "text", "text": ["x"]}]}, "$.elements[0].text"),
    ({"elements": [{"id": "a", "type": "rectangle", "groupIds": "g"}]}, "$.elements[0].groupIds"),
    ({"elements": [{"id": "a", "type": "freedraw", "points": "0,0"}]}, "$.elements[0].points"),
    ({"elements": [], "files": []}, "$.files"),
    ({"type": "excalidrawlib", "libraryItems": [5]}, "$.libraryItems[0]"),
])
def test_wrong_json_types_name_the_path(doc: object, path: str) -> None:
    assert path in {p.path for p in refused(json.dumps(doc).encode()).problems}


def test_compression_bomb_in_png_is_refused() -> None:
    bomb = zlib.compress(b" " * (60 * 1024 * 1024), 9)
    wrapper = json.dumps({"encoding": "bstring", "compressed": True, "encoded": bomb.decode("latin-1")})
    body = b"application/vnd.excalidraw+json\x00" + wrapper.encode("latin-1")
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + b"\x00\x00\x00\x00"
    assert "MB" in str(refused(b"\x89PNG\r\n\x1a\n" + chunk, "bomb.png"))


def test_bad_svg_payloads() -> None:
    start, end = b"<svg><!-- payload-start -->", b"<!-- payload-end --></svg>"
    assert "base64" in str(refused(start + b"@@@not base64@@@" + end, "x.svg"))
    assert "malformed" in str(refused(start + base64.b64encode(b"{broken") + end, "x.svg"))
    assert "no embedded" in str(refused(b"<svg></svg>", "x.svg"))


def test_cyclic_and_dangling_references_do_not_hang() -> None:
    doc = {"type": "excalidraw", "elements": [
        {"id": "a", "type": "rectangle", "groupIds": ["g1", "g2"], "frameId": "a", "containerId": "b"},
        {"id": "b", "type": "rectangle", "groupIds": ["g2", "g1"], "frameId": "zz"},
        {"id": "t", "type": "text", "text": "x", "containerId": "t"},
        {"id": "c", "type": "arrow", "points": [[0, 0]], "startBinding": {"elementId": "c"},
         "endBinding": {"elementId": "missing"}},
        {"id": "g1", "type": "ellipse"},
        {"id": "f1", "type": "frame", "frameId": "f2"}, {"id": "f2", "type": "frame", "frameId": "f1"}]}
    result = excalidraw.read(json.dumps(doc).encode(), "cycles.excalidraw")
    page = result.diagrams[0]
    for el in page:
        assert el.id not in {a.id for a in page.ancestors(el.id)}, "no element is its own ancestor"
    assert page["c"].source.element is None


_EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=8)


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    buf = bytearray(data)
    for kind, pos, value in edits:
        if not buf:
            break
        i = pos % len(buf)
        if kind == 0:
            buf[i] = value
        elif kind == 1:
            del buf[i:i + 1 + value % 8]
        else:
            buf[i:i] = bytes([value]) * (1 + value % 4)
    return bytes(buf)


def _read_or_refuse(data: bytes, name: str) -> None:
    try:
        result = excalidraw.read(data, name)
    except InvalidInput as exc:
        assert exc.problems
        return
    assert isinstance(result, ReadResult)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_fuzz_scene_bytes(edits: list[tuple[int, int, int]]) -> None:
    _read_or_refuse(_mutate(FEATURES, edits), "fuzz.excalidraw")


_JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False)
                            | st.text(max_size=5), lambda inner: st.lists(inner, max_size=3)
                            | st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=8)
_KEYS = ["id", "type", "x", "y", "width", "height", "points", "groupIds", "frameId", "containerId", "startBinding",
         "endBinding", "boundElements", "roundness", "fileId", "text", "angle", "opacity", "customData", "fontFamily"]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 14), st.sampled_from(_KEYS), _JSON_VALUES), max_size=6))
def test_fuzz_field_values(replacements: list[tuple[int, str, object]]) -> None:
    """Valid JSON with wrong values in real fields: the structural fuzz that byte mutation rarely reaches."""
    scene = json.loads(FEATURES)
    for index, key, value in replacements:
        scene["elements"][index][key] = value
    _read_or_refuse(json.dumps(scene).encode(), "fields.excalidraw")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    _read_or_refuse(data, "random.excalidraw")
    _read_or_refuse(b"\x89PNG\r\n\x1a\n" + data, "random.png")
    _read_or_refuse(b"<svg><!-- payload-start -->" + data + b"<!-- payload-end -->", "random.svg")


def test_duplicate_ids_and_group_ids_clashing_with_elements() -> None:
    doc = {"type": "excalidraw", "elements": [
        {"id": "a", "type": "rectangle", "groupIds": ["a"]},
        {"id": "a", "type": "ellipse", "groupIds": ["a"]},
        {"id": "group:a", "type": "diamond"}]}
    result = excalidraw.read(json.dumps(doc).encode(), "dups.excalidraw")
    page = result.diagrams[0]
    assert len(page) == 4 and len({e.id for e in page}) == 4
    assert sorted(e.kind for e in page) == ["group", "shape", "shape", "shape"]
    assert any("duplicate" in w.message for w in result.warnings)
