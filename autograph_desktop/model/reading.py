"""What a reader of any input format returns: the diagrams it found and what it noticed."""

from __future__ import annotations

from dataclasses import dataclass, field

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.problems import Problem


@dataclass
class ReadResult:
    """Diagrams read from one input (several for multi-page files), ready for the editor or inspect.

    `nodes`/`edges` are set by readers whose diagram type counts differently from the drawn model
    (Mermaid: participants and messages, commits and parent links...); otherwise inspect counts the
    model's attachable elements and connectors.
    """

    format: str
    diagrams: list[Diagram]
    diagram_type: str = "freeform"
    nodes: int | None = None
    edges: int | None = None
    warnings: list[Problem] = field(default_factory=list)
    page_names: list[str] = field(default_factory=list)
