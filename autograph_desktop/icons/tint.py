"""Which colour a catalogue icon is drawn in.

Monochrome sets (the icon fonts) are shapes without a colour of their own: they follow the element's stroke
colour, resolved for the canvas theme, so an icon stays readable on the dark canvas and can be restyled like any
shape. Brand logos and the cloud vendors' pack keep the colours their artwork carries.
"""

from __future__ import annotations

from autograph_desktop.model.style import Theme, resolve_color

#: Icon sets whose artwork carries its own colours (never tinted).
OWN_COLOUR_SETS = frozenset({"si", "diagrams"})


def icon_tint(icon_id: str, stroke: str, theme: Theme) -> str | None:
    """The `#rrggbb` to draw a monochrome icon in, or None when the icon keeps its own colours."""
    icon_set, _, name = icon_id.partition(".")
    if not name or icon_set in OWN_COLOUR_SETS or icon_id.startswith("drawio:"):  # (draw.io's cloud art)
        return None
    return resolve_color(stroke if stroke != "none" else "ink", theme, "stroke")
