"""Checked Mermaid -> a native diagram: parse, icons, layout, labels made inert, quality scored.

Graph-like types (flowchart, class, ER, state) go through the Mermaid package's graph draft so that we
can size icon nodes and try other layout parameters: when the first drawing scores below the passing
mark, wider spacing and the other main direction are tried and the best drawing is kept. The other
types use their dedicated builders as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from autograph_desktop.ai.extract import neutralise_text
from autograph_desktop.ai.iconmap import IconResolver
from autograph_desktop.ai.quality import PASSING, QualityReport, score
from autograph_desktop.mermaid.common import MermaidSpec, prepare
from autograph_desktop.mermaid.graph_build import GraphDraft, build_diagram, node_size
from autograph_desktop.mermaid.parse import parse
from autograph_desktop.mermaid.theme import theme_named
from autograph_desktop.mermaid.to_model import graph_draft, spec_to_diagram
from autograph_desktop.model import (
    Connector,
    ConnectorLabel,
    Diagram,
    DiagramMeta,
    Element,
    Group,
    Icon,
    InvalidInput,
    Problem,
    Shape,
    new_id,
)
from autograph_desktop.model.fractional import keys_after

#: A generated diagram with more nodes than this is refused before layout (nobody can read it).
MAX_NODES = 1500
#: Above this many nodes the layout trades a few crossings for speed.
THOROUGH_LIMIT = 60
#: Other layout parameters are tried only up to this many nodes (each try is a whole layout; bigger
#: diagrams that score low are sent back to the model to be simplified instead).
RELAYOUT_LIMIT = 60
ICON_SIZE = 30.0
ICON_SHAPES = frozenset({"rectangle", "rounded", "stadium", "subroutine", "cylinder", "hexagon"})
ROLE_ICON = "badge"  # an icon decorating the node named by its "for" key, not a node itself


@dataclass
class Built:
    """What one reply became: the diagram with its spec, score and how it was drawn."""

    diagram: Diagram
    spec: MermaidSpec
    mermaid: str
    diagram_type: str
    quality: QualityReport
    icons: dict[str, str] = field(default_factory=dict)  # mermaid id -> icon id
    layout: str = "default"

    @property
    def counts(self) -> tuple[int, int]:
        return self.spec.counts()


def parse_checked(mermaid: str) -> MermaidSpec:
    """Parse and refuse diagrams too big to draw; raises InvalidInput with the parser's located problems."""
    spec = parse(mermaid)
    nodes, _edges = spec.counts()
    if nodes > MAX_NODES:
        raise InvalidInput([Problem(f"the diagram has {nodes:,} nodes; the limit is {MAX_NODES:,}",
                                    hint="ask for a smaller diagram or split it")])
    return spec


def _plan_icons(draft: GraphDraft, resolver: IconResolver | None, cloud: str, architecture: bool) -> dict[str, str]:
    """Choose icons for the nodes and make room for them above the label."""
    if resolver is None or draft.kind != "flowchart":
        return {}
    chosen: dict[str, str] = {}
    for key, node in draft.nodes.items():
        if node.shape not in ICON_SHAPES or node.as_text or node.sections or not node.text.strip():
            continue
        choice = resolver.choose(f"{node.text} {key}", cloud, generic=architecture)
        if choice is None:
            continue
        w, h = node_size(node)
        node.width = max(w, ICON_SIZE + 40.0)
        node.height = h + ICON_SIZE + 8.0
        node.style = node.style.with_(vertical_align="bottom")
        chosen[key] = choice.icon
    return chosen


def _attach_icons(doc: Diagram, icons: dict[str, str]) -> Diagram:
    """Each icon node becomes a group of its box and the icon drawn in the box's top part."""
    if not icons:
        return doc
    out: list[Element] = []
    for el in doc:
        key = el.get("mermaid_id")
        if isinstance(el, Shape) and key in icons:
            out.extend(icon_group(el, icons[key]))
        else:
            out.append(el)
    keys = keys_after(None, len(out))
    return Diagram(doc.meta, [e.evolve(z=k) for e, k in zip(out, keys, strict=True)])


