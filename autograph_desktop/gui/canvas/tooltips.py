"""What the canvas says about an element under the pointer: its own tooltip (from draw.io files), and for
a draw.io stencil we have no drawing for, which stencil it was, so the user knows what the box stands for."""

from __future__ import annotations

from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QToolTip, QWidget

from autograph_desktop.formats.drawio_roundtrip import STENCIL_KEY
from autograph_desktop.model import Element


def element_tooltip(el: Element | None) -> str:
    """The tooltip text for an element ("" for none)."""
    if el is None:
        return ""
    lines = [el.get("tooltip")] if el.get("tooltip") else []
    stencil = el.get(STENCIL_KEY)
    if stencil:
        lines.append(f"draw.io stencil {stencil} (drawn as a plain box)")
    return "\n".join(lines)


def show_tooltip(widget: QWidget, event: QHelpEvent, el: Element | None) -> None:
    """Show the element's tooltip at the event, or hide any shown when it has none."""
    text = element_tooltip(el)
    if text:
        QToolTip.showText(event.globalPos(), text, widget)
    else:
        QToolTip.hideText()
        event.ignore()
