"""QPainterPaths for every arrowhead kind in `model.ARROWHEADS`, from the shared Qt-free geometry."""

from __future__ import annotations

from PySide6.QtGui import QPainterPath

from autograph_desktop.model import ARROWHEADS
from autograph_desktop.render.arrowheads import Arrowhead, arrowhead
from autograph_desktop.render.shapes import commands_to_path

__all__ = ["ARROWHEADS", "arrowhead_paths", "head_paths"]


def head_paths(heads: list[Arrowhead]) -> list[tuple[QPainterPath, str]]:
    """(path, mode) per part; mode "fill" = stroke colour, "hollow" = background fill, "stroke" = lines only."""
    return [(commands_to_path(h.commands), h.mode) for h in heads]


def arrowhead_paths(kind: str, tip: tuple[float, float], came_from: tuple[float, float],
                    stroke_width: float) -> list[tuple[QPainterPath, str]]:
    return head_paths(arrowhead(kind, tip, came_from, stroke_width))
