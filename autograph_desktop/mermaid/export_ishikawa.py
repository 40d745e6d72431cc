"""An ishikawa diagram built from Mermaid back to `ishikawa-beta` text: the event, then causes by indent."""

from __future__ import annotations

from autograph_desktop.mermaid.chartexport import Marks, by_index, finish, front_matter, index_of
from autograph_desktop.mermaid.chartsyntax import entities
from autograph_desktop.model.document import Diagram


def _line(text: str) -> str:
    """A line of free text; quoted when it would otherwise start with something Mermaid reads as syntax."""
    flat = entities(text.strip())
    return f'"{flat}"' if flat[:1] in ('"', "%") or flat.lower().startswith(("acctitle", "accdescr")) else flat


def to_mermaid(diagram: Diagram) -> str:
    marks = Marks(diagram, "ishikawa")
    lines = [*front_matter(marks.title()), "ishikawa-beta", f"  {_line(marks.first_text('event') or 'Problem')}"]
    for cause in by_index(marks.role("cause")):
        try:
            depth = int(cause.get("depth", "0"))
        except ValueError:
            depth = 0
        text = cause.text.strip() or f"Cause {index_of(cause) + 1}"
        lines.append("  " * (depth + 1) + _line(text))
    return finish(lines)
