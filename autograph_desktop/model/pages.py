"""Several pages (of a draw.io file, say) as one diagram: each page in a titled frame, side by side."""

from __future__ import annotations

from collections.abc import Sequence

from autograph_desktop.model.document import Diagram, DiagramMeta
from autograph_desktop.model.edits import clone_elements
from autograph_desktop.model.elements import Element, Frame
from autograph_desktop.model.fractional import keys_after

#: Room around each page's drawing inside its frame, and between frames.
PADDING = 40.0
GAP = 120.0


def pages_as_frames(pages: Sequence[Diagram], title: str, names: Sequence[str] = ()) -> Diagram:
    """One diagram holding every page's elements in a frame named after the page, left to right."""
    elements: list[Element] = []
    x = 0.0
    for number, page in enumerate(pages, 1):
        box = page.bbox()
        named = names[number - 1] if number - 1 < len(names) else ""
        frame_title = named or page.meta.title or f"Page {number}"
        if box is None:
            frame = Frame(x=x, y=0.0, w=320.0, h=200.0, text=frame_title)
            elements.append(frame)
            x += frame.w + GAP
            continue
        dx, dy = x + PADDING - box.x, PADDING - box.y
        frame = Frame(x=x, y=0.0, w=box.w + 2 * PADDING, h=box.h + 2 * PADDING, text=frame_title)
        copies = clone_elements(list(page), dx, dy, page)
        elements.append(frame)
        elements.extend(c if c.parent else c.evolve(parent=frame.id) for c in copies)
        x += frame.w + GAP
    ordered = [el.evolve(z=key) for el, key in zip(elements, keys_after(None, len(elements)), strict=True)]
    return Diagram(DiagramMeta(title=title), ordered)


__all__ = ["pages_as_frames"]
