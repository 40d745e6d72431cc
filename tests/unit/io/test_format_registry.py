"""The format registry: every format round-trips, every extension is inspected, bad input is located."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import urllib.parse
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from autograph_desktop.cli import main as cli_main
from autograph_desktop.io import (
    FORMATS,
    MAX_CODE_BYTES,
    MAX_INPUT_BYTES,
    ExportOptions,
    detect,
    entry,
    entry_for_path,
    export_formats,
    output_entry_for_path,
    read_bytes,
    read_code,
    read_path,
    readable_extensions,
    write_bytes,
    write_path,
)
from autograph_desktop.model import Connector, Diagram, DiagramMeta, Endpoint, InvalidInput, Shape
from autograph_desktop.model.fractional import keys_after

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "unit" / "formats" / "data"
DRAWIO = (DATA / "features.drawio").read_bytes()
EXCALIDRAW = (DATA / "features.excalidraw").read_bytes()


def flow() -> Diagram:
    """Three labelled shapes and two attached connectors: what every format can carry."""
    els = [Shape(id="a", x=0, y=0, w=120, h=60, text="Start"),
           Shape(id="b", x=220, y=0, w=120, h=60, text="Check", shape="diamond"),
           Shape(id="c", x=440, y=0, w=120, h=60, text="Done", shape="rounded"),
           Connector(id="ab", source=Endpoint("a"), target=Endpoint("b")),
           Connector(id="bc", source=Endpoint("b"), target=Endpoint("c"))]
    els = [e.evolve(z=k) for e, k in zip(els, keys_after(None, len(els)), strict=True)]
    return Diagram(DiagramMeta(title="Flow"), els)


def _shape(doc: Diagram) -> tuple[set[str], set[tuple[str, str]]]:
    """Node texts and (source text, target text) of each connector: what must survive any round trip."""
    texts = {e.text for e in doc if e.kind == "shape"}
    links = set()
    for conn in doc:
        if isinstance(conn, Connector):
            src, dst = doc.get(conn.source.element or ""), doc.get(conn.target.element or "")
            links.add((src.text if src else "", dst.text if dst else ""))
    return texts, links


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.can_read and f.can_write], ids=lambda f: f.name)
def test_every_format_round_trips_a_diagram(qapp: object, fmt: object) -> None:
    from autograph_desktop.io import FormatEntry

    assert isinstance(fmt, FormatEntry)
    doc = flow()
    data = fmt.write(doc, ExportOptions(embed_diagram=True))
    result = read_bytes(data, "back" + fmt.extension)
    assert detect(data, "back" + fmt.extension) is fmt
    assert len(result.diagrams) == 1
    assert _shape(result.diagrams[0]) == ({"Start", "Check", "Done"}, {("Start", "Check"), ("Check", "Done")})


def test_the_table_is_complete_and_consistent() -> None:
    names = [f.name for f in FORMATS]
    assert len(set(names)) == len(names)
    assert {"autograph", "drawio", "excalidraw", "mermaid", "svg", "png", "pdf"} <= set(names)
    assert entry("mmd") is entry("mermaid")
    for fmt in FORMATS:
        assert fmt.mime and (fmt.extensions or fmt.output_extensions)
        assert (fmt.opens_as is None) == (not fmt.can_read)
        assert all(output_entry_for_path("x" + ext) is fmt for ext in fmt.output_extensions)
    assert entry_for_path("flow.mmd").opens_as == "code"  # type: ignore[union-attr]
    assert entry_for_path("notes.md").opens_as == "canvas"  # type: ignore[union-attr]
    assert entry_for_path("arch.drawio.svg").name == "drawio"  # type: ignore[union-attr]
    assert entry_for_path("scene.excalidraw.png").name == "excalidraw"  # type: ignore[union-attr]
    assert output_entry_for_path("arch.drawio.svg").name == "svg"  # type: ignore[union-attr]
    assert entry_for_path("x.pdf").opens_as is None and entry_for_path("x.txt") is None  # type: ignore[union-attr]
    assert [f.name for f in export_formats()][:4] == ["autograph", "png", "svg", "pdf"]


# --------------------------------------------------------------------------- inspect of every extension
def _png_chunk(ctype: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + ctype + body + struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)


def _png_with(chunk: bytes) -> bytes:
    ihdr = _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + chunk + _png_chunk(b"IEND", b"")


def _drawio_svg() -> bytes:
    content = urllib.parse.quote(DRAWIO.decode("utf-8"), safe="")
    return f'<svg xmlns="http://www.w3.org/2000/svg" content="{content}"><g/></svg>'.encode()


def _drawio_png() -> bytes:
    text = urllib.parse.quote(DRAWIO.decode("utf-8"), safe="").encode("ascii")
    return _png_with(_png_chunk(b"zTXt", b"mxfile\x00\x00" + zlib.compress(text)))


def _excalidraw_wrapped() -> str:
    return json.dumps({"version": "1", "encoding": "bstring", "compressed": True,
                       "encoded": zlib.compress(EXCALIDRAW).decode("latin-1")})


def _excalidraw_svg() -> bytes:
    import base64

    payload = base64.b64encode(_excalidraw_wrapped().encode("latin-1")).decode("ascii")
    return (f'<svg xmlns="http://www.w3.org/2000/svg"><!-- svg-source:excalidraw -->'
            f"<!-- payload-type:application/vnd.excalidraw+json --><!-- payload-version:2 -->"
            f"<!-- payload-start -->{payload}<!-- payload-end --></svg>").encode()


def _excalidraw_png() -> bytes:
    return _png_with(_png_chunk(b"tEXt", b"application/vnd.excalidraw+json\x00"
                                + _excalidraw_wrapped().encode("latin-1")))


MERMAID = b"flowchart LR\n  A[Start] --> B{Check}\n  B --> C[Done]\n"
SAMPLES: dict[str, tuple[Callable[[], bytes], str]] = {
    ".autograph": (lambda: write_bytes(flow(), "autograph"), "autograph"),
    ".png": (lambda: write_bytes(flow(), "png", ExportOptions(embed_diagram=True)), "png"),
    ".svg": (lambda: write_bytes(flow(), "svg"), "svg"),
    ".drawio": (lambda: DRAWIO, "drawio"),
    ".dio": (lambda: DRAWIO, "drawio"),
    ".xml": (lambda: DRAWIO, "drawio"),
    ".drawio.svg": (_drawio_svg, "drawio"),
    ".drawio.png": (_drawio_png, "drawio"),
    ".excalidraw": (lambda: EXCALIDRAW, "excalidraw"),
    ".excalidrawlib": (lambda: (DATA / "library_v2.excalidrawlib").read_bytes(), "excalidraw"),
    ".excalidraw.svg": (_excalidraw_svg, "excalidraw"),
    ".excalidraw.png": (_excalidraw_png, "excalidraw"),
    ".mmd": (lambda: MERMAID, "mermaid"),
    ".mermaid": (lambda: MERMAID, "mermaid"),
    ".md": (lambda: b"# Notes\n\n```mermaid\n" + MERMAID + b"```\n", "mermaid"),
    ".markdown": (lambda: b"Intro\n\n~~~mermaid\n" + MERMAID + b"~~~\n", "mermaid"),
}


def test_inspect_reads_every_readable_extension(qapp: object, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert set(SAMPLES) == set(readable_extensions())  # a new extension needs a sample here
    for ext, (make, _) in SAMPLES.items():
        (tmp_path / f"sample{ext}").write_bytes(make())
    capsys.readouterr()
    assert cli_main(["inspect", str(tmp_path), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_file = {os.path.basename(info["path"]): info for info in lines}
    assert len(by_file) == len(SAMPLES)
    for ext, (_, fmt) in SAMPLES.items():
        info = by_file[f"sample{ext}"]
        assert info["format"] == fmt and info["errors"] == [] and info["nodes"] >= 2, (ext, info)


def test_content_decides_when_the_extension_does_not() -> None:
    assert detect(DRAWIO, "no-extension").name == "drawio"
    assert detect(EXCALIDRAW, "clipboard.json").name == "excalidraw"
    assert detect(_drawio_png(), "export.png").name == "drawio"  # a .png that is not ours
    assert detect(_excalidraw_svg(), "scene.svg").name == "excalidraw"
    assert detect(MERMAID, "notes.txt").name == "mermaid"
    assert read_bytes(b'{"type": "excalidraw/clipboard", "elements": []}', "").format == "excalidraw"


# --------------------------------------------------------------------------- hostile input, located errors
HOSTILE: list[tuple[str, bytes, str]] = [
    ("truncated.autograph", b'{"format": "autograph", "schema_version": 2, "elements": [', "line"),
    ("bad-field.autograph", b'{"format": "autograph", "schema_version": 2, "diagram": {"id": "d"}, '
                            b'"elements": [{"id": "a", "kind": "shape", "w": -5}]}', "path"),
    ("broken.drawio", b"<mxfile><diagram name='p'><mxGraphModel><root>\n<mxCell id='0'></root></mxfile>", "line"),
    ("entities.drawio", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><mxfile>&a;</mxfile>', "line"),
    ("broken.excalidraw", b'{"type": "excalidraw", "elements": [\n  {"type": "rectangle",]}', "line"),
    ("broken.mmd", b"flowchart LR\n  A --> B\n  C -->\n", "line"),
    ("broken.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><metadata id="autograph-diagram">'
                   b"!!!!</metadata></svg>", "message"),
    ("broken.png", b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 999) + b"iTXtautograph\x00", "path"),
]


@pytest.mark.parametrize("name, data, where", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_inputs_give_located_errors(tmp_path: Path, name: str, data: bytes, where: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InvalidInput) as caught:
        read_path(str(path))
    assert caught.value.source == str(path) and caught.value.problems
    problem = caught.value.problems[0]
    if where == "line":
        assert problem.line is not None, problem
    elif where == "path":
        assert problem.path is not None, problem


def test_unknown_content_names_the_known_formats() -> None:
    with pytest.raises(InvalidInput, match=r"known: .*\.autograph.*\.drawio\.svg"):
        read_bytes(b"\x00\x01 just bytes", "mystery.bin")


def test_size_limits_refuse_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.drawio"
    with open(huge, "wb") as handle:
        handle.truncate(MAX_INPUT_BYTES + 1)  # sparse: costs no disk and no time
    with pytest.raises(InvalidInput, match="limit is"):
        read_path(str(huge))
    code = tmp_path / "huge.mmd"
    with open(code, "wb") as handle:
        handle.truncate(MAX_CODE_BYTES + 1)
    with pytest.raises(InvalidInput, match="limit is"):
        read_code(str(code))
    with pytest.raises(InvalidInput, match="limit is"):
        read_path(str(code))
    latin = tmp_path / "latin.mmd"
    latin.write_bytes(b"flowchart LR\n  A[Caf\xe9]\n")
    with pytest.raises(InvalidInput, match="offset 20"):
        read_code(str(latin))


def test_write_path_takes_the_format_from_the_name_and_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    assert write_path(flow(), str(tmp_path / "a.mermaid")).name == "mermaid"
    assert (tmp_path / "a.mermaid").read_bytes().startswith(b'---\ntitle: "Flow"')
    assert write_path([flow(), flow()], str(tmp_path / "two.drawio")).name == "drawio"
    assert len(read_path(str(tmp_path / "two.drawio")).diagrams) == 2
    with pytest.raises(ValueError, match="one diagram per file"):
        write_path([flow(), flow()], str(tmp_path / "two.excalidraw"))
    with pytest.raises(InvalidInput, match="cannot tell the format"):
        write_path(flow(), str(tmp_path / "notes.txt"))
    with pytest.raises(InvalidInput, match="cannot write Markdown"):
        write_path(flow(), str(tmp_path / "x.md"), fmt="markdown")
    with pytest.raises(InvalidInput, match="background"):
        write_bytes(flow(), "svg", ExportOptions(background="url(x)"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mermaid", "two.drawio"]


def test_reader_warnings_reach_the_caller(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old.autograph"
    old.write_text(json.dumps({"format": "autograph", "schema_version": 1, "diagram": {"id": "d"},
                               "elements": [{"id": "c", "kind": "connector", "from": {"element": "gone"}}]}))
    result = read_path(str(old))
    assert {w.message.split(";")[0] for w in result.warnings} >= {"upgraded from schema version 1"}
    capsys.readouterr()
    assert cli_main(["export", str(old), "-o", str(tmp_path / "old.mmd")]) == 0
    err = capsys.readouterr().err
    assert "warning: upgraded from schema version 1" in err and "missing element gone" in err


def test_the_registry_loads_no_format_and_no_qt_until_used() -> None:
    """`autograph inspect` starts fast: importing the CLI and the registry imports no reader and no Qt."""
    code = ("import sys, autograph_desktop.cli, autograph_desktop.io; "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'autograph_desktop.formats', "
            "'autograph_desktop.render', 'autograph_desktop.mermaid'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip() == "[]"
