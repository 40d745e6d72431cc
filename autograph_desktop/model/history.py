"""Undo/redo in plain Python: a history of transactions, with gestures that become one step.

A gesture (a drag, a resize, a live style preview) applies its changes to the document as it goes so
that every view follows, then `commit` squashes them into one undo step, or `cancel` reverts them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from autograph_desktop.model.document import Diagram
from autograph_desktop.model.operations import Operation, Transaction, squash


@dataclass
class _Gesture:
    label: str
    operations: list[Operation] = field(default_factory=list)


class History:
    """The undo and redo stacks of one document; no length limit."""

    def __init__(self, doc: Diagram) -> None:
        self.doc = doc
        self._undo: list[Transaction] = []
        self._redo: list[Transaction] = []
        self._gesture: _Gesture | None = None
        self._listeners: list[Callable[[History], None]] = []

    # ----------------------------------------------------------------- state
    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and self._gesture is None

    @property
    def can_redo(self) -> bool:
        return bool(self._redo) and self._gesture is None

    @property
    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    @property
    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    @property
    def steps(self) -> list[str]:
        """Labels of the undoable steps, oldest first (for a history panel)."""
        return [t.label for t in self._undo]

    @property
    def redo_steps(self) -> list[str]:
        return [t.label for t in reversed(self._redo)]

    @property
    def in_gesture(self) -> bool:
        return self._gesture is not None

    def subscribe(self, listener: Callable[[History], None]) -> None:
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in list(self._listeners):
            listener(self)

    # ----------------------------------------------------------------- editing
    def execute(self, transaction: Transaction) -> bool:
        """Apply a transaction as one undo step (inside a gesture, as part of it). False if empty."""
        if not transaction:
            return False
        self.doc.execute(transaction)
        if self._gesture is not None:
            self._gesture.operations.extend(transaction.operations)
            return True
        self._undo.append(transaction)
        self._redo.clear()
        self._changed()
        return True

    def undo(self) -> bool:
        if not self.can_undo:
            return False
        txn = self._undo.pop()
        self.doc.execute(txn.inverse())
        self._redo.append(txn)
        self._changed()
        return True

    def redo(self) -> bool:
        if not self.can_redo:
            return False
        txn = self._redo.pop()
        self.doc.execute(txn)
        self._undo.append(txn)
        self._changed()
        return True

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._changed()

    # ----------------------------------------------------------------- gestures
    def begin(self, label: str) -> None:
        """Start a gesture: what executes until commit/cancel becomes one step."""
        if self._gesture is not None:
            self.cancel()
        self._gesture = _Gesture(label)

    def commit(self) -> Transaction | None:
        gesture = self._gesture
        self._gesture = None
        if gesture is None or not gesture.operations:
            return None
        txn = Transaction(tuple(squash(gesture.operations)), gesture.label)
        self._undo.append(txn)
        self._redo.clear()
        self._changed()
        return txn

    def cancel(self) -> None:
        gesture = self._gesture
        self._gesture = None
        if gesture is not None and gesture.operations:
            self.doc.execute(Transaction(tuple(gesture.operations), gesture.label).inverse())
        self._changed()