def icon_group(shape: Shape, icon_id: str, group_id: str | None = None) -> list[Element]:
    """[group, box, icon] for a shape that shows an icon above its label."""
    gid = group_id or new_id()
    key = shape.get("mermaid_id")
    icon = Icon(id=new_id(), x=shape.x + (shape.w - ICON_SIZE) / 2, y=shape.y + 6.0, w=ICON_SIZE, h=ICON_SIZE,
                icon=icon_id, parent=gid, data=(("for", key), ("role", ROLE_ICON)))
    return [Group(id=gid, parent=shape.parent), shape.evolve(parent=gid), icon]


def make_inert(doc: Diagram) -> Diagram:
    """Labels as plain text and no links: nothing a reply wrote can run or open anything."""
    changed = False
    out: list[Element] = []
    for el in doc:
        changes: dict[str, Any] = {}
        text = neutralise_text(el.text)
        if text != el.text:
            changes["text"] = text
        if el.link:
            changes["link"] = ""
        if isinstance(el, Connector) and el.labels:
            labels = tuple(ConnectorLabel(neutralise_text(lb.text), lb.position, lb.offset) for lb in el.labels)
            if labels != el.labels:
                changes["labels"] = labels
        if changes:
            changed = True
            out.append(el.evolve(**changes))
        else:
            out.append(el)
    return Diagram(doc.meta, out) if changed else doc


def _variants(draft: GraphDraft) -> list[tuple[str, float, float, str]]:
    """(name, node spacing, rank spacing, direction) to try after the default drawing."""
    flip = {"TB": "LR", "TD": "LR", "LR": "TB", "BT": "RL", "RL": "BT"}.get(draft.direction.upper(), "LR")
    ns, rs = draft.node_spacing, draft.rank_spacing
    return [("wider spacing", ns * 1.7, rs * 1.5, draft.direction),
            (f"direction {flip}", ns * 1.3, rs * 1.2, flip)]


def build(mermaid: str, *, resolver: IconResolver | None = None, cloud: str = "", architecture: bool = False,
          title: str = "", relayout: bool = True) -> Built:
    """The best drawing of checked Mermaid (raises InvalidInput when it does not parse)."""
    spec = parse_checked(mermaid)
    config = prepare(mermaid).config
    nodes, _edges = spec.counts()
    meta = DiagramMeta(title=(spec.title or title or f"AI {spec.diagram_type}")[:200], kind=spec.diagram_type,
                       theme=theme_named(config.get("theme")).canvas, source=mermaid, source_kind="mermaid")
    draft = graph_draft(spec, theme_named(config.get("theme")), config)
    if draft is None:
        diagram = make_inert(spec_to_diagram(spec, config, source_text=mermaid))
        diagram.meta = meta
        return Built(diagram, spec, mermaid, spec.diagram_type, score(diagram, spec.diagram_type))
    icons = _plan_icons(draft, resolver, cloud, architecture)
    thorough = nodes <= THOROUGH_LIMIT

    def draw(name: str) -> Built:
        diagram = make_inert(_attach_icons(build_diagram(draft, None, meta, thorough), icons))
        return Built(diagram, spec, mermaid, spec.diagram_type, score(diagram, spec.diagram_type), icons, name)

    best = draw("default")
    if not relayout or best.quality.score >= PASSING or nodes > RELAYOUT_LIMIT:
        return best
    for name, node_spacing, rank_spacing, direction in _variants(draft):
        draft.node_spacing, draft.rank_spacing, draft.direction = node_spacing, rank_spacing, direction
        candidate = draw(name)
        if candidate.quality.score > best.quality.score:
            best = candidate
        if best.quality.score >= PASSING:
            break
    return best
