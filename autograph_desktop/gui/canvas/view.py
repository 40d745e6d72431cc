"""CanvasView: the diagram canvas widget. Paints straight from the model; owns no document state.

Design (decided, measured): no QGraphicsScene. A plain QWidget asks the document's spatial index for what
is visible (`doc.elements_in_rect`) and has the shared painter draw it; hit tests use `doc.elements_at`.
On a zoomed-out 10k-element frame this drew in 72 ms using ~100 MB, against 158 ms / 170 MB for one
QGraphicsItem per element, and there is no second copy of the diagram to keep in step. What the painter
draws is kept in a layer image (`layer.py`): a pan shifts it and draws the exposed strips, a zoom gesture
scales it until the gesture pauses. The painter follows the document's change stream itself; after each
change the view asks it where the drawing changed (`take_repaint_regions`) and repaints just that part of
the layer. A drag of a big selection draws the moving part from a sprite (`drag_preview.py`). Tools are
interaction objects (`tools/`); overlays (handles, bands, guides, editors) are painted on top in widget
pixels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from autograph_desktop.gui.canvas import accessibility, navigation
from autograph_desktop.gui.canvas.camera import Camera, clamp_zoom
from autograph_desktop.gui.canvas.controller import EditorController
from autograph_desktop.gui.canvas.drag_preview import DragPreview
from autograph_desktop.gui.canvas.hits import element_box, pick, selection_bounds
from autograph_desktop.gui.canvas.layer import DiagramLayer
from autograph_desktop.gui.canvas.minimap import Minimap
from autograph_desktop.gui.canvas.overlays import (
    THEMES,
    paint_guides,
    paint_hover,
    paint_selection,
)
from autograph_desktop.gui.canvas.painting import (
    IconProvider,
    PainterLike,
    close_painter,
    make_painter,
)
from autograph_desktop.gui.canvas.rulers import RULER_SIZE, paint_rulers
from autograph_desktop.gui.canvas.snapping import GRID_SIZE, Guide, Snapper
from autograph_desktop.gui.canvas.text_editor import InPlaceTextEditor
from autograph_desktop.gui.canvas.tools.base import Tool
from autograph_desktop.gui.canvas.tools.connect import ConnectorTool
from autograph_desktop.gui.canvas.tools.create import HandTool, PenTool, ShapeTool, TextTool
from autograph_desktop.gui.canvas.tools.select import SelectTool
from autograph_desktop.gui.canvas.view_input import CanvasInput
from autograph_desktop.model import ChangeSet, Connector, Diagram, Element, History, Rect, Text, edits
from autograph_desktop.model.geometry import union_all

#: How long the document must stay unchanged before the zoomed-out drawing is built ahead of need.
PREPARE_WAIT_MS = 60

TOOL_NAMES: tuple[str, ...] = ("select", "hand", "rectangle", "ellipse", "diamond", "connector", "line", "text",
                               "pen", "frame", "note", "icon")


class CanvasView(CanvasInput, QWidget):
    """The canvas. See the module docstring for the design; the public API is the shell's contract."""

    selectionChanged = Signal()
    zoomChanged = Signal(float)
    toolChanged = Signal(str)
    cursorScenePosChanged = Signal(float, float)
    insertRequested = Signal()

    def __init__(self, doc: Diagram, history: History, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.grabGesture(Qt.GestureType.PinchGesture)
        self.setAccessibleName("Diagram canvas")
        self.setAccessibleDescription("Arrow keys move the selection, Tab cycles through elements, "
                                      "Alt+arrows follow connectors.")
        self.setMinimumSize(200, 150)
        self.camera = Camera()
        self.layer = DiagramLayer()
        self._settle = QTimer(self, singleShot=True, interval=140)
        self._settle.timeout.connect(self.settle_zoom)
        #: Once nothing has changed for a moment, builds a big diagram's zoomed-out drawing in slices of a
        #: few ms, back to back (input and paints are handled between slices), so the first zoom out
        #: (Shift+1) does not stop for all of it. Each change restarts the wait (`_prepare_soon`).
        self._prepare = QTimer(self, interval=PREPARE_WAIT_MS)
        self._prepare.timeout.connect(self._prepare_overview)
        self.grid_visible = True
        self.snap_enabled = True
        self.grid_size = GRID_SIZE
        self.canvas_theme = "light"
        self.rulers_visible = False
        self.guides: list[Guide] = []
        self.hover_id: str | None = None
        self.entered_group: str | None = None
        self.pending_icon: str | None = None
        self.tool_locked = False
        self.default_routing = "straight"
        self.space_held = False
        self.last_scene_pos: tuple[float, float] | None = None
        self._icon_provider: IconProvider | None = None
        self._selection: list[str] = []
        self._pan_from: tuple[float, float] | None = None
        self._needs_home = False
        self._unsubscribe: Callable[[], None] | None = None
        self._a11y_timer = QTimer(self, singleShot=True, interval=150)
        self._a11y_timer.timeout.connect(self._notify_accessibility)
        self.doc = doc
        self.history = history
        self.painter: PainterLike = make_painter(doc, self.canvas_theme)
        self.controller = EditorController(self)
        self.setAcceptDrops(True)  # shapes and icons dragged from the insert panel
        self.text_editor = InPlaceTextEditor(self)
        self.drag_preview: DragPreview | None = None
        self.minimap = Minimap(self)
        self.minimap.hide()
        self.tools: dict[str, Tool] = {
            "select": SelectTool(self), "hand": HandTool(self),
            "rectangle": ShapeTool(self, "rectangle", "rectangle"), "ellipse": ShapeTool(self, "ellipse", "ellipse"),
            "diamond": ShapeTool(self, "diamond", "diamond"), "note": ShapeTool(self, "note", "note"),
            "frame": ShapeTool(self, "frame", "frame"), "icon": ShapeTool(self, "icon", "icon"),
            "connector": ConnectorTool(self, "connector", "arrow"), "line": ConnectorTool(self, "line", "none"),
            "text": TextTool(self), "pen": PenTool(self),
        }
        self.tool: Tool = self.tools["select"]
        accessibility.install()
        self.set_document(doc, history)

    # ----------------------------------------------------------------- document
    def set_document(self, doc: Diagram, history: History) -> None:
        """Show another document (tabs, reloads). Session state (selection, group entered) starts fresh."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self.text_editor.finish(commit=False)
        self.tool.cancel()
        self.doc = doc
        self.history = history
        self._selection = []
        self.hover_id = None
        self.entered_group = None
        self._replace_painter()
        self._prepare_soon()
        self.minimap.set_document(doc)
        self._needs_home = True
        self.selectionChanged.emit()
        self.update()

    #: Diagrams above this size open at 100% on their first element instead of fitted: the first frame
    #: then draws only what is on screen, which keeps opening a 10k-element diagram under half a second.
    FIT_ON_OPEN_LIMIT = 2000

    def home(self) -> None:
        """Where a freshly shown document starts: fitted (never above 100%) when small, else at 100% on its first element."""
        self._needs_home = False
        if len(self.doc) == 0:
            return
        if len(self.doc) <= self.FIT_ON_OPEN_LIMIT:
            self.zoom_to_fit()
            return
        # The bottom-most node, not the bounding box: a whole-document scan costs ~90 ms at 10k elements.
        box = next((b for e in self.doc if e.kind not in ("connector", "group")
                    and (b := self.doc.bounds(e.id)) is not None), None)
        if box is not None:
            old = self.camera.zoom
            self.camera.zoom = 1.0
            self.camera.ox, self.camera.oy = box.x - 40, box.y - 40
            self._camera_changed(old)

    def request_home(self) -> None:
        """Fit the document at the next paint, when the view has its real size (new content, new tab)."""
        self._needs_home = True
        self.update()

    def _on_change(self, doc: Diagram, changes: ChangeSet) -> None:
        if doc is not self.doc:
            return
        changed = [*changes.added, *changes.removed, *changes.updated]
        if changes.meta:
            self.layer.invalidate()  # the background colour or theme may have changed
        if changes.removed:
            gone = set(changes.removed)
            if any(i in gone for i in self._selection):
                self._selection = [i for i in self._selection if i not in gone]
                self.selectionChanged.emit()
            if self.hover_id in gone:
                self.hover_id = None
            if self.entered_group in gone:
                self.entered_group = None
        if self.drag_preview is not None and self.drag_preview.covers(changed):
            self.painter.take_repaint_regions()  # the preview draws these; the layer stays as it is
            self.update()
        else:
            self._repaint_changed()
        self.minimap.document_changed()
        self._a11y_timer.start()
        self._prepare_soon()

    def _repaint_changed(self) -> None:
        """Redraw only where changed elements were drawn and are drawn now (as the painter reports it)."""
        regions = self.painter.take_repaint_regions()
        if regions is None:
            self.layer.invalidate()
            self.update()
            return
        region = union_all(regions)
        if region is None:
            return
        on_screen = self.camera.visible(self.width(), self.height())
        if not region.inflated(16 / self.zoom).intersects(on_screen):
            return  # changed off screen: nothing to redraw (the minimap and a11y were told above)
        self.layer.invalidate_scene(region)
        self.update()

    @property
    def preparing_overview(self) -> bool:
        """Whether the zoomed-out drawing is still being built in idle slices."""
        return self._prepare.isActive()

    def _prepare_soon(self) -> None:
        self._prepare.start(PREPARE_WAIT_MS)

    def _prepare_overview(self) -> None:
        if not self.isVisible() or self.painter.prepare_overview(0.006):
            self._prepare.stop()
        else:
            self._prepare.setInterval(0)  # still quiet: the next slice as soon as the event queue is empty

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._prepare_soon()

    def begin_drag_preview(self, moving: set[str]) -> None:
        """Draw a drag of these elements from a sprite (see `drag_preview`) when the selection is big."""
        self.end_drag_preview()
        if DragPreview.wanted(moving):
            preview = DragPreview(self, moving)
            if preview.start():
                self.drag_preview = preview
                self.layer.invalidate()
                self.update()

    def set_drag_offset(self, dx: float, dy: float) -> None:
        if self.drag_preview is not None:
            self.drag_preview.offset = (dx, dy)

    def end_drag_preview(self) -> None:
        """Back to drawing everything in the layer: one full redraw puts the moved elements in z-order."""
        if self.drag_preview is not None:
            self.drag_preview = None
            self.layer.invalidate()
            self.update()

    def layer_skip_ids(self) -> frozenset[str]:
        """Elements the layer cache leaves out: one being edited as text, and those a drag preview draws."""
        skip = self.text_editor.skip_ids()
        return skip | self.drag_preview.hidden if self.drag_preview is not None else skip

    # ----------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        return list(self._selection)

    def set_selection(self, ids: Iterable[str]) -> None:
        clean = [i for i in dict.fromkeys(ids) if i in self.doc]
        if clean != self._selection:
            self._selection = clean
            self.selectionChanged.emit()
            self._a11y_timer.start()
            self.update()

    def selection_box(self) -> Rect | None:
        preview = self.drag_preview
        if preview is not None and preview.start_box is not None:
            return preview.start_box.translated(*preview.offset)  # a drag moves the whole selection rigidly
        ids = self._selection
        if len(ids) == 1:
            return element_box(self.doc, ids[0], self.route)
        return selection_bounds(self.doc, ids, self.route)

    def element_box(self, eid: str) -> Rect | None:
        return element_box(self.doc, eid, self.route)

    def selection_is_locked(self) -> bool:
        return bool(self._selection) and all(self.doc[i].locked for i in self._selection if i in self.doc)

    # ----------------------------------------------------------------- tools
    @property
    def tool_name(self) -> str:
        return self.tool.name

    def set_tool(self, name: str) -> None:
        if name not in self.tools:
            raise ValueError(f"unknown tool {name!r}; expected one of {', '.join(TOOL_NAMES)}")
        if name == "icon" and not self.pending_icon:
            self.insertRequested.emit()
            return
        self.text_editor.finish(commit=True)
        self.tool.deactivate()
        self.tool = self.tools[name]
        self.setCursor(self.tool.cursor)
        self.hover_id = None
        self.toolChanged.emit(name)
        self.update()

    def tool_done(self) -> None:
        """After drawing, go back to select unless the tool is locked (Q)."""
        if not self.tool_locked and self.tool.name != "select":
            self.set_tool("select")

    def pick_at(self, x: float, y: float, *, connectable: bool = False) -> Element | None:
        tolerance = 4.0 / self.zoom
        reaching = self.painter.reaching_into(Rect(x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance))
        el = pick(self.doc, x, y, tolerance, route_of=self.route, reaching=reaching)
        if connectable and el is not None and el.kind in ("connector", "path", "group"):
            return None
        return el

    def make_snapper(self, exclude: set[str], *, guides: bool = True) -> Snapper:
        visible = self.camera.visible(self.width(), self.height())
        return Snapper(self.doc, visible, exclude, self.zoom, grid=self.snap_enabled,
                       guides=guides and self.snap_enabled, grid_size=self.grid_size)

    def route(self, conn: Connector) -> list[tuple[float, float]]:
        """The polyline drawn for a connector (the painter's cached one while it is current)."""
        return self.painter.route(conn)

    # ----------------------------------------------------------------- text
    def start_text_edit(self, eid: str) -> bool:
        el = self.doc.get(eid)
        if el is None or el.locked or el.kind in ("group", "path"):
            return False
        self.text_editor.start(el)
        return True

    def create_text_at(self, x: float, y: float) -> None:
        """Place an empty text element and type into it; creation and typing are one undo step, and
        leaving it empty takes it away again."""
        font = 20.0
        el = Text(x=x - 4, y=y - font * 0.75, w=40, h=font * 1.5, text="",
                  style=self._text_style(font))
        frame = self.controller.frame_under(x, y)
        if frame is not None:
            el = el.evolve(parent=frame)  # type: ignore[assignment]
        self.history.begin("Add text")
        self.history.execute(edits.add(self.doc, el, "Add text"))
        self.set_selection([el.id])
        self.text_editor.start(el, creating=True)

    def _text_style(self, size: float):  # type: ignore[no-untyped-def]
        from autograph_desktop.model.style import DEFAULT_STYLE

        return DEFAULT_STYLE.with_(font_size=size, fill="none", stroke="none", text_align="left",
                                   vertical_align="top")

    # ----------------------------------------------------------------- camera
    @property
    def zoom(self) -> float:
        return self.camera.zoom

    def set_zoom(self, z: float, anchor: QPointF | tuple[float, float] | None = None) -> None:
        """Zoom keeping `anchor` (widget coordinates; default the centre) still on screen."""
        if anchor is None:
            ax, ay = self.width() / 2, self.height() / 2
        elif isinstance(anchor, QPointF):
            ax, ay = anchor.x(), anchor.y()
        else:
            ax, ay = anchor
        old = self.camera.zoom
        self.camera.zoom_at(clamp_zoom(z), ax, ay)
        self._camera_changed(old)

    def zoom_gesture(self, z: float, anchor: tuple[float, float]) -> None:
        """A wheel or pinch zoom step: show the cached picture scaled until the gesture pauses."""
        self.layer.zooming = True
        self._settle.start()
        self.set_zoom(z, anchor)

    def settle_zoom(self) -> None:
        self.layer.zooming = False
        self.update()

    def _camera_changed(self, old_zoom: float | None = None) -> None:
        self._needs_home = False
        self.text_editor.reposition()
        self.minimap.update()
        self.update()
        if old_zoom is not None and old_zoom != self.camera.zoom:
            self.zoomChanged.emit(self.camera.zoom)

    def pan_by(self, dvx: float, dvy: float) -> None:
        self.camera.pan(dvx, dvy)
        self._camera_changed()

    def center_on(self, x: float, y: float) -> None:
        self.camera.center_on(x, y, self.width(), self.height())
        self._camera_changed()

    def zoom_to_rect(self, rect: Rect | None, max_zoom: float = 1.0) -> None:
        if rect is None:
            return
        old = self.camera.zoom
        self.camera.fit(rect, self.width(), self.height(), max_zoom=max_zoom)
        self._camera_changed(old)

    def zoom_to_fit(self) -> None:
        self.zoom_to_rect(self.doc.bbox())

    def zoom_to_selection(self) -> None:
        self.zoom_to_rect(self.selection_box() or self.doc.bbox(), max_zoom=4.0)

    def zoom_100(self) -> None:
        self.set_zoom(1.0)

    def ensure_visible(self, rect: Rect, margin: float = 40.0) -> None:
        """Scroll (never zoom) so that `rect` is on screen, as keyboard navigation needs."""
        visible = self.camera.visible(self.width(), self.height()).inflated(-margin / self.zoom)
        if visible.w > 0 and visible.h > 0 and visible.contains_rect(rect):
            return
        self.center_on(*rect.center)

    # ----------------------------------------------------------------- view options
    def set_grid_visible(self, on: bool) -> None:
        self.grid_visible = bool(on)
        self.update()

    def set_snap_enabled(self, on: bool) -> None:
        self.snap_enabled = bool(on)

    def set_canvas_theme(self, theme: str) -> None:
        if theme not in THEMES:
            raise ValueError(f"canvas theme must be 'light' or 'dark', not {theme!r}")
        self.canvas_theme = theme
        self._replace_painter()
        self.text_editor.restyle()
        self.minimap.document_changed()
        self.update()

    def set_rulers_visible(self, on: bool) -> None:
        self.rulers_visible = bool(on)
        self.update()

    def set_minimap_visible(self, on: bool) -> None:
        self.minimap.setVisible(bool(on))
        self.minimap.place()

    def set_icon_provider(self, provider: IconProvider | None) -> None:
        self._icon_provider = provider
        self._replace_painter()
        self.update()

    # ----------------------------------------------------------------- painting
    def _replace_painter(self) -> None:
        close_painter(self.painter)
        self.painter = make_painter(self.doc, self.canvas_theme, self._icon_provider)
        # Listen after the painter: it must have seen a change before the view asks where to repaint.
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = self.doc.subscribe(self._on_change)
        self.layer.invalidate()

    def paintEvent(self, event: QPaintEvent) -> None:
        qp = QPainter(self)
        self.render_into(qp, event.rect())
        qp.end()

    def render_into(self, qp: QPainter, dirty: QRect | None = None) -> None:
        """Everything a frame shows; the benchmark calls this with a QImage painter."""
        if self._needs_home:
            self.home()
            dirty = None
        theme = THEMES[self.canvas_theme]
        area = dirty if dirty is not None else QRect(0, 0, self.width(), self.height())
        qp.setClipRect(area)
        self.layer.draw(self, qp, area)
        if self.drag_preview is not None:
            self.drag_preview.paint(qp)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_hover(qp, self, theme)
        paint_selection(qp, self, theme)
        paint_guides(qp, self, theme)
        self.tool.paint(qp)
        if self.rulers_visible:
            paint_rulers(qp, self, theme)

    def grab_scene_image(self, scale: float = 1.0, ids: Iterable[str] | None = None,
                         background: bool = True) -> QImage:
        """The whole diagram (or some elements) rendered at `scale`, for exports and the clipboard."""
        doc = self.doc
        rect = selection_bounds(doc, list(ids), self.route) if ids is not None else doc.bbox()
        if rect is None:
            rect = Rect(0, 0, 1, 1)
        scale = min(max(float(scale), 0.01), 8.0)
        rect = rect.inflated(16)
        w = max(1, min(int(rect.w * scale), 16_000))
        h = max(1, min(int(rect.h * scale), 16_000))
        ratio = self.devicePixelRatioF()
        image = QImage(int(w * ratio), int(h * ratio), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        theme = THEMES[self.canvas_theme]
        image.fill(theme.background if background else Qt.GlobalColor.transparent)
        qp = QPainter(image)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        qp.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        qp.scale(scale, scale)
        qp.translate(-rect.x, -rect.y)
        only = set(ids) if ids is not None else None
        skip: frozenset[str] = frozenset()
        if only is not None:
            keep = set(only)
            for i in only:
                keep.update(d.id for d in doc.descendants(i))
            skip = frozenset(e.id for e in doc.elements_in_rect(rect) if e.id not in keep)
        self.painter.paint(qp, rect, scale, skip=skip)
        qp.end()
        return image

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.minimap.place()

    # ----------------------------------------------------------------- accessibility
    def _notify_accessibility(self) -> None:
        navigation.notify_accessibility(self)

    def scene_rect_in_view(self, rect: Rect) -> QRectF:
        return QRectF(*self.camera.rect_to_view(rect))


__all__ = ["RULER_SIZE", "TOOL_NAMES", "CanvasView"]
