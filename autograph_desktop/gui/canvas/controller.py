"""EditorController: every editing command of the canvas, each one undo step through the History.

The shell's menus, toolbar and command palette call these; the view's keyboard shortcuts call the same
methods, so a command behaves identically whichever way it is invoked. Bad arguments from outside
(an unknown alignment, routing or style field) raise `InvalidInput` with a located `Problem`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from autograph_desktop.gui.canvas import clipboard
from autograph_desktop.gui.canvas.camera import step_zoom
from autograph_desktop.gui.canvas.hits import drawn_box, select_target
from autograph_desktop.gui.canvas.tools.create import DEFAULT_SIZES, NOTE_STYLE, add_with_membership
from autograph_desktop.gui.canvas.tools.transform import frame_at
from autograph_desktop.model import (
    ARROWHEADS,
    ROUTINGS,
    SHAPES,
    Connector,
    Frame,
    Group,
    Icon,
    InvalidInput,
    Problem,
    Rect,
    Shape,
    Style,
    Transaction,
    edits,
)
from autograph_desktop.model.style import STYLE_FIELDS

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

ALIGNMENTS = ("left", "center", "right", "top", "middle", "bottom")
AXES = ("horizontal", "vertical")
Z_MOVES = ("front", "forward", "backward", "back")


def _bad(argument: str, value: object, allowed: tuple[str, ...] | list[str]) -> InvalidInput:
    return InvalidInput([Problem(f"unknown {argument} {value!r}", path=argument,
                                 hint="one of: " + ", ".join(allowed))], source="canvas")


class EditorController:
    """Commands over the view's selection and document."""

    def __init__(self, view: CanvasView) -> None:
        self.view = view
        self._style_clip: Style | None = None

    @property
    def doc(self):  # type: ignore[no-untyped-def]
        return self.view.doc

    def _ids(self) -> list[str]:
        return [i for i in self.view.selected_ids() if i in self.view.doc]

    def _run(self, txn: Transaction) -> bool:
        return self.view.history.execute(txn)

    # ----------------------------------------------------------------- history
    def undo(self) -> None:
        self.view.text_editor.finish(commit=True)
        self.view.history.undo()

    def redo(self) -> None:
        self.view.text_editor.finish(commit=True)
        self.view.history.redo()

    # ----------------------------------------------------------------- clipboard
    def copy(self) -> None:
        ids = self._ids()
        if ids:
            clipboard.copy_to_clipboard(self.view, ids)

    def cut(self) -> None:
        ids = self._ids()
        if ids:
            clipboard.copy_to_clipboard(self.view, ids)
            self._run(edits.delete(self.view.doc, ids, label="Cut"))

    def paste(self, at_cursor: bool = True) -> clipboard.Pasted:
        """Paste what the clipboard holds; the result carries the readers' warnings, or why nothing was pasted."""
        pasted = clipboard.read_pasted()
        elements = pasted.elements
        if not elements:
            return pasted
        view = self.view
        at = view.last_scene_pos if at_cursor and view.underMouse() else None
        if at_cursor and at is None and view.last_scene_pos is not None and view.isVisible():
            at = view.last_scene_pos
        top_ids = clipboard.paste_elements(view, elements, at)
        view.set_selection(top_ids)
        return pasted

    def duplicate(self) -> None:
        ids = self._ids()
        if not ids:
            return
        txn, top = edits.duplicate(self.view.doc, ids)
        if self._run(txn):
            self.view.set_selection(top)

    def delete(self) -> None:
        ids = self._ids()
        if ids:
            self._run(edits.delete(self.view.doc, ids))

    def select_all(self) -> None:
        doc = self.view.doc
        targets: dict[str, None] = {}
        for el in doc:
            if el.locked or el.hidden or isinstance(el, Group):
                continue
            targets[select_target(doc, el, None).id] = None
        self.view.set_selection(list(targets))

    # ----------------------------------------------------------------- structure
    def group(self) -> None:
        ids = self._ids()
        if len(ids) < 2:
            return
        txn, gid = edits.group(self.view.doc, ids)
        if self._run(txn):
            self.view.set_selection([gid])

    def ungroup(self) -> None:
        doc = self.view.doc
        groups = [i for i in self._ids() if isinstance(doc[i], Group)]
        if not groups:
            return
        members = [m.id for g in groups for m in doc.children(g)]
        if self._run(edits.ungroup(doc, groups)):
            self.view.set_selection(members)

    def _boxes(self) -> dict[str, Rect]:
        doc = self.view.doc
        out: dict[str, Rect] = {}
        for i in self._ids():
            el = doc[i]
            if isinstance(el, Connector) or el.locked:
                continue
            box = drawn_box(doc, el, self.view.route)  # a group by its members, not their index boxes
            if box is not None:
                out[i] = box
        return out

    def _move_each(self, moves: dict[str, tuple[float, float]], label: str) -> None:
        """Several independent moves as one undo step (applied in turn so each sees the last)."""
        history = self.view.history
        history.begin(label)
        for eid, (dx, dy) in moves.items():
            if dx or dy:
                history.execute(edits.move(self.view.doc, [eid], dx, dy, label))
        history.commit()

    def align(self, how: str) -> None:
        if how not in ALIGNMENTS:
            raise _bad("alignment", how, ALIGNMENTS)
        boxes = self._boxes()
        if len(boxes) < 2:
            return
        left = min(b.x for b in boxes.values())
        right = max(b.right for b in boxes.values())
        top = min(b.y for b in boxes.values())
        bottom = max(b.bottom for b in boxes.values())
        moves: dict[str, tuple[float, float]] = {}
        for eid, b in boxes.items():
            dx = {"left": left - b.x, "center": (left + right) / 2 - b.center[0], "right": right - b.right}.get(how, 0.0)
            dy = {"top": top - b.y, "middle": (top + bottom) / 2 - b.center[1], "bottom": bottom - b.bottom}.get(how, 0.0)
            moves[eid] = (dx, dy)
        self._move_each(moves, f"Align {how}")

    def distribute(self, axis: str) -> None:
        if axis not in AXES:
            raise _bad("axis", axis, AXES)
        boxes = self._boxes()
        if len(boxes) < 3:
            return
        horizontal = axis == "horizontal"
        items = sorted(boxes.items(), key=lambda kv: kv[1].center[0] if horizontal else kv[1].center[1])
        start = items[0][1].x if horizontal else items[0][1].y
        end = items[-1][1].right if horizontal else items[-1][1].bottom
        sizes = sum(b.w if horizontal else b.h for _, b in items)
        gap = (end - start - sizes) / (len(items) - 1)
        pos = start
        moves: dict[str, tuple[float, float]] = {}
        for eid, b in items:
            if horizontal:
                moves[eid] = (pos - b.x, 0.0)
                pos += b.w + gap
            else:
                moves[eid] = (0.0, pos - b.y)
                pos += b.h + gap
        self._move_each(moves, f"Distribute {axis}")

    def reorder(self, where: str) -> None:
        if where not in Z_MOVES:
            raise _bad("z-order move", where, Z_MOVES)
        ids = self._ids()
        if ids:
            self._run(edits.reorder(self.view.doc, ids, where))  # type: ignore[arg-type]

    # ----------------------------------------------------------------- lock / visibility
    def lock(self) -> None:
        ids = self._ids()
        if ids and self._run(edits.set_fields(self.view.doc, ids, "Lock", locked=True)):
            self.view.set_selection([])

    def unlock_all(self) -> None:
        doc = self.view.doc
        self._run(edits.set_fields(doc, [e.id for e in doc if e.locked], "Unlock all", locked=False))

    def hide(self) -> None:
        ids = self._ids()
        if ids and self._run(edits.set_fields(self.view.doc, ids, "Hide", hidden=True)):
            self.view.set_selection([])

    def show_all(self) -> None:
        doc = self.view.doc
        self._run(edits.set_fields(doc, [e.id for e in doc if e.hidden], "Show all", hidden=False))

    # ----------------------------------------------------------------- style
    def copy_style(self) -> None:
        ids = self._ids()
        if ids:
            self._style_clip = self.view.doc[ids[0]].style

    def paste_style(self) -> None:
        ids = self._ids()
        if ids and self._style_clip is not None:
            self._run(edits.paste_style(self.view.doc, ids, self._style_clip))

    def set_style(self, **fields: Any) -> None:
        unknown = [k for k in fields if k not in STYLE_FIELDS]
        if unknown:
            raise _bad("style field", unknown[0], STYLE_FIELDS)
        ids = self._ids()
        if ids:
            try:
                self._run(edits.set_style(self.view.doc, ids, **fields))
            except (TypeError, ValueError) as exc:
                raise InvalidInput([Problem(str(exc), path="style")], source="canvas") from exc

    def set_connector_routing(self, name: str) -> None:
        if name not in ROUTINGS:
            raise _bad("routing", name, ROUTINGS)
        doc = self.view.doc
        conns = [i for i in self._ids() if isinstance(doc[i], Connector)]
        self.view.default_routing = name
        if conns:
            self._run(edits.set_fields(doc, conns, "Routing", routing=name))

    def set_arrow(self, end: str, name: str) -> None:
        if end not in ("start", "end"):
            raise _bad("connector end", end, ("start", "end"))
        if name not in ARROWHEADS:
            raise _bad("arrowhead", name, ARROWHEADS)
        doc = self.view.doc
        conns = [i for i in self._ids() if isinstance(doc[i], Connector)]
        if conns:
            self._run(edits.set_fields(doc, conns, "Arrowhead", **{f"{end}_arrow": name}))

    # ----------------------------------------------------------------- inserting
    def _drop_point(self, at: tuple[float, float] | None = None) -> tuple[float, float]:
        """Where an inserted element goes: where it was dropped, else the middle of what is on screen."""
        if at is not None:
            return at
        view = self.view
        visible = view.camera.visible(view.width(), view.height())
        return visible.center

    def frame_under(self, x: float, y: float) -> str | None:
        frame = frame_at(self.view.doc, x, y, set())
        return frame.id if frame is not None else None

    def insert_icon(self, icon_id: str, label: str = "", at: tuple[float, float] | None = None) -> None:
        """Add an icon (named `label` below it), centred on `at` or on the middle of the screen."""
        if not isinstance(icon_id, str) or not icon_id or len(icon_id) > 500:
            raise _bad("icon id", icon_id, ["a non-empty icon id"])
        cx, cy = self._drop_point(at)
        w, h = DEFAULT_SIZES["icon"]
        el = Icon(x=cx - w / 2, y=cy - h / 2, w=w, h=h, icon=icon_id, text=label[:200],
                  parent=self.frame_under(cx, cy))
        add_with_membership(self.view, el, "Insert icon")
        self.view.set_selection([el.id])

    def insert_shape(self, shape_kind: str, at: tuple[float, float] | None = None) -> None:
        if shape_kind not in SHAPES:
            raise _bad("shape", shape_kind, SHAPES)
        cx, cy = self._drop_point(at)
        w, h = DEFAULT_SIZES.get(shape_kind, (160, 80))
        style = NOTE_STYLE if shape_kind == "note" else Shape().style
        el = Shape(x=cx - w / 2, y=cy - h / 2, w=w, h=h, shape=shape_kind, style=style,
                   parent=self.frame_under(cx, cy))
        add_with_membership(self.view, el, f"Insert {shape_kind}")
        self.view.set_selection([el.id])

    def edit_text(self) -> None:
        ids = self._ids()
        if len(ids) == 1:
            self.view.start_text_edit(ids[0])

    def toggle_frame_collapsed(self) -> None:
        doc = self.view.doc
        frames: list[str] = []
        for i in self._ids():
            el = doc[i]
            if isinstance(el, Frame):
                frames.append(i)
            elif el.parent is not None and isinstance(doc.get(el.parent), Frame):
                frames.append(el.parent)
        if not frames:
            return
        history = self.view.history
        history.begin("Collapse frame")
        for fid in dict.fromkeys(frames):
            frame = doc[fid]
            assert isinstance(frame, Frame)
            history.execute(edits.set_fields(doc, [fid], "Collapse frame", collapsed=not frame.collapsed))
        history.commit()
        self.view.set_selection(list(dict.fromkeys(frames)))

    def nudge(self, dx: float, dy: float) -> None:
        ids = [i for i in self._ids() if not self.view.doc[i].locked]
        if ids:
            self._run(edits.move(self.view.doc, ids, dx, dy, "Nudge"))
            box = self.view.selection_box()
            if box is not None:
                self.view.ensure_visible(box)

    def zoom_step(self, direction: int) -> None:
        self.view.set_zoom(step_zoom(self.view.zoom, direction))
