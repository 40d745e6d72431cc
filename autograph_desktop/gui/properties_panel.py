"""The properties panel: style, text, connector and geometry of the whole selection, mixed values shown.

Every change goes through `view.controller.set_style(**fields)` (or one edit transaction for geometry and
connectors), so one change is one undo step whatever the number of selected elements.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QColorDialog,
    QComboBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from autograph_desktop.gui.theme import themed_icon
from autograph_desktop.model import (
    ARROWHEADS,
    PALETTE_NAMES,
    ROUTINGS,
    Connector,
    Diagram,
    Style,
    edits,
    resolve_color,
)
from autograph_desktop.model.style import DASHES, FILL_STYLES, SKETCH_LEVELS, TEXT_ALIGNS

MIXED = "Mixed"
#: The hand-drawn look's roughness levels as the panel names them (Excalidraw's architect/artist/cartoonist).
SKETCH_NAMES = ("clean", "sketchy", "very sketchy")


def _swatch_icon(color: str | None, size: int = 18) -> QIcon:
    """A filled square; `None` (no colour) is drawn as the usual white square struck through in red."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color) if color else QColor("#ffffff"))
    if color is None:
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#d9363e"), 2))
        painter.drawLine(2, size - 2, size - 2, 2)
        painter.end()
    return QIcon(pixmap)


