"""Canvas tools: one interaction class per gesture (see `base.py`)."""

from autograph_desktop.gui.canvas.tools.base import Interaction, Pointer, Tool

__all__ = ["Interaction", "Pointer", "Tool"]
