"""QPainterPaths for every shape kind, built from the Qt-free outlines that the SVG writer also uses."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from autograph_desktop.model import SHAPES
from autograph_desktop.render.outlines import Commands, Outline, shape_outline

__all__ = ["SHAPES", "commands_to_path", "shape_paths"]


def commands_to_path(commands: Commands, path: QPainterPath | None = None) -> QPainterPath:
    """Append path commands (M/L/C/Z with float arguments) to a QPainterPath."""
    out = path if path is not None else QPainterPath()
    for cmd in commands:
        op = cmd[0]
        if op == "L":
            out.lineTo(QPointF(cmd[1], cmd[2]))
        elif op == "C":
            out.cubicTo(QPointF(cmd[1], cmd[2]), QPointF(cmd[3], cmd[4]), QPointF(cmd[5], cmd[6]))
        elif op == "M":
            out.moveTo(QPointF(cmd[1], cmd[2]))
        elif op == "Z":
            out.closeSubpath()
    return out


def shape_paths(shape: str, x: float, y: float, w: float, h: float,
                corner_radius: float = 0.0) -> tuple[QPainterPath, QPainterPath | None]:
    """(filled body, stroke-only detail or None) of a shape kind in the rectangle (x, y, w, h)."""
    outline: Outline = shape_outline(shape, x, y, w, h, corner_radius)
    body = commands_to_path(outline.body)
    detail = commands_to_path(outline.detail) if outline.detail else None
    return body, detail