class ColorRow(QWidget):
    """Ten palette swatches (resolved for the canvas theme), optionally `none`, and a custom colour."""

    def __init__(self, field: str, role: str, allow_none: bool, panel: PropertiesPanel) -> None:
        super().__init__(panel)
        self.field = field
        self.role = role
        self.panel = panel
        self.setAccessibleName(f"{field.replace('_', ' ')} colour")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(4)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[str, QToolButton] = {}
        names = [*PALETTE_NAMES, *(("none",) if allow_none else ())]
        for i, name in enumerate(names):
            button = QToolButton(self)
            button.setObjectName("Swatch")
            button.setCheckable(True)
            button.setFixedSize(22, 22)
            button.setToolTip(name)
            button.setAccessibleName(f"{field.replace('_', ' ')} {name}")
            button.clicked.connect(lambda _c=False, n=name: self.panel.apply(**{self.field: n}))
            self.buttons[name] = button
            grid.addWidget(button, i // 6, i % 6)
        custom = QToolButton(self)
        custom.setObjectName("Swatch")
        custom.setCheckable(True)
        custom.setText("…")
        custom.setFixedSize(22, 22)
        custom.setToolTip("Custom colour")
        custom.setAccessibleName(f"Custom {field.replace('_', ' ')} colour")
        custom.clicked.connect(lambda _c=False: self._custom())
        grid.addWidget(custom, len(names) // 6, len(names) % 6)
        self.custom = custom

    def retheme(self, theme: str) -> None:
        for name, button in self.buttons.items():
            resolved = None if name == "none" else resolve_color(name, theme, self.role)  # type: ignore[arg-type]
            button.setIcon(_swatch_icon(resolved))

    def show_value(self, value: str | None) -> None:
        for name, button in self.buttons.items():
            button.setChecked(name == value)
        is_custom = value is not None and value not in self.buttons
        self.custom.setIcon(_swatch_icon(value) if is_custom and value else QIcon())
        self.custom.setChecked(is_custom)
        self.custom.setText("" if is_custom else "…")

    def _custom(self) -> None:
        color = QColorDialog.getColor(QColor("#4f6bed"), self, "Custom colour")
        if color.isValid():
            self.panel.apply(**{self.field: color.name()})
        else:
            self.panel.refresh()  # undo the button's own toggle


class PropertiesPanel(QScrollArea):
    """Shows and edits what the selection has in common; fields where elements differ show “Mixed”."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PropertiesPanel")
        self.setAccessibleName("Properties")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.view: Any = None
        self.doc: Diagram | None = None
        self.theme = "light"
        self._updating = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.refresh)
        body = QWidget(self)
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self._body, self._body_layout = body, layout
        layout.setContentsMargins(12, 8, 12, 12)
        self.summary = QLabel("", body)
        self.summary.setObjectName("MutedLabel")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.style_box = QGroupBox("Style", body)
        form = QFormLayout(self.style_box)
        self.fill = ColorRow("fill", "fill", True, self)
        self.stroke = ColorRow("stroke", "stroke", True, self)
        form.addRow("Fill", self.fill)
        form.addRow("Stroke", self.stroke)
        self.width_spin = self._spin("stroke_width", 0, 40, 0.5, " px")
        form.addRow("Width", self.width_spin)
        self.dash = self._combo("dash", DASHES)
        form.addRow("Dash", self.dash)
        self.opacity = self._spin("opacity", 0, 100, 5, " %", scale=100)
        form.addRow("Opacity", self.opacity)
        self.radius = self._spin("corner_radius", 0, 200, 2, " px")
        form.addRow("Corners", self.radius)
        self.sketch = QComboBox(self)
        self.sketch.addItems(list(SKETCH_NAMES))
        self.sketch.setPlaceholderText(MIXED)
        self.sketch.setAccessibleName("Hand-drawn look")
        self.sketch.activated.connect(lambda i: self.apply(sketch=SKETCH_LEVELS[i]))
        form.addRow("Look", self.sketch)
        self.fill_style = self._combo("fill_style", FILL_STYLES)
        form.addRow("Fill style", self.fill_style)
        layout.addWidget(self.style_box)
        self.text_box = QGroupBox("Text", body)
        tform = QFormLayout(self.text_box)
        self.font_combo = QFontComboBox(self.text_box)
        self.font_combo.setAccessibleName("Font family")
        self.font_combo.currentFontChanged.connect(lambda f: self.apply(font_family=f.family()))
        tform.addRow("Font", self.font_combo)
        self.size_spin = self._spin("font_size", 4, 400, 1, " px")
        tform.addRow("Size", self.size_spin)
        flags = QHBoxLayout()
        self.bold = self._toggle("ph.text-bolder", "Bold", lambda on: self.apply(font_weight=700 if on else 400))
        self.italic = self._toggle("ph.text-italic", "Italic", lambda on: self.apply(font_italic=on))
        self.aligns: dict[str, QToolButton] = {}
        for align in TEXT_ALIGNS:
            self.aligns[align] = self._toggle(f"ph.text-align-{align}", f"Align text {align}",
                                              lambda _on, a=align: self.apply(text_align=a))
        for button in (self.bold, self.italic, *self.aligns.values()):
            flags.addWidget(button)
        flags.addStretch(1)
        tform.addRow("", flags)
        self.text_color = ColorRow("text_color", "text", False, self)
        tform.addRow("Colour", self.text_color)
        layout.addWidget(self.text_box)
        self.connector_box = QGroupBox("Connector", body)
        cform = QFormLayout(self.connector_box)
        self.routing = self._field_combo("routing", ROUTINGS, "set_connector_routing")
        self.start_arrow = self._field_combo("start_arrow", ARROWHEADS, "start")
        self.end_arrow = self._field_combo("end_arrow", ARROWHEADS, "end")
        cform.addRow("Routing", self.routing)
        cform.addRow("Start", self.start_arrow)
        cform.addRow("End", self.end_arrow)
        layout.addWidget(self.connector_box)
        self.geometry_box = QGroupBox("Geometry", body)
        gform = QFormLayout(self.geometry_box)
        self.geo: dict[str, QDoubleSpinBox] = {}
        for name, low, high in (("x", -1e6, 1e6), ("y", -1e6, 1e6), ("w", 1, 1e5), ("h", 1, 1e5),
                                ("rotation", -360, 360)):
            spin = QDoubleSpinBox(self.geometry_box)
            spin.setRange(low, high)
            spin.setDecimals(0)
            spin.setKeyboardTracking(False)
            spin.setAccessibleName({"w": "Width", "h": "Height"}.get(name, name.capitalize()))
            spin.valueChanged.connect(lambda _v, n=name: self._apply_geometry(n))
            self.geo[name] = spin
            gform.addRow({"w": "W", "h": "H", "rotation": "Rotation"}.get(name, name.upper()), spin)
        layout.addWidget(self.geometry_box)
        layout.addStretch(1)
        self._let_fields_narrow(body)
        self.refresh()

    def minimumSizeHint(self) -> QSize:
        """As wide as its fields need beside the vertical scroll bar: the panel never scrolls sideways."""
        margins = self._body_layout.contentsMargins()
        # Every section counts, shown or not: the panel keeps its width whatever the selection.
        sections = max(box.minimumSizeHint().width() for box in self._body.findChildren(QGroupBox))
        width = (sections + margins.left() + margins.right() + self.verticalScrollBar().sizeHint().width()
                 + 2 * self.frameWidth())
        return QSize(width, super().minimumSizeHint().height())

    @staticmethod
    def _let_fields_narrow(body: QWidget) -> None:
        """Combo boxes ask for the width of their longest entry (a font name, an arrowhead), which can be
        wider than the panel; the panel never scrolls sideways, so they would be cut off at its edge."""
        for combo in body.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)

    # ----------------------------------------------------------------- widget helpers
    def _spin(self, field: str, low: float, high: float, step: float, suffix: str, scale: float = 1) -> QDoubleSpinBox:
        spin = QDoubleSpinBox(self)
        spin.setRange(low - step, high)  # one step below the range means "mixed"
        spin.setSingleStep(step)
        spin.setDecimals(1 if step < 1 else 0)
        spin.setSuffix(suffix)
        spin.setSpecialValueText(MIXED)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(field.replace("_", " ").capitalize())
        spin.setProperty("scale", scale)
        spin.valueChanged.connect(lambda v, f=field, s=scale, lo=low: self._apply_spin(f, v, s, lo))
        return spin

    def _combo(self, field: str, values: tuple[str, ...]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems(list(values))
        combo.setPlaceholderText(MIXED)
        combo.setAccessibleName(field.replace("_", " ").capitalize())
        combo.activated.connect(lambda i, f=field, vals=values: self.apply(**{f: vals[i]}))
        return combo

    def _field_combo(self, field: str, values: tuple[str, ...], how: str) -> QComboBox:
        combo = QComboBox(self)
        combo.addItems([v.replace("_", " ") for v in values])
        combo.setPlaceholderText(MIXED)
        combo.setAccessibleName(field.replace("_", " ").capitalize())
        combo.activated.connect(lambda i, vals=values, h=how: self._apply_connector(h, vals[i]))
        return combo

    def _toggle(self, icon: str, name: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(themed_icon(icon))
        button.setCheckable(True)
        button.setFixedSize(28, 26)
        button.setToolTip(name)
        button.setAccessibleName(name)
        button.clicked.connect(slot)
        return button

    # ----------------------------------------------------------------- target and selection
    def set_target(self, view: Any, doc: Diagram | None, theme: str = "light") -> None:
        self.view = view
        self.doc = doc
        self.theme = theme
        for row in (self.fill, self.stroke, self.text_color):
            row.retheme(theme)
        self.refresh()

    def selected(self) -> list[Any]:
        if self.view is None or self.doc is None:
            return []
        out = []
        for element_id in self.view.selected_ids():
            element = self.doc.get(element_id)
            if element is not None:
                out.append(element)
        return out

    def selected_styles(self) -> list[Style]:
        return [e.style for e in self.selected() if e.kind != "group"]

    def schedule_refresh(self) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Show the selection's common values (blocked signals: showing is not editing)."""
        elements = self.selected()
        self._updating = True
        try:
            self._show(elements)
        finally:
            self._updating = False

    def _show(self, elements: list[Any]) -> None:
        styled = [e for e in elements if e.kind != "group"]
        connectors = [e for e in elements if isinstance(e, Connector)]
        count = len(elements)
        self.summary.setText("Select something on the canvas to edit its style." if not count else
                             (f"1 {elements[0].kind}" if count == 1 else f"{count} elements"))
        for box in (self.style_box, self.text_box):
            box.setVisible(bool(styled))
        self.connector_box.setVisible(bool(connectors))
        single = elements[0] if count == 1 and not isinstance(elements[0], Connector) else None
        self.geometry_box.setVisible(single is not None)
        self.fill.show_value(self._common(styled, "fill"))
        self.stroke.show_value(self._common(styled, "stroke"))
        self.text_color.show_value(self._common(styled, "text_color"))
        for spin, field in ((self.width_spin, "stroke_width"), (self.opacity, "opacity"), (self.radius, "corner_radius"),
                            (self.size_spin, "font_size")):
            value = self._common(styled, field)
            spin.blockSignals(True)
            scale = float(spin.property("scale") or 1)
            spin.setValue(spin.minimum() if value is None else float(value) * scale)
            spin.blockSignals(False)
        dash = self._common(styled, "dash")
        self._set_combo(self.dash, DASHES.index(dash) if dash in DASHES else -1)
        sketch = self._common(styled, "sketch")
        self._set_combo(self.sketch, SKETCH_LEVELS.index(sketch) if sketch in SKETCH_LEVELS else -1)
        fill_style = self._common(styled, "fill_style")
        self._set_combo(self.fill_style, FILL_STYLES.index(fill_style) if fill_style in FILL_STYLES else -1)
        family = self._common(styled, "font_family")
        self.font_combo.blockSignals(True)
        if family:
            self.font_combo.setCurrentText(str(family))
        self.font_combo.blockSignals(False)
        weight = self._common(styled, "font_weight")
        self.bold.setChecked(weight is not None and int(weight) >= 600)
        italic = self._common(styled, "font_italic")
        self.italic.setChecked(bool(italic))
        align = self._common(styled, "text_align")
        for name, button in self.aligns.items():
            button.setChecked(name == align)
        for combo, field, values in ((self.routing, "routing", ROUTINGS), (self.start_arrow, "start_arrow", ARROWHEADS),
                                     (self.end_arrow, "end_arrow", ARROWHEADS)):
            values_found = {getattr(c, field) for c in connectors}
            one = next(iter(values_found)) if len(values_found) == 1 else None
            self._set_combo(combo, values.index(one) if one in values else -1)
        if single is not None:
            # A group has no geometry fields of its own: show (and edit) the box its members draw.
            drawn = self.doc.bounds(single.id) if single.kind == "group" and self.doc is not None else None
            shown = {"x": single.x, "y": single.y, "w": single.w, "h": single.h, "rotation": single.rotation}
            if drawn is not None:
                shown.update(x=drawn.x, y=drawn.y, w=drawn.w, h=drawn.h)
            for name, spin in self.geo.items():
                spin.blockSignals(True)
                spin.setValue(float(shown[name]))
                spin.blockSignals(False)
            self.geo["rotation"].setEnabled(single.kind != "group")

    @staticmethod
    def _common(styled: list[Any], field: str) -> Any:
        values = {getattr(e.style, field) for e in styled}
        return next(iter(values)) if len(values) == 1 else None

    @staticmethod
    def _set_combo(combo: QComboBox, index: int) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    # ----------------------------------------------------------------- editing
    def _apply_spin(self, field: str, value: float, scale: float, low: float) -> None:
        if value >= low:  # below the range is the "Mixed" marker, not a value
            self.apply(**{field: value / scale})

    def apply(self, **fields: Any) -> None:
        """Set style fields on the whole selection as one undo step."""
        if self._updating or self.view is None or not self.selected():
            return
        self.view.controller.set_style(**fields)
        self.refresh()

    def _apply_connector(self, how: str, value: str) -> None:
        if self._updating or self.view is None:
            return
        controller = self.view.controller
        if how == "set_connector_routing":
            controller.set_connector_routing(value)
        else:
            controller.set_arrow(how, value)
        self.refresh()

    def _apply_geometry(self, name: str) -> None:
        elements = self.selected()
        if self._updating or len(elements) != 1 or self.doc is None:
            return
        element = elements[0]
        if self.view is None:
            return
        history = self.view.history
        if name == "rotation":
            txn = edits.set_fields(self.doc, [element.id], "Rotate", rotation=self.geo["rotation"].value())
        else:
            g = {n: self.geo[n].value() for n in ("x", "y", "w", "h")}
            txn = edits.set_geometry(self.doc, element.id, g["x"], g["y"], g["w"], g["h"], label="Move/resize")
        history.execute(txn)
        self.refresh()

