"""The diagram canvas: `CanvasView` (the widget) and `EditorController` (its editing commands).

See `view.py` for the design: a QWidget that paints straight from the document model through its spatial
index, with tools as interaction objects and overlays painted on top.
"""

from autograph_desktop.gui.canvas.controller import EditorController
from autograph_desktop.gui.canvas.view import TOOL_NAMES, CanvasView

__all__ = ["TOOL_NAMES", "CanvasView", "EditorController"]
