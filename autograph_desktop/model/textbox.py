"""Where a shape's label goes, and how big a shape must be to hold a label: one rule for everyone.

The painter wraps text inside `text_box`; automatic layout sizes nodes with `box_for_text`, its inverse,
so a generated node is always exactly big enough for its label on the canvas and in every export.
"""

from __future__ import annotations

ROUND = frozenset({"ellipse", "circle", "double_circle", "cloud", "star"})
SLANTED = frozenset({"hexagon", "parallelogram", "parallelogram_alt", "trapezoid", "trapezoid_alt"})


def text_box(shape: str, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float]:
    """Where a shape's label goes: its rectangle less a padding that keeps text inside the outline."""
    px, py = 8.0, 4.0
    if shape in ROUND:
        px, py = w * 0.15, h * 0.15
    elif shape == "diamond" or shape in SLANTED:
        px, py = w * (0.2 if shape == "diamond" else 0.16), h * (0.15 if shape == "diamond" else 0.05)
    elif shape == "triangle":
        return (x + w * 0.25, y + h * 0.4, w * 0.5, h * 0.55)
    elif shape == "cylinder":
        ry = min(h * 0.15, w * 0.2)
        return (x + 8, y + 2 * ry, max(w - 16, 1.0), max(h - 3 * ry, 1.0))
    elif shape == "callout":
        return (x + 8, y + 4, max(w - 16, 1.0), max(h * 0.78 - 8, 1.0))
    elif shape == "document":
        return (x + 8, y + 4, max(w - 16, 1.0), max(h - 8 - min(h * 0.1, 14.0), 1.0))
    elif shape == "subroutine":
        px = min(w * 0.1, 12.0) + 6
    return (x + px, y + py, max(w - 2 * px, 1.0), max(h - 2 * py, 1.0))


def box_for_text(shape: str, text_w: float, text_h: float, margin: float = 6.0) -> tuple[float, float]:
    """The smallest (w, h) whose `text_box` holds a text block of text_w x text_h plus a margin."""
    tw, th = text_w + 2 * margin, text_h + 2 * margin
    if shape in ROUND:
        return tw / 0.7, th / 0.7
    if shape == "diamond":
        return tw / 0.6, th / 0.7
    if shape in SLANTED:
        return tw / 0.68, th / 0.9
    if shape == "triangle":
        return tw / 0.5, th / 0.55
    if shape == "cylinder":
        # ry = 0.15 h (for tall enough shapes): the text band is h - 3 ry = 0.55 h.
        return tw + 16, max(th / 0.55, th + 30)
    if shape == "callout":
        return tw + 16, (th + 8) / 0.78
    if shape == "document":
        return tw + 16, th + 8 + 14
    if shape == "subroutine":
        return tw + 2 * 18, th + 8
    return tw + 16, th + 8
