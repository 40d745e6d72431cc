"""Mock-up and UI basics (`mxgraph.mockup.*`, `mxgraph.bootstrap.*`, `mxgraph.ios7ui.*`...): windows, buttons,
inputs, check boxes, radio buttons, lists and map pins, chosen by the words in the stencil's name."""

from __future__ import annotations

from autograph_desktop.model.shapes.base import Box
from autograph_desktop.model.shapes.paths import Commands
from autograph_desktop.model.shapes.stencils.sketch import (
    IconStencil,
    Keywords,
    Parts,
    Pen,
    StencilShape,
    kind_by_words,
)

UI_LIBRARIES = ("mxgraph.mockup.", "mxgraph.bootstrap.", "mxgraph.ios7ui.", "mxgraph.ios7.misc.", "mxgraph.ios.",
                "mxgraph.android.", "mxgraph.webicons.")


class Window(StencilShape):
    """A window: a box with a title bar and three dots (browser windows, containers, phones' screens)."""

    name = "ui.window"
    stencils = ("mxgraph.mockup.containers.browserWindow", "mxgraph.mockup.containers.window")
    drawio = "shape=mxgraph.mockup.containers.browserWindow"

    def parts(self, p: Pen) -> Parts:
        bar = min(0.15, 28 / max(p.h, 1e-9))
        dots = p.circle(0.03, bar / 2, 0.02) + p.circle(0.07, bar / 2, 0.02) + p.circle(0.11, bar / 2, 0.02)
        return (p.rect(0, 0, 1, 1), p.line((0, bar), (1, bar)), dots)

    def text_box(self, x: float, y: float, w: float, h: float) -> Box:
        bar = min(0.15 * h, 28)
        return (x + 8, y + bar + 4, max(w - 16, 1.0), max(h - bar - 8, 1.0))


class Button(StencilShape):
    name = "ui.button"
    stencils = ("mxgraph.mockup.buttons.button", "mxgraph.bootstrap.rrect", "mxgraph.ios7ui.button")
    drawio = "shape=mxgraph.mockup.buttons.button"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1, 0.15), [], [])


class Panel(StencilShape):
    """A plain box (bootstrap's and the mock-ups' rectangles, inputs and text boxes)."""

    name = "ui.rect"
    stencils = ("mxgraph.bootstrap.rect", "mxgraph.mockup.forms.rrect", "mxgraph.mockup.containers.marginRect")
    drawio = "shape=mxgraph.bootstrap.rect"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1), [], [])


class ComboBox(StencilShape):
    """An input box with a drop-down arrow at its right end."""

    name = "ui.comboBox"
    stencils = ("mxgraph.mockup.forms.comboBox",)
    drawio = "shape=mxgraph.mockup.forms.comboBox"

    def parts(self, p: Pen) -> Parts:
        k = min(0.2, p.h / max(p.w, 1e-9))
        return (p.rect(0, 0, 1, 1, 0.1), p.line((1 - k, 0), (1 - k, 1)),
                p.poly((1 - k * 0.7, 0.4), (1 - k * 0.3, 0.4), (1 - k / 2, 0.62)))


class CheckBox(IconStencil):
    name = "ui.checkbox"
    stencils = ("mxgraph.bootstrap.checkbox", "mxgraph.mockup.forms.checkbox", "mxgraph.ios7ui.checkbox")
    drawio = "shape=mxgraph.bootstrap.checkbox"
    default_size = (16.0, 16.0)
    label_below = False

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1, 0.15), p.line((0.2, 0.5), (0.42, 0.75), (0.8, 0.25)), [])


class RadioButton(IconStencil):
    name = "ui.radio"
    stencils = ("mxgraph.bootstrap.radioButton", "mxgraph.mockup.forms.radioButton", "mxgraph.ios7ui.radioButton")
    drawio = "shape=mxgraph.bootstrap.radioButton"
    default_size = (16.0, 16.0)
    label_below = False

    def parts(self, p: Pen) -> Parts:
        return (p.oval(0.5, 0.5, 0.5, 0.5), [], p.oval(0.5, 0.5, 0.22, 0.22))


class Lines(StencilShape):
    """Horizontal rules (lists, separators: `horLines`)."""

    name = "ui.horLines"
    stencils = ("mxgraph.ios7ui.horLines", "mxgraph.mockup.markup.line")
    drawio = "shape=mxgraph.ios7ui.horLines"

    def parts(self, p: Pen) -> Parts:
        return (p.rect(0, 0, 1, 1), p.line((0, 0), (1, 0)) + p.line((0, 1), (1, 1)), [])


class Anchor(StencilShape):
    """Nothing but its label (`anchor`: a text spot in the UI libraries)."""

    name = "ui.anchor"
    stencils = ("mxgraph.bootstrap.anchor", "mxgraph.ios7ui.anchor", "mxgraph.mockup.anchor")
    drawio = "shape=mxgraph.bootstrap.anchor"
    hit_by_box = True

    def parts(self, p: Pen) -> Parts:
        return ([], [], [])


class Pin(IconStencil):
    """A map pin."""

    name = "ui.pin"
    stencils = ("mxgraph.ios.iPin", "mxgraph.ios7.icons.location", "mxgraph.signs.travel.pin")
    drawio = "shape=mxgraph.ios.iPin"
    default_size = (20.0, 30.0)

    def parts(self, p: Pen) -> Parts:
        body: Commands = p.curve((0.5, 1), ((0.2, 0.6), (0, 0.5), (0, 0.32)), ((0, 0.05), (0.3, 0), (0.5, 0)),
                                 ((0.7, 0), (1, 0.05), (1, 0.32)), ((1, 0.5), (0.8, 0.6), (0.5, 1)), close=True)
        return (body, [], p.oval(0.5, 0.32, 0.15, 0.1))


DEFS: tuple[StencilShape, ...] = (Window(), Button(), Panel(), ComboBox(), CheckBox(), RadioButton(), Lines(),
                                  Anchor(), Pin())
#: Words in a UI stencil's name -> the figure that draws it.
KEYWORDS: Keywords = (
    (("checkbox", "check"), "ui.checkbox"),
    (("radio",), "ui.radio"),
    (("combo", "dropdown", "select"), "ui.comboBox"),
    (("window", "browser", "container", "frame", "dialog", "panel", "screen"), "ui.window"),
    (("button", "btn", "rrect", "pill", "tab"), "ui.button"),
    (("anchor", "link", "label", "text"), "ui.anchor"),
    (("lines", "list", "line", "separator"), "ui.horLines"),
    (("pin", "location", "marker"), "ui.pin"),
    (("rect", "input", "textbox", "field", "search", "box", "area"), "ui.rect"),
)


def ui_kind(stencil: str) -> str | None:
    """The figure for a UI stencil of a known library, by the words in its name."""
    return kind_by_words(stencil, UI_LIBRARIES, KEYWORDS)
