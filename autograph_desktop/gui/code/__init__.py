"""Diagram as code in the GUI: the Mermaid editor and its live canvas."""

from autograph_desktop.gui.code.editor import CodeEditor
from autograph_desktop.gui.code.panel import CodePanel

__all__ = ["CodeEditor", "CodePanel"]
