"""architecture-beta: parsing, icons, side-respecting layout, orthogonal sided routes, errors, round trip."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mermaid_fuzz import mutated, read_or_invalid

from autograph_desktop.mermaid.architecture import ArchitectureSpec
from autograph_desktop.mermaid.export import to_mermaid
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.to_model import spec_to_diagram
from autograph_desktop.model.document import Diagram
from autograph_desktop.model.elements import Connector, Element, Frame, Icon, Shape
from autograph_desktop.model.problems import InvalidInput

PLATFORM = """architecture-beta
    title Orders platform
    group edge_net(internet)[Edge]
    group core(cloud)[Core services]
    group stores(database)[Stores] in core

    service cdn(internet)[CDN] in edge_net
    service api(server)[Orders API] in core
    service worker(server)[Worker] in core
    service pg(database)[Postgres] in stores
    service blobs(disk)[Blobs] in stores
    junction fan in core

    cdn:R --> L:api
    api:R -[writes]-> L:pg
    api:B -- T:fan
    fan:R -- L:worker
    worker:R --> L:blobs
    pg:B -- T:blobs
"""
OUT = {"left": (-1, 0), "right": (1, 0), "top": (0, -1), "bottom": (0, 1)}


def arch(text: str) -> ArchitectureSpec:
    spec = parse(text)
    assert isinstance(spec, ArchitectureSpec)
    return spec


def fails(body: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse("architecture-beta\n" + body)
    return info.value


def by_id(doc: Diagram) -> dict[str, Element]:
    return {el.get("mermaid_id"): el for el in doc if el.get("mermaid_id") and not isinstance(el, Connector)}


def test_groups_services_junctions_and_edges() -> None:
    spec = arch(PLATFORM)
    assert spec.counts() == (6, 6) and len(spec.groups) == 3
    assert spec.groups["stores"].parent == "core" and spec.services["pg"].parent == "stores"
    assert spec.junctions["fan"].parent == "core" and spec.title == "Orders platform"
    writes = spec.edges[1]
    assert (writes.source, writes.source_side, writes.target, writes.target_side) == ("api", "right", "pg", "left")
    assert writes.label == "writes" and writes.target_arrow and not writes.source_arrow
    assert spec.services["pg"].icon == "mdi6.database-outline" and not spec.warnings


def test_arrows_group_edges_and_declaration_order() -> None:
    spec = arch("""architecture-beta
    a:R <--> L:b
    a{group}:B <-- T:c
    service a(server)[A] in g1
    service b(server)[B]
    service c[Plain]
    group g1[One]
    """)
    both, grouped = spec.edges
    assert both.source_arrow and both.target_arrow
    assert grouped.source_group and not grouped.target_group and grouped.source_arrow
    assert spec.services["c"].icon == "" and spec.services["c"].title == "Plain"


def test_icons_map_onto_the_catalogue_with_warnings_for_unknown_ones() -> None:
    spec = arch("""architecture-beta
    service a(mdi:rocket-launch)[A]
    service b(logos:docker)[B]
    service c(logos:aws-aurora)[C]
    service d(zz:not-a-thing)[D]
    """)
    assert spec.services["a"].icon == "mdi6.rocket-launch"
    assert spec.services["b"].icon == "si.docker"
    # The AWS service is drawn from the cloud pack when it is installed, else as a generic database.
    assert spec.services["c"].icon.startswith("diagrams.aws/") or spec.services["c"].icon == "mdi6.database-outline"
    assert spec.services["d"].icon == "mdi6.cube-outline"
    notes = [w.message for w in spec.warnings]
    assert any("zz:not-a-thing" in n for n in notes) and all(w.line for w in spec.warnings)


@pytest.mark.parametrize(("body", "line", "column", "words"), [
    ("service a(server)[A]\nservice a(disk)[B]", 3, 9, "already declared on line 2"),
    ("service a(server)[A] in nowhere", 2, 25, "group 'nowhere' is not declared"),
    ("service a(server)[A]\nservice b(server)[B] in a", 3, 25, "is a service, not a group"),
    ("service a(server[A]", 2, 10, "unclosed '('"),
    ("service a(server)[A\n", 2, 18, "unclosed '['"),
    ("service a(server)[A] extra", 2, 22, "unexpected 'extra'"),
    ("service a[A]\na:R -- L:b", 3, 10, "'b' is not declared"),
    ("service a[A]\nservice b[B]\na:X -- L:b", 4, 3, "expected a side"),
    ("service a[A]\nservice b[B]\na:r -- L:b", 4, 3, "must be upper case"),
    ("service a[A]\nservice b[B]\na:R - L:b", 4, 6, "expected '--'"),
    ("group g[G]\nservice a[A] in g\ng:R -- L:a", 4, 1, "is a group"),
    ("service a[A]\nservice b[B]\na{group}:R -- L:b", 4, 1, "is not in a group"),
    ("group g[G] in h\ngroup h[H] in g", 2, 15, "ends up inside itself"),
    ("service a[A]\nservice b[B]\na:R -- L:b trailing", 4, 12, "unexpected 'trailing'"),
])
def test_errors_are_located(body: str, line: int, column: int, words: str) -> None:
    problem = fails(body).problems[0]
    assert words in problem.message and problem.hint
    assert (problem.line, problem.column) == (line, column)


def _body_of(doc: Diagram, el: Element) -> tuple[float, float, float, float]:
    return el.x, el.y, el.w, el.h


def _assert_sides_hold(doc: Diagram, spec: ArchitectureSpec) -> None:
    els = by_id(doc)
    for edge in spec.edges:
        if edge.source_group or edge.target_group or edge.source_side == edge.target_side:
            continue
        a, b = els[edge.source].rect, els[edge.target].rect
        sx, sy = OUT[edge.source_side]
        tx, ty = OUT[edge.target_side]
        # The target lies beyond the source's side, and the source beyond the target's side.
        assert (b.center[0] - a.center[0]) * sx + (b.center[1] - a.center[1]) * sy > 0, edge
        assert (a.center[0] - b.center[0]) * tx + (a.center[1] - b.center[1]) * ty > 0, edge


def _assert_routes_orthogonal_and_sided(doc: Diagram) -> None:
    nodes = [el for el in doc if isinstance(el, (Icon, Shape)) and el.get("arch")]
    for conn in (c for c in doc if isinstance(c, Connector)):
        points = doc.connector_points(conn)
        assert len(points) >= 2
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6, "every leg is horizontal or vertical"
        for end, (p, q) in ((conn.source, (points[0], points[1])), (conn.target, (points[-1], points[-2]))):
            dx, dy = OUT[end.side or ""]
            assert (q[0] - p[0]) * dx + (q[1] - p[1]) * dy > 0, "the route leaves (and enters) through the side"
        ends = {conn.source.element, conn.target.element}
        for node in nodes:
            if node.id in ends:
                continue
            r = node.rect
            for (x0, y0), (x1, y1) in itertools.pairwise(points):
                inside = (min(x0, x1) < r.right - 1 and max(x0, x1) > r.x + 1
                          and min(y0, y1) < r.bottom - 1 and max(y0, y1) > r.y + 1)
                assert not inside, f"a route crosses {node.get('mermaid_id')}"


def test_layout_respects_sides_routes_are_orthogonal_and_nothing_overlaps() -> None:
    spec = arch(PLATFORM)
    doc = spec_to_diagram(spec)
    assert not spec.warnings
    _assert_sides_hold(doc, spec)
    _assert_routes_orthogonal_and_sided(doc)
    els = by_id(doc)
    bodies = [els[k] for k in [*spec.services, *spec.junctions]]
    for a, b in itertools.combinations(bodies, 2):
        assert not a.rect.intersects(b.rect), (a.get("mermaid_id"), b.get("mermaid_id"))
    frames = {f.get("mermaid_id"): f for f in doc if isinstance(f, Frame)}
    assert not frames["edge_net"].rect.intersects(frames["core"].rect)
    for sid, service in spec.services.items():
        holder = frames[service.parent or ""]
        assert holder.rect.contains_rect(els[sid].rect) and els[sid].parent == holder.id
    assert frames["stores"].parent == frames["core"].id
    assert isinstance(els["pg"], Icon) and els["pg"].text == "Postgres"
    writes = next(c for c in doc if isinstance(c, Connector) and c.labels)
    assert writes.labels[0].text == "writes" and writes.end_arrow == "triangle"


def test_straight_neighbours_line_up() -> None:
    doc = spec_to_diagram(arch("architecture-beta\nservice a(server)[A]\nservice b(disk)[B]\n"
                               "service c(cloud)[C]\na:R -- L:b\nb:B -- T:c\n"))
    els = by_id(doc)
    assert els["b"].x > els["a"].rect.right and els["a"].rect.center[1] == els["b"].rect.center[1]
    assert els["c"].y > els["b"].rect.bottom and els["c"].rect.center[0] == els["b"].rect.center[0]
    for conn in (c for c in doc if isinstance(c, Connector)):
        assert len(doc.connector_points(conn)) == 2, "aligned neighbours get a straight line"


def test_contradictory_sides_warn_on_the_edge_line() -> None:
    spec = arch("architecture-beta\nservice a[A]\nservice b[B]\na:R -- L:b\nb:R -- L:a\n")
    doc = spec_to_diagram(spec)
    assert [w.line for w in spec.warnings] == [5]
    _assert_routes_orthogonal_and_sided(doc)


def test_group_edges_attach_to_frames_beside_the_service() -> None:
    spec = arch("""architecture-beta
    group one[One]
    group two[Two]
    service a(server)[A] in one
    service b(server)[B] in two
    a{group}:B --> T:b{group}
    """)
    doc = spec_to_diagram(spec)
    frames = {f.get("mermaid_id"): f for f in doc if isinstance(f, Frame)}
    conn = next(c for c in doc if isinstance(c, Connector))
    assert conn.source.element == frames["one"].id and conn.target.element == frames["two"].id
    assert frames["two"].y > frames["one"].rect.bottom
    _assert_routes_orthogonal_and_sided(doc)


def _structure(spec: ArchitectureSpec) -> dict[str, object]:
    def end(node: str, grouped: bool) -> str:
        return f"group:{spec.services[node].parent}" if grouped else node

    return {
        "groups": {g.id: (g.title, g.parent, g.icon_name) for g in spec.groups.values()},
        "services": {s.id: (s.title, s.parent, s.icon_name) for s in spec.services.values()},
        "junctions": {j.id: j.parent for j in spec.junctions.values()},
        "edges": sorted((end(e.source, e.source_group), e.source_side, end(e.target, e.target_group), e.target_side,
                         e.source_arrow, e.target_arrow, e.label) for e in spec.edges),
        "title": spec.title or "",
    }


def test_export_round_trips_the_example() -> None:
    spec = arch(PLATFORM)
    text = to_mermaid(spec_to_diagram(spec))
    assert text.startswith("architecture-beta")
    assert _structure(arch(text)) == _structure(spec)


WORDS = st.text(alphabet="abcdefghij XYZ#\"[]é", min_size=1, max_size=10).map(str.strip).filter(bool)
SIDES = st.sampled_from("LRTB")


@st.composite
def architectures(draw: st.DrawFn) -> str:
    groups = [f"g{i}" for i in range(draw(st.integers(0, 3)))]
    lines = ["architecture-beta"]
    for i, g in enumerate(groups):
        parent = draw(st.sampled_from([None, *groups[:i]]))
        icon = draw(st.sampled_from(["", "(cloud)", "(mdi:lan)"]))
        lines.append(f"group {g}{icon}[{draw(WORDS).replace(']', '')}]" + (f" in {parent}" if parent else ""))
    services = [f"s{i}" for i in range(draw(st.integers(1, 6)))]
    parent_of: dict[str, str | None] = {}
    for s in services:
        parent_of[s] = draw(st.sampled_from([None, *groups]))
        icon = draw(st.sampled_from(["(server)", "(disk)", "(database)", "(internet)", ""]))
        lines.append(f"service {s}{icon}[{draw(WORDS).replace(']', '')}]"
                     + (f" in {parent_of[s]}" if parent_of[s] else ""))
    junctions = [f"j{i}" for i in range(draw(st.integers(0, 2)))]
    lines.extend(f"junction {j}" for j in junctions)
    nodes = services + junctions
    for _ in range(draw(st.integers(0, 8))):
        a, b = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        ag = a in services and parent_of[a] is not None and draw(st.booleans())
        bg = b in services and parent_of[b] is not None and draw(st.booleans())
        if ag and bg and parent_of[a] == parent_of[b]:
            bg = False
        label = draw(st.sampled_from(["", "[calls]", "[x y]"]))
        arrow = f"{draw(st.sampled_from(['', '<']))}-{label}-{draw(st.sampled_from(['', '>']))}"
        lines.append(f"{a}{'{group}' if ag else ''}:{draw(SIDES)} {arrow} {draw(SIDES)}:{b}{'{group}' if bg else ''}")
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(architectures())
def test_generated_diagrams_round_trip(text: str) -> None:
    spec = arch(text)
    doc = spec_to_diagram(spec)
    _assert_routes_orthogonal_and_sided(doc)
    assert _structure(arch(to_mermaid(doc))) == _structure(spec)


@settings(max_examples=80, deadline=None)
@given(mutated(PLATFORM))
def test_mutated_sources_never_crash(text: str) -> None:
    read_or_invalid(text)
