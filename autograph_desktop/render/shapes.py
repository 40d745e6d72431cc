"""Path commands as QPainterPaths: the one step between a shape definition's outline and the painter."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from autograph_desktop.model import Element
from autograph_desktop.model.shapes import Commands, definition_of

__all__ = ["commands_to_path", "element_paths"]


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


def element_paths(el: Element) -> tuple[QPainterPath, QPainterPath | None]:
    """(filled body, stroke-only detail or None) of an element as its definition outlines it."""
    outline = definition_of(el).outline_of(el.x, el.y, el.w, el.h, el.style.corner_radius)
    body = commands_to_path(outline.body)
    detail = commands_to_path(outline.detail) if outline.detail else None
    return body, detail
