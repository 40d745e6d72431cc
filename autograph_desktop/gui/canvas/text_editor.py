"""In-place text editing: a QPlainTextEdit laid over the element, sized and styled like it.

Enter makes a new line; Shift+Enter or Ctrl+Enter commits; Escape and clicking away also commit (the
user's words are never thrown away). A new text element and the typing into it are one undo step: the
view opens a History gesture when it creates the element and this editor commits (or, if the user typed
nothing, cancels) it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetricsF, QKeyEvent, QTextOption
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QWidget

from autograph_desktop.gui.canvas.painting import frame_title_rect
from autograph_desktop.model import Connector, ConnectorLabel, Element, Frame, Rect, Text, edits
from autograph_desktop.model.shapes import definition_of
from autograph_desktop.model.style import resolve_color
from autograph_desktop.render.routes import point_along

if TYPE_CHECKING:
    from autograph_desktop.gui.canvas.view import CanvasView

MAX_TEXT = 100_000


class _Editor(QPlainTextEdit):
    commitRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Edit text")
        self.setTabChangesFocus(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers()
        if key == Qt.Key.Key_Escape:
            self.commitRequested.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and mods & (
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier
                | Qt.KeyboardModifier.MetaModifier):
            self.commitRequested.emit()
            return
        if len(self.toPlainText()) >= MAX_TEXT and event.text():
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commitRequested.emit()


def _font(el: Element, zoom: float = 1.0) -> QFont:
    s = el.style
    font = QFont(s.font_family)
    font.setPixelSize(max(1, round(min(s.font_size, 1000.0) * zoom)))
    font.setWeight(QFont.Weight(min(max(int(s.font_weight), 100), 900)))
    font.setItalic(s.font_italic)
    return font


def measure(el: Element, text: str) -> tuple[float, float]:
    """The box an auto-sized text element needs (scene units)."""
    fm = QFontMetricsF(_font(el))
    lines = text.split("\n") or [""]
    width = max((fm.horizontalAdvance(line) for line in lines), default=0.0)
    return (max(width + 12, 20.0), max(len(lines) * fm.lineSpacing() + 8, fm.lineSpacing() + 8))


class InPlaceTextEditor:
    """Owns the editor widget while one element is being edited."""

    def __init__(self, view: CanvasView) -> None:
        self.view = view
        self.widget: _Editor | None = None
        self.element_id: str | None = None
        self.creating = False
        self._finishing = False

    @property
    def active(self) -> bool:
        return self.widget is not None

    def skip_ids(self) -> frozenset[str]:
        """While a text element is edited the editor shows its words; the painter must not draw them too."""
        if self.element_id and isinstance(self.view.doc.get(self.element_id), Text):
            return frozenset((self.element_id,))
        return frozenset()

    def _initial_text(self, el: Element) -> str:
        if isinstance(el, Connector):
            return el.labels[0].text if el.labels else ""
        return el.text

    def start(self, el: Element, creating: bool = False) -> None:
        self.finish(commit=True)
        self.element_id = el.id
        self.creating = creating
        editor = _Editor(self.view)
        editor.setPlainText(self._initial_text(el)[:MAX_TEXT])
        editor.selectAll()
        editor.commitRequested.connect(lambda: self.finish(commit=True))
        editor.textChanged.connect(self.reposition)
        self.widget = editor
        self.restyle()
        self.reposition()
        editor.show()
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.view.update()

    def restyle(self) -> None:
        editor = self.widget
        el = self.view.doc.get(self.element_id) if self.element_id else None
        if editor is None or el is None:
            return
        theme = self.view.canvas_theme
        text = resolve_color(el.style.text_color, theme, "text") or ("#1e1e2e" if theme == "light" else "#e6e6ef")  # type: ignore[arg-type]
        fill = resolve_color(el.style.fill, theme, "fill") if el.kind in ("shape",) else None  # type: ignore[arg-type]
        if fill is None:
            fill = "#ffffff" if theme == "light" else "#16161e"
        bg = QColor(fill)
        bg.setAlpha(235)
        editor.setStyleSheet(
            f"QPlainTextEdit {{ background: {bg.name(QColor.NameFormat.HexArgb)}; color: {text};"
            " border: 1px solid #4f7cff; border-radius: 3px; padding: 0px; }")
        option = QTextOption()
        align = {"left": Qt.AlignmentFlag.AlignLeft, "right": Qt.AlignmentFlag.AlignRight}.get(
            el.style.text_align, Qt.AlignmentFlag.AlignHCenter)
        if isinstance(el, (Text, Frame)):
            align = Qt.AlignmentFlag.AlignLeft
        option.setAlignment(align)
        option.setWrapMode(QTextOption.WrapMode.NoWrap if isinstance(el, Text) else QTextOption.WrapMode.WordWrap)
        editor.document().setDefaultTextOption(option)
        editor.document().setDocumentMargin(3)

    def _scene_box(self, el: Element, text: str) -> Rect:
        view = self.view
        if isinstance(el, Connector):
            (x, y), _normal = point_along(view.route(el), el.labels[0].position if el.labels else 0.5)
            w, h = measure(el, text or " ")
            w = max(w + 20, 120.0)
            return Rect(x - w / 2, y - h / 2, w, h)
        if isinstance(el, Frame):
            return frame_title_rect(el).inflated(-2)
        if isinstance(el, Text):
            w, h = measure(el, text or " ")
            return Rect(el.x, el.y, max(w + 16, el.w if not el.auto_size else 0), max(h, el.h if not el.auto_size else 0))
        w, h = measure(el, text or " ")
        defn = definition_of(el)
        if defn.label_below:  # the label under a stick figure, an icon or an image
            width = max(el.w * 2.5, 120.0, w + 16)
            return Rect(el.x + el.w / 2 - width / 2, el.y + el.h + 4, width, max(h, 24.0))
        # Where the painter wraps the label: the definition's text box (the whole box when that is tiny).
        inner = Rect(*defn.text_box(el.x, el.y, el.w, el.h))
        if inner.w < 20 or inner.h < 8:
            inner = el.rect
        h = min(max(h, 24.0), max(inner.h, 24.0))
        valign = el.style.vertical_align
        y = inner.y if valign == "top" else (inner.bottom - h if valign == "bottom" else inner.center[1] - h / 2)
        return Rect(inner.x, y, inner.w, h)

    def reposition(self) -> None:
        editor = self.widget
        el = self.view.doc.get(self.element_id) if self.element_id else None
        if editor is None:
            return
        if el is None:
            self.finish(commit=False)
            return
        zoom = self.view.zoom
        editor.setFont(_font(el, zoom))
        box = self._scene_box(el, editor.toPlainText())
        r = QRectF(*self.view.camera.rect_to_view(box)).adjusted(-4, -3, 4, 3)
        editor.setGeometry(r.toRect())

    def finish(self, commit: bool = True) -> None:
        editor = self.widget
        if editor is None or self._finishing:
            return
        self._finishing = True
        try:
            text = editor.toPlainText()[:MAX_TEXT]
            eid, creating = self.element_id, self.creating
            self.widget = None
            self.element_id = None
            self.creating = False
            editor.hide()
            editor.deleteLater()
            self._apply(eid, text, commit, creating)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.update()
        finally:
            self._finishing = False

    def _apply(self, eid: str | None, text: str, commit: bool, creating: bool) -> None:
        view = self.view
        history = view.history
        el = view.doc.get(eid) if eid else None
        if creating:
            if commit and el is not None and text.strip():
                self._set_text(el, text)
                history.commit()
            else:
                history.cancel()
            return
        if not commit or el is None or text == self._initial_text(el):
            return
        self._set_text(el, text)

    def _set_text(self, el: Element, text: str) -> None:
        view = self.view
        doc = view.doc
        if isinstance(el, Connector):
            labels = list(el.labels)
            if labels:
                labels[0] = ConnectorLabel(text, labels[0].position, labels[0].offset)
            else:
                labels.append(ConnectorLabel(text))
            labels = [lbl for lbl in labels if lbl.text.strip()]
            view.history.execute(edits.set_fields(doc, [el.id], "Edit label", labels=tuple(labels)))
            return
        if isinstance(el, Text) and el.auto_size:
            w, h = measure(el, text)
            view.history.execute(edits.set_fields(doc, [el.id], "Edit text", text=text, w=w, h=h))
            return
        view.history.execute(edits.set_fields(doc, [el.id], "Edit text", text=text))
