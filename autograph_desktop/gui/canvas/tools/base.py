"""What every tool and interaction shares: the pointer record and the press/move/release/cancel protocol.

One class per gesture (as in orange-canvas-core's interactions): a tool receives pointer events from the
view, may hand a gesture to an `Interaction` for its duration, and every gesture that edits the document
opens a History gesture on press, executes live edits on move, commits on release and cancels on Escape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView


@dataclass(frozen=True, slots=True)
class Pointer:
    """A pointer event in scene (x, y) and widget (vx, vy) coordinates."""

    x: float
    y: float
    vx: float
    vy: float
    button: Qt.MouseButton = Qt.MouseButton.NoButton
    buttons: Qt.MouseButton = Qt.MouseButton.NoButton
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier

    @property
    def shift(self) -> bool:
        return bool(self.modifiers & Qt.KeyboardModifier.ShiftModifier)

    @property
    def ctrl(self) -> bool:
        return bool(self.modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))

    @property
    def alt(self) -> bool:
        return bool(self.modifiers & Qt.KeyboardModifier.AltModifier)


class Interaction:
    """One gesture in progress (a move, a resize, a rubber band...). Ends with `release` or `cancel`."""

    def __init__(self, view: CanvasView) -> None:
        self.view = view

    def move(self, p: Pointer) -> None:
        pass

    def release(self, p: Pointer) -> None:
        pass

    def cancel(self) -> None:
        pass

    def paint(self, qp: QPainter) -> None:
        """Draw this gesture's feedback, in widget coordinates."""


class Tool:
    """A canvas tool. Subclasses set `name` and `cursor` and override what they handle."""

    name = ""
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, view: CanvasView) -> None:
        self.view = view
        self.interaction: Interaction | None = None

    @property
    def busy(self) -> bool:
        return self.interaction is not None

    def press(self, p: Pointer) -> None:
        pass

    def move(self, p: Pointer) -> None:
        if self.interaction is not None:
            self.interaction.move(p)
        else:
            self.hover(p)

    def release(self, p: Pointer) -> None:
        interaction, self.interaction = self.interaction, None
        if interaction is not None:
            interaction.release(p)
        self.view.update()

    def hover(self, p: Pointer) -> None:
        pass

    def double_click(self, p: Pointer) -> None:
        pass

    def cancel(self) -> bool:
        """Escape: abandon the gesture in progress. True when there was one."""
        interaction, self.interaction = self.interaction, None
        if interaction is not None:
            interaction.cancel()
            self.view.update()
            return True
        return False

    def deactivate(self) -> None:
        self.cancel()

    def paint(self, qp: QPainter) -> None:
        if self.interaction is not None:
            self.interaction.paint(qp)
