"""Hostile and malformed draw.io input: every failure is an InvalidInput with a location, never a crash."""

from __future__ import annotations

import base64
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autograph_desktop.formats import drawio
from autograph_desktop.model import InvalidInput
from autograph_desktop.model.reading import ReadResult

DATA = Path(__file__).parent / "data"
FEATURES = (DATA / "features.drawio").read_bytes()


def refused(data: bytes, name: str = "bad.drawio") -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        drawio.read(data, name)
    assert info.value.problems, "an InvalidInput must say what is wrong"
    return info.value


def deflate_raw(data: bytes) -> bytes:
    engine = zlib.compressobj(9, zlib.DEFLATED, -15)
    return engine.compress(data) + engine.flush()


def test_malformed_xml_reports_line_and_column() -> None:
    error = refused(b'<mxfile>\n  <diagram name="a">\n    <mxGraphModel><root></mxGraphModel>\n</mxfile>')
    problem = error.problems[0]
    assert problem.line == 3 and problem.column is not None
    assert "malformed" in problem.message


def test_billion_laughs_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<mxfile><diagram>&lol2;</diagram></mxfile>"""
    error = refused(bomb)
    assert "entities" in error.problems[0].message and error.problems[0].line == 2


def test_external_entities_are_never_resolved() -> None:
    xxe = b"""<?xml version="1.0"?>
<!DOCTYPE m [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<mxfile><diagram name="x">&secret;</diagram></mxfile>"""
    assert "refused for safety" in refused(xxe).problems[0].message


def test_deep_nesting_is_refused() -> None:
    deep = b"<mxfile>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</mxfile>"
    assert "nested" in refused(deep).problems[0].message


def test_decompression_bomb_is_refused() -> None:
    page = base64.b64encode(deflate_raw(b"%20" * (20 * 1024 * 1024))).decode()
    error = refused(f'<mxfile><diagram name="bomb">{page}</diagram></mxfile>'.encode())
    assert "MB" in error.problems[0].message


@pytest.mark.parametrize("content", ["!!!not base64!!!", "QUJD", base64.b64encode(b"\x00garbage").decode()])
def test_bad_compressed_pages_are_refused(content: str) -> None:
    error = refused(f'<mxfile><diagram name="p">{content}</diagram></mxfile>'.encode())
    assert "'p'" in error.problems[0].message or "base64" in error.problems[0].message


def test_compressed_page_with_broken_xml_names_the_page() -> None:
    page = base64.b64encode(deflate_raw(b"%3CmxGraphModel%3E%3Croot%3E")).decode()
    error = refused(f'<mxfile><diagram name="Broken">{page}</diagram></mxfile>'.encode())
    assert "Broken" in error.problems[0].message


def test_truncated_png_and_png_without_diagram() -> None:
    assert "PNG" in str(refused(b"\x89PNG\r\n\x1a\n\x00\x00\x10\x00tEXtabc", "x.png"))
    assert "no embedded draw.io" in str(refused(b"\x89PNG\r\n\x1a\n", "x.png"))


def test_svg_without_content_is_refused() -> None:
    assert "content" in str(refused(b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "x.svg"))


def test_parent_cycles_and_self_parents_do_not_hang() -> None:
    doc = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="a" vertex="1" parent="b" style=""><mxGeometry x="1" y="2" width="3" height="4" as="geometry"/></mxCell>
<mxCell id="b" vertex="1" parent="a" style=""><mxGeometry x="1" y="2" width="3" height="4" as="geometry"/></mxCell>
<mxCell id="c" vertex="1" parent="c" style=""><mxGeometry x="1" y="2" width="3" height="4" as="geometry"/></mxCell>
<mxCell id="e" edge="1" parent="1" source="zz" target="c"><mxGeometry relative="1" as="geometry"/></mxCell>
</root></mxGraphModel>"""
    page = drawio.read(doc, "cycle.xml").diagrams[0]
    assert len(page) >= 1
    for el in page:
        assert el.id not in {a.id for a in page.ancestors(el.id)}, "no element is its own ancestor"


def test_long_parent_chains_do_not_recurse() -> None:
    cells = "".join(f'<mxCell id="v{i}" vertex="1" parent="{"v" + str(i - 1) if i else "1"}" style="">'
                    f'<mxGeometry x="1" y="1" width="5" height="5" as="geometry"/></mxCell>' for i in range(3000))
    doc = f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>{cells}</root></mxGraphModel>'
    result = drawio.read(doc.encode(), "chain.xml")
    assert result.diagrams[0]["v2999"].x == pytest.approx(3000.0)


def test_garbage_numbers_and_styles_degrade() -> None:
    doc = b"""<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/>
<mxCell id="a" vertex="1" parent="1" style="fillColor=banana;strokeWidth=NaN;fontSize=-3;opacity=abc;shape=;;=;">
<mxGeometry x="nan" y="1e400" width="-5" height="abc" as="geometry"/></mxCell></root></mxGraphModel>"""
    shape = drawio.read(doc, "odd.xml").diagrams[0]["a"]
    assert (shape.x, shape.y, shape.w, shape.h) == (0.0, 0.0, 0.0, 0.0)
    assert shape.style.font_size >= 1


def test_huge_data_uri_images_are_dropped_with_a_warning() -> None:
    blob = base64.b64encode(b"\x89PNG" + b"\x00" * 1_000_000).decode()
    doc = (f'<mxGraphModel><root><mxCell id="0"/><mxCell id="1" parent="0"/><mxCell id="i" vertex="1" parent="1" '
           f'style="shape=image;image=data:image/png,{blob};"><mxGeometry width="5" height="5" as="geometry"/>'
           f'</mxCell></root></mxGraphModel>').encode()
    result = drawio.read(doc, "img.xml")
    image = result.diagrams[0]["i"]
    assert len(image.sha256) == 64 and image.get("image.base64") == ""
    assert any("dropped" in w.message for w in result.warnings)


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


_EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=8)


def _read_or_refuse(data: bytes, name: str) -> None:
    try:
        result = drawio.read(data, name)
    except InvalidInput as exc:
        assert exc.problems
        return
    assert isinstance(result, ReadResult)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_fuzz_plain_xml(edits: list[tuple[int, int, int]]) -> None:
    _read_or_refuse(_mutate(FEATURES, edits), "fuzz.drawio")


_COMPRESSED = (b'<mxfile><diagram name="c">'
               + base64.b64encode(deflate_raw(FEATURES[FEATURES.index(b"<mxGraphModel"):
                                                   FEATURES.index(b"</mxGraphModel>") + 15]))
               + b"</diagram></mxfile>")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_EDITS)
def test_fuzz_compressed_pages(edits: list[tuple[int, int, int]]) -> None:
    _read_or_refuse(_mutate(_COMPRESSED, edits), "fuzz.drawio")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(data: bytes) -> None:
    _read_or_refuse(data, "random.drawio")
    _read_or_refuse(b"\x89PNG\r\n\x1a\n" + data, "random.png")
