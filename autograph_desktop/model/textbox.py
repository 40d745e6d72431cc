"""Where a shape's label goes, and how big a shape must be to hold a label: one rule for everyone.

The painter wraps text inside `text_box`; automatic layout sizes nodes with `box_for_text`, its inverse,
so a generated node is always exactly big enough for its label on the canvas and in every export. Each
kind's rule lives in its shape definition (`shapes`); these are the by-name entry points.
"""

from __future__ import annotations

from autograph_desktop.model.shapes import Box, definition


def text_box(shape: str, x: float, y: float, w: float, h: float) -> Box:
    """Where a shape's label goes: its rectangle less a padding that keeps text inside the outline."""
    return definition(shape).text_box(x, y, w, h)


def box_for_text(shape: str, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
    """The smallest (w, h) whose `text_box` holds a text block of text_w x text_h plus a margin."""
    return definition(shape).box_for_text(text_w, text_h, margin)
