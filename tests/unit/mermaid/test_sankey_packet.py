"""sankey-beta and packet-beta: CSV rows, flow conservation in the drawing, bit rows, errors, round trips."""

from __future__ import annotations

from collections import defaultdict

import pytest
from chart_helpers import assert_round_trip, doc, located, marks, one_group

from autograph_desktop.mermaid.build_packet import segments
from autograph_desktop.mermaid.packet import PacketSpec
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.sankey import SankeySpec
from autograph_desktop.model import Path

FLOWS = '''sankey-beta

Wind,Grid,40
Solar,Grid,20
Grid,Homes,35
Grid,"Factories, large",25
"Gas ""peak""",Factories,5
'''


def test_sankey_reads_csv_with_quotes_and_blank_lines() -> None:
    spec = parse(FLOWS)
    assert isinstance(spec, SankeySpec)
    assert spec.nodes == ["Wind", "Grid", "Solar", "Homes", "Factories, large", 'Gas "peak"', "Factories"]
    assert [(lk.source, lk.target, lk.value) for lk in spec.links][3] == ("Grid", "Factories, large", 25)
    assert spec.counts() == (7, 5)


def _band_ends(link: Path) -> tuple[float, float]:
    """Thickness of a link band at its source end and at its target end."""
    points = [(link.x + px, link.y + py) for px, py in link.points]
    half = len(points) // 2
    top, bottom = points[:half], points[half:][::-1]
    return bottom[0][1] - top[0][1], bottom[-1][1] - top[-1][1]


def test_sankey_flows_are_conserved_in_the_drawing() -> None:
    diagram = doc(FLOWS)
    one_group(diagram)
    nodes = {n.get("name"): n for n in marks(diagram, "node")}
    links = marks(diagram, "link")
    assert len(nodes) == 7 and len(links) == 5
    assert all(isinstance(lk, Path) and lk.closed for lk in links)
    scale = nodes["Grid"].h / 60  # Grid carries 60 in and 60 out
    out_width: dict[str, float] = defaultdict(float)
    in_width: dict[str, float] = defaultdict(float)
    for link in links:
        assert isinstance(link, Path)
        start, end = _band_ends(link)
        assert start == pytest.approx(end) == pytest.approx(float(link.get("value")) * scale)
        out_width[link.get("source")] += start
        in_width[link.get("target")] += end
    # What enters Grid leaves it, and both fill its height exactly.
    assert in_width["Grid"] == pytest.approx(out_width["Grid"]) == pytest.approx(nodes["Grid"].h)
    for name in ("Wind", "Solar"):
        assert out_width[name] == pytest.approx(nodes[name].h)
    # Columns: sources left of Grid, sinks right of it.
    assert nodes["Wind"].x < nodes["Grid"].x < nodes["Homes"].x


def test_sankey_config_colours_links_and_hides_values() -> None:
    text = "---\nconfig:\n  sankey:\n    linkColor: '#123456'\n    showValues: false\n---\nsankey-beta\nA,B,1\n"
    diagram = doc(text)
    assert {lk.style.fill for lk in marks(diagram, "link")} == {"#123456"}
    assert {t.text for t in marks(diagram, "node-label")} == {"A", "B"}


@pytest.mark.parametrize(("text", "line", "word"), [
    ("sankey-beta\nA,B", 2, "3 fields"),
    ("sankey-beta\nA,B,1,2", 2, "3 fields"),
    ("sankey-beta\nA,B,lots", 2, "not a number"),
    ("sankey-beta\nA,B,-3", 2, "negative"),
    ("sankey-beta\nA,A,3", 2, "itself"),
    ('sankey-beta\n"A,B,3', 2, "not closed"),
    ('sankey-beta\n"A"x,B,3', 2, "closing quote"),
    ("sankey-beta\n,B,3", 2, "source is empty"),
    ("sankey-beta\nA,B,1\nB,C,1\nC,A,1", 2, "loop"),
    ("sankey-beta", 1, "no rows"),
])
def test_sankey_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_sankey_round_trips() -> None:
    assert_round_trip(FLOWS)
    assert_round_trip("---\ntitle: Flows\n---\nsankey\n a , b ,0\n")


TCP = """packet-beta
    title "Header"
    0-15: "Source Port"
    16-31: "Destination Port"
    +32: "Sequence"
    64-67: "Offset"
    68: "N"
    +27: "Flags and window"
    96-159: "Options"
"""


def test_packet_fields_and_relative_widths() -> None:
    spec = parse(TCP)
    assert isinstance(spec, PacketSpec)
    assert [(f.start, f.end, f.label) for f in spec.fields] == [
        (0, 15, "Source Port"), (16, 31, "Destination Port"), (32, 63, "Sequence"), (64, 67, "Offset"), (68, 68, "N"),
        (69, 95, "Flags and window"), (96, 159, "Options")]
    assert spec.fields[2].relative and spec.counts() == (7, 0)


def test_packet_rows_hold_32_bits_and_long_fields_wrap() -> None:
    diagram = doc(TCP)
    one_group(diagram)
    rows: dict[float, list[float]] = defaultdict(list)
    fields = marks(diagram, "field")
    for f in fields:
        start, _, end = f.get("segment").partition("-")
        rows[f.y].append(int(end) - int(start) + 1)
    assert sorted(sum(bits) for bits in rows.values()) == [32] * 5  # 160 bits, 5 full rows
    options = [f for f in fields if f.text == "Options"]
    assert len(options) == 2 and options[0].y != options[1].y
    bit_w = fields[0].w / 16  # widths are proportional to bit counts
    for f in fields:
        start, _, end = f.get("segment").partition("-")
        assert f.w == pytest.approx((int(end) - int(start) + 1) * bit_w, abs=6)


def test_packet_bits_per_row_from_config() -> None:
    diagram = doc('%%{init: {"packet": {"bitsPerRow": 16, "showBits": false}}}%%\npacket-beta\n0-31: "A"')
    assert len(marks(diagram, "field")) == 2 and not marks(diagram, "bit")
    assert segments(5, 40, 16) == [(5, 15), (16, 31), (32, 40)]


@pytest.mark.parametrize(("text", "line", "word"), [
    ('packet-beta\n0-15: "A"\n20-31: "B"', 3, "gap"),
    ('packet-beta\n0-15: "A"\n10-31: "B"', 3, "overlaps"),
    ('packet-beta\n0-15: "A"\n31-16: "B"', 3, "before it starts"),
    ("packet-beta\n0-15: A", 2, "double quotes"),
    ('packet-beta\n+0: "A"', 2, "at least one bit"),
    ('packet-beta\nbits: "A"', 2, "cannot understand"),
    ('packet-beta\n+999999999: "A"', 2, "longer than"),
])
def test_packet_errors_are_located(text: str, line: int, word: str) -> None:
    located(text, line, word)


def test_packet_round_trips() -> None:
    assert_round_trip(TCP)
