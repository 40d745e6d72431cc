"""The painter's overview mode: a whole big diagram, zoomed far out, from a few merged per-style paths.

Used when no text would be readable and most of the diagram is on screen. Runs of consecutive elements
with the same pen and brush become one QPainterPath each (rebuilt only when the document changes), so a
10,000-element overview is a few dozen Qt calls instead of tens of thousands.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from autograph_desktop.model import Connector, Diagram, Element, Rect
from autograph_desktop.render import qtstyle
from autograph_desktop.render.arrowheads import arrow_size
from autograph_desktop.render.entries import add_to_path
from autograph_desktop.render.textlayout import FRAME_TITLE_SIZE

if TYPE_CHECKING:
    from autograph_desktop.render.painter import DiagramPainter

#: Below this many screen pixels of font size, text is not drawn (it would be unreadable noise).
MIN_TEXT_PX = 4.0
#: Arrowheads smaller than this on screen are left out (a dot of that size says nothing).
MIN_ARROW_PX = 2.5


def thin(pen: QPen | Qt.PenStyle, scale: float) -> QPen | Qt.PenStyle:
    """A cosmetic (hairline) pen when a line would be under 1.5 device pixels: Qt draws those without the
    path stroker, which is most of the cost of an overview frame; they look the same at that size."""
    if not isinstance(pen, QPen) or pen.widthF() * scale >= 1.5:
        return pen
    return qtstyle.cosmetic(pen.color(), max(pen.widthF() * scale, 0.5))


def applies(dp: DiagramPainter, visible: Rect, scale: float) -> bool:
    """Whether to draw from the batched plan: no text would be readable and most of the diagram shows.

    Asked every frame, so it reads the document's rough extent (no per-element work) and a largest font
    size the painter keeps until text or styles change: a drag of a thousand shapes must not walk all ten
    thousand elements per mouse move to answer it.
    """
    if dp._max_font is None:
        sizes = [e.style.font_size for e in dp.doc if e.text or (isinstance(e, Connector) and e.labels)]
        if any(e.kind == "frame" and e.text for e in dp.doc):
            sizes.append(FRAME_TITLE_SIZE)
        dp._max_font = max(sizes, default=0.0)
    bbox = dp.doc.rough_extent()
    if bbox is None or dp._max_font * scale >= MIN_TEXT_PX:
        return False
    ix = max(0.0, min(visible.right, bbox.right) - max(visible.x, bbox.x))
    iy = max(0.0, min(visible.bottom, bbox.bottom) - max(visible.y, bbox.y))
    return ix * iy >= 0.25 * max(bbox.w * bbox.h, 1.0)


#: Elements per chunk of the overview plan (consecutive in z-order): an edit rebuilds only the chunks it
#: touches, so editing while zoomed out on 10,000 elements does not merge all of them again.
CHUNK = 200
#: Changed elements noted beyond this many make the plan be built anew rather than patched.
MAX_PENDING = 20_000


class OverviewPlan:
    """The batched overview drawing of a document, in chunks of consecutive elements in z-order.

    Chunk i holds the elements whose (order key, id) lies between `bounds[i - 1]` and `bounds[i]`. Changed
    elements mark their old and new chunk for rebuilding; a changed frame (its members' visibility), a
    chunk grown far past `CHUNK` by insertions, or very many changes make the whole plan be built again.
    """

    def __init__(self, dp: DiagramPainter) -> None:
        self.theme = dp.theme
        order = [(e.z, e.id) for e in dp.doc]
        self.bounds = order[CHUNK::CHUNK]
        self.chunks: list[list[list[Any]] | None] = [None] * (len(self.bounds) + 1)
        self.chunk_of: dict[str, int] = {}
        self.pending: set[str] = set()
        self.stale = False

    def _chunk_for(self, key: tuple[str, str]) -> int:
        return bisect.bisect_right(self.bounds, key)

    def mark(self, ids: Iterable[str]) -> None:
        """Note changed elements; their old and new chunks are rebuilt before the next overview frame.

        Only noted here (a drag changes a thousand elements per mouse move while the overview may not be
        drawn for minutes); `ensure` finds the chunks once.
        """
        if self.stale:
            return
        self.pending.update(ids)
        if len(self.pending) > MAX_PENDING:
            self.stale = True
            self.pending.clear()

    def _resolve(self, doc: Diagram) -> None:
        chunks, chunk_of = self.chunks, self.chunk_of
        for eid in self.pending:
            was = chunk_of.get(eid)
            if was is not None:
                chunks[was] = None
            el = doc.get(eid)
            if el is not None:
                if el.kind == "frame":
                    self.stale = True  # collapsing or moving a frame hides or moves members in any chunk
                chunks[self._chunk_for((el.z, el.id))] = None
        self.pending.clear()

    def ensure(self, dp: DiagramPainter, deadline: float | None = None) -> bool:
        """Rebuild the chunks that changed (only until `time.perf_counter()` passes `deadline`, when given);
        True when every chunk is built. `stale` afterwards means the plan must be built anew."""
        self._resolve(dp.doc)
        if self.stale:
            return False
        built = False
        for i, ops in enumerate(self.chunks):
            if ops is None:
                if built and deadline is not None and time.perf_counter() > deadline:
                    return False  # at least one chunk per call, so slices always make progress
                built = True
                start = self.bounds[i - 1] if i > 0 else None
                stop = self.bounds[i] if i < len(self.bounds) else None
                elements = dp.doc.elements_in_order(start, stop)
                if len(elements) > 4 * CHUNK:
                    self.stale = True  # many insertions in one place: cut the chunks anew
                    return False
                for el in elements:
                    self.chunk_of[el.id] = i
                self.chunks[i] = build_ops(dp, elements)
        return True


def build_ops(dp: DiagramPainter, elements: Iterable[Element]) -> list[list[Any]]:
    """Runs of consecutive same-style elements merged into one path each, in z-order.

    One drawPath of a merged path costs about as much as a few single ones, so a 10k-element
    overview becomes a few dozen Qt calls. Within a run, fills come before strokes and lines before
    arrowheads: a difference only where same-style elements overlap, invisible at this zoom.
    """
    ops: list[list[Any]] = []
    cur: list[Any] | None = None
    cur_key: tuple[Any, ...] | None = None
    memo: dict[str, bool] = {}
    for el in elements:
        if el.hidden or el.kind == "group":
            continue
        if el.parent is not None and dp._inside_collapsed(el.parent, memo):
            continue
        if el.kind in ("frame", "icon", "image") or el.rotation % 360 or el.style.opacity < 1.0:
            ops.append(["el", el])
            cur_key = None
            continue
        entry = dp._entry(el, 72.0)
        if el.kind == "connector":
            key: tuple[Any, ...] = ("c", id(entry.pen))
            if key != cur_key or cur is None:
                cur = ["c", entry.pen, QPainterPath(), {"fill": QPainterPath(), "hollow": QPainterPath(),
                                                       "stroke": QPainterPath()}, el.style.stroke_width]
                ops.append(cur)
                cur_key = key
            if entry.prim is not None:
                add_to_path(cur[2], entry.prim)
            for prim, mode in entry.head_prims or ():
                add_to_path(cur[3][mode], prim)
            continue
        if entry.prim is None:
            continue
        key = ("n", id(entry.pen), id(entry.brush))
        if key != cur_key or cur is None:
            body = QPainterPath()
            body.setFillRule(Qt.FillRule.WindingFill)
            cur = ["n", entry.pen, entry.brush, body, QPainterPath()]
            ops.append(cur)
            cur_key = key
        add_to_path(cur[3], entry.prim)
        if entry.detail is not None:
            cur[4].addPath(entry.detail)
    return ops


def current_plan(dp: DiagramPainter, deadline: float | None = None) -> tuple[OverviewPlan, bool]:
    """The painter's plan brought up to date (as far as `deadline` allows), and whether it is complete."""
    plan = dp._plan
    if plan is not None and plan.theme == dp.theme:
        done = plan.ensure(dp, deadline)
        if not plan.stale:
            return plan, done
    plan = dp._plan = OverviewPlan(dp)
    return plan, plan.ensure(dp, deadline)


def paint_plan(dp: DiagramPainter, painter: QPainter, scale: float) -> None:
    plan, _complete = current_plan(dp)
    for op in (op for chunk in plan.chunks for op in chunk or ()):
        if op[0] == "n":
            # Qt fills a merged path of thousands of shapes 20x faster without antialiasing; the
            # antialiased outline drawn over it hides the difference at overview sizes.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(op[2])
            painter.drawPath(op[3])
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(thin(op[1], scale))
            painter.setBrush(qtstyle.NO_BRUSH)
            painter.drawPath(op[3])
            if not op[4].isEmpty():
                painter.drawPath(op[4])
        elif op[0] == "c":
            pen = op[1]
            painter.setPen(thin(pen, scale))
            painter.setBrush(qtstyle.NO_BRUSH)
            painter.drawPath(op[2])
            if not isinstance(pen, QPen) or arrow_size(op[4]) * scale < MIN_ARROW_PX:
                continue
            color = pen.color()
            solid = qtstyle.pen(color, op[4], "solid", "line")
            heads = op[3]
            if not heads["fill"].isEmpty():
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(qtstyle.brush(color))
                painter.drawPath(heads["fill"])
            painter.setPen(solid)
            if not heads["hollow"].isEmpty():
                painter.setBrush(dp.background)
                painter.drawPath(heads["hollow"])
            if not heads["stroke"].isEmpty():
                painter.setBrush(qtstyle.NO_BRUSH)
                painter.drawPath(heads["stroke"])
        else:
            dp._reset()
            dp._draw(painter, op[1], scale, 72.0)
            dp._flush_heads(painter)
