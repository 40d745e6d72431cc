"""AutoGraph diagrams -> draw.io XML (placeholder until the writer lands)."""
from __future__ import annotations

from autograph_desktop.model.document import Diagram


def write_pages(diagrams: list[Diagram]) -> bytes:
    raise NotImplementedError
