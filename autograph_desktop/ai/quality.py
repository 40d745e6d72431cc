"""A drawn diagram's quality score, 0-100: overlaps, spacing, crossings, label readability, loose nodes.

Measured on the built model (the boxes and connector polylines the canvas will show), with the layout
package's own metrics, so it judges exactly what the user would see. Each kind of fault costs points up
to a cap; the report says which, so the pipeline can pick a remedy (more spacing, another direction, or
asking the model to simplify) and the UI can show why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop import textmetrics
from autograph_desktop.layout.graph import Rect as LayoutRect
from autograph_desktop.layout.quality import count_crossings, min_node_spacing, node_overlaps
from autograph_desktop.model import Connector, Diagram, Element, Frame, Group, Icon, Path, Text

PASSING = 80
#: Graph types, laid out by our layered layout: every measure applies. The other types (sequence, gantt,
#: pie, timeline...) have fixed layouts that stack bars on bands and labels on lanes by design, so only
#: label readability is judged for them.
LINKED_TYPES = frozenset({"flowchart", "class", "er", "state"})
MIN_GAP = 12.0
MIN_FONT = 10.0
MAX_LABEL_CHARS = 60


@dataclass
class QualityReport:
    score: int
    nodes: int
    edges: int
    overlaps: int = 0
    min_spacing: float = 0.0
    crossings: int = 0
    unreadable_labels: int = 0
    disconnected: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def passing(self) -> bool:
        return self.score >= PASSING

    def summary(self) -> str:
        return f"quality {self.score}/100" + (f" ({'; '.join(self.notes)})" if self.notes else "")


def node_elements(doc: Diagram) -> list[Element]:
    """The boxes a reader sees as nodes: shapes, texts and icons that stand alone or head a group."""
    out: list[Element] = []
    for el in doc:
        if isinstance(el, (Connector, Group, Frame, Path)) or el.get("role") == "badge":
            continue
        if el.parent is not None and isinstance(doc.get(el.parent), Group) and not el.get("mermaid_id"):
            continue  # a compartment of a class box, part of its group
        out.append(el)
    return out


def _label_unreadable(el: Element) -> bool:
    text = el.text.strip()
    if not text:
        return False
    if el.style.font_size < MIN_FONT or len(text) > MAX_LABEL_CHARS:
        return True
    if isinstance(el, (Text, Icon)):
        return False
    bold, italic, mono = textmetrics.face_for(el.style.font_family, el.style.font_weight, el.style.font_italic)
    _w, h = textmetrics.text_block_size(text, el.style.font_size, max(el.w - 8, 10.0), bold, italic, mono)
    return h > el.h + 2  # the wrapped label spills out of its box


def score(doc: Diagram, diagram_type: str = "flowchart") -> QualityReport:
    """Score what the canvas would show; 100 is a clean drawing, below `PASSING` is worth fixing."""
    nodes = node_elements(doc)
    connectors = [el for el in doc if isinstance(el, Connector)]
    report = QualityReport(100, len(nodes), len(connectors))
    penalty = 0.0
    if diagram_type in LINKED_TYPES:
        penalty += _geometry(doc, nodes, connectors, report)
    unreadable = sum(1 for el in nodes if _label_unreadable(el))
    unreadable += sum(1 for c in connectors for label in c.labels if len(label.text) > MAX_LABEL_CHARS)
    report.unreadable_labels = unreadable
    if unreadable:
        penalty += min(15.0, 4.0 * unreadable)
        report.notes.append(f"{unreadable} hard-to-read label(s)")
    report.score = max(0, min(100, round(100 - penalty)))
    return report


def _geometry(doc: Diagram, nodes: list[Element], connectors: list[Connector], report: QualityReport) -> float:
    """Points lost to overlaps, tight spacing, crossings and unconnected nodes (graph types)."""
    rects = {el.id: LayoutRect(el.x, el.y, el.w, el.h) for el in nodes}
    penalty = 0.0
    overlaps = node_overlaps(rects) if len(rects) > 1 else []
    report.overlaps = len(overlaps)
    if overlaps:
        penalty += min(40.0, 12.0 * len(overlaps))
        report.notes.append(f"{len(overlaps)} overlapping node pair(s)")
    gap = min_node_spacing(rects) if len(rects) > 1 else float("inf")
    report.min_spacing = round(gap, 1) if gap != float("inf") else 0.0
    if not overlaps and gap < MIN_GAP:
        penalty += 15.0 * (MIN_GAP - max(gap, 0.0)) / MIN_GAP
        report.notes.append(f"nodes only {gap:.0f} px apart")
    if connectors:
        crossings = count_crossings(doc.connector_points(c) for c in connectors)
        report.crossings = crossings
        if crossings:
            penalty += min(25.0, 25.0 * crossings / max(len(connectors), 1) + 1.0 * crossings / 4)
            report.notes.append(f"{crossings} edge crossing(s)")
    if len(nodes) >= 3:
        linked = {end for c in connectors for end in (c.source.element, c.target.element) if end}
        loose = [el for el in nodes if el.id not in linked and not _linked_through_group(doc, el, linked)]
        report.disconnected = len(loose)
        if loose:
            penalty += min(20.0, 6.0 * len(loose))
            report.notes.append(f"{len(loose)} unconnected node(s)")
    return penalty


def _linked_through_group(doc: Diagram, el: Element, linked: set[str]) -> bool:
    """A class or entity box counts as linked when a connector attaches to any part of its group."""
    if el.parent is None or not isinstance(doc.get(el.parent), Group):
        return False
    return any(member.id in linked for member in doc.children(el.parent))
